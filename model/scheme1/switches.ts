/**
 * A variant's switches: the same machine with parts of the protocol added, changed or broken on purpose.
 */
export type Flaw =
  /** None: the protocol as PROTOCOL.md describes it. */
  | 'none'
  /** A hands over s_A before St(n+1) is co-signed (signing order reversed, R-01-10 broken). */
  | 'updateBeforeSettlement'
  /** S buys without checking that n+1 is still the latest state (R-02-17's and R-02-18's state checks skipped: latest and not yet bought). */
  | 'hubSkipsStateCheck'
  /** S pays an invoice without comparing its point T with A's partial-signature point T* (R-02-16's check skipped). */
  | 'hubSkipsPointCheck'
  /** The bundle is stored in M unencrypted (R-02-04's and R-07-08's encryption to B dropped). */
  | 'plaintextMailbox'
  /** After a cancellation A re-signs a new attempt with the secret nonce it used for s_A (R-01-12 and R-03-03 broken). */
  | 'nonceReuseOnResign';

/** The requirements each flaw breaks (spec/requirements.md); `switches.test.ts` checks they say so. */
export const FLAW_REQUIREMENTS: Readonly<Record<Exclude<Flaw, 'none'>, readonly string[]>> = {
  updateBeforeSettlement: ['R-01-10'],
  hubSkipsStateCheck: ['R-02-17', 'R-02-18'],
  hubSkipsPointCheck: ['R-02-16'],
  plaintextMailbox: ['R-02-04', 'R-07-08'],
  nonceReuseOnResign: ['R-01-12', 'R-03-03'],
};

export interface Switches {
  /** Each hop's lock point is T + X_i·G with private tweaks, instead of T on every hop. */
  readonly decorrelated: boolean;
  /**
   * The timeout variant, the spec's design (06 §1, R-06-01..05, R-06-13): St(n+1) pays amt + fee to a pending
   * output, S sweeps it through the claim leaf `CLAIM_MARGIN_BLOCKS` after St(n+1), A through the timeout leaf
   * from `pendingTimeoutHeight`; S closes on its own (R-06-04); A may close with U(n) from the pending timeout on
   * (11 §11). model/README.md "The timeout variant" lists what is not modelled.
   */
  readonly timeoutPath: boolean;
  /** B's invoice carries a receipt pre-signature that S completes with s_A and shows A (R-06-07..12). */
  readonly receipt: boolean;
  readonly flaw: Flaw;
}

export const BASE_SWITCHES: Switches = { decorrelated: false, timeoutPath: false, receipt: false, flaw: 'none' };
