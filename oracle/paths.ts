/**
 * Model paths as oracle steps: the oracle picks among the enabled actions the implementation supports, so a
 * path of model actions becomes the pick indices into that filtered list.
 */
import type { Model } from '../checker/model.ts';
import type { BindingTypes, ProtocolBinding } from './binding.ts';
import type { OracleStep } from './run.ts';

/** What a path needs of the implementation side: which enabled actions it takes. */
export type Supports<S, A> = (s: S, a: A) => boolean;

/** The binding's in-process implementation's `supports`, for `model`. */
export function supportsOf<T extends BindingTypes>(
  binding: ProtocolBinding<T>,
  model: T['model'],
): Supports<T['state'], T['action']> {
  return (s, a) => binding.supports(model, s, a);
}

/**
 * The oracle steps that take `actions` from the model's first initial state (each pick an index among the
 * enabled actions `supports` keeps); throws if one is not enabled or kept.
 */
export function stepsForActions<S, A>(
  model: Model<S, A>,
  actions: readonly A[],
  supports: Supports<S, A>,
): OracleStep<never>[] {
  let s = model.init()[0];
  if (s === undefined) throw new Error(`${model.name}: no initial state`);
  const out: OracleStep<never>[] = [];
  for (const [i, a] of actions.entries()) {
    const state = s;
    const enabled = model.actions(s).filter((x) => supports(state, x));
    const pick = enabled.findIndex((x) => JSON.stringify(x) === JSON.stringify(a));
    if (pick < 0) throw new Error(`step ${i + 1}: ${JSON.stringify(a)} is not an enabled, supported action`);
    out.push({ kind: 'model', pick });
    s = model.next(s, a);
  }
  return out;
}

/**
 * The model actions labelled `labels` from the initial state (each the first enabled action with that label).
 * With `waitWith`, an action with that label (e.g. 'ChainAdvance') is taken while the next label is not enabled
 * yet, up to 100 times per label.
 */
export function actionsForLabels<S, A>(
  model: Model<S, A>,
  labels: readonly string[],
  opts: { waitWith?: string } = {},
): A[] {
  let s = model.init()[0];
  if (s === undefined) throw new Error(`${model.name}: no initial state`);
  const actions: A[] = [];
  const enabled = (st: S, label: string) => model.actions(st).find((x) => model.describe(x).label === label);
  for (const [i, label] of labels.entries()) {
    let a = enabled(s, label);
    for (let waited = 0; a === undefined && opts.waitWith !== undefined && waited < 100; waited++) {
      const w = enabled(s, opts.waitWith);
      if (w === undefined) break;
      actions.push(w);
      s = model.next(s, w);
      a = enabled(s, label);
    }
    if (a === undefined) throw new Error(`step ${i + 1}: no enabled action labelled ${label}`);
    actions.push(a);
    s = model.next(s, a);
  }
  return actions;
}

/** The oracle steps that take the actions labelled `labels` on the binding's in-process implementation. */
export function stepsForLabels<T extends BindingTypes>(
  binding: ProtocolBinding<T>,
  model: T['model'],
  labels: readonly string[],
): OracleStep<T['command']>[] {
  return stepsForActions(model, actionsForLabels(model, labels), supportsOf(binding, model));
}
