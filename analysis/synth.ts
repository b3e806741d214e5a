/**
 * `apln synth`: every point of a grid over some integer parameters checked exhaustively; per safety clause
 * (`always`, `transition`) the region where it holds as linear inequalities over the ranged keys, verified at
 * every checked point (exact, or the exceptions listed), a 2-D table for two keys, and for each inequality the
 * counterexample at the nearest failing point.
 */
import { runPoint, type ClauseVerdict, type PointOutcome, type PointTask } from './point.ts';
import { gridPoints, pointName, type Range } from './grid.ts';
import { excess, formatInequality, inferRegion, inside, type Inequality } from './region.ts';

interface SynthPoint {
  readonly values: readonly number[];
  /** The decoder refused this config (the reason); not checked. */
  readonly refused?: string;
  readonly states?: number;
  /** Safety clauses only. */
  readonly verdicts?: Readonly<Record<string, { readonly verdict: ClauseVerdict; readonly steps?: number }>>;
}

interface Boundary {
  readonly inequality: string;
  /** The nearest failing point outside it. */
  readonly point: readonly number[];
  readonly steps?: number;
  readonly traceFile?: string;
}

interface SynthRegion {
  readonly clause: string;
  readonly kind: string;
  readonly holdsAt: number;
  readonly violatedAt: number;
  readonly unknownAt: number;
  readonly inequalities: readonly Inequality[];
  /** The inequalities as text, over the ranged keys. */
  readonly constraint: readonly string[];
  /** Every checked point agrees with the constraint. */
  readonly exact: boolean;
  /** Violated points inside the constraint. */
  readonly exceptions: readonly (readonly number[])[];
  readonly boundaries: readonly Boundary[];
}

export interface SynthResult {
  readonly format: 'apln-synth';
  readonly version: 1;
  readonly variant: string;
  /** The config's JSON form without the ranged keys. */
  readonly config: Readonly<Record<string, unknown>>;
  readonly ranges: readonly Range[];
  readonly total: number;
  readonly checked: number;
  readonly refused: number;
  readonly partial: boolean;
  readonly regions: readonly SynthRegion[];
  readonly points: readonly SynthPoint[];
}

export interface SynthPlan {
  readonly points: readonly (readonly number[])[];
  /** Per point: its task, or why the decoder refused it. */
  readonly items: readonly ({ readonly task: PointTask } | { readonly refused: string })[];
}

/** The grid's points and tasks; `decode` says whether the variant accepts a config (undefined) or why not. */
export function synthPlan(
  variant: string,
  base: Readonly<Record<string, unknown>>,
  ranges: readonly Range[],
  decode: (config: Record<string, unknown>) => string | undefined,
): SynthPlan {
  const points = gridPoints(ranges);
  const items = points.map((values) => {
    const config: Record<string, unknown> = { ...base };
    ranges.forEach((r, i) => (config[r.key] = values[i]));
    const refused = decode(config);
    return refused === undefined ? { task: { variant, config } } : { refused };
  });
  return { points, items };
}

const SAFETY = new Set(['always', 'transition']);

/** Assembles the result (outcomes by point index; `undefined` = not checked) and writes the boundary counterexamples into `outDir`. */
export function synthResult(
  variant: string,
  base: Readonly<Record<string, unknown>>,
  ranges: readonly Range[],
  plan: SynthPlan,
  outcomes: readonly (PointOutcome | undefined)[],
  outDir: string | undefined,
): SynthResult {
  const keys = ranges.map((r) => r.key);
  const points: SynthPoint[] = plan.points.map((values, i) => {
    const item = plan.items[i]!;
    if ('refused' in item) return { values, refused: item.refused };
    const o = outcomes[i];
    if (o === undefined) return { values };
    const verdicts: Record<string, { verdict: ClauseVerdict; steps?: number }> = {};
    for (const c of o.clauses)
      if (SAFETY.has(c.kind))
        verdicts[c.clause] = { verdict: c.verdict, ...(c.steps === undefined ? {} : { steps: c.steps }) };
    return { values, states: o.states, verdicts };
  });
  const clauseKinds = new Map<string, string>();
  for (const o of outcomes)
    for (const c of o?.clauses ?? [])
      if (SAFETY.has(c.kind) && !clauseKinds.has(c.clause)) clauseKinds.set(c.clause, c.kind);
  const regions: SynthRegion[] = [];
  for (const [clause, kind] of clauseKinds) {
    const at = (v: ClauseVerdict): SynthPoint[] => points.filter((p) => p.verdicts?.[clause]?.verdict === v);
    const holds = at('holds');
    const violated = at('violated');
    const region = inferRegion(
      holds.map((p) => p.values),
      violated.map((p) => p.values),
      keys.length,
    );
    const boundaries: Boundary[] = region.inequalities.map((q) => {
      // Nearest: outside this inequality and, first, inside the others (so it shows this one is needed).
      const others = (x: readonly number[]): number =>
        region.inequalities.filter((o) => o !== q && excess(o, x) > 0).length;
      const outside = violated.filter((p) => excess(q, p.values) > 0);
      outside.sort(
        (a, b) =>
          others(a.values) - others(b.values) ||
          excess(q, a.values) - excess(q, b.values) ||
          a.values.join().localeCompare(b.values.join(), 'en', { numeric: true }),
      );
      const nearest = outside[0]!;
      const steps = nearest.verdicts?.[clause]?.steps;
      return {
        inequality: formatInequality(q, keys),
        point: nearest.values,
        ...(steps === undefined ? {} : { steps }),
      };
    });
    regions.push({
      clause,
      kind,
      holdsAt: holds.length,
      violatedAt: violated.length,
      unknownAt: at('unknown').length,
      inequalities: region.inequalities,
      constraint: region.inequalities.map((q) => formatInequality(q, keys)),
      exact: region.exceptions.length === 0 && holds.every((p) => inside(region, p.values)),
      exceptions: region.exceptions,
      boundaries,
    });
  }
  const withTraces = outDir === undefined ? regions : writeBoundaryTraces(variant, base, ranges, regions, outDir);
  const checked = points.filter((p) => p.verdicts !== undefined).length;
  const refused = points.filter((p) => p.refused !== undefined).length;
  return {
    format: 'apln-synth',
    version: 1,
    variant,
    config: base,
    ranges,
    total: points.length,
    checked,
    refused,
    partial: checked + refused < points.length,
    regions: withTraces,
    points,
  };
}

/** Re-checks each boundary point (a handful) with traces on, so only the counterexamples the report names are written. */
function writeBoundaryTraces(
  variant: string,
  base: Readonly<Record<string, unknown>>,
  ranges: readonly Range[],
  regions: readonly SynthRegion[],
  outDir: string,
): SynthRegion[] {
  const runs = new Map<string, PointOutcome>();
  return regions.map((r) => ({
    ...r,
    boundaries: r.boundaries.map((b) => {
      const name = pointName(ranges, b.point);
      let o = runs.get(name);
      if (o === undefined) {
        const config: Record<string, unknown> = { ...base };
        ranges.forEach((x, i) => (config[x.key] = b.point[i]));
        o = runPoint({ variant, config, traceDir: `${outDir}/${variant}/${name}` });
        runs.set(name, o);
      }
      const traceFile = o.clauses.find((c) => c.clause === r.clause)?.traceFile;
      return { ...b, ...(traceFile === undefined ? {} : { traceFile }) };
    }),
  }));
}

/** Rows k1, columns k2; a cell: ✓ (every checked point with those two values holds), ✗ (every one violated), h/n mixed, · none checked. */
function table2d(r: SynthResult, clause: string, k1: number, k2: number): string {
  const [a, b] = [r.ranges[k1]!, r.ranges[k2]!];
  const head = [`${a.key} \\ ${b.key}`];
  for (let v = b.lo; v <= b.hi; v++) head.push(String(v));
  const rows: string[][] = [head];
  for (let u = a.lo; u <= a.hi; u++) {
    const row = [String(u)];
    for (let v = b.lo; v <= b.hi; v++) {
      const here = r.points.filter(
        (p) => p.values[k1] === u && p.values[k2] === v && p.verdicts?.[clause] !== undefined,
      );
      const held = here.filter((p) => p.verdicts?.[clause]?.verdict === 'holds').length;
      row.push(here.length === 0 ? '·' : held === here.length ? '✓' : held === 0 ? '✗' : `${held}/${here.length}`);
    }
    rows.push(row);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => [...(row[i] ?? '')].length)));
  return rows
    .map((row) =>
      row
        .map((c, i) => c + ' '.repeat(widths[i]! - [...c].length))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The text report; `table` names the two ranges to tabulate (indices), when there are two. */
export function formatSynth(r: SynthResult, table?: readonly [number, number]): string {
  const lines: string[] = [];
  lines.push(`${r.variant}  config ${JSON.stringify(r.config)}`);
  lines.push(
    `grid ${r.ranges.map((x) => `${x.key}=${x.lo}..${x.hi}`).join(', ')}: ${r.total} points, ${r.checked} checked, ${r.refused} refused by the config decoder${r.partial ? `, ${r.total - r.checked - r.refused} not checked (PARTIAL: interrupted or out of time)` : ''}`,
  );
  const firstRefused = r.points.find((p) => p.refused !== undefined);
  if (firstRefused !== undefined)
    lines.push(`  e.g. ${pointName(r.ranges, firstRefused.values)}: ${firstRefused.refused}`);
  lines.push('');
  const show = (v: readonly number[]): string => pointName(r.ranges, v);
  for (const g of r.regions) {
    const counts = `holds at ${g.holdsAt}, violated at ${g.violatedAt}${g.unknownAt > 0 ? `, unknown at ${g.unknownAt}` : ''} points`;
    if (g.violatedAt === 0) {
      lines.push(`${g.clause}: holds at every checked point (${counts})`);
      continue;
    }
    if (g.holdsAt === 0) {
      lines.push(`${g.clause}: violated at every checked point (${counts})`);
      continue;
    }
    lines.push(`${g.clause}: holds where ${g.constraint.length === 0 ? 'true' : g.constraint.join(' and ')}`);
    lines.push(
      `  ${g.exact ? 'exact on the grid' : `not exact: violated inside it at ${g.exceptions.length} point${g.exceptions.length === 1 ? '' : 's'} (${g.exceptions.slice(0, 3).map(show).join('; ')}${g.exceptions.length > 3 ? '; …' : ''})`} (${counts})`,
    );
    for (const b of g.boundaries) {
      lines.push(
        `  outside ${b.inequality}: nearest failing point ${show(b.point)}${b.steps === undefined ? '' : `, ${b.steps} steps`}${b.traceFile === undefined ? '' : `: ${b.traceFile}`}`,
      );
    }
  }
  if (table !== undefined) {
    const [k1, k2] = table;
    for (const g of r.regions) {
      if (g.violatedAt === 0 || g.holdsAt === 0) continue;
      lines.push(
        '',
        `${g.clause} over ${r.ranges[k1]!.key} × ${r.ranges[k2]!.key} (other ranged keys projected: h/n = holds at h of n points)`,
      );
      lines.push(table2d(r, g.clause, k1, k2));
    }
  }
  return `${lines.join('\n')}\n`;
}
