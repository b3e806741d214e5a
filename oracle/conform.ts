/**
 * The whole oracle run behind `apln conform`, for every scheme: for each suite (a variant and coalition chosen
 * so that together they enable every action kind), seeded fast-check runs and the model-guided coverage
 * replay through the binding that serves its variant; a report of runs, steps, divergences, property
 * violations and coverage, the action kinds exercised per scheme, and an ITF trace per counterexample.
 */
import { join } from 'node:path';
import type { AnyBinding, Mutant, Suite, SuitePath } from './binding.ts';
import { BINDINGS, bindingFor } from './bindings.ts';
import { coverage, type CoverageReport } from './coverage.ts';
import { configArb, configChanges, sampledModels } from './config-arb.ts';
import { fuzz, fuzzSampled } from './fuzz.ts';
import {
  addGuardCounts,
  countGuards,
  formatGuardCoverage,
  type GuardCounts,
  type GuardCoverage,
  guardCoverage,
} from './guard-coverage.ts';
import { caseSuite, guardCasesOf, runGuardCase } from './guard-directed.ts';
import { stepsForLabels } from './paths.ts';
import { describeFailure, runOracle, type Failure } from './run.ts';
import { buildOracleTrace, writeOracleTrace } from './trace.ts';

/**
 * Every scheme's default suites, scheme by scheme, then the sampled ones (so adding one leaves the others' places,
 * and so their seeds, as they were); `--suite N` is the N-th (1-based).
 */
const ALL_SUITES: readonly Suite[] = BINDINGS.flatMap((b) => b.suites);
export const SUITES: readonly Suite[] = [
  ...ALL_SUITES.filter((s) => s.sample === undefined),
  ...ALL_SUITES.filter((s) => s.sample !== undefined),
];

/** The coverage depth for `suite` under a requested depth. */
export function suiteDepth(suite: Suite, depth: number): number {
  return suite.maxDepth === undefined ? depth : Math.min(depth, suite.maxDepth);
}

/** The binding that drives `suite` (every default suite has one). */
function suiteBinding(suite: Suite): AnyBinding {
  const b = bindingFor(suite.variant);
  if (b === undefined) throw new Error(`conform: no binding serves variant ${suite.variant}`);
  return b;
}

/** The suite's model and config. */
export function suiteModel(suite: Suite) {
  const b = suiteBinding(suite);
  const config = b.suiteConfig(suite);
  return { binding: b, model: b.model(suite.variant, config), config };
}

/** What a suite's deep path runs on (`suiteModel`): the suite's own config, or with the path's `hubMayCrash`. */
export function pathModel(suite: Suite, path: SuitePath) {
  return suiteModel(path.hubMayCrash === undefined ? suite : { ...suite, hubMayCrash: path.hubMayCrash });
}

export interface ConformOptions {
  readonly runs: number;
  readonly seed: number;
  readonly depth: number;
  readonly maxSteps: number;
  readonly suites?: readonly Suite[];
  /** A mutant of some scheme: only that scheme's suites run. */
  readonly mutant?: Mutant;
  /** Where counterexample traces go (none written when undefined). */
  readonly outDir?: string;
  /** At most this many runs while shrinking a failure (fuzz's default 60). */
  readonly shrinkBudget?: number;
  readonly progress?: (line: string) => void;
  /** Run only the suites whose place in the (filtered) list is ≡ index (mod count): `apln conform --shard i/N`. */
  readonly shard?: { readonly index: number; readonly count: number };
  /** Called after each random run of each suite (scripts/budget-curve.ts: guard coverage by budget). */
  readonly onRandomRun?: (suite: string, run: number, guards: readonly string[]) => void;
}

export interface SuiteReport {
  readonly suite: string;
  readonly scheme: string;
  readonly runs: number;
  readonly modelSteps: number;
  readonly adversarySteps: number;
  readonly failures: readonly {
    readonly source: 'random' | 'coverage';
    readonly kind: Failure['kind'];
    readonly text: string;
    readonly trace?: string;
  }[];
  readonly coverage: Omit<CoverageReport, 'failure' | 'guards'>;
  /** Refusals per guard (impl/node/guards.ts) over the suite's runs (in-process runs only). */
  readonly guards?: GuardCounts;
}

/** One scheme's action kinds: exercised on the implementation (random runs and coverage), and the others with why. */
export interface SchemeKinds {
  readonly scheme: string;
  readonly kindsCovered: readonly string[];
  readonly kindsNotCovered: Readonly<Record<string, string>>;
}

export interface ConformReport {
  readonly ok: boolean;
  readonly runs: number;
  readonly steps: number;
  readonly divergences: number;
  readonly violations: number;
  /** Adapter crashes, hangs and malformed answers. */
  readonly adapterFailures: number;
  readonly suites: readonly SuiteReport[];
  /** Per scheme that ran. */
  readonly schemes: readonly SchemeKinds[];
  /** Which refusal guards of impl/node the runs drove the implementation into (in-process runs only). */
  readonly guardCoverage?: GuardCoverage;
  readonly mutant?: string;
}

/**
 * A suite's seed offset: its place in the default list when it is one of them, so `--suite N` runs suite N with
 * the seed it has in the full run (same figures, same counterexample); else its place in the list given.
 */
export function suiteSeedOffset<T>(defaults: readonly T[], suite: T, i: number): number {
  const d = defaults.indexOf(suite);
  return d >= 0 ? d : i;
}

/** The schemes' action kinds exercised, from a set of `scheme/kind` keys; `why` says why one was not. */
export function schemeKinds(
  bindings: readonly AnyBinding[],
  exercised: ReadonlySet<string>,
  why: (b: AnyBinding, kind: string) => string,
): SchemeKinds[] {
  return bindings.map((b) => {
    const notCovered: Record<string, string> = {};
    const covered: string[] = [];
    for (const k of b.actionKinds) {
      if (exercised.has(`${b.scheme}/${k}`)) covered.push(k);
      else notCovered[k] = b.unsupportedKinds[k] ?? why(b, k);
    }
    return { scheme: b.scheme, kindsCovered: covered.sort(), kindsNotCovered: notCovered };
  });
}

/**
 * What one shard of a run found (`conformPartial`): its suites' reports with their places in the whole
 * list, the `scheme/kind` keys exercised and the schemes that ran. `finishConform` joins the partials of
 * every shard into the report the unsharded run gives.
 */
export interface ConformPartial {
  readonly suites: readonly { readonly index: number; readonly report: SuiteReport }[];
  readonly exercised: readonly string[];
  readonly schemes: readonly string[];
}

/** The whole run: `conformPartial` of every suite, finished. */
export function conform(opts: ConformOptions): ConformReport {
  const { shard: _shard, ...whole } = opts;
  return finishConform([conformPartial(whole)], opts.depth, opts.mutant?.name);
}

/** The report of a run from the partials of its shards (every suite in exactly one of them). */
export function finishConform(parts: readonly ConformPartial[], depth: number, mutant?: string): ConformReport {
  const suites = parts.flatMap((p) => p.suites).sort((a, b) => a.index - b.index);
  const exercised = new Set(parts.flatMap((p) => p.exercised));
  const ran = new Set(parts.flatMap((p) => p.schemes));
  const kinds = schemeKinds(
    BINDINGS.filter((b) => ran.has(b.scheme)),
    exercised,
    () => `not reached within depth ${depth} nor in the random runs`,
  );
  const reports = suites.map((s) => s.report);
  const counts: Record<string, number> = {};
  for (const r of reports) addGuardCounts(counts, r.guards ?? {});
  return summarize(
    reports,
    kinds,
    mutant,
    guardCoverage(
      counts,
      reports.reduce((n, r) => n + r.runs, 0),
    ),
  );
}

/** The suites of `opts.shard` (all without it), run. */
export function conformPartial(opts: ConformOptions): ConformPartial {
  const owner = opts.mutant === undefined ? undefined : BINDINGS.find((b) => b.mutants.includes(opts.mutant));
  const suites = (opts.suites ?? SUITES).filter((s) => owner === undefined || suiteBinding(s) === owner);
  const reports: { index: number; report: SuiteReport }[] = [];
  const exercised = new Set<string>();
  const ran = new Set<string>();
  for (const [i, suite] of suites.entries()) {
    if (opts.shard !== undefined && i % opts.shard.count !== opts.shard.index) continue;
    const { binding, model, config } = suiteModel(suite);
    ran.add(binding.scheme);
    const kind = (k: string): void => void exercised.add(`${binding.scheme}/${k}`);
    const seed = opts.seed + suiteSeedOffset(SUITES, suite, i);
    const setup = { model, seed, ...(opts.mutant === undefined ? {} : { mutant: opts.mutant }) };
    const failures: SuiteReport['failures'][number][] = [];
    const record = (source: 'random' | 'coverage', failure: Failure, trace?: string, context?: string): void => {
      failures.push({
        source,
        kind: failure.kind,
        text: `${describeFailure(failure)}${context === undefined ? '' : `; ${context}`}`,
        ...(trace === undefined ? {} : { trace }),
      });
    };
    opts.progress?.(
      `${suite.name}: ${opts.runs} random runs${suite.sample === undefined ? '' : ', each on its own config'}`,
    );
    const fuzzOpts = {
      runs: opts.runs,
      seed,
      maxSteps: opts.maxSteps,
      ...(opts.shrinkBudget === undefined ? {} : { shrinkBudget: opts.shrinkBudget }),
      ...(opts.onRandomRun === undefined
        ? {}
        : { onRun: (run: number, g: readonly string[]) => opts.onRandomRun?.(suite.name, run, g) }),
    };
    const models = sampledModels(binding, suite.variant);
    const f =
      suite.sample === undefined
        ? fuzz(binding, setup, fuzzOpts)
        : fuzzSampled(binding, setup, configArb(binding, suite, models), models, fuzzOpts);
    f.kinds.forEach(kind);
    if (f.counterexample !== undefined) {
      const ce = f.counterexample;
      const text = describeFailure(ce.failure);
      const runConfig = ce.config ?? config;
      const runModel = ce.config === undefined ? model : models(ce.config);
      const trace =
        opts.outDir === undefined
          ? undefined
          : writeOracleTrace(
              join(opts.outDir, `conform-${i + 1}-${suite.name.replace(/[^A-Za-z0-9]+/g, '-').replace(/-$/, '')}`),
              buildOracleTrace({
                model: runModel,
                configJson: runConfig,
                outcome: ce.outcome,
                failure: ce.failure,
                failureText: text,
                oracle: {
                  variant: suite.variant,
                  worldSeed: seed,
                  steps: [...ce.steps],
                  failure: text,
                  fcSeed: ce.seed,
                  fcPath: ce.path,
                  ...(opts.mutant === undefined ? {} : { mutant: opts.mutant.name }),
                },
              }),
            );
      record(
        'random',
        ce.failure,
        trace,
        ce.config === undefined
          ? undefined
          : `on the config drawn for the run (changes from the suite's): ${JSON.stringify(configChanges(binding, suite, ce.config))}`,
      );
    }
    const depth = suiteDepth(suite, opts.depth);
    opts.progress?.(`${suite.name}: coverage to depth ${depth}`);
    const c = coverage(binding, setup, { depth });
    c.kinds.forEach(kind);
    if (c.failure !== undefined) record('coverage', c.failure.failure);
    const guards: Record<string, number> = {};
    addGuardCounts(guards, f.guards);
    addGuardCounts(guards, c.guards);
    let deepSteps = 0;
    for (const path of suite.paths ?? []) {
      const m = pathModel(suite, path).model;
      const outcome = runOracle(binding, { ...setup, model: m }, stepsForLabels(binding, m, path.labels));
      deepSteps += outcome.modelSteps;
      countGuards(guards, outcome.guards);
      for (const r of outcome.records) if (r.action !== undefined) kind(r.action.kind);
      if (outcome.failure !== undefined) record('coverage', outcome.failure);
    }
    // Guard-directed runs: each must be refused by its guard (guard-directed.ts). They run with the suite's own
    // world seed whatever --seed says: each was chosen under it (an altered point may decode or not under other keys).
    const directed = guardCasesOf(binding, suite);
    const caseSetup = { ...setup, seed: suiteSeedOffset(SUITES, suite, i) };
    let directedSteps = 0;
    let directedStutters = 0;
    for (const gc of directed) {
      const own = caseSuite(suite, gc);
      const caseModel = own === suite ? caseSetup.model : suiteModel(own).model;
      const { outcome, failure } = runGuardCase(binding, { ...caseSetup, model: caseModel }, gc);
      directedSteps += outcome.modelSteps;
      directedStutters += outcome.adversarySteps;
      countGuards(guards, outcome.guards);
      if (failure !== undefined) record('coverage', failure);
    }
    const { failure: _f, guards: _g, ...cov } = c;
    const deepRuns = (suite.paths?.length ?? 0) + directed.length;
    reports.push({
      index: i,
      report: {
        suite: suite.name,
        scheme: binding.scheme,
        runs: f.runs + c.paths + deepRuns,
        modelSteps: f.modelSteps + c.steps + deepSteps + directedSteps,
        adversarySteps: f.adversarySteps + directedStutters,
        failures,
        coverage: cov,
        guards,
      },
    });
    opts.progress?.(`${suite.name}: done`);
  }
  return { suites: reports, exercised: [...exercised].sort(), schemes: [...ran] };
}

/** The report's totals from the suites' reports. */
export function summarize(
  reports: readonly SuiteReport[],
  schemes: readonly SchemeKinds[],
  mutant?: string,
  guards?: GuardCoverage,
): ConformReport {
  const failures = reports.flatMap((r) => r.failures);
  return {
    ok: failures.length === 0,
    runs: reports.reduce((n, r) => n + r.runs, 0),
    steps: reports.reduce((n, r) => n + r.modelSteps + r.adversarySteps, 0),
    divergences: failures.filter((x) => x.kind === 'divergence' || x.kind === 'refusal').length,
    adapterFailures: failures.filter((x) => x.kind === 'adapter').length,
    violations: failures.filter((x) => x.kind === 'violation').length,
    suites: reports,
    schemes,
    ...(guards === undefined ? {} : { guardCoverage: guards }),
    ...(mutant === undefined ? {} : { mutant }),
  };
}

export function formatConformReport(r: ConformReport): string {
  const lines: string[] = [];
  if (r.mutant !== undefined) lines.push(`mutant: ${r.mutant}`);
  for (const s of r.suites) {
    const c = s.coverage;
    lines.push(
      `${s.suite}: ${s.runs} runs, ${s.modelSteps} model steps, ${s.adversarySteps} adversarial steps; coverage depth ${c.depth}: ${c.transitionsCovered}/${c.transitions} transitions, ${c.states} states, ${c.paths} paths`,
    );
    for (const f of s.failures)
      lines.push(`  ${f.source}: ${f.text}${f.trace === undefined ? '' : `\n    trace: ${f.trace}`}`);
  }
  for (const k of r.schemes) {
    lines.push(
      `${k.scheme} action kinds exercised on the implementation (${k.kindsCovered.length}): ${k.kindsCovered.join(', ')}`,
    );
    for (const [kind, why] of Object.entries(k.kindsNotCovered)) lines.push(`  not exercised: ${kind}: ${why}`);
  }
  if (r.guardCoverage !== undefined) lines.push(...formatGuardCoverage(r.guardCoverage));
  lines.push(
    `total: ${r.runs} runs, ${r.steps} steps, ${r.divergences} divergence(s), ${r.violations} property violation(s)${r.adapterFailures > 0 ? `, ${r.adapterFailures} adapter failure(s)` : ''}: ${r.ok ? 'OK' : 'FAILED'}`,
  );
  return `${lines.join('\n')}\n`;
}
