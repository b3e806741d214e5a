/**
 * The oracle runs `npm run mutation` judges each mutant by (issue 10): every default conformance suite's
 * model-guided coverage paths, its deep paths and its seeded random runs, each one oracle run, so that Stryker
 * can run a mutant against only the runs that reach its code (per-test coverage) and stop at the first failure.
 * The runs are `apln conform`'s kinds (the same coverage paths and deep paths; random runs sampled from the same
 * arbitrary and seed), split into single runs.
 */
import fc from 'fast-check';
import { markCovered } from '../../oracle/coverage.ts';
import { caseSuite, guardCasesOf, guardCaseFailure, guardCaseSteps } from '../../oracle/guard-directed.ts';
import {
  coveragePlan,
  describeFailure,
  runOracle,
  SUITES,
  stepsArb,
  stepsForActions,
  stepsForLabels,
  suiteDepth,
  pathModel,
  suiteModel,
} from '../../oracle/index.ts';
import type { AnyBinding, OracleStep } from '../../oracle/index.ts';
import { PAID } from '../../model/scheme1/paths.ts';

/** The runner forgets the set-up worlds before each mutant (oracle/node-network.ts says why). */
export { forgetSetUps } from '../../oracle/node-network.ts';
/** The runner aims a mutant's runs at the guard its line belongs to, by the score's rule. */
export { guardAt } from './score.ts';

/** One oracle run: `run()` is its failure, described, or undefined when the implementation conforms. */
export interface OracleTest {
  readonly id: string;
  /** A guard-directed run's guards: its own and its case's `alsoFor` (the runner tries it first on their mutants). */
  readonly aims?: readonly string[];
  run(): string | undefined;
}

export interface OracleTestBudget {
  /** Random runs per suite. */
  readonly runs: number;
  /** Coverage depth (each suite's own cap applies). */
  readonly depth: number;
  readonly seed: number;
  readonly maxSteps: number;
  /** 1-based suite numbers; all when undefined. */
  readonly suites?: readonly number[];
  /** Directed tamper runs: after each prefix of the suite's payment path, the tamper stutter on fields 0..N-1. */
  readonly tamperFields?: number;
  /** Directed resend runs: after each prefix of that path, the resend stutter of the 0..N-1-th latest message. */
  readonly resendBacks?: number;
}

/** The budget `npm run mutation` uses unless APLN_MUTATION_BUDGET (JSON, any of the fields) overrides it. */
export const MUTATION_BUDGET: OracleTestBudget = {
  runs: 25,
  depth: 6,
  seed: 0,
  maxSteps: 30,
  tamperFields: 8,
  resendBacks: 3,
};

export function budgetFromEnv(env: string | undefined): OracleTestBudget {
  if (env === undefined || env === '') return MUTATION_BUDGET;
  const o = JSON.parse(env) as Partial<OracleTestBudget>;
  return { ...MUTATION_BUDGET, ...o };
}

function oneRun(
  id: string,
  binding: AnyBinding,
  setup: { model: unknown; seed: number },
  steps: () => OracleStep<unknown>[],
): OracleTest {
  return {
    id,
    run() {
      // biome-ignore lint/suspicious/noExplicitAny: one run of whichever binding serves the suite
      const out = runOracle(binding as any, setup as any, steps());
      return out.failure === undefined ? undefined : describeFailure(out.failure);
    },
  };
}

/** The oracle runs of `budget`, suite by suite: guard-directed runs, directed tamper and resend runs, coverage paths (longest first), deep paths, random runs. */
export function oracleTests(budget: OracleTestBudget): OracleTest[] {
  const out: OracleTest[] = [];
  for (const [i, suite] of SUITES.entries()) {
    if (budget.suites !== undefined && !budget.suites.includes(i + 1)) continue;
    const { binding, model } = suiteModel(suite);
    const seed = budget.seed + i;
    const setup = { model, seed };
    const b = binding as AnyBinding & {
      supports(m: unknown, s: unknown, a: unknown): boolean;
      skipReason(a: unknown): string;
    };
    const supports = (s: unknown, a: unknown): boolean => b.supports(model, s, a);
    // biome-ignore lint/suspicious/noExplicitAny: the suite's own model
    const m = model as any;
    const plan = coveragePlan(m, suiteDepth(suite, budget.depth), supports, (a) => b.skipReason(a));
    // The guard-directed runs first, with the suite's own world seed: each fails unless its guard refuses
    // (oracle/guard-directed.ts).
    for (const [j, c] of guardCasesOf(binding, suite).entries()) {
      const own = caseSuite(suite, c);
      // biome-ignore lint/suspicious/noExplicitAny: the case's own model (its coalition or config), else the suite's
      const cm: any = own === suite ? m : suiteModel(own).model;
      out.push({
        id: `s${i + 1}/guard/${j}/${c.guard}`,
        aims: [c.guard, ...(c.alsoFor ?? [])],
        run() {
          // biome-ignore lint/suspicious/noExplicitAny: one run of whichever binding serves the suite
          const o = runOracle(binding as any, { model: cm, seed: i } as any, guardCaseSteps(binding, cm, c));
          const f = guardCaseFailure(binding, c, o);
          return f === undefined ? undefined : describeFailure(f);
        },
      });
    }
    // The directed stutter runs next: they provoke refusals, so under a per-mutant cap a guard's mutant meets them.
    const tamper = budget.tamperFields ?? 0;
    const resend = binding.adversary.kinds.includes('resend') ? (budget.resendBacks ?? 0) : 0;
    if ((tamper > 0 || resend > 0) && binding.adversary.kinds.includes('tamper')) {
      let path: OracleStep<unknown>[] | undefined;
      try {
        path = stepsForLabels(binding, m, PAID);
      } catch {
        const first = plan.order[0];
        path = first === undefined ? undefined : stepsForActions(m, plan.pathOf(first), supports);
      }
      // Resends first (they reach the channel protocol's and the claims' body checks), then tampers.
      for (let k = 1; path !== undefined && k <= path.length; k++) {
        for (let b = 0; b < resend; b++) {
          const cmd = { kind: 'resend', back: b, field: -1 };
          const steps = [...path.slice(0, k), { kind: 'adversary' as const, cmd }, ...path.slice(k)];
          out.push(oneRun(`s${i + 1}/resend/${k}.${b}`, binding, setup, () => steps));
        }
      }
      for (let k = 1; path !== undefined && k <= path.length; k++) {
        for (let f = 0; f < tamper; f++) {
          const steps = [...path.slice(0, k), { kind: 'adversary' as const, cmd: { kind: 'tamper', field: f } }];
          out.push(oneRun(`s${i + 1}/tamper/${k}.${f}`, binding, setup, () => steps));
        }
      }
    }
    const acc = { covered: new Set<string>(), labels: {} as Record<string, number>, kinds: new Set<string>() };
    let k = 0;
    for (const e of plan.order) {
      if (acc.covered.has(e.key)) continue;
      const actions = plan.pathOf(e);
      markCovered(m, plan.init, actions, actions.length, acc);
      out.push(oneRun(`s${i + 1}/cov/${k++}`, binding, setup, () => stepsForActions(m, actions, supports)));
    }
    for (const [j, path] of (suite.paths ?? []).entries()) {
      const pm = pathModel(suite, path).model;
      out.push(
        oneRun(`s${i + 1}/path/${j}`, binding, { ...setup, model: pm }, () => stepsForLabels(binding, pm, path.labels)),
      );
    }
    const runs = fc.sample(stepsArb(binding, { maxSteps: budget.maxSteps }), { seed, numRuns: budget.runs });
    for (const [j, steps] of runs.entries()) {
      out.push(oneRun(`s${i + 1}/rand/${j}`, binding, setup, () => steps as OracleStep<unknown>[]));
    }
  }
  return out;
}
