/**
 * `npm run bench -- analysis [--no-coalitions] [--no-synth] [--table-workers=1,2] [--table-shards]`: the designers'
 * analyses at their intended size.
 * 1. The coalition table (every subset of the parties) of every registered protocol variant on its defaults, as
 *    `apln coalitions --all` runs it: wall seconds on each worker count given (default 2), and with
 *    `--table-shards` as 2 shards merged; states and violated clauses per variant; the results compared.
 * 2. A synthesis over a grid of 1,008 points (scheme1-direct, hubTimeGuard=false, csv 1..6 × PTLC 1..6 ×
 *    margin 0..3 × expiry 2..8; the decoder refuses the points with expiry ≤ PTLC): wall seconds on 1 worker,
 *    on 2 workers, and as 2 shards (each timed; merged), and whether the three results are identical.
 */
import '../variants/index.ts';
import { parseRange } from '../analysis/grid.ts';
import type { PointOutcome, PointTask } from '../analysis/point.ts';
import { largestFirst, runTasks } from '../analysis/pool.ts';
import { coalitionTable, tableParts, tableTasks } from '../analysis/table.ts';
import { pointCost, shardTasks } from '../analysis/shard-plan.ts';
import { synthPlan, synthResult } from '../analysis/synth.ts';
import { findModel, listModels } from '../checker/registry.ts';

const progress = (label: string) => (line: string) => process.stderr.write(`${label}: ${line}\n`);

/** The whole table (`apln coalitions --all`) once: wall seconds, its JSON, and the per-variant rows. */
async function tableRun(
  workers: number,
  shard?: { index: number; count: number },
): Promise<{ seconds: number; outcomes: (PointOutcome | undefined)[] }> {
  const parts = tableParts(listModels());
  const { tasks, costs } = tableTasks(parts);
  // The split and the order `apln coalitions --all --shard i/N` use (analysis/shard-plan.ts).
  const mine = shardTasks(costs, shard);
  const label = shard === undefined ? `table, ${workers} worker(s)` : `table, shard ${shard.index}/${shard.count}`;
  const run = await runTasks(
    mine.map((i) => tasks[i]!),
    { workers, order: largestFirst(mine.map((i) => costs[i]!)), progress: progress(label) },
  );
  const outcomes: (PointOutcome | undefined)[] = tasks.map(() => undefined);
  mine.forEach((i, j) => (outcomes[i] = run.outcomes[j]));
  return { seconds: run.seconds, outcomes };
}

/**
 * The coalition table of every registered protocol variant on its defaults, as `apln coalitions --all` runs it
 * (one pool, largest coalitions first): on each worker count of `runs` (e.g. 2, or 1,2) and, with `shards`, as
 * 2 shards of 2 workers each run one after the other then merged; the results compared as JSON.
 */
async function coalitionTables(runs: readonly number[], shards: boolean): Promise<void> {
  const parts = tableParts(listModels());
  const results: { label: string; seconds: string; json: string }[] = [];
  let first: (PointOutcome | undefined)[] | undefined;
  for (const w of runs) {
    const r = await tableRun(w);
    first ??= r.outcomes;
    results.push({
      label: `${w} worker${w === 1 ? '' : 's'}`,
      seconds: r.seconds.toFixed(1),
      json: JSON.stringify(coalitionTable(parts, r.outcomes)),
    });
  }
  if (shards) {
    const a = await tableRun(2, { index: 0, count: 2 });
    const b = await tableRun(2, { index: 1, count: 2 });
    const merged = a.outcomes.map((o, i) => o ?? b.outcomes[i]);
    first ??= merged;
    results.push({
      label: '2 shards of 2 workers, one after the other, merged',
      seconds: `${a.seconds.toFixed(1)} + ${b.seconds.toFixed(1)}`,
      json: JSON.stringify(coalitionTable(parts, merged)),
    });
  }
  const table = coalitionTable(parts, first!);
  const rows = [
    '| variant | parties | coalitions | distinct states, all coalitions | clauses violated by some coalition |',
    '|---|---|---|---|---|',
  ];
  let at = 0;
  let states = 0;
  for (const v of table.variants) {
    const n = first!.slice(at, at + v.total).reduce((s, o) => s + (o?.states ?? 0), 0);
    at += v.total;
    states += n;
    rows.push(
      `| ${v.variant} | ${v.parties.join(', ')} | ${v.total} | ${n.toLocaleString('en-US')} | ${v.clauses.filter((c) => c.violated > 0).length} of ${v.clauses.length} |`,
    );
  }
  rows.push(`| **all ${table.variants.length}** | | ${table.total} | ${states.toLocaleString('en-US')} | |`);
  rows.push('', '| whole table | wall s |', '|---|---|', ...results.map((r) => `| ${r.label} | ${r.seconds} |`));
  rows.push(`results identical: ${results.every((r) => r.json === results[0]!.json) ? 'yes' : 'NO'}`, '');
  process.stdout.write(`${rows.join('\n')}\n`);
}

async function synthesis(): Promise<void> {
  const entry = findModel('scheme1-direct')!;
  const ranges = [
    'csvDelayBlocks=1..6',
    'ptlcTimeoutBlocks=1..6',
    'rebindMarginBlocks=0..3',
    'mailboxExpiryBlocks=2..8',
  ].map((r) => parseRange(r, entry));
  const base: Record<string, unknown> = {
    ...(entry.codec.encode(entry.defaults) as Record<string, unknown>),
    hubTimeGuard: false,
  };
  for (const r of ranges) delete base[r.key];
  const plan = synthPlan('scheme1-direct', base, ranges, (c) => {
    const d = entry.codec.decode(c);
    return d._tag === 'Right' ? undefined : 'refused';
  });
  const idx = plan.items.flatMap((it, i) => ('task' in it ? [i] : []));
  const tasks = idx.map((i) => (plan.items[i] as { task: PointTask }).task);
  const full = (outs: readonly (PointOutcome | undefined)[], pick: readonly number[]) => {
    const o: (PointOutcome | undefined)[] = plan.points.map(() => undefined);
    pick.forEach((i, j) => (o[i] = outs[j]));
    return o;
  };
  const one = await runTasks(tasks, { workers: 1, progress: progress('synth, 1 worker') });
  const two = await runTasks(tasks, { workers: 2, progress: progress('synth, 2 workers') });
  // The split `apln synth --shard i/2` uses (analysis/shard-plan.ts).
  const costs = plan.points.map((values, i) => pointCost(values, 'task' in plan.items[i]!));
  const shardIdx = [0, 1].map((s) => shardTasks(costs, { index: s, count: 2 }).filter((i) => 'task' in plan.items[i]!));
  const shards: Awaited<ReturnType<typeof runTasks>>[] = [];
  for (const pick of shardIdx)
    shards.push(
      await runTasks(
        pick.map((i) => (plan.items[i] as { task: PointTask }).task),
        { workers: 1, progress: progress('synth, shard') },
      ),
    );
  const merged: (PointOutcome | undefined)[] = plan.points.map(() => undefined);
  shardIdx.forEach((pick, s) => pick.forEach((i, j) => (merged[i] = shards[s]!.outcomes[j])));
  const text = (o: readonly (PointOutcome | undefined)[]) =>
    JSON.stringify(synthResult('scheme1-direct', base, ranges, plan, o, undefined));
  const a = text(full(one.outcomes, idx));
  const same = a === text(full(two.outcomes, idx)) && a === text(merged);
  const states = one.outcomes.reduce((s, o) => s + (o?.states ?? 0), 0);
  process.stdout.write(
    [
      `grid ${plan.points.length} points (${tasks.length} checked, ${plan.points.length - tasks.length} refused by the decoder), ${states.toLocaleString('en-US')} distinct states over all points`,
      '| run | wall s | points/s |',
      '|---|---|---|',
      `| 1 worker | ${one.seconds.toFixed(1)} | ${(tasks.length / one.seconds).toFixed(1)} |`,
      `| 2 workers | ${two.seconds.toFixed(1)} | ${(tasks.length / two.seconds).toFixed(1)} |`,
      `| 2 shards, 1 worker each, run one after the other | ${shards[0]!.seconds.toFixed(1)} + ${shards[1]!.seconds.toFixed(1)} | (on 2 machines: ${Math.max(shards[0]!.seconds, shards[1]!.seconds).toFixed(1)} s wall) |`,
      `results identical (1 worker, 2 workers, 2 shards merged): ${same ? 'yes' : 'NO'}`,
      '',
    ].join('\n'),
  );
}

export async function run(args: readonly string[] = []): Promise<void> {
  if (!args.includes('--no-synth')) await synthesis();
  const runs = args.find((a) => a.startsWith('--table-workers='))?.slice('--table-workers='.length) ?? '2';
  if (!args.includes('--no-coalitions'))
    await coalitionTables(runs.split(',').map(Number), args.includes('--table-shards'));
}
