/** `apln simulate MODEL [--seed S] [--traces N] [--steps K] …`: seeded random runs; writes violating traces. */
import { simulateAsync } from '../../checker/index.ts';
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
} as const;

export const SIMULATE_DEFAULTS = { seed: 0, traces: 100, steps: 50 } as const;

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
Simulation cannot prove that a property holds: a verdict it cannot decide is unknown and does not fail
the run. Exit: 1 when a decided verdict contradicts its expectation (or a deadlock), 0 otherwise, 2 bad input.`;

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'seeded random simulation of a model',
  usage,
  async run(args, io, env: Env) {
    const { flags, positionals, help } = parseArgs(args, FLAGS, 'simulate');
    if (help) {
      io.out(`${usage}\n`);
      return EXIT.ok;
    }
    expectPositionals(positionals, { command: 'simulate', names: ['MODEL'] });
    const entry = requireModel(env.registry, positionals[0] as string);
    const { config, json } = resolveConfig(entry, flags.set ?? []);
    const model = entry.build(config);
    const result = await withInterrupt(io, (stop) =>
      simulateAsync(
        model,
        {
          seed: flags.seed ?? SIMULATE_DEFAULTS.seed,
          traces: flags.traces ?? SIMULATE_DEFAULTS.traces,
          steps: flags.steps ?? SIMULATE_DEFAULTS.steps,
          ...(flags['time-limit'] === undefined ? {} : { timeLimit: flags['time-limit'] }),
          progress: (line) => io.err(`${entry.name}: ${line}\n`),
          shouldStop: stop,
        },
        json,
      ),
    );
    const report = reportRun({ model, result, configJson: json, family: entry.family, outDir: flags.out ?? 'out', decidedOnly: true });
    io.out(flags.json === true ? `${JSON.stringify(report)}\n` : formatRunReport(report));
    return report.ok ? EXIT.ok : EXIT.failed;
  },
};
