/**
 * An oracle counterexample as an ITF trace: the model's path (model steps only, with the model's choice
 * indices, so `apln show` and `apln replay` read it as any model trace), and in `#meta.oracle` what replays it
 * against the implementation: the world seed, the oracle steps (adversarial stutters included), fast-check's
 * seed and path, the mutant if any, the failure, and the implementation's abstract state where it failed.
 */
import * as t from 'io-ts';
import type { ItfValue } from '../checker/model.ts';
import type { ProtocolModel } from '../model/scheme1/machine.ts';
import type { ProtocolAction } from '../model/scheme1/actions.ts';
import type { ProtocolState } from '../model/scheme1/state.ts';
import type { ItfTrace } from '../traces/itf.ts';
import { toItfRecord } from '../traces/to-itf.ts';
import { buildTrace, writeTrace } from '../traces/write.ts';
import { AdversaryCommand } from './adversary.ts';
import type { Failure, OracleStep, RunOutcome } from './run.ts';

/** A model pick: an index (taken modulo the enabled actions), so a non-negative integer. */
const Pick = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 0, 'a non-negative integer');

export const OracleStepCodec: t.Type<OracleStep> = t.union([
  t.type({ kind: t.literal('model'), pick: Pick }),
  t.type({ kind: t.literal('adversary'), cmd: AdversaryCommand }),
]) as unknown as t.Type<OracleStep>;

/** What `#meta.oracle` holds (decoded with io-ts when a trace is replayed against the implementation). */
export const OracleMeta = t.intersection([
  t.type({
    variant: t.string,
    worldSeed: t.number,
    steps: t.array(OracleStepCodec),
    failure: t.string,
  }),
  t.partial({ fcSeed: t.number, fcPath: t.string, mutant: t.string }),
]);
export type OracleMeta = t.TypeOf<typeof OracleMeta>;

function propertyOf(f: Failure): string {
  return f.kind === 'violation' ? f.property : 'oracle.divergence';
}

export function buildOracleTrace(opts: {
  model: ProtocolModel;
  configJson: unknown;
  outcome: RunOutcome;
  failure: Failure;
  failureText: string;
  oracle: OracleMeta;
}): ItfTrace {
  const { model, outcome } = opts;
  const records = outcome.records.filter((r, i) => i === 0 || r.action !== undefined);
  const states: ProtocolState[] = records.map((r) => r.model);
  const actions: ProtocolAction[] = records.slice(1).map((r) => r.action as ProtocolAction);
  const choices = actions.map((a, i) => model.actions(states[i] as ProtocolState).findIndex((x) => JSON.stringify(x) === JSON.stringify(a)));
  const trace = buildTrace(model, { initIndex: 0, choices, states, actions }, {
    run: { model: model.name, config: opts.configJson, strategy: 'oracle', seed: opts.oracle.worldSeed },
    subject: { property: propertyOf(opts.failure), kind: 'always', verdict: 'violated', message: opts.failureText, violationIndex: states.length - 1 },
  });
  const last = outcome.records[outcome.records.length - 1];
  const impl = last === undefined ? {} : toItfRecord(model.toItf(last.impl) as Readonly<Record<string, ItfValue>>);
  return { ...trace, '#meta': { ...trace['#meta'], oracle: { ...opts.oracle, impl } } as ItfTrace['#meta'] };
}

/** Writes the trace under `dir`; returns the file's path. */
export function writeOracleTrace(dir: string, trace: ItfTrace): string {
  return writeTrace({ dir, trace });
}
