/**
 * A variant's switches: the same machine with parts of the protocol added, changed or broken on purpose.
 */
export type Flaw =
  /** None: the protocol as PROTOCOL.md describes it. */
  | 'none'
  /** A hands over s_A before St(n+1) is co-signed (signing order reversed, R-01-03 broken). */
  | 'updateBeforeSettlement'
  /** S buys without checking that n+1 is still the latest state (R-02-06's state check skipped). */
  | 'hubSkipsStateCheck'
  /** The bundle is stored in M unencrypted (R-02-03's encryption dropped). */
  | 'plaintextMailbox'
  /** After a cancellation A re-signs a new attempt with the secret nonce it used for s_A (R-01-02 broken). */
  | 'nonceReuseOnResign';

export interface Switches {
  /** Each hop's lock point is T + X_i·G with private tweaks, instead of T on every hop. */
  readonly decorrelated: boolean;
  /** A may publish U(n) unilaterally once the bundle expired and the payment is still pending. */
  readonly timeoutPath: boolean;
  /** B's claim hands over a signed receipt that travels upstream with the claims and reaches A. */
  readonly receipt: boolean;
  readonly flaw: Flaw;
}

export const BASE_SWITCHES: Switches = { decorrelated: false, timeoutPath: false, receipt: false, flaw: 'none' };
