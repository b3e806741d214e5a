/**
 * `conformScheme2`: one scheme-2 suite of the conformance oracle (`scheme2-payee-presigned` with a given
 * coalition): seeded fast-check runs and the model-guided coverage replay, reported in conform.ts's
 * `SuiteReport` shape (plus the action kinds exercised and not exercised, with why), with an ITF trace per
 * counterexample when `outDir` is given. `formatScheme2Report` prints it as conform.ts prints a suite.
 */
import { join } from 'node:path';
import { buildScheme2Variant } from '../../variants/index.ts';
import type { ProtocolConfig } from '../../model/config.ts';
import type { Party } from '../../model/parties.ts';
import { SCHEME2_REQUIREMENTS, type Scheme2ActionKind } from '../../model/scheme2/actions.ts';
import { SCHEME2 } from '../../model/scheme2/variants.ts';
import { InputError } from '../../util/input-error.ts';
import type { SuiteReport } from '../conform.ts';
import { describeFailure, type Failure } from '../run.ts';
import { writeOracleTrace } from '../trace.ts';
import { coverage2 } from './coverage.ts';
import { fuzz2 } from './fuzz.ts';
import type { Mutant2 } from './run.ts';
import { UNSUPPORTED_ACTIONS2 } from './step.ts';
import { buildOracle2Trace } from './trace.ts';

export interface Scheme2ConformOptions {
  readonly runs: number;
  readonly seed: number;
  readonly depth: number;
  /** The coalition (default: the variant's, S deviating). Parties of scheme 2: A, S, B, M. */
  readonly deviating?: readonly string[];
  /** Steps per random run (default 30, as conform.ts). */
  readonly maxSteps?: number;
  readonly mutant?: Mutant2;
  readonly outDir?: string;
  /** At most this many runs while shrinking a failure (fuzz2's default 60). */
  readonly shrinkBudget?: number;
}

export interface Scheme2SuiteReport extends SuiteReport {
  /** Action kinds exercised on the implementation (random runs and coverage), and the others with why. */
  readonly kindsCovered: readonly string[];
  readonly kindsNotCovered: Readonly<Record<string, string>>;
  readonly mutant?: string;
}

const SCHEME2_PARTIES = ['A', 'S', 'B', 'M'];

export function scheme2Config(deviating?: readonly string[]): ProtocolConfig {
  if (deviating === undefined) return SCHEME2.defaults;
  for (const p of deviating) if (!SCHEME2_PARTIES.includes(p)) throw new InputError('deviating', `unknown scheme-2 party ${JSON.stringify(p)} (known: A, S, B, M)`);
  const order = SCHEME2_PARTIES.filter((p) => deviating.includes(p));
  return { ...SCHEME2.defaults, deviating: order as Party[] };
}

export function scheme2SuiteName(deviating: readonly string[]): string {
  return `scheme 2, ${deviating.length === 0 ? 'all honest' : `${deviating.join(' + ')} deviating`}`;
}

export function conformScheme2(opts: Scheme2ConformOptions): Scheme2SuiteReport {
  for (const [k, v] of [['runs', opts.runs], ['seed', opts.seed], ['depth', opts.depth], ['maxSteps', opts.maxSteps ?? 1], ['shrinkBudget', opts.shrinkBudget ?? 0]] as const) {
    if (!Number.isSafeInteger(v) || v < 0) throw new InputError(k, `expected a non-negative integer, got ${String(v)}`);
  }
  const config = scheme2Config(opts.deviating);
  const model = buildScheme2Variant(config);
  const name = scheme2SuiteName(config.deviating);
  const setup = { model, seed: opts.seed, ...(opts.mutant === undefined ? {} : { mutant: opts.mutant }) };
  const failures: SuiteReport['failures'][number][] = [];
  const kinds = new Set<string>();
  const record = (source: 'random' | 'coverage', failure: Failure, trace?: string): void => {
    failures.push({ source, kind: failure.kind, text: describeFailure(failure), ...(trace === undefined ? {} : { trace }) });
  };
  const f = fuzz2(setup, { runs: opts.runs, seed: opts.seed, maxSteps: opts.maxSteps ?? 30, ...(opts.shrinkBudget === undefined ? {} : { shrinkBudget: opts.shrinkBudget }) });
  for (const k of f.kinds) kinds.add(k);
  if (f.counterexample !== undefined) {
    const ce = f.counterexample;
    const text = describeFailure(ce.failure);
    const trace =
      opts.outDir === undefined
        ? undefined
        : writeOracleTrace(
            join(opts.outDir, `conform-${name.replace(/[^A-Za-z0-9]+/g, '-').replace(/-$/, '')}`),
            buildOracle2Trace({
              model,
              configJson: config,
              outcome: ce.outcome,
              failure: ce.failure,
              failureText: text,
              oracle: { variant: SCHEME2.name, worldSeed: setup.seed, steps: [...ce.steps], failure: text, fcSeed: ce.seed, fcPath: ce.path, ...(opts.mutant === undefined ? {} : { mutant: opts.mutant.name }) },
            }),
          );
    record('random', ce.failure, trace);
  }
  const c = coverage2(setup, { depth: opts.depth });
  for (const k of c.kinds) kinds.add(k);
  if (c.failure !== undefined) record('coverage', c.failure.failure);
  const { failure: _f, ...cov } = c;
  const notCovered: Record<string, string> = {};
  for (const k of Object.keys(SCHEME2_REQUIREMENTS) as Scheme2ActionKind[]) {
    if (!kinds.has(k)) notCovered[k] = UNSUPPORTED_ACTIONS2[k] ?? `not enabled for this coalition within depth ${opts.depth} nor in the random runs`;
  }
  return {
    suite: name,
    runs: f.runs + c.paths,
    modelSteps: f.modelSteps + c.steps,
    adversarySteps: f.adversarySteps,
    failures,
    coverage: cov,
    kindsCovered: [...kinds].sort(),
    kindsNotCovered: notCovered,
    ...(opts.mutant === undefined ? {} : { mutant: opts.mutant.name }),
  };
}

/** The suite as conform.ts prints one (one line, then one per failure and per kind not exercised). */
export function formatScheme2Report(r: Scheme2SuiteReport): string {
  const c = r.coverage;
  const lines = [
    `${r.mutant === undefined ? '' : `mutant ${r.mutant}: `}${r.suite}: ${r.runs} runs, ${r.modelSteps} model steps, ${r.adversarySteps} adversarial steps; coverage depth ${c.depth}: ${c.transitionsCovered}/${c.transitions} transitions, ${c.states} states, ${c.paths} paths`,
  ];
  for (const f of r.failures) lines.push(`  ${f.source}: ${f.text}${f.trace === undefined ? '' : `\n    trace: ${f.trace}`}`);
  lines.push(`  scheme-2 action kinds exercised (${r.kindsCovered.length}): ${r.kindsCovered.join(', ')}`);
  for (const [k, why] of Object.entries(r.kindsNotCovered)) lines.push(`  not exercised: ${k}: ${why}`);
  return `${lines.join('\n')}\n`;
}
