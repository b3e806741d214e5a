/**
 * `apln conform [--runs N] [--seed S] [--depth D] [--steps K] [--json] [--out DIR] [--mutant NAME] [--mutants]
 * [--list-mutants] [--replay FILE] [--adapter 'COMMAND'] [--timeout MS]`: the conformance oracle (oracle/).
 */
import { SUITES, conform, formatConformReport } from '../../oracle/conform.ts';
import { BINDINGS } from '../../oracle/bindings.ts';
import { conformViaAdapter } from '../../oracle/adapter/conform-adapter.ts';
import { huntMutant } from '../../oracle/hunt.ts';
import { replayAgainstImpl } from '../../oracle/replay-against-impl.ts';
import { describeFailure } from '../../oracle/run.ts';
import { InputError } from '../../util/input-error.ts';
import { checkOutDir } from '../../traces/out-dir.ts';
import { expectPositionals, parseArgs } from '../args.ts';
import { EXIT, type Command } from '../command.ts';
import { conformJunit } from '../../report/junit.ts';
import { writeOutput } from '../write-output.ts';

const FLAGS = {
  runs: { kind: 'positive-int' },
  seed: { kind: 'nat' },
  depth: { kind: 'positive-int' },
  steps: { kind: 'positive-int' },
  json: { kind: 'boolean' },
  out: { kind: 'string' },
  mutant: { kind: 'string' },
  mutants: { kind: 'boolean' },
  'list-mutants': { kind: 'boolean' },
  replay: { kind: 'string' },
  adapter: { kind: 'string' },
  timeout: { kind: 'positive-int' },
  suite: { kind: 'positive-int' },
  junit: { kind: 'string' },
} as const;

export const CONFORM_DEFAULTS = { runs: 25, seed: 0, depth: 6, steps: 30, timeoutMs: 10_000, mutantRuns: 100 } as const;

const usage = `Usage: apln conform [options]

Drives the implementation (impl/) and the protocol model side by side: seeded fast-check runs of model
actions and adversarial steps (crash and restart, replayed and forged messages), then the model-guided
coverage replay (one path per distinct transition of the model's BFS up to depth D). After every step the
implementation's abstraction is compared with the model's state and the properties are evaluated on it.

Options:
  --runs N          random runs per suite (default ${CONFORM_DEFAULTS.runs})
  --seed S          fast-check and world seed, an integer ≥ 0 (default ${CONFORM_DEFAULTS.seed})
  --depth D         coverage BFS depth (default ${CONFORM_DEFAULTS.depth})
  --steps K         at most K steps per random run (default ${CONFORM_DEFAULTS.steps})
  --out DIR         where counterexample traces are written (default out/)
  --junit FILE      also write JUnit XML to FILE: one test case per suite, a failure per divergence with its trace
  --json            print one JSON object on stdout
  --mutant NAME     run against a deliberately broken implementation (see --list-mutants): the suites of
                    its scheme only
  --mutants         hunt every mutant; print how many runs each took to be caught
  --list-mutants    list the mutants
  --replay FILE     rerun a counterexample trace written by apln conform against the implementation
  --adapter 'CMD'   drive an external adapter process (JSON lines on stdin/stdout, spec/12-adapter-protocol.md)
  --timeout MS      per-step timeout for --adapter (default ${CONFORM_DEFAULTS.timeoutMs})
  --suite I         run only suite I (1-based) of: ${SUITES.map((x, i) => `${i + 1} ${x.name}`).join('; ')}
Exit: 0 no divergence and no violation (--mutants: every mutant caught; --replay: the failure reproduces),
1 otherwise, 2 bad input.`;

export const conformCommand: Command = {
  name: 'conform',
  summary: 'conformance oracle: the implementation against the model',
  usage,
  async run(args, io) {
    const { flags, positionals, help } = parseArgs(args, FLAGS, 'conform');
    if (flags.out !== undefined) checkOutDir(flags.out);
    if (help) {
      io.out(`${usage}\n`);
      return EXIT.ok;
    }
    expectPositionals(positionals, { command: 'conform', names: [] });
    const json = flags.json === true;
    if (flags['list-mutants'] === true) {
      const all = BINDINGS.flatMap((b) =>
        b.mutants.map((m) => ({ name: m.name, scheme: b.scheme, description: m.description })),
      );
      if (json) io.out(`${JSON.stringify(all)}\n`);
      else for (const m of all) io.out(`${m.name.padEnd(24)} ${m.scheme}  ${m.description}\n`);
      return EXIT.ok;
    }
    if (flags.replay !== undefined) {
      const r = replayAgainstImpl(flags.replay);
      const text = r.failureText ?? 'no failure';
      if (json)
        io.out(
          `${JSON.stringify({ file: flags.replay, recorded: r.meta.failure, replayed: text, reproduced: r.reproduced })}\n`,
        );
      else
        io.out(
          `recorded: ${r.meta.failure}\nreplayed: ${text}\n${r.reproduced ? 'the failure reproduces' : 'the failure does NOT reproduce'}\n`,
        );
      return r.reproduced ? EXIT.ok : EXIT.failed;
    }
    const seed = flags.seed ?? CONFORM_DEFAULTS.seed;
    const steps = flags.steps ?? CONFORM_DEFAULTS.steps;
    if (flags.mutants === true) {
      const results = BINDINGS.flatMap((b) =>
        b.mutants.map((m) =>
          huntMutant(b, m, { seed, maxRuns: flags.runs ?? CONFORM_DEFAULTS.mutantRuns, maxSteps: steps }),
        ),
      );
      if (json)
        io.out(
          `${JSON.stringify(results.map((r) => ({ mutant: r.mutant, runs: r.runs, caught: r.caughtAtRun !== undefined, ...(r.notHunted === true ? { notHunted: true } : {}), ...(r.failure === undefined ? {} : { failure: describeFailure(r.failure) }) })))}\n`,
        );
      else
        for (const r of results)
          io.out(
            `${r.mutant.padEnd(24)} ${r.notHunted === true ? 'not hunted by random runs (caught by its pinned path; --mutant NAME runs it)' : r.caughtAtRun === undefined ? `SURVIVED ${r.runs} runs` : `caught at run ${r.caughtAtRun}: ${describeFailure(r.failure!)}`}\n`,
          );
      return results.every((r) => r.caughtAtRun !== undefined || r.notHunted === true) ? EXIT.ok : EXIT.failed;
    }
    const mutants = BINDINGS.flatMap((b) => b.mutants);
    const mutant = flags.mutant === undefined ? undefined : mutants.find((m) => m.name === flags.mutant);
    if (flags.mutant !== undefined && mutant === undefined) {
      throw new InputError('--mutant', `no mutant '${flags.mutant}' (known: ${mutants.map((m) => m.name).join(', ')})`);
    }
    let suites = SUITES;
    if (flags.suite !== undefined) {
      if (flags.suite > SUITES.length)
        throw new InputError('--suite', `expected 1..${SUITES.length}, got ${flags.suite}`);
      suites = SUITES.slice(flags.suite - 1, flags.suite);
    }
    const options = {
      suites,
      runs: flags.runs ?? CONFORM_DEFAULTS.runs,
      seed,
      depth: flags.depth ?? CONFORM_DEFAULTS.depth,
      maxSteps: steps,
      outDir: flags.out ?? 'out',
      progress: (line: string) => io.err(`conform: ${line}\n`),
    };
    if (flags.adapter !== undefined) {
      if (mutant !== undefined)
        throw new InputError(
          '--mutant',
          'cannot be combined with --adapter (a mutant is an in-process implementation)',
        );
      const r = await conformViaAdapter({
        ...options,
        command: flags.adapter,
        timeoutMs: flags.timeout ?? CONFORM_DEFAULTS.timeoutMs,
      });
      if (flags.junit !== undefined) writeOutput(flags.junit, conformJunit(r), '--junit');
      io.out(json ? `${JSON.stringify(r)}\n` : formatConformReport(r));
      return r.ok ? EXIT.ok : EXIT.failed;
    }
    const r = conform({ ...options, ...(mutant === undefined ? {} : { mutant }) });
    if (flags.junit !== undefined) writeOutput(flags.junit, conformJunit(r), '--junit');
    io.out(json ? `${JSON.stringify(r)}\n` : formatConformReport(r));
    return r.ok ? EXIT.ok : EXIT.failed;
  },
};
