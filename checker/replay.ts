/**
 * Rebuilding a path from its choices: the one way paths are made, by the checker (from predecessor
 * links) and by anyone holding a trace (`apln replay`).
 */
import { InputError } from '../util/input-error.ts';
import type { Model } from './model.ts';
import type { Path } from './result.ts';

/**
 * A choice that does not name an enabled action (or a bad initial index or loop index). An
 * `InputError`, so a command line prints it without a stack trace; `step` is the index in `choices`
 * (-1 for the initial index), `enabled` how many options there were, `choice` the rejected value.
 */
export class ReplayError extends InputError {
  readonly step: number;
  readonly enabled: number;
  readonly choice: number;
  constructor(options: { step: number; enabled: number; choice: number; problem: string }) {
    super(options.step < 0 ? 'initIndex' : `choices[${options.step}]`, options.problem);
    this.step = options.step;
    this.enabled = options.enabled;
    this.choice = options.choice;
  }
}

/**
 * Rebuilds a path: `states[0] = init()[initIndex]`, and each step takes `actions(state)[choice]`.
 * Throws `ReplayError` naming the step and the number of enabled actions when a choice is out of range.
 * `loop` (a lasso's loop index, see `Path`) is checked to lie within the path and passed through.
 */
export function replayChoices<S, A>(
  model: Model<S, A>,
  initIndex: number,
  choices: readonly number[],
  loop?: number,
): Path<S, A> {
  const inits = model.init();
  if (!Number.isInteger(initIndex) || initIndex < 0 || initIndex >= inits.length) {
    throw new ReplayError({
      step: -1,
      enabled: inits.length,
      choice: initIndex,
      problem: `initial state ${initIndex} does not exist (the model has ${inits.length})`,
    });
  }
  let state: S = inits[initIndex] as S;
  const states: S[] = [state];
  const actions: A[] = [];
  for (let step = 0; step < choices.length; step++) {
    const choice = choices[step]!;
    const enabled = model.actions(state);
    if (!Number.isInteger(choice) || choice < 0 || choice >= enabled.length) {
      throw new ReplayError({
        step,
        enabled: enabled.length,
        choice,
        problem:
          enabled.length === 0
            ? `choice ${choice} at step ${step}, but no action is enabled there`
            : `choice ${choice} at step ${step} is out of range: ${enabled.length} action(s) enabled (0..${enabled.length - 1})`,
      });
    }
    const action = enabled[choice]!;
    state = model.next(state, action);
    actions.push(action);
    states.push(state);
  }
  if (loop !== undefined) {
    if (!Number.isInteger(loop) || loop < 0 || loop >= states.length) {
      throw new ReplayError({
        step: choices.length,
        enabled: states.length,
        choice: loop,
        problem: `loop index ${loop} is outside the path's ${states.length} state(s)`,
      });
    }
    return { initIndex, choices: [...choices], states, actions, loop };
  }
  return { initIndex, choices: [...choices], states, actions };
}
