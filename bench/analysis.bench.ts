/**
 * `npm run bench -- analysis [--no-coalitions] [--no-synth]`: the designers' analyses at their intended size.
 * 1. The coalition table (every subset of the parties) of every registered protocol variant on its defaults,
 *    on 2 worker threads: wall seconds and points per variant.
 * 2. A synthesis over a grid of 1,008 points (scheme1-direct, hubTimeGuard=false, csv 1..6 × PTLC 1..6 ×
 *    margin 0..3 × expiry 2..8; the decoder refuses the points with expiry ≤ PTLC): wall seconds on 1 worker,
 *    on 2 workers, and as 2 shards (each timed; merged), and whether the three results are identical.
 */
import '../variants/index.ts';
import { coalitionResult, coalitionTasks } from '../analysis/coalitions.ts';
import { parseRange } from '../analysis/grid.ts';
import { variantParties } from '../analysis/parties.ts';
import type { PointOutcome, PointTask } from '../analysis/point.ts';
import { runTasks } from '../analysis/pool.ts';
import { synthPlan, synthResult } from '../analysis/synth.ts';
import { findModel, listModels } from '../checker/registry.ts';

const progress = (label: string) => (line: string) => process.stderr.write(`${label}: ${line}\n`);

async function coalitionTables(): Promise<void> {
  const rows: string[] = [
    '| variant | parties | coalitions | wall s (2 workers) | distinct states, all coalitions | clauses violated by some coalition |',
    '|---|---|---|---|---|---|',
  ];
  let total = 0;
  for (const e of listModels().filter((x) => x.family !== 'classic')) {
    const base = { ...(e.codec.encode(e.defaults) as Record<string, unknown>) };
    delete base.deviating;
    const parties = variantParties(e, base);
    const { coalitions, tasks } = coalitionTasks(e.name, base, parties);
    const run = await runTasks(tasks, { workers: 2, progress: progress(e.name) });
    total += run.seconds;
    const r = coalitionResult(e.name, base, parties, coalitions, run.outcomes);
    const states = run.outcomes.reduce((s, o) => s + (o?.states ?? 0), 0);
    rows.push(
      `| ${e.name} | ${parties.join(', ')} | ${coalitions.length} | ${run.seconds.toFixed(1)} | ${states.toLocaleString('en-US')} | ${r.clauses.filter((c) => c.violated > 0).length} of ${r.clauses.length} |`,
    );
  }
  rows.push(`| **all** | | | **${total.toFixed(1)}** | | |`);
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
  const shardIdx = [0, 1].map((s) => idx.filter((_, j) => j % 2 === s));
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
  if (!args.includes('--no-coalitions')) await coalitionTables();
}
