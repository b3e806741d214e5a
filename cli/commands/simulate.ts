/**
 * `apln simulate MODEL [--seed S] [--traces N] [--steps K] [--shard i/N] …`: seeded random runs; writes
 * violating traces. With `--shard i/N` it walks the traces j ≡ i (mod N) and writes a partial file that
 * `apln merge` joins (`mergeSimulate`) into what the unsharded run prints.
 */
import { mergeSimulations, simulateAsync, type SimulationPartial } from '../../checker/index.ts';
import { firstProblem } from '../../traces/json-path.ts';
import { InputError } from '../../util/input-error.ts';
import type { Io } from '../io.ts';
import { defaultPartialName, parseShard, writePartial } from '../partial.ts';
import { checkOutDir } from '../../traces/out-dir.ts';
import { expectPositionals, parseArgs } from '../args.ts';
import { EXIT, type Command } from '../command.ts';
import { resolveConfig } from '../config.ts';
import { requireModel, type Env } from '../registry.ts';
import { formatRunReport, reportRun } from '../run-report.ts';
import { withInterrupt } from './check.ts';

const FLAGS = {
  set: { kind: 'repeat' },
  seed: { kind: 'nat' },
  traces: { kind: 'positive-int' },
  steps: { kind: 'positive-int' },
  'time-limit': { kind: 'seconds' },
  json: { kind: 'boolean' },
  out: { kind: 'string' },
  shard: { kind: 'string' },
  partial: { kind: 'string' },
} as const;

const SIMULATE_DEFAULTS = { seed: 0, traces: 100, steps: 50 } as const;

const usage = `Usage: apln simulate MODEL [options]

Runs N random traces of at most K steps from a seeded PRNG (the same seed gives the same traces), checks
the properties on every state, and writes the traces that violate a property (and witnesses) to --out.

Options:
  --set KEY=VALUE   override a parameter (repeatable)
  --seed S          PRNG seed, an integer ≥ 0 (default ${SIMULATE_DEFAULTS.seed})
  --traces N        number of traces (default ${SIMULATE_DEFAULTS.traces})
  --steps K         at most K steps per trace (default ${SIMULATE_DEFAULTS.steps})
  --time-limit S    stop after S seconds
  --out DIR         where traces are written (default out/)
  --json            print one JSON object on stdout
  --shard i/N       walk only the traces j ≡ i (mod N) (0-based; each trace has its own PRNG stream, so
                    shards are disjoint) and write a partial file; apln merge joins the N partials into
                    exactly what the unsharded run prints
  --partial FILE    where --shard writes (default apln-simulate.shard-i-of-N.json)
Simulation cannot prove that a property holds: a verdict it cannot decide is unknown and does not fail
the run. Exit: 1 when a decided verdict contradicts its expectation (or a deadlock), 0 otherwise, 2 bad input.`;

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'seeded random simulation of a model',
  usage,
  async run(args, io, env: Env) {
    const { flags, positionals, help } = parseArgs(args, FLAGS, 'simulate');
    if (flags.out !== undefined) checkOutDir(flags.out);
    if (help) {
      io.out(`${usage}\n`);
      return EXIT.ok;
    }
    expectPositionals(positionals, { command: 'simulate', names: ['MODEL'] });
    const entry = requireModel(env.registry, positionals[0] as string);
    const { config, json } = resolveConfig(entry, flags.set ?? []);
    const model = entry.build(config);
    const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
    if (flags.partial !== undefined && shard === undefined) throw new InputError('--partial', 'needs --shard i/N');
    const key: SimulateKey = {
      model: entry.name,
      config: json,
      seed: flags.seed ?? SIMULATE_DEFAULTS.seed,
      traces: flags.traces ?? SIMULATE_DEFAULTS.traces,
      steps: flags.steps ?? SIMULATE_DEFAULTS.steps,
    };
    const result = await withInterrupt(io, (stop) =>
      simulateAsync(
        model,
        {
          seed: key.seed,
          traces: key.traces,
          steps: key.steps,
          ...(shard === undefined ? {} : { shard }),
          ...(flags['time-limit'] === undefined ? {} : { timeLimit: flags['time-limit'] }),
          progress: (line) => io.err(`${entry.name}: ${line}\n`),
          shouldStop: stop,
        },
        json,
      ),
    );
    if (shard !== undefined) {
      const file = flags.partial ?? defaultPartialName('simulate', shard);
      writePartial(file, {
        format: 'apln-partial',
        version: 1,
        command: 'simulate',
        key,
        shard,
        data: { ...result.partial, seconds: result.seconds },
      });
      io.out(
        `wrote ${file}: shard ${shard.index}/${shard.count}, ${result.partial.traces} traces, ${result.distinctStates} distinct states${result.stoppedBy === undefined ? '' : ` (stopped: ${result.stoppedBy})`}\n`,
      );
      return EXIT.ok;
    }
    const report = reportRun({
      model,
      result,
      configJson: json,
      family: entry.family,
      outDir: flags.out ?? 'out',
      decidedOnly: true,
    });
    io.out(flags.json === true ? `${JSON.stringify(report)}\n` : formatRunReport(report));
    return report.ok ? EXIT.ok : EXIT.failed;
  },
};

/** What every shard of one simulation shares. */
interface SimulateKey {
  readonly model: string;
  /** The config's JSON form. */
  readonly config: unknown;
  readonly seed: number;
  readonly traces: number;
  readonly steps: number;
}

/** `apln merge` for simulate partials: prints (and writes the traces of) what the unsharded run would. */
export function mergeSimulate(
  key: unknown,
  parts: readonly { file: string; data: unknown }[],
  options: { json: boolean; out: string | undefined },
  io: Io,
  env: Env,
): number {
  const k = key as SimulateKey;
  const where = parts[0]?.file ?? 'apln merge';
  if (typeof k?.model !== 'string' || typeof k.seed !== 'number')
    throw new InputError(where, 'not a simulate partial (its key has no model or seed)');
  const entry = requireModel(env.registry, k.model);
  const decoded = entry.codec.decode(k.config);
  if (decoded._tag === 'Left')
    throw new InputError(
      where,
      `the config in the key does not decode for ${k.model}: ${firstProblem(decoded.left).problem}`,
    );
  const model = entry.build(decoded.right);
  for (const p of parts) {
    const d = p.data as Partial<SimulationPartial> | null;
    if (d === null || typeof d !== 'object' || typeof d.fingerprints !== 'string' || !Array.isArray(d.findings)) {
      throw new InputError(p.file, 'data is not a simulation partial (fingerprints and findings missing)');
    }
  }
  const result = mergeSimulations(
    model,
    { seed: k.seed },
    parts.map((p) => p.data as SimulationPartial),
    k.config,
  );
  const report = reportRun({
    model,
    result,
    configJson: k.config,
    family: entry.family,
    outDir: options.out ?? 'out',
    decidedOnly: true,
  });
  io.out(options.json ? `${JSON.stringify(report)}\n` : formatRunReport(report));
  return report.ok ? EXIT.ok : EXIT.failed;
}
