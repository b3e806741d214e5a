/**
 * `apln coalitions VARIANT [--set …] [--coalition A,S …] [--json] [--out DIR] [--workers N] [--shard i/N]`:
 * every subset of the variant's parties as the deviating coalition (analysis/coalitions.ts), and
 * `apln coalitions check FILE`: re-verify a stored `--json` result, failing if any verdict changed.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { ModelEntry } from '../../checker/registry.ts';
import {
  coalitionResult,
  coalitionTasks,
  formatCoalitions,
  verdictChanges,
  type CoalitionResult,
} from '../../analysis/coalitions.ts';
import { variantParties } from '../../analysis/parties.ts';
import type { PointOutcome, PointTask } from '../../analysis/point.ts';
import { joinPointItems } from '../point-items.ts';
import { largestFirst, runTasks } from '../../analysis/pool.ts';
import {
  coalitionTable,
  formatTable,
  tableParts,
  tableTasks,
  type CoalitionTable,
  type TablePart,
} from '../../analysis/table.ts';
import { InputError } from '../../util/input-error.ts';
import { expectPositionals, parseArgs } from '../args.ts';
import { EXIT, type Command } from '../command.ts';
import { resolveConfig } from '../config.ts';
import type { Io } from '../io.ts';
import { defaultPartialName, parseShard, writePartial, type Shard } from '../partial.ts';
import { createHash } from 'node:crypto';
import { SPLIT, coalitionCost, costKey, measuredCosts, shardTasks } from '../../analysis/shard-plan.ts';
import { requireModel, type Env } from '../registry.ts';
import { withInterrupt } from './check.ts';

const FLAGS = {
  set: { kind: 'repeat' },
  coalition: { kind: 'repeat' },
  json: { kind: 'boolean' },
  out: { kind: 'string' },
  workers: { kind: 'positive-int' },
  'time-limit': { kind: 'seconds' },
  shard: { kind: 'string' },
  partial: { kind: 'string' },
  all: { kind: 'boolean' },
  costs: { kind: 'string' },
} as const;

const usage = `Usage: apln coalitions VARIANT [options]
       apln coalitions --all [--json] [--out DIR] [--workers N] [--time-limit S] [--shard i/N] [--partial FILE]
                             [--costs FILE]
       apln coalitions check FILE [--workers N]

Checks VARIANT with every subset of its parties as the deviating coalition and reports, per property clause,
the coalitions that violate it (shortest counterexample as ITF), hold it, or hold it only vacuously (the party
the clause protects deviates: never counted as holding); then the minimal violating and maximal withstood
coalitions, and every non-monotone case (a coalition breaks a clause that a larger one does not).
'check FILE' re-runs a result stored with --json and fails (exit 1) if any verdict changed.
--all: the whole table, every registered protocol variant on its defaults, in one pool (or one set of shards).

Options:
  --set KEY=VALUE     override a parameter (not deviating: the command sets it)
  --coalition LIST    check only this coalition (comma-separated parties, '' for nobody; repeatable)
  --out DIR           where counterexamples go (default out/coalitions; one folder per coalition)
  --workers N         worker threads (default: the number of cores; 1 runs in this thread)
  --time-limit S      stop after S seconds and print what was checked, marked partial
  --shard i/N         run only shard i of N (0-based) and write a partial file for apln merge
  --partial FILE      where --shard writes (default apln-coalitions.shard-i-of-N.json)
  --costs FILE        split the shards by the states each coalition took in a stored --json result or
                      --all table (default: an estimate from the coalition's parties)
  --all               every registered protocol variant on its defaults (no VARIANT, --set or --coalition)
  --json              print the result as one JSON object (schema: analysis/README.md)
Ctrl-C stops like --time-limit. Exit: 0 done, 1 partial (or check: a verdict changed), 2 bad input.`;

/** Default worker count: the cores, at most `items`. */
export function defaultWorkers(flag: number | undefined, items: number): number {
  return Math.max(1, Math.min(flag ?? availableParallelism(), items));
}

interface CoalitionsKey {
  readonly variant: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly parties: readonly string[];
  readonly coalitions: readonly (readonly string[])[];
  readonly out: string;
  /** How `--shard` splits the coalitions (analysis/shard-plan.ts), or `costs:<digest>` from `--costs`. */
  readonly split: string;
}

/**
 * Each coalition's cost for the shard split: the states it took in `file` (`--costs`), every one of them there,
 * or the estimate; and the split's name for the partial key.
 */
function splitCosts(
  file: string | undefined,
  items: readonly { variant: string; coalition: readonly string[] }[],
): { costs: number[]; split: string } {
  if (file === undefined) return { costs: items.map((it) => coalitionCost(it.coalition)), split: SPLIT };
  let u: unknown;
  try {
    u = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new InputError(`--costs ${file}`, code === undefined ? 'not JSON' : `cannot read (${code})`);
  }
  const measured = measuredCosts(u);
  if (measured === undefined)
    throw new InputError(`--costs ${file}`, 'not an apln coalitions --json result or --all table');
  const costs = items.map((it) => {
    const n = measured.get(costKey(it.variant, it.coalition));
    if (n === undefined)
      throw new InputError(`--costs ${file}`, `has no states for ${costKey(it.variant, it.coalition)}`);
    return n;
  });
  const digest = createHash('sha256').update(JSON.stringify(costs)).digest('hex').slice(0, 16);
  return { costs, split: `costs:${digest}` };
}

function parseCoalition(raw: string, entry: ModelEntry<unknown>, parties: readonly string[]): string[] {
  const names = raw.trim() === '' || raw.trim() === 'none' ? [] : raw.split(',').map((s) => s.trim());
  for (const n of names) {
    if (!parties.includes(n))
      throw new InputError(`--coalition ${raw}`, `${entry.name} has no party "${n}" (parties: ${parties.join(', ')})`);
  }
  return parties.filter((p) => names.includes(p));
}

/** Runs (a shard of) the coalitions of `key`; outcomes in coalition order, `undefined` where not run. */
async function runCoalitions(
  key: CoalitionsKey,
  costs: readonly number[],
  shard: Shard | undefined,
  workers: number | undefined,
  timeLimit: number | undefined,
  io: Io,
): Promise<{ outcomes: (PointOutcome | undefined)[]; partial: boolean; mine: number }> {
  const { tasks } = coalitionTasks(key.variant, key.config, key.parties, { only: key.coalitions, outDir: key.out });
  return runShard(tasks, costs, { shard, workers, timeLimit, label: `coalitions ${key.variant}` }, io);
}

/**
 * Runs shard `shard` of `tasks` (all of them without one; split by the estimated `costs`, analysis/shard-plan.ts),
 * the largest first on two or more threads; outcomes in task order, `undefined` where not run.
 */
async function runShard(
  tasks: readonly PointTask[],
  costs: readonly number[],
  o: { shard: Shard | undefined; workers: number | undefined; timeLimit: number | undefined; label: string },
  io: Io,
): Promise<{ outcomes: (PointOutcome | undefined)[]; partial: boolean; mine: number }> {
  const mine = shardTasks(costs, o.shard);
  const run = await withInterrupt(io, (stop) =>
    runTasks(
      mine.map((i) => tasks[i]!),
      {
        workers: defaultWorkers(o.workers, mine.length),
        order: largestFirst(mine.map((i) => costs[i]!)),
        shouldStop: stop,
        ...(o.timeLimit === undefined ? {} : { timeLimit: o.timeLimit }),
        progress: (line) => io.err(`${o.label}: ${line}\n`),
      },
    ),
  );
  const outcomes: (PointOutcome | undefined)[] = tasks.map(() => undefined);
  mine.forEach((i, j) => (outcomes[i] = run.outcomes[j]));
  return { outcomes, partial: run.partial, mine: mine.length };
}

/** The key of a whole-table run (`--all`): every variant's part, and where counterexamples go. */
interface TableKey {
  readonly all: true;
  readonly parts: readonly TablePart[];
  readonly out: string;
  readonly split: string;
}

async function runTable(
  flags: {
    json?: boolean;
    out?: string;
    workers?: number;
    'time-limit'?: number;
    shard?: string;
    partial?: string;
    costs?: string;
  },
  io: Io,
  env: Env,
): Promise<number> {
  const parts = tableParts(env.registry.list());
  if (parts.length === 0) throw new InputError('--all', 'no registered model has a coalition parameter');
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  if (flags.partial !== undefined && shard === undefined) throw new InputError('--partial', 'needs --shard i/N');
  const { costs, split } = splitCosts(
    flags.costs,
    parts.flatMap((p) => p.coalitions.map((coalition) => ({ variant: p.variant, coalition }))),
  );
  const key: TableKey = { all: true, parts, out: flags.out ?? 'out/coalitions', split };
  const { tasks } = tableTasks(key.parts, key.out);
  const { outcomes, partial, mine } = await runShard(
    tasks,
    costs,
    { shard, workers: flags.workers, timeLimit: flags['time-limit'], label: 'coalitions --all' },
    io,
  );
  if (shard !== undefined) return writeShard(flags.partial, key, shard, { outcomes, partial, mine }, io);
  return printCoalitions(coalitionTable(key.parts, outcomes), flags.json === true, io);
}

function writeShard(
  partialFlag: string | undefined,
  key: CoalitionsKey | TableKey,
  shard: Shard,
  run: { outcomes: readonly (PointOutcome | undefined)[]; partial: boolean; mine: number },
  io: Io,
): number {
  const { outcomes, partial } = run;
  const file = partialFlag ?? defaultPartialName('coalitions', shard);
  const items = outcomes.flatMap((outcome, index) => (outcome === undefined ? [] : [{ index, outcome }]));
  writePartial(file, { format: 'apln-partial', version: 1, command: 'coalitions', key, shard, data: { items } });
  io.out(
    `wrote ${file}: shard ${shard.index}/${shard.count}, ${items.length} of ${run.mine} coalitions${partial ? ' (PARTIAL)' : ''}\n`,
  );
  return partial ? EXIT.failed : EXIT.ok;
}

/** The key a run (or its shards) is identified by, from the command line. */
function coalitionsKey(
  entry: ModelEntry<unknown>,
  settings: readonly string[],
  only: readonly string[] | undefined,
  out: string,
): CoalitionsKey {
  for (const s of settings) {
    if (s.startsWith('deviating='))
      throw new InputError(
        '--set deviating',
        'apln coalitions sets the coalition itself (use --coalition to check only some)',
      );
  }
  const { json } = resolveConfig(entry, settings);
  const config = { ...(json as Record<string, unknown>) };
  delete config.deviating;
  const parties = variantParties(entry, config);
  const { coalitions } = coalitionTasks(
    entry.name,
    config,
    parties,
    only === undefined ? {} : { only: only.map((c) => parseCoalition(c, entry, parties)) },
  );
  for (const c of coalitions) {
    const r = entry.codec.decode({ ...config, deviating: c });
    if (r._tag === 'Left')
      throw new InputError(
        `coalition {${c.join(',')}}`,
        `${entry.name} refuses it: ${r.left[0]?.message ?? 'invalid config'}`,
      );
  }
  return { variant: entry.name, config, parties, coalitions, out, split: SPLIT };
}

export function printCoalitions(result: CoalitionResult | CoalitionTable, json: boolean, io: Io): number {
  io.out(
    json
      ? `${JSON.stringify(result)}\n`
      : result.format === 'apln-coalition-table'
        ? formatTable(result)
        : formatCoalitions(result),
  );
  return result.partial ? EXIT.failed : EXIT.ok;
}

/** Merges the `data` of coalitions partials (shard order) into the unsharded result (one variant, or `--all`). */
export function mergeCoalitions(
  keyU: unknown,
  parts: readonly { file: string; data: unknown }[],
): CoalitionResult | CoalitionTable {
  const table = keyU as TableKey;
  if (typeof table === 'object' && table !== null && table.all === true) {
    if (
      !Array.isArray(table.parts) ||
      table.parts.some(
        (p) => typeof p?.variant !== 'string' || !Array.isArray(p.coalitions) || !Array.isArray(p.parties),
      )
    )
      throw new InputError(parts[0]?.file ?? 'apln merge', 'its key is not a coalition-table key (all, parts, out)');
    const count = table.parts.reduce((n, p) => n + p.coalitions.length, 0);
    return coalitionTable(table.parts, joinPointItems(parts, count, 'coalitions'));
  }
  const key = keyU as CoalitionsKey;
  if (
    typeof key !== 'object' ||
    key === null ||
    typeof key.variant !== 'string' ||
    !Array.isArray(key.coalitions) ||
    !Array.isArray(key.parties)
  ) {
    throw new InputError(
      parts[0]?.file ?? 'apln merge',
      'its key is not a coalitions key (variant, config, parties, coalitions, out)',
    );
  }
  const outcomes = joinPointItems(parts, key.coalitions.length, 'coalitions');
  return coalitionResult(key.variant, key.config, key.parties, key.coalitions, outcomes);
}

async function checkStored(file: string, workers: number | undefined, io: Io, env: Env): Promise<number> {
  let stored: CoalitionResult;
  try {
    stored = JSON.parse(readFileSync(file, 'utf8')) as CoalitionResult;
  } catch (e) {
    throw new InputError(
      file,
      (e as { code?: string }).code === undefined ? 'not JSON' : `cannot read (${(e as { code?: string }).code})`,
    );
  }
  if (
    stored?.format !== 'apln-coalitions' ||
    stored.version !== 1 ||
    !Array.isArray(stored.rows) ||
    typeof stored.config !== 'object'
  ) {
    throw new InputError(file, 'not an apln coalitions result (expected "format": "apln-coalitions", version 1, rows)');
  }
  const entry = requireModel(env.registry, stored.variant);
  const coalitions: string[][] = [];
  for (const r of stored.rows)
    if (!coalitions.some((c) => c.join(',') === r.coalition.join(','))) coalitions.push([...r.coalition]);
  const settings = Object.entries(stored.config).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  const key = {
    ...coalitionsKey(
      entry,
      settings,
      coalitions.map((c) => c.join(',')),
      '',
    ),
    out: '',
  };
  const { tasks } = coalitionTasks(key.variant, key.config, key.parties, { only: key.coalitions });
  const run = await withInterrupt(io, (stop) =>
    runTasks(tasks, {
      workers: defaultWorkers(workers, tasks.length),
      shouldStop: stop,
      progress: (l) => io.err(`coalitions check: ${l}\n`),
    }),
  );
  const fresh = coalitionResult(key.variant, key.config, key.parties, key.coalitions, run.outcomes);
  const changes = verdictChanges(stored, fresh);
  if (changes.length === 0 && !fresh.partial) {
    io.out(`${file}: ${stored.rows.length} verdicts over ${coalitions.length} coalitions re-verified: none changed\n`);
    return EXIT.ok;
  }
  io.out(
    `${file}: ${changes.length} verdict${changes.length === 1 ? '' : 's'} changed${fresh.partial ? ' (re-check interrupted: partial)' : ''}\n${changes.map((c) => `  ${c}\n`).join('')}`,
  );
  return EXIT.failed;
}

export const coalitionsCommand: Command = {
  name: 'coalitions',
  summary: 'every coalition as the deviating one: which clauses each breaks (minimal violating, maximal withstood)',
  usage,
  async run(args, io, env: Env) {
    const { flags, positionals, help } = parseArgs(args, FLAGS, 'coalitions');
    if (help) {
      io.out(`${usage}\n`);
      return EXIT.ok;
    }
    if (positionals[0] === 'check') {
      expectPositionals(positionals.slice(1), { command: 'coalitions check', names: ['FILE'] });
      return checkStored(positionals[1]!, flags.workers, io, env);
    }
    if (flags.all === true) {
      if (positionals.length > 0)
        throw new InputError('--all', `checks every protocol variant: give no VARIANT (got ${positionals.join(' ')})`);
      if (flags.set !== undefined || flags.coalition !== undefined)
        throw new InputError(
          flags.set !== undefined ? '--set' : '--coalition',
          'cannot be combined with --all (the table is every variant on its defaults)',
        );
      return runTable(flags, io, env);
    }
    expectPositionals(positionals, { command: 'coalitions', names: ['VARIANT'] });
    const entry = requireModel(env.registry, positionals[0]!);
    const key = coalitionsKey(entry, flags.set ?? [], flags.coalition, flags.out ?? 'out/coalitions');
    const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
    if (flags.partial !== undefined && shard === undefined) throw new InputError('--partial', 'needs --shard i/N');
    const { costs, split } = splitCosts(
      flags.costs,
      key.coalitions.map((coalition) => ({ variant: key.variant, coalition })),
    );
    const run = await runCoalitions({ ...key, split }, costs, shard, flags.workers, flags['time-limit'], io);
    if (shard !== undefined) return writeShard(flags.partial, { ...key, split }, shard, run, io);
    return printCoalitions(
      coalitionResult(key.variant, key.config, key.parties, key.coalitions, run.outcomes),
      flags.json === true,
      io,
    );
  },
};
