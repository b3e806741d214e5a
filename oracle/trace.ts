/**
 * An oracle counterexample as an ITF trace, for any scheme: the model's path (model steps only, with the
 * model's choice indices, so `apln show` and `apln replay` read it as any model trace), and in `#meta.oracle`
 * what replays it against the implementation: the variant, the world seed, the oracle steps (adversarial
 * stutters included), fast-check's seed and path, the mutant if any, the failure, and the implementation's
 * abstract state where it failed.
 */
import * as t from 'io-ts';
import type { AnyModel, ItfValue } from '../checker/model.ts';
import type { ItfTrace } from '../traces/itf.ts';
import { toItfRecord } from '../traces/to-itf.ts';
import { buildTrace, writeTrace } from '../traces/write.ts';
import type { BindingTypes } from './binding.ts';
import type { Failure, OracleStep, RunOutcome } from './run.ts';

/** A model pick: an index (taken modulo the enabled actions), so a non-negative integer. */
const Pick = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 0, 'a non-negative integer');

/** What `#meta.oracle` holds, for the binding's stutters (decoded with io-ts when a trace is replayed). */
export function oracleMetaCodec<Cmd>(binding: {
  readonly adversary: { readonly codec: t.Type<Cmd, unknown, unknown> };
}) {
  const step = t.union([
    t.type({ kind: t.literal('model'), pick: Pick }),
    t.type({ kind: t.literal('adversary'), cmd: binding.adversary.codec }),
  ]) as unknown as t.Type<OracleStep<Cmd>, unknown, unknown>;
  return t.intersection([
    t.type({ variant: t.string, worldSeed: Pick, steps: t.array(step), failure: t.string }),
    t.partial({ fcSeed: t.number, fcPath: t.string, mutant: t.string }),
  ]);
}

export interface OracleMeta<Cmd> {
  readonly variant: string;
  readonly worldSeed: number;
  readonly steps: readonly OracleStep<Cmd>[];
  readonly failure: string;
  readonly fcSeed?: number;
  readonly fcPath?: string;
  readonly mutant?: string;
}

/** The variant a trace's `#meta.oracle` names, if any (which binding replays it). */
export const OracleVariant = t.type({ variant: t.string });

function propertyOf(f: Failure): string {
  return f.kind === 'violation' ? f.property : 'oracle.divergence';
}

export function buildOracleTrace<T extends BindingTypes>(opts: {
  model: T['model'];
  configJson: unknown;
  outcome: RunOutcome<T>;
  failure: Failure;
  failureText: string;
  oracle: OracleMeta<T['command']>;
}): ItfTrace {
  const { model, outcome } = opts;
  const records = outcome.records.filter((r, i) => i === 0 || r.action !== undefined);
  const states = records.map((r) => r.model);
  const actions = records.slice(1).map((r) => r.action as T['action']);
  const choices = actions.map((a, i) =>
    model.actions(states[i]).findIndex((x) => JSON.stringify(x) === JSON.stringify(a)),
  );
  const trace = buildTrace(
    model as AnyModel,
    { initIndex: 0, choices, states, actions },
    {
      run: { model: model.name, config: opts.configJson, strategy: 'oracle', seed: opts.oracle.worldSeed },
      subject: {
        property: propertyOf(opts.failure),
        kind: 'always',
        verdict: 'violated',
        message: opts.failureText,
        violationIndex: states.length - 1,
      },
    },
  );
  const last = outcome.records[outcome.records.length - 1];
  const impl = last === undefined ? {} : toItfRecord(model.toItf(last.impl) as Readonly<Record<string, ItfValue>>);
  return { ...trace, '#meta': { ...trace['#meta'], oracle: { ...opts.oracle, impl } } as ItfTrace['#meta'] };
}

/** Writes the trace under `dir`; returns the file's path. */
export function writeOracleTrace(dir: string, trace: ItfTrace): string {
  return writeTrace({ dir, trace });
}
