/**
 * A disabled step as a value: a machine's `next` returns `Refused` (never throws) when the action cannot be
 * taken in the state, and the assembled model's `step` returns it for any action that is not enabled.
 */
export class Refused {
  constructor(readonly why: string) {}
}

/** The successor of a step, or why it was refused. */
export type StepResult<S> = S | Refused;
