/**
 * `apln synth VARIANT --range KEY=LO..HI … [--set …] [--table K1,K2] [--json] [--out DIR] [--workers N]
 * [--shard i/N]`: every grid point checked exhaustively; per safety clause the region where it holds
 * (analysis/synth.ts).
 */
import { joinPointItems } from '../point-items.ts';
import type { ModelEntry } from '../../checker/registry.ts';
import { parseRange, pointName, type Range } from '../../analysis/grid.ts';
import type { PointOutcome, PointTask } from '../../analysis/point.ts';
import { runTasks } from '../../analysis/pool.ts';
import { formatSynth, synthPlan, synthResult, type SynthResult } from '../../analysis/synth.ts';
import { firstProblem } from '../../traces/json-path.ts';
import { InputError } from '../../util/input-error.ts';
import { expectPositionals, parseArgs } from '../args.ts';
import { EXIT, type Command } from '../command.ts';
import { parseSetting } from '../config.ts';
import type { Io } from '../io.ts';
import { defaultPartialName, parseShard, writePartial } from '../partial.ts';
import { SPLIT, pointCost, shardTasks } from '../../analysis/shard-plan.ts';
import { requireModel, type Env } from '../registry.ts';
import { withInterrupt } from './check.ts';
import { defaultWorkers } from './coalitions.ts';

const FLAGS = {
  range: { kind: 'repeat' },
  set: { kind: 'repeat' },
  table: { kind: 'string' },
  json: { kind: 'boolean' },
  out: { kind: 'string' },
  workers: { kind: 'positive-int' },
  'time-limit': { kind: 'seconds' },
  shard: { kind: 'string' },
  partial: { kind: 'string' },
} as const;

const usage = `Usage: apln synth VARIANT --range KEY=LO..HI [--range …] [options]

Checks VARIANT exhaustively at every point of the grid and reports, per safety clause, the region where it
holds as linear inequalities over the ranged keys (found from the grid, then verified at every point: "exact on
the grid" or the exceptions), and for each inequality the counterexample at the nearest failing point. Points
the config decoder refuses are counted, not checked: --set hubTimeGuard=false lets S skip its timing checks
(R-02-20/21) so the timings they refuse can be explored. The coalition is the config's (--set deviating=…).

Options:
  --range KEY=LO..HI  an integer parameter and its range (repeatable; within the parameter's own range)
  --set KEY=VALUE     fix a parameter (not a ranged one)
  --table K1,K2       the 2-D table's keys (default: the first two ranged keys)
  --out DIR           where the boundary counterexamples go (default out/synth; one folder per point)
  --workers N         worker threads (default: the number of cores; 1 runs in this thread)
  --time-limit S      stop after S seconds and print what was checked, marked partial
  --shard i/N         run only shard i of N (0-based) and write a partial file for apln merge
  --partial FILE      where --shard writes (default apln-synth.shard-i-of-N.json)
  --json              print the result as one JSON object
Ctrl-C stops like --time-limit. Exit: 0 done, 1 partial, 2 bad input.`;

interface SynthKey {
  readonly variant: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly ranges: readonly Range[];
  readonly out: string;
  /** `--table K1,K2` as given (two ranged keys), so a merge of the shards tabulates what the unsharded run would. */
  readonly table?: readonly [string, string];
  /** How `--shard` splits the points (analysis/shard-plan.ts). */
  readonly split: typeof SPLIT;
}

function decoderOf(entry: ModelEntry<unknown>): (config: Record<string, unknown>) => string | undefined {
  return (config) => {
    const r = entry.codec.decode(config);
    if (r._tag === 'Right') return undefined;
    const p = firstProblem(r.left);
    return p.path === '' ? p.problem : `${p.path}: ${p.problem}`;
  };
}

function synthKey(
  entry: ModelEntry<unknown>,
  rawRanges: readonly string[],
  settings: readonly string[],
  out: string,
): SynthKey {
  if (rawRanges.length === 0) throw new InputError('apln synth', 'expected at least one --range KEY=LO..HI');
  const ranges = rawRanges.map((r) => parseRange(r, entry));
  ranges.forEach((r, i) => {
    if (ranges.findIndex((x) => x.key === r.key) !== i) throw new InputError(`--range ${r.key}`, 'is ranged twice');
  });
  for (const s of settings) {
    const key = s.slice(0, Math.max(0, s.indexOf('=')));
    if (ranges.some((r) => r.key === key))
      throw new InputError(`--set ${key}`, 'is also ranged (--range): give one or the other');
  }
  // Each grid point is decoded on its own (a point the decoder refuses is counted, not checked), so the
  // settings are only checked for unknown keys here; a bad value makes every point refused (exit 2 below).
  const json: Record<string, unknown> = { ...(entry.codec.encode(entry.defaults) as Record<string, unknown>) };
  const known = entry.params.map((p) => p.name);
  for (const raw of settings) {
    const [k, v] = parseSetting(raw);
    if (!known.includes(k) && !(k in json))
      throw new InputError(`--set ${k}`, `unknown parameter of ${entry.name} (known: ${known.join(', ')})`);
    json[k] = v;
  }
  const config = { ...json };
  for (const r of ranges) delete config[r.key];
  return { variant: entry.name, config, ranges, out, split: SPLIT };
}

/** `--table K1,K2` checked against the ranged keys. */
function parseTable(raw: string | undefined, ranges: readonly Range[]): readonly [string, string] | undefined {
  if (raw === undefined) return undefined;
  const names = raw.split(',').map((s) => s.trim());
  const idx = names.map((n) => ranges.findIndex((r) => r.key === n));
  if (names.length !== 2 || idx.some((i) => i < 0) || idx[0] === idx[1])
    throw new InputError(
      `--table ${raw}`,
      `expected two different ranged keys (ranged: ${ranges.map((r) => r.key).join(', ')})`,
    );
  return [names[0]!, names[1]!];
}

/** The two ranges the 2-D table is over (indices): the key's `--table`, else the first two ranged keys. */
function tableOf(key: SynthKey): readonly [number, number] | undefined {
  if (key.table === undefined) return key.ranges.length >= 2 ? [0, 1] : undefined;
  const idx = key.table.map((n) => key.ranges.findIndex((r) => r.key === n));
  return [idx[0]!, idx[1]!];
}

/** Joins synth shards into the unsharded result, with the 2-D table the unsharded run's `--table` asked for. */
export function mergeSynth(
  keyU: unknown,
  parts: readonly { file: string; data: unknown }[],
  env: Env,
): { result: SynthResult; table: readonly [number, number] | undefined } {
  const key = keyU as SynthKey;
  const file = parts[0]?.file ?? 'apln merge';
  if (typeof key !== 'object' || key === null || typeof key.variant !== 'string' || !Array.isArray(key.ranges)) {
    throw new InputError(file, 'its key is not a synth key (variant, config, ranges, out)');
  }
  if (
    key.table !== undefined &&
    (!Array.isArray(key.table) ||
      key.table.length !== 2 ||
      key.table[0] === key.table[1] ||
      key.table.some((n) => !key.ranges.some((r) => r.key === n)))
  )
    throw new InputError(file, `its key's table ${JSON.stringify(key.table)} is not two different ranged keys`);
  const entry = requireModel(env.registry, key.variant);
  const plan = synthPlan(key.variant, key.config, key.ranges, decoderOf(entry));
  const outcomes = joinPointItems(parts, plan.points.length, 'synth');
  return { result: synthResult(key.variant, key.config, key.ranges, plan, outcomes, key.out), table: tableOf(key) };
}

export function printSynth(
  result: SynthResult,
  json: boolean,
  table: readonly [number, number] | undefined,
  io: Io,
): number {
  io.out(json ? `${JSON.stringify(result)}\n` : formatSynth(result, table));
  return result.partial ? EXIT.failed : EXIT.ok;
}

export const synthCommand: Command = {
  name: 'synth',
  summary: 'the region of a parameter grid where each safety clause holds, as linear inequalities',
  usage,
  async run(args, io, env: Env) {
    const { flags, positionals, help } = parseArgs(args, FLAGS, 'synth');
    if (help) {
      io.out(`${usage}\n`);
      return EXIT.ok;
    }
    expectPositionals(positionals, { command: 'synth', names: ['VARIANT'] });
    const entry = requireModel(env.registry, positionals[0]!);
    const base = synthKey(entry, flags.range ?? [], flags.set ?? [], flags.out ?? 'out/synth');
    const tableKeys = parseTable(flags.table, base.ranges);
    const key: SynthKey = tableKeys === undefined ? base : { ...base, table: tableKeys };
    const table = tableOf(key);
    const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
    if (flags.partial !== undefined && shard === undefined) throw new InputError('--partial', 'needs --shard i/N');
    const plan = synthPlan(key.variant, key.config, key.ranges, decoderOf(entry));
    if (plan.items.every((it) => 'refused' in it)) {
      const first = plan.items[0] as { refused: string };
      throw new InputError(
        'apln synth',
        `the config decoder refuses every grid point (e.g. ${pointName(key.ranges, plan.points[0]!)}: ${first.refused})`,
      );
    }
    const costs = plan.points.map((values, i) => pointCost(values, 'task' in plan.items[i]!));
    const mine = shardTasks(costs, shard).filter((i) => 'task' in plan.items[i]!);
    const run = await withInterrupt(io, (stop) =>
      runTasks(
        mine.map((i) => (plan.items[i] as { task: PointTask }).task),
        {
          workers: defaultWorkers(flags.workers, mine.length),
          shouldStop: stop,
          ...(flags['time-limit'] === undefined ? {} : { timeLimit: flags['time-limit'] }),
          progress: (line) => io.err(`synth ${key.variant}: ${line}\n`),
        },
      ),
    );
    const outcomes: (PointOutcome | undefined)[] = plan.points.map(() => undefined);
    mine.forEach((i, j) => (outcomes[i] = run.outcomes[j]));
    if (shard !== undefined) {
      const file = flags.partial ?? defaultPartialName('synth', shard);
      const items = outcomes.flatMap((outcome, index) => (outcome === undefined ? [] : [{ index, outcome }]));
      writePartial(file, { format: 'apln-partial', version: 1, command: 'synth', key, shard, data: { items } });
      io.out(
        `wrote ${file}: shard ${shard.index}/${shard.count}, ${items.length} of ${mine.length} points${run.partial ? ' (PARTIAL)' : ''}\n`,
      );
      return run.partial ? EXIT.failed : EXIT.ok;
    }
    return printSynth(
      synthResult(key.variant, key.config, key.ranges, plan, outcomes, key.out),
      flags.json === true,
      table,
      io,
    );
  },
};
