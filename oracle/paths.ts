/**
 * Model paths as oracle steps: the oracle picks among the enabled actions the implementation supports, so a
 * path of model actions becomes the pick indices into that filtered list.
 */
import type { ProtocolAction } from '../model/scheme1/actions.ts';
import type { ProtocolModel } from '../model/scheme1/machine.ts';
import type { ProtocolState } from '../model/scheme1/state.ts';
import type { OracleStep } from './run.ts';
import { implSupports } from './step.ts';

function sameAction(a: ProtocolAction, b: ProtocolAction): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The oracle steps that take `actions` from the model's first initial state (each pick an index among the
 * enabled actions `supports` keeps: by default the in-process impl's); throws if one is not enabled or kept.
 */
export function stepsForActions(
  model: ProtocolModel,
  actions: readonly ProtocolAction[],
  supports: (s: ProtocolState, a: ProtocolAction) => boolean = (s, a) => implSupports(model.ctx, s, a),
): OracleStep[] {
  let s = model.init()[0];
  if (s === undefined) throw new Error(`${model.name}: no initial state`);
  const out: OracleStep[] = [];
  for (const [i, a] of actions.entries()) {
    const state = s;
    const enabled = model.actions(s).filter((x) => supports(state, x));
    const pick = enabled.findIndex((x) => sameAction(x, a));
    if (pick < 0) throw new Error(`step ${i + 1}: ${JSON.stringify(a)} is not an enabled, supported action`);
    out.push({ kind: 'model', pick });
    s = model.next(s, a);
  }
  return out;
}

/** The oracle steps that take the actions labelled `labels` (each the first enabled action with that label). */
export function stepsForLabels(model: ProtocolModel, labels: readonly string[]): OracleStep[] {
  let s = model.init()[0];
  if (s === undefined) throw new Error(`${model.name}: no initial state`);
  const actions: ProtocolAction[] = [];
  for (const [i, label] of labels.entries()) {
    const a = model.actions(s).find((x) => model.describe(x).label === label);
    if (a === undefined) throw new Error(`step ${i + 1}: no enabled action labelled ${label}`);
    actions.push(a);
    s = model.next(s, a);
  }
  return stepsForActions(model, actions);
}
