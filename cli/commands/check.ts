/**
 * `apln check [MODEL] [--set k=v …] [--strategy bfs|dfs] [--json] [--out DIR] [limits]`: exhaustive check
 * of one model, or with no MODEL of every protocol variant on its defaults (the variants × properties
 * table). Writes every counterexample and witness trace to --out.
 */
import { findModel } from '../../checker/index.ts';
import { checkParallel, defaultWorkers } from '../../checker/parallel.ts';
import { MODEL_MODULES } from '../model-modules.ts';
import type { ModelEntry } from '../../checker/index.ts';
import { checkOutDir } from '../../traces/out-dir.ts';
import { expectPositionals, parseArgs } from '../args.ts';
import { EXIT, type Command } from '../command.ts';
import { resolveConfig } from '../config.ts';
import type { Io } from '../io.ts';
import { requireModel, type Env } from '../registry.ts';
import { formatRunReport, reportRun, type RunReport } from '../run-report.ts';
import { formatTable } from '../table.ts';
import { InputError } from '../../util/input-error.ts';
import { checkJunit } from '../../report/junit.ts';
import { fileUrl, writeDesignersReport } from '../designers-report.ts';
import { writeOutput } from '../write-output.ts';
import * as path from 'node:path';

const FLAGS = {
  set: { kind: 'repeat' },
  strategy: { kind: 'string', choices: ['bfs', 'dfs'] },
  json: { kind: 'boolean' },
  out: { kind: 'string' },
  'max-states': { kind: 'positive-int' },
  'max-depth': { kind: 'nat' },
  'time-limit': { kind: 'seconds' },
  'no-deadlock': { kind: 'boolean' },
  workers: { kind: 'positive-int' },
  'parallel-after': { kind: 'nat' },
  junit: { kind: 'string' },
  'no-report': { kind: 'boolean' },
} as const;

const usage = `Usage: apln check [MODEL] [options]

Checks MODEL exhaustively and reports every property's verdict against its expectation. With no MODEL,
checks every protocol variant (every registered model outside the 'classic' family) on its defaults and
prints the variants × properties table.

Options:
  --set KEY=VALUE     override a parameter (repeatable); VALUE is JSON when it parses, else a string
  --strategy bfs|dfs  search order (default bfs: shortest counterexamples)
  --max-states N      stop after N distinct states (verdicts not yet decided become unknown)
  --max-depth N       do not expand states deeper than N steps
  --time-limit S      stop after S seconds
  --no-deadlock       do not report deadlocks
  --workers N         worker threads for BFS (default 1; this machine has ${defaultWorkers()} cores); a run goes parallel
                      after --parallel-after S whole seconds (default 0.1) once a BFS level reaches 50,000 states (0: at
                      once, whatever the level), at a level boundary, with the same counts and verdicts (DFS,
                      --max-states and quantities run single-threaded)
  --out DIR           where traces are written (default out/)
  --json              print one JSON object on stdout and nothing else there
  --junit FILE        also write JUnit XML to FILE: one test case per variant × property clause
  --no-report         with no MODEL: do not write the HTML report
With no MODEL (and no --json), also writes the JSON results to <out>/check.json and the designers' report
to <out>/report.html (apln report), and prints its path after the table.
Ctrl-C stops cleanly with partial figures, like a limit.
Exit: 0 every property met its expectation, 1 one did not (or a deadlock), 2 bad input.`;

export type Flags = ReturnType<typeof parseArgs<typeof FLAGS>>['flags'];

async function runOne(
  entry: ModelEntry<unknown>,
  settings: readonly string[],
  flags: Flags,
  io: Io,
  stop: () => boolean,
): Promise<RunReport> {
  const { config, json } = resolveConfig(entry, settings);
  const model = entry.build(config);
  // Workers rebuild the model by name: only a model of the global registry can go parallel.
  const registered = findModel(entry.name) === entry;
  // Default 1: on the shared 2-core machine it was measured on, 2 workers took more wall time than 1
  // (bench/README.md, scaling); parallel runs are opt-in until that overhead is found.
  const workers = registered ? (flags.workers ?? 1) : 1;
  const result = await checkParallel(
    model,
    {
      strategy: flags.strategy === 'dfs' ? 'dfs' : 'bfs',
      ...(flags['max-states'] === undefined ? {} : { maxStates: flags['max-states'] }),
      ...(flags['max-depth'] === undefined ? {} : { maxDepth: flags['max-depth'] }),
      ...(flags['time-limit'] === undefined ? {} : { timeLimit: flags['time-limit'] }),
      checkDeadlock: flags['no-deadlock'] !== true,
      progress: (line) => io.err(`${entry.name}: ${line}\n`),
      shouldStop: stop,
    },
    {
      workers,
      registered: { name: entry.name, config, modules: MODEL_MODULES },
      ...(flags['parallel-after'] === undefined ? {} : { warmup: flags['parallel-after'] }),
    },
    json,
  );
  return reportRun({
    model,
    result,
    configJson: json,
    family: entry.family,
    outDir: flags.out ?? 'out',
    ...(entry.abstracts === undefined ? {} : { abstracts: entry.abstracts }),
  });
}

/**
 * Every protocol variant (every registered model outside the 'classic' family; the classic ones when none is
 * registered) on its defaults, as `apln check --json` with no MODEL prints it.
 */
export async function checkAll(
  flags: Flags,
  io: Io,
  env: Env,
): Promise<{
  reports: RunReport[];
  entries: number;
  ok: boolean;
  json: { note?: string; ok: boolean; models: RunReport[] };
}> {
  const all = env.registry.list();
  const protocol = all.filter((e) => e.family !== 'classic');
  const entries = protocol.length > 0 ? protocol : all;
  const note =
    protocol.length > 0
      ? undefined
      : 'no protocol variants are registered yet (model/ has not landed): checking the classic models instead';
  if (entries.length === 0) throw new InputError('apln check', 'no models are registered');
  if (note !== undefined && flags.json !== true) io.out(`note: ${note}\n\n`);
  const reports: RunReport[] = [];
  await withInterrupt(io, async (stop) => {
    for (const entry of entries) {
      if (stop()) break;
      reports.push(await runOne(entry, [], flags, io, stop));
    }
  });
  const ok = reports.length === entries.length && reports.every((r) => r.ok);
  return {
    reports,
    entries: entries.length,
    ok,
    json: { ...(note === undefined ? {} : { note }), ok, models: reports },
  };
}

/** Runs `f` with a Ctrl-C handler that asks the running check to stop. */
export async function withInterrupt<T>(io: Io, f: (stop: () => boolean) => Promise<T>): Promise<T> {
  let stopped = false;
  const off = io.onInterrupt(() => {
    if (!stopped) io.err('\ninterrupted: stopping with partial figures (Ctrl-C again quits at once)\n');
    stopped = true;
  });
  try {
    return await f(() => stopped);
  } finally {
    off();
  }
}

export const checkCommand: Command = {
  name: 'check',
  summary: 'check a model exhaustively (no MODEL: every protocol variant, as a table)',
  usage,
  async run(args, io, env: Env) {
    const { flags, positionals, help } = parseArgs(args, FLAGS, 'check');
    if (flags.out !== undefined) checkOutDir(flags.out);
    if (help) {
      io.out(`${usage}\n`);
      return EXIT.ok;
    }
    expectPositionals(positionals, { command: 'check', names: ['MODEL'], optional: 1 });
    const name = positionals[0];
    if (name !== undefined) {
      const entry = requireModel(env.registry, name);
      const report = await withInterrupt(io, (stop) => runOne(entry, flags.set ?? [], flags, io, stop));
      if (flags.junit !== undefined) writeOutput(flags.junit, checkJunit([report]), '--junit');
      io.out(flags.json === true ? `${JSON.stringify(report)}\n` : formatRunReport(report));
      return report.ok ? EXIT.ok : EXIT.failed;
    }
    if (flags.set !== undefined) throw new InputError('--set', 'needs a MODEL (apln check MODEL --set key=value)');
    const all = await checkAll(flags, io, env);
    if (flags.junit !== undefined) writeOutput(flags.junit, checkJunit(all.reports), '--junit');
    if (flags.json === true) {
      io.out(`${JSON.stringify(all.json)}\n`);
      return all.ok ? EXIT.ok : EXIT.failed;
    }
    io.out(formatTable(all.reports));
    if (all.reports.length < all.entries)
      io.out(`interrupted: ${all.entries - all.reports.length} variant(s) not checked\n`);
    if (flags['no-report'] !== true && all.reports.length > 0) {
      const out = flags.out ?? 'out';
      const jsonFile = path.join(out, 'check.json');
      writeOutput(jsonFile, `${JSON.stringify(all.json)}\n`, `--out ${out}`);
      const page = writeDesignersReport(out, [jsonFile], { familyOf: (m) => env.registry.find(m)?.family });
      io.out(
        `\nreport: ${page.file} (${page.variants} variants, ${page.traces} traces; open it in a browser: ${fileUrl(page.file)})\n`,
      );
    }
    return all.ok ? EXIT.ok : EXIT.failed;
  },
};
