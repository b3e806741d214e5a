/**
 * How `--shard i/N` splits a work list (coalitions, grid points) by an estimated cost, so that N shards take
 * similar time: the largest task first, each to the shard with the least estimated work so far (ties: the lower
 * shard), ties between tasks in list order (Graham's LPT rule). Deterministic: every shard of one run computes
 * the same split from the same list, and `apln merge` joins the items by their index in that list, so the merged
 * result is the unsharded one whatever the split.
 */

/** The name of the split, carried in a partial file's key: shards split another way are another run. */
export const SPLIT = 'lpt-estimate-1';

/**
 * Measured costs from a stored `apln coalitions --json` result or `--all --json` table: the distinct states of
 * each (variant, coalition), keyed by `costKey`; undefined when `u` is neither.
 */
export function measuredCosts(u: unknown): Map<string, number> | undefined {
  const r = u as { format?: unknown; variants?: unknown };
  const results = r?.format === 'apln-coalition-table' ? r.variants : r?.format === 'apln-coalitions' ? [r] : undefined;
  if (!Array.isArray(results)) return undefined;
  const out = new Map<string, number>();
  for (const v of results as { variant?: unknown; rows?: unknown }[]) {
    if (typeof v?.variant !== 'string' || !Array.isArray(v.rows)) return undefined;
    for (const row of v.rows as { coalition?: unknown; states?: unknown }[]) {
      if (!Array.isArray(row?.coalition) || typeof row.states !== 'number') return undefined;
      out.set(costKey(v.variant, row.coalition as string[]), row.states);
    }
  }
  return out;
}

export function costKey(variant: string, coalition: readonly string[]): string {
  return `${variant} {${coalition.join(',')}}`;
}

/** The shard (0..count−1) of every task, by `costs` (one estimate per task, ≥ 0). */
export function balancedShards(costs: readonly number[], count: number): number[] {
  if (!Number.isInteger(count) || count < 1) throw new Error(`balancedShards: count ${count}`);
  const load = Array.from({ length: count }, () => 0);
  const shardOf = costs.map(() => 0);
  const order = costs.map((_, i) => i).sort((a, b) => costs[b]! - costs[a]! || a - b);
  for (const i of order) {
    let best = 0;
    for (let s = 1; s < count; s++) if (load[s]! < load[best]!) best = s;
    shardOf[i] = best;
    load[best]! += costs[i]!;
  }
  return shardOf;
}

/** The indices (in list order) of the tasks shard `shard.index` of `shard.count` runs; every index without one. */
export function shardTasks(costs: readonly number[], shard: { index: number; count: number } | undefined): number[] {
  const all = costs.map((_, i) => i);
  if (shard === undefined) return all;
  const of = balancedShards(costs, shard.count);
  return all.filter((i) => of[i] === shard.index);
}

/**
 * A coalition's estimated cost (relative): every deviating party multiplies the interleavings by about 3, and a
 * coalition holding both channel parties (A and S) by 3 more, as measured: scheme1-direct's {A,S,B,M} 211,976
 * states, {A,S,B} 100,420, {S,B,M} 35,008, {A,S} 17,820, {A,B} 9,455, {A} 1,308, {} 103; scheme1-timeout's
 * {A,S,B,M} 4,599,796, {A,S,M} 2,064,872, {S,B,M} 716,299 (bench/README.md).
 */
export function coalitionCost(coalition: readonly string[]): number {
  const both = coalition.includes('A') && coalition.includes('S');
  return 3 ** coalition.length * (both ? 3 : 1);
}

/**
 * A grid point's estimated cost (relative): larger timelocks, margins and heights mean more blocks to interleave,
 * so the sum of the ranged values, plus one; 0 for a point the decoder refuses (nothing to check).
 */
export function pointCost(values: readonly number[], checked: boolean): number {
  return checked ? 1 + values.reduce((a, v) => a + Math.max(0, v), 0) : 0;
}
