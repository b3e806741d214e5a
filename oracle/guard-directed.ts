/**
 * Guard-directed runs (issue 10): for a refusal guard of the honest nodes (impl/node/guards.ts), one oracle run
 * that drives the implementation into it: a prefix of a suite's model path, then one adversarial step (a
 * deviating party's message, crafted or altered with its own keys) that the spec says the honest receiver must
 * refuse for that guard's reason. The run passes only if the implementation refused it with that guard: a node
 * that accepts the message, or refuses it only later for another reason, fails the run, naming the requirement
 * the guard implements. So a mutant that drops a guard is caught even where a later check would refuse in its
 * place (where a later check gives the same protection, the mutant is argued in scripts/mutation/EQUIVALENTS.md).
 * A case with no stutter is one whose prefix's own model steps drive an honest node into the guard (chain steps,
 * then an honest message that comes too late).
 * A case holds for the world seed it was chosen under (its suite's place in the default list): an altered point
 * or nonce may or may not decode under other keys, so `apln conform --seed N` runs the cases with that seed.
 */
import { GUARD_REQUIREMENTS, type GuardId } from '../impl/node/guards.ts';
import type { AnyBinding, BindingTypes, GuardCase, ProtocolBinding, Suite } from './binding.ts';
import { stepsForLabels } from './paths.ts';
import { type Failure, type OracleStep, type RunOutcome, type RunSetup, runOracle } from './run.ts';

/** The guard's requirements as text: `R-02-05, R-02-06`, or the guard id alone where none is mapped. */
function guardReason(guard: GuardId): string {
  const reqs = GUARD_REQUIREMENTS[guard] ?? [];
  return reqs.length === 0 ? guard : `${guard} (${reqs.join(', ')})`;
}

/** The oracle steps of `c`: its prefix as model picks, then its stutters, if any. */
export function guardCaseSteps<T extends BindingTypes>(
  binding: ProtocolBinding<T>,
  model: T['model'],
  c: GuardCase<T['command']>,
): OracleStep<T['command']>[] {
  return [
    ...stepsForLabels(binding, model, c.prefix),
    ...[...(c.before ?? []), ...(c.cmd === undefined ? [] : [c.cmd])].map((cmd) => ({
      kind: 'adversary' as const,
      cmd,
    })),
  ];
}

/**
 * The failure of directed run `c`: the run's own (a divergence, a refusal of a model step, a violation), else a
 * divergence when the implementation did not refuse with `c.guard`.
 */
export function guardCaseFailure<T extends BindingTypes>(
  binding: ProtocolBinding<T>,
  c: GuardCase<T['command']>,
  out: RunOutcome<T>,
): Failure | undefined {
  if (out.failure !== undefined) return out.failure;
  if (out.guards.includes(c.guard)) return undefined;
  return {
    kind: 'divergence',
    step: out.records.length - 1,
    label: c.cmd === undefined ? (c.prefix.at(-1) ?? '') : binding.adversary.label(c.cmd),
    difference: {
      field: 'refusal',
      model: `refused by ${guardReason(c.guard)}`,
      impl: out.guards.length === 0 ? 'accepted' : `refused by ${out.guards.join(', ')}`,
    },
  };
}

/** Runs directed case `c` in `setup`: the outcome and its failure, if any. */
export function runGuardCase<T extends BindingTypes>(
  binding: ProtocolBinding<T>,
  setup: RunSetup<T>,
  c: GuardCase<T['command']>,
): { outcome: RunOutcome<T>; failure?: Failure } {
  const outcome = runOracle(binding, setup, guardCaseSteps(binding, setup.model, c));
  const failure = guardCaseFailure(binding, c, outcome);
  return failure === undefined ? { outcome } : { outcome, failure };
}

/** The suite a case's model is built from: `suite`, with the case's own coalition and config keys, if any. */
export function caseSuite(suite: Suite, c: GuardCase<unknown>): Suite {
  if (c.deviating === undefined && c.config === undefined) return suite;
  return {
    ...suite,
    deviating: c.deviating ?? suite.deviating,
    ...(c.config === undefined ? {} : { config: { ...suite.config, ...c.config } }),
  };
}

/** The binding's directed cases for `suite`. */
export function guardCasesOf(binding: AnyBinding, suite: Suite): readonly GuardCase<unknown>[] {
  return (binding.guardCases ?? []).filter((c: GuardCase<unknown>) => c.suite === suite.name);
}
