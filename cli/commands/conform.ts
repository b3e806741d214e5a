/**
 * `apln conform [--runs N] [--seed S] [--depth D] [--steps K] [--json] [--out DIR] [--mutant NAME] [--mutants]
 * [--list-mutants] [--replay FILE] [--adapter 'COMMAND'] [--timeout MS] [--shard i/N [--partial FILE]]`: the
 * conformance oracle (oracle/). With `--shard i/N` it runs the suites i, i+N, … and writes a partial file that
 * `apln merge` joins (`mergeConform`) into what the unsharded run prints.
 */
import {
  SUITES,
  conform,
  conformPartial,
  finishConform,
  formatConformReport,
  type ConformPartial,
  type ConformReport,
} from '../../oracle/conform.ts';
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
import type { Io } from '../io.ts';
import { defaultPartialName, parseShard, writePartial } from '../partial.ts';

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
  shard: { kind: 'string' },
  partial: { kind: 'string' },
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
  --shard i/N       run only the suites i, i+N, i+2N, … (0-based places in the list run; each suite keeps its
                    seed, so shards are disjoint) and write a partial file; apln merge joins the N partials
                    into exactly what the unsharded run prints
  --partial FILE    where --shard writes (default apln-conform.shard-i-of-N.json)
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
    const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
    if (flags.partial !== undefined && shard === undefined) throw new InputError('--partial', 'needs --shard i/N');
    if (shard !== undefined) {
      const other = (['list-mutants', 'replay', 'mutants', 'adapter', 'junit'] as const).find(
        (f) => flags[f] !== undefined,
      );
      if (other !== undefined)
        throw new InputError('--shard', `cannot be combined with --${other} (it shards the suites of one oracle run)`);
    }
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
    if (shard !== undefined) {
      const partial = conformPartial({ ...options, shard, ...(mutant === undefined ? {} : { mutant }) });
      const file = flags.partial ?? defaultPartialName('conform', shard);
      const key: ConformKey = {
        runs: options.runs,
        seed,
        depth: options.depth,
        steps,
        suite: flags.suite ?? null,
        mutant: mutant?.name ?? null,
      };
      writePartial(file, { format: 'apln-partial', version: 1, command: 'conform', key, shard, data: partial });
      io.out(
        `wrote ${file}: shard ${shard.index}/${shard.count}, ${partial.suites.length} suite(s), ${partial.suites.reduce((n, s) => n + s.report.runs, 0)} runs\n`,
      );
      return EXIT.ok;
    }
    const r = conform({ ...options, ...(mutant === undefined ? {} : { mutant }) });
    if (flags.junit !== undefined) writeOutput(flags.junit, conformJunit(r), '--junit');
    io.out(json ? `${JSON.stringify(r)}\n` : formatConformReport(r));
    return r.ok ? EXIT.ok : EXIT.failed;
  },
};

/** What every shard of one oracle run shares (the partial file's key). */
interface ConformKey {
  readonly runs: number;
  readonly seed: number;
  readonly depth: number;
  readonly steps: number;
  readonly suite: number | null;
  readonly mutant: string | null;
}

/** `apln merge` for conform partials: prints what the unsharded `apln conform` prints; exit 1 on a failure. */
export function mergeConform(
  key: unknown,
  parts: readonly { file: string; data: unknown }[],
  json: boolean,
  io: Io,
): number {
  const k = key as Partial<ConformKey> | null;
  if (k === null || typeof k !== 'object' || typeof k.depth !== 'number')
    throw new InputError(parts[0]?.file ?? 'apln merge', 'not a conform partial (its key has no depth)');
  const seen = new Map<number, string>();
  const data = parts.map((p) => {
    const d = p.data as Partial<ConformPartial> | null;
    if (
      d === null ||
      typeof d !== 'object' ||
      !Array.isArray(d.suites) ||
      !Array.isArray(d.exercised) ||
      !Array.isArray(d.schemes)
    )
      throw new InputError(p.file, 'data is not a conform partial (suites, exercised kinds and schemes expected)');
    for (const s of d.suites) {
      const earlier = seen.get(s.index);
      if (earlier !== undefined) throw new InputError(p.file, `repeats suite ${s.index + 1}, also in ${earlier}`);
      seen.set(s.index, p.file);
    }
    return d as ConformPartial;
  });
  const r: ConformReport = finishConform(data, k.depth, k.mutant ?? undefined);
  io.out(json ? `${JSON.stringify(r)}\n` : formatConformReport(r));
  return r.ok ? EXIT.ok : EXIT.failed;
}
