/** Test helper: a path from choice indices (the checker's `replayChoices` does this for real). */
import type { Model } from '../../checker/model.ts';
import type { Path } from '../../checker/result.ts';

export function pathOf<S, A>(model: Model<S, A>, initIndex: number, choices: readonly number[]): Path<S, A> {
  const first = model.init()[initIndex];
  if (first === undefined) throw new Error(`no initial state ${initIndex}`);
  const states: S[] = [first];
  const actions: A[] = [];
  let s: S = first;
  for (const c of choices) {
    const a = model.actions(s)[c];
    if (a === undefined) throw new Error(`choice ${c} out of range`);
    actions.push(a);
    s = model.next(s, a);
    states.push(s);
  }
  return { initIndex, choices, states, actions };
}
