/**
 * A scheme-2 oracle counterexample as an ITF trace (as ../trace.ts does for scheme 1): the model's path (model
 * steps only, with the model's choice indices) and, in `#meta.oracle`, what replays it against the
 * implementation: the world seed, the oracle steps (adversarial stutters included), fast-check's seed and path,
 * the mutant if any, the failure, and the implementation's abstract state where it failed.
 */
import * as t from 'io-ts';
import type { AnyModel, ItfValue } from '../../checker/model.ts';
import type { Scheme2Action } from '../../model/scheme2/actions.ts';
import type { Scheme2Model } from '../../model/scheme2/machine.ts';
import type { Scheme2State } from '../../model/scheme2/state.ts';
import type { ItfTrace } from '../../traces/itf.ts';
import { toItfRecord } from '../../traces/to-itf.ts';
import { buildTrace } from '../../traces/write.ts';
import type { Failure } from '../run.ts';
import { Adversary2Command } from './adversary.ts';
import type { Oracle2Step, Run2Outcome } from './run.ts';

/** A model pick: an index (taken modulo the enabled actions), so a non-negative integer. */
const Pick = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 0, 'a non-negative integer');

export const Oracle2StepCodec: t.Type<Oracle2Step> = t.union([
  t.type({ kind: t.literal('model'), pick: Pick }),
  t.type({ kind: t.literal('adversary'), cmd: Adversary2Command }),
]) as unknown as t.Type<Oracle2Step>;

export const Oracle2Meta = t.intersection([
  t.type({ variant: t.string, worldSeed: t.number, steps: t.array(Oracle2StepCodec), failure: t.string }),
  t.partial({ fcSeed: t.number, fcPath: t.string, mutant: t.string }),
]);
export type Oracle2Meta = t.TypeOf<typeof Oracle2Meta>;

export function buildOracle2Trace(opts: { model: Scheme2Model; configJson: unknown; outcome: Run2Outcome; failure: Failure; failureText: string; oracle: Oracle2Meta }): ItfTrace {
  const { model, outcome } = opts;
  const records = outcome.records.filter((r, i) => i === 0 || r.action !== undefined);
  const states: Scheme2State[] = records.map((r) => r.model);
  const actions: Scheme2Action[] = records.slice(1).map((r) => r.action as Scheme2Action);
  const choices = actions.map((a, i) => model.actions(states[i] as Scheme2State).findIndex((x) => JSON.stringify(x) === JSON.stringify(a)));
  const trace = buildTrace(model as unknown as AnyModel, { initIndex: 0, choices, states, actions }, {
    run: { model: model.name, config: opts.configJson, strategy: 'oracle', seed: opts.oracle.worldSeed },
    subject: {
      property: opts.failure.kind === 'violation' ? opts.failure.property : 'oracle.divergence',
      kind: 'always',
      verdict: 'violated',
      message: opts.failureText,
      violationIndex: states.length - 1,
    },
  });
  const last = outcome.records[outcome.records.length - 1];
  const impl = last === undefined ? {} : toItfRecord(model.toItf(last.impl) as Readonly<Record<string, ItfValue>>);
  return { ...trace, '#meta': { ...trace['#meta'], oracle: { ...opts.oracle, impl } } as ItfTrace['#meta'] };
}
