/**
 * A region of an integer grid as a conjunction of linear inequalities a·x ≤ b (small integer coefficients),
 * found from the points where a clause holds (H) and where it is violated (V): every candidate direction a
 * gets the tightest b that keeps all of H inside; a greedy cover then picks the fewest, simplest inequalities
 * that cut away the violated points. Every point of H satisfies the result by construction; the violated
 * points it does not cut away are the exceptions ("exact on the grid" when there are none).
 */

export interface Inequality {
  /** One coefficient per ranged key. */
  readonly coeffs: readonly number[];
  readonly bound: number;
}

export interface Region {
  readonly inequalities: readonly Inequality[];
  /** Violated points inside the region. */
  readonly exceptions: readonly (readonly number[])[];
}

const dot = (a: readonly number[], x: readonly number[]): number => a.reduce((s, ai, i) => s + ai * (x[i] ?? 0), 0);
const gcd = (a: number, b: number): number => (b === 0 ? Math.abs(a) : gcd(b, a % b));

/** Coefficient vectors in {−c..c}^k, not zero, gcd 1. */
function directions(k: number, c: number): number[][] {
  const out: number[][] = [];
  const rec = (prefix: number[]): void => {
    if (prefix.length === k) {
      if (prefix.some((x) => x !== 0) && prefix.reduce(gcd, 0) === 1) out.push(prefix);
      return;
    }
    for (let v = -c; v <= c; v++) rec([...prefix, v]);
  };
  rec([]);
  return out;
}

const complexity = (a: readonly number[]): [number, number] => [
  a.filter((x) => x !== 0).length,
  a.reduce((s, x) => s + Math.abs(x), 0),
];

/**
 * Tries coefficients in {−1, 0, 1} first and takes them when they are exact on the grid; else {−2..2} (for up to
 * four keys) when that leaves fewer exceptions.
 */
export function inferRegion(
  holds: readonly (readonly number[])[],
  violated: readonly (readonly number[])[],
  k: number,
): Region {
  const simple = cover(holds, violated, k, 1);
  if (simple.exceptions.length === 0 || k > 4) return simple;
  const wider = cover(holds, violated, k, 2);
  return wider.exceptions.length < simple.exceptions.length ? wider : simple;
}

function cover(
  holds: readonly (readonly number[])[],
  violated: readonly (readonly number[])[],
  k: number,
  maxCoeff: number,
): Region {
  if (violated.length === 0) return { inequalities: [], exceptions: [] };
  if (holds.length === 0) return { inequalities: [], exceptions: [...violated] };
  const candidates = directions(k, maxCoeff).map((a) => {
    const bound = Math.max(...holds.map((h) => dot(a, h)));
    const cuts = new Set<number>();
    violated.forEach((v, i) => {
      if (dot(a, v) > bound) cuts.add(i);
    });
    return { coeffs: a, bound, cuts };
  });
  const uncovered = new Set(violated.map((_, i) => i));
  const chosen: typeof candidates = [];
  for (;;) {
    let best: (typeof candidates)[number] | undefined;
    let bestGain = 0;
    for (const c of candidates) {
      let gain = 0;
      for (const i of c.cuts) if (uncovered.has(i)) gain++;
      if (gain === 0) continue;
      if (best === undefined || gain > bestGain) {
        best = c;
        bestGain = gain;
        continue;
      }
      if (gain === bestGain) {
        const [n1, s1] = complexity(c.coeffs);
        const [n2, s2] = complexity(best.coeffs);
        if (n1 < n2 || (n1 === n2 && s1 < s2)) best = c;
      }
    }
    if (best === undefined) break;
    chosen.push(best);
    for (const i of best.cuts) uncovered.delete(i);
    if (uncovered.size === 0) break;
  }
  // Drop an inequality the others make redundant (same violated points cut away).
  const kept = chosen.filter((c, j) => {
    const others = chosen.filter((_, i) => i !== j);
    return [...c.cuts].some((i) => !others.some((o) => o.cuts.has(i)));
  });
  return {
    inequalities: kept.map((c) => ({ coeffs: c.coeffs, bound: c.bound })),
    exceptions: [...uncovered].sort((a, b) => a - b).map((i) => violated[i]!),
  };
}

/** Whether `x` satisfies every inequality. */
export function inside(r: Pick<Region, 'inequalities'>, x: readonly number[]): boolean {
  return r.inequalities.every((q) => dot(q.coeffs, x) <= q.bound);
}

/** How far outside `q` the point is (a·x − b; > 0 outside). */
export function excess(q: Inequality, x: readonly number[]): number {
  return dot(q.coeffs, x) - q.bound;
}

/** `ptlcTimeoutBlocks + rebindMarginBlocks ≤ csvDelayBlocks`: positive terms left, negative right. */
export function formatInequality(q: Inequality, keys: readonly string[]): string {
  const term = (c: number, k: string): string => (c === 1 ? k : `${c}·${k}`);
  const left = q.coeffs.flatMap((c, i) => (c > 0 ? [term(c, keys[i]!)] : []));
  const right = q.coeffs.flatMap((c, i) => (c < 0 ? [term(-c, keys[i]!)] : []));
  if (left.length === 0) return `${right.join(' + ')} ≥ ${-q.bound}`;
  let rhs = right.join(' + ');
  if (rhs === '') rhs = String(q.bound);
  else if (q.bound > 0) rhs += ` + ${q.bound}`;
  else if (q.bound < 0) rhs += ` − ${-q.bound}`;
  return `${left.join(' + ')} ≤ ${rhs}`;
}
