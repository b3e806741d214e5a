/**
 * The whole oracle run behind `apln conform`: for each suite (a variant and coalition chosen so that together
 * they enable every action kind), seeded fast-check runs and the model-guided coverage replay; a report of
 * runs, steps, divergences, property violations and coverage, and an ITF trace per counterexample.
 */
import { join } from 'node:path';
import { ACTION_REQUIREMENTS, type ActionKind } from '../model/scheme1/actions.ts';
import type { ProtocolConfig } from '../model/config.ts';
import { buildVariant } from '../variants/index.ts';
import type { ProtocolModel } from '../model/scheme1/machine.ts';
import type { Party } from '../model/parties.ts';
import { coverage, type CoverageReport } from './coverage.ts';
import { fuzz } from './fuzz.ts';
import type { Mutant } from './mutants/mutant.ts';
import { stepsForLabels } from './paths.ts';
import { describeFailure, runOracle, type Failure } from './run.ts';
import { UNSUPPORTED_ACTIONS } from './step.ts';
import { buildOracleTrace, writeOracleTrace } from './trace.ts';
import { conformScheme2, type Scheme2SuiteReport } from './scheme2/conform.ts';
import type { Mutant2 } from './scheme2/run.ts';

export interface Suite {
  readonly name: string;
  readonly variant: string;
  readonly deviating: readonly Party[];
  readonly hubMayCrash?: boolean;
  /** The deepest coverage this suite replays (its BFS grows fast: two deviating parties share knowledge). */
  readonly maxDepth?: number;
  /** Config keys on top of the variant's defaults (a longer horizon). */
  readonly config?: Partial<Pick<ProtocolConfig, 'maxHeight'>>;
  /** Paths deeper than the coverage depth, by action label, replayed after it (each must be enabled in turn). */
  readonly paths?: readonly (readonly string[])[];
}

/** The payment up to B's claim: S bought s_A and holds U(n+1) complete. */
const PAID = ['PayerHubSignSettlement', 'PayerSendBundle', 'PayeeComeOnline', 'MailboxDeliver', 'PayeeSendInvoice', 'HubCheckAndOfferPtlc', 'PayeeClaimPtlc'];

/** The coverage depth for `suite` under a requested depth. */
export function suiteDepth(suite: Suite, depth: number): number {
  return suite.maxDepth === undefined ? depth : Math.min(depth, suite.maxDepth);
}

/**
 * The default suites: together they enable every action kind the oracle drives (direct, timeout, receipt and both
 * splits); A's and B's second sale (PayerResellSecret, PayeeResellSecret) need an honest S and a deviating A or B,
 * CoalitionShare two deviating parties (S and B: S can complete U(n+1) with s_A from B, without paying).
 */
export const SUITES: readonly Suite[] = [
  { name: 'direct, S deviating', variant: 'scheme1-direct', deviating: ['S'] },
  { name: 'direct, all honest, S may crash', variant: 'scheme1-direct', deviating: [], hubMayCrash: true },
  { name: 'direct, A deviating', variant: 'scheme1-direct', deviating: ['A'], maxDepth: 5 },
  { name: 'direct, B deviating', variant: 'scheme1-direct', deviating: ['B'] },
  { name: 'direct, S and B deviating', variant: 'scheme1-direct', deviating: ['S', 'B'], maxDepth: 4 },
  { name: 'timeout, B deviating', variant: 'scheme1-timeout', deviating: ['B'],
    paths: [
      // A stays away after the sale: S closes at pending timeout − D (R-06-04), settles, sweeps the claim leaf (16 steps).
      [...PAID, 'ChainAdvance', 'ChainAdvance', 'ChainAdvance', 'HubPublishUpdate', 'ChainAdvance', 'ChainAdvance', 'HubPublishSettlement', 'ChainAdvance', 'HubSweepClaimLeaf'],
      // B never invoices: A, back, closes with U(n) at the pending timeout (expiry + D = 9) and settles St(n) (16 steps).
      ['PayerHubSignSettlement', 'PayerSendBundle', 'PayerComeBack', ...Array<string>(9).fill('ChainAdvance'), 'PayerTimeoutClose', 'ChainAdvance', 'ChainAdvance', 'PayerPublishSettlement'],
    ] },
  { name: 'receipt, S deviating', variant: 'scheme1-receipt', deviating: ['S'] },
  { name: 'split same point, P2 deviating', variant: 'scheme1-split-same-point', deviating: ['P2'] },
  { name: 'split decorrelated, P2 deviating', variant: 'scheme1-split-decorrelated', deviating: ['P2'] },
];

export function suiteModel(s: Suite): { model: ProtocolModel; config: ProtocolConfig } {
  const base = buildVariant(s.variant).ctx.config;
  const config: ProtocolConfig = { ...base, ...s.config, deviating: s.deviating, ...(s.hubMayCrash === undefined ? {} : { hubMayCrash: s.hubMayCrash }) };
  return { model: buildVariant(s.variant, config), config };
}

/**
 * The default scheme-2 suites (`scheme2-payee-presigned`), by coalition: together they exercise all 14 scheme-2
 * action kinds on the implementation. A and S deviating: S's withheld claim (A's refund), and CoalitionShare with
 * a member acting on what it was told; B deviating: B's cancel and A forwarding the update.
 */
export const SCHEME2_SUITES: readonly (readonly Party[])[] = [['A', 'S'], ['B']];

export interface ConformOptions {
  readonly runs: number;
  readonly seed: number;
  readonly depth: number;
  readonly maxSteps: number;
  readonly suites?: readonly Suite[];
  /** Scheme-2 suites by coalition (default `SCHEME2_SUITES`; none while a scheme-1 mutant runs). */
  readonly scheme2Suites?: readonly (readonly Party[])[];
  /** A scheme-1 mutant, or a scheme-2 one (`mutant2`: then only the scheme-2 suites run). */
  readonly mutant?: Mutant;
  readonly mutant2?: Mutant2;
  /** Where counterexample traces go (none written when undefined). */
  readonly outDir?: string;
  readonly progress?: (line: string) => void;
}

export interface SuiteReport {
  readonly suite: string;
  readonly runs: number;
  readonly modelSteps: number;
  readonly adversarySteps: number;
  readonly failures: readonly { readonly source: 'random' | 'coverage'; readonly kind: Failure['kind']; readonly text: string; readonly trace?: string }[];
  readonly coverage: Omit<CoverageReport, 'failure'>;
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
  /** Action kinds exercised on the implementation (random runs and coverage), and the others with why. */
  readonly kindsCovered: readonly string[];
  readonly kindsNotCovered: Readonly<Record<string, string>>;
  /** The same for scheme 2's action kinds (its suites are in `suites` too); absent when no scheme-2 suite ran. */
  readonly scheme2?: { readonly kindsCovered: readonly string[]; readonly kindsNotCovered: Readonly<Record<string, string>> };
  readonly mutant?: string;
}

export function conform(opts: ConformOptions): ConformReport {
  const suites = opts.mutant2 !== undefined ? [] : (opts.suites ?? SUITES);
  const reports: SuiteReport[] = [];
  const kinds = new Set<string>();
  for (const [i, suite] of suites.entries()) {
    const { model, config } = suiteModel(suite);
    const seed = opts.seed + suiteSeedOffset(SUITES, suite, i);
    const setup = { model, seed, ...(opts.mutant === undefined ? {} : { mutant: opts.mutant }) };
    const failures: SuiteReport['failures'][number][] = [];
    const record = (source: 'random' | 'coverage', failure: Failure, outcomeTrace: () => string | undefined): void => {
      const text = describeFailure(failure);
      const trace = outcomeTrace();
      failures.push({ source, kind: failure.kind, text, ...(trace === undefined ? {} : { trace }) });
    };
    opts.progress?.(`${suite.name}: ${opts.runs} random runs`);
    const f = fuzz(setup, { runs: opts.runs, seed, maxSteps: opts.maxSteps });
    for (const k of f.kinds) kinds.add(k);
    if (f.counterexample !== undefined) {
      const ce = f.counterexample;
      record('random', ce.failure, () =>
        opts.outDir === undefined
          ? undefined
          : writeOracleTrace(
              join(opts.outDir, `conform-${i + 1}-${suite.name.replace(/[^A-Za-z0-9]+/g, '-').replace(/-$/, '')}`),
              buildOracleTrace({
                model,
                configJson: config,
                outcome: ce.outcome,
                failure: ce.failure,
                failureText: describeFailure(ce.failure),
                oracle: { variant: suite.variant, worldSeed: setup.seed, steps: [...ce.steps], failure: describeFailure(ce.failure), fcSeed: ce.seed, fcPath: ce.path, ...(opts.mutant === undefined ? {} : { mutant: opts.mutant.name }) },
              }),
            ),
      );
    }
    const depth = suiteDepth(suite, opts.depth);
    opts.progress?.(`${suite.name}: coverage to depth ${depth}`);
    const c = coverage(setup, { depth });
    for (const k of c.kinds) kinds.add(k);
    if (c.failure !== undefined) record('coverage', c.failure.failure, () => undefined);
    let deepSteps = 0;
    for (const labels of suite.paths ?? []) {
      const outcome = runOracle(setup, stepsForLabels(model, labels));
      deepSteps += outcome.modelSteps;
      for (const r of outcome.records) if (r.action !== undefined) kinds.add(r.action.kind);
      if (outcome.failure !== undefined) record('coverage', outcome.failure, () => undefined);
    }
    const { failure: _f, ...cov } = c;
    const deepRuns = suite.paths?.length ?? 0;
    reports.push({ suite: suite.name, runs: f.runs + c.paths + deepRuns, modelSteps: f.modelSteps + c.steps + deepSteps, adversarySteps: f.adversarySteps, failures, coverage: cov });
  }
  const scheme2 = opts.mutant !== undefined ? [] : (opts.scheme2Suites ?? SCHEME2_SUITES);
  const reports2 = scheme2.map((deviating, j) => {
    const r = conformScheme2({
      runs: opts.runs,
      seed: opts.seed + SUITES.length + suiteSeedOffset(SCHEME2_SUITES, deviating, j),
      depth: opts.depth,
      deviating,
      maxSteps: opts.maxSteps,
      ...(opts.outDir === undefined ? {} : { outDir: opts.outDir }),
      ...(opts.mutant2 === undefined ? {} : { mutant: opts.mutant2 }),
    });
    opts.progress?.(`${r.suite}: done`);
    return r;
  });
  const summary = summarize([...reports, ...reports2], kinds, (k) => UNSUPPORTED_ACTIONS[k] ?? `not reached within depth ${opts.depth} nor in the random runs`, opts.mutant?.name ?? opts.mutant2?.name);
  if (suites.length === 0) return { ...summary, kindsNotCovered: {}, scheme2: scheme2Kinds(reports2) };
  return reports2.length === 0 ? summary : { ...summary, scheme2: scheme2Kinds(reports2) };
}

/**
 * A suite's seed offset: its place in the default list when it is one of them, so `--suite N` runs suite N with
 * the seed it has in the full run (same figures, same counterexample); else its place in the list given.
 */
export function suiteSeedOffset<T>(defaults: readonly T[], suite: T, i: number): number {
  const d = defaults.indexOf(suite);
  return d >= 0 ? d : i;
}

/** Scheme 2's action kinds over its suites: covered if any suite exercised it, else the first reason given. */
function scheme2Kinds(reports: readonly Scheme2SuiteReport[]): NonNullable<ConformReport['scheme2']> {
  const covered = new Set(reports.flatMap((r) => r.kindsCovered));
  const notCovered: Record<string, string> = {};
  for (const r of reports) for (const [k, why] of Object.entries(r.kindsNotCovered)) if (!covered.has(k) && notCovered[k] === undefined) notCovered[k] = why;
  return { kindsCovered: [...covered].sort(), kindsNotCovered: notCovered };
}

/** The report's totals from the suites' reports; `why` says why an action kind was not exercised. */
export function summarize(reports: readonly SuiteReport[], kinds: ReadonlySet<string>, why: (k: ActionKind) => string, mutant?: string): ConformReport {
  const notCovered: Record<string, string> = {};
  for (const k of Object.keys(ACTION_REQUIREMENTS) as ActionKind[]) if (!kinds.has(k)) notCovered[k] = why(k);
  const failures = reports.flatMap((r) => r.failures);
  return {
    ok: failures.length === 0,
    runs: reports.reduce((n, r) => n + r.runs, 0),
    steps: reports.reduce((n, r) => n + r.modelSteps + r.adversarySteps, 0),
    divergences: failures.filter((x) => x.kind === 'divergence' || x.kind === 'refusal').length,
    adapterFailures: failures.filter((x) => x.kind === 'adapter').length,
    violations: failures.filter((x) => x.kind === 'violation').length,
    suites: reports,
    kindsCovered: [...kinds].sort(),
    kindsNotCovered: notCovered,
    ...(mutant === undefined ? {} : { mutant }),
  };
}

export function formatConformReport(r: ConformReport): string {
  const lines: string[] = [];
  if (r.mutant !== undefined) lines.push(`mutant: ${r.mutant}`);
  for (const s of r.suites) {
    const c = s.coverage;
    lines.push(`${s.suite}: ${s.runs} runs, ${s.modelSteps} model steps, ${s.adversarySteps} adversarial steps; coverage depth ${c.depth}: ${c.transitionsCovered}/${c.transitions} transitions, ${c.states} states, ${c.paths} paths`);
    for (const f of s.failures) lines.push(`  ${f.source}: ${f.text}${f.trace === undefined ? '' : `\n    trace: ${f.trace}`}`);
  }
  const scheme1 = r.scheme2 === undefined ? '' : 'scheme-1 ';
  if (r.kindsCovered.length > 0 || Object.keys(r.kindsNotCovered).length > 0) lines.push(`${scheme1}action kinds exercised on the implementation (${r.kindsCovered.length}): ${r.kindsCovered.join(', ')}`);
  for (const [k, why] of Object.entries(r.kindsNotCovered)) lines.push(`  not exercised: ${k}: ${why}`);
  if (r.scheme2 !== undefined) {
    lines.push(`scheme-2 action kinds exercised on the implementation (${r.scheme2.kindsCovered.length}): ${r.scheme2.kindsCovered.join(', ')}`);
    for (const [k, why] of Object.entries(r.scheme2.kindsNotCovered)) lines.push(`  not exercised: ${k}: ${why}`);
  }
  lines.push(`total: ${r.runs} runs, ${r.steps} steps, ${r.divergences} divergence(s), ${r.violations} property violation(s)${r.adapterFailures > 0 ? `, ${r.adapterFailures} adapter failure(s)` : ''}: ${r.ok ? 'OK' : 'FAILED'}`);
  return `${lines.join('\n')}\n`;
}
