/**
 * `apln validate FILE`: checks a trace produced elsewhere (ITF, e.g. converted from another implementation's
 * logs) against the model: the first state must be an initial state, every next state must be the successor
 * of an action the model enables in the previous one (the one named by `mbt::actionTaken`, when given), and
 * every property expected to hold must hold. Otherwise it reports the first bad step, what the model expected
 * there (the enabled actions, the nearest successor and the first differing field), and why.
 */
import * as t from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either.js';
import type { ProtocolAction } from '../../model/scheme1/actions.ts';
import type { ProtocolModel } from '../../model/scheme1/machine.ts';
import type { ProtocolState } from '../../model/scheme1/state.ts';
import { ACTION_TAKEN } from '../../traces/itf.ts';
import { firstProblem } from '../../traces/json-path.ts';
import { InputError } from '../../util/input-error.ts';
import { firstDifference } from '../divergence.ts';
import { stateFromItf } from './from-itf.ts';
import { firstViolation } from '../run.ts';

/** What `validate` reads: only `states` is required; `#meta.model` and `#meta.config` say which model, unless given. */
export const ForeignTrace = t.intersection([
  t.type({ states: t.array(t.UnknownRecord) }),
  t.partial({ '#meta': t.partial({ model: t.string, config: t.unknown }), vars: t.array(t.string) }),
]);
export type ForeignTrace = t.TypeOf<typeof ForeignTrace>;

export interface ValidateReport {
  readonly ok: boolean;
  readonly model: string;
  readonly states: number;
  /** Steps checked (transitions), up to the first bad one. */
  readonly checked: number;
  readonly bad?: {
    /** Index of the bad state (0 = the initial state). */
    readonly step: number;
    readonly problem: string;
    /** What the model expected there. */
    readonly expected: string;
  };
}

export function decodeForeignTrace(json: unknown, where: string): ForeignTrace {
  const r = ForeignTrace.decode(json);
  if (isLeft(r)) {
    const p = firstProblem(r.left);
    throw new InputError(`${where}${p.path === '' ? '' : `: ${p.path}`}`, p.problem);
  }
  return r.right;
}

const same = (model: ProtocolModel, a: ProtocolState, b: ProtocolState): boolean =>
  firstDifference(model.toItf(a), model.toItf(b)) === undefined;

function violated(
  model: ProtocolModel,
  before: ProtocolState | undefined,
  action: ProtocolAction | undefined,
  after: ProtocolState,
): string | undefined {
  const v = firstViolation(model.properties, before, action, after);
  return v === undefined ? undefined : `property ${v.property} is violated: ${v.message}`;
}

export function validateTrace(model: ProtocolModel, trace: ForeignTrace, where: string): ValidateReport {
  const states = trace.states.map((s, i) => stateFromItf(model, s, `${where}: states.${i}`));
  const base = { model: model.name, states: states.length };
  const first = states[0];
  if (first === undefined) throw new InputError(`${where}: states`, 'the trace has no state');
  const init = model.init();
  if (!init.some((s) => same(model, s, first))) {
    const d = init[0] === undefined ? undefined : firstDifference(model.toItf(init[0]), model.toItf(first));
    return {
      ...base,
      ok: false,
      checked: 0,
      bad: {
        step: 0,
        problem: 'state 0 is not an initial state of the model',
        expected: d === undefined ? 'an initial state' : `${d.field} = ${d.model} (the trace has ${d.impl})`,
      },
    };
  }
  const v0 = violated(model, undefined, undefined, first);
  if (v0 !== undefined)
    return {
      ...base,
      ok: false,
      checked: 0,
      bad: { step: 0, problem: v0, expected: 'every property expected to hold holds' },
    };
  for (let i = 1; i < states.length; i++) {
    const prev = states[i - 1] as ProtocolState;
    const cur = states[i] as ProtocolState;
    const label = trace.states[i]?.[ACTION_TAKEN];
    const enabled = model.actions(prev);
    const named = typeof label === 'string' ? enabled.filter((a) => model.describe(a).label === label) : enabled;
    const match = named.find((a) => same(model, model.next(prev, a), cur));
    if (match === undefined) {
      const labels = enabled.map((a) => model.describe(a).label);
      const nearest = named[0] ?? enabled[0];
      const d =
        nearest === undefined ? undefined : firstDifference(model.toItf(model.next(prev, nearest)), model.toItf(cur));
      const problem =
        typeof label === 'string' && named.length === 0
          ? `${label} is not enabled in state ${i - 1}`
          : `no ${typeof label === 'string' ? `${label} step` : 'enabled action'} leads from state ${i - 1} to state ${i}`;
      const expected = `enabled in state ${i - 1}: ${labels.join(', ') || 'nothing'}${nearest === undefined || d === undefined ? '' : `; after ${model.describe(nearest).label}, ${d.field} would be ${d.model} (the trace has ${d.impl})`}`;
      return { ...base, ok: false, checked: i - 1, bad: { step: i, problem, expected } };
    }
    const v = violated(model, prev, match, cur);
    if (v !== undefined)
      return {
        ...base,
        ok: false,
        checked: i,
        bad: { step: i, problem: v, expected: 'every property expected to hold holds' },
      };
  }
  return { ...base, ok: true, checked: states.length - 1 };
}
