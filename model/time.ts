/**
 * Urgency and time, the same for every machine: an honest party's mandatory step that is enabled is urgent,
 * and the chain does not advance while one is pending (honest reactions take less than a block). Optional
 * steps and every deviating party's steps never hold time back, so withholding is simply not taking a step.
 */

/** An enabled step and whether time waits for it. */
export interface Candidate<A> {
  readonly action: A;
  /** An honest party's mandatory step: the chain does not advance while it is enabled. */
  readonly urgent: boolean;
}

/**
 * The enabled actions: every candidate, then `advance` (R-08-07, R-09-09: a block is mined) when below
 * `maxHeight` and no honest party has a mandatory step left at this height.
 */
export function withChainAdvance<A>(cs: readonly Candidate<A>[], height: number, maxHeight: number, advance: A): A[] {
  const actions = new Array<A>(cs.length);
  let urgent = false;
  for (let k = 0; k < cs.length; k++) {
    const c = cs[k]!;
    actions[k] = c.action;
    if (c.urgent) urgent = true;
  }
  return appendChainAdvance(actions, urgent, height, maxHeight, advance);
}

/** The same rule on the candidates' `actions` (in order, extended in place) and whether any of them is `urgent`. */
export function appendChainAdvance<A>(
  actions: A[],
  urgent: boolean,
  height: number,
  maxHeight: number,
  advance: A,
): A[] {
  if (height < maxHeight && !urgent) actions.push(advance);
  return actions;
}

/** A party that comes online at `height` is in time when the buyer may still buy (R-02-19: height + PTLC timeout ≤ expiry). */
export function cameInTime(height: number, ptlcTimeoutBlocks: number, expiry: number): boolean {
  return height + ptlcTimeoutBlocks <= expiry;
}
