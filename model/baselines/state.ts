/**
 * The state of the HTLC baselines (LightningRod v1's hold invoice, LDK / BOLT 12's LSP-held HTLC, plain
 * Lightning): A pays B through its channel partner S with an HTLC; S forwards an HTLC to B. Parties A, S,
 * B, M as in the proposal's model (parties.ts indices 0..3). Money: A pays amt 3 + S's fee 1, as in the
 * proposal's model; A and S start with 10 each outside the payment (what is not in an HTLC is a wallet).
 *
 * The locked-capital ledger (`lock`) is part of the state so the checker's quantitative query can read
 * it: per party, the sat·blocks locked so far, the current lock's length and the longest lock.
 */
import type { Quantity, WordSink } from '../../checker/model.ts';
export const AMOUNT_SAT = 3;
const HUB_FEE_SAT = 1;
/** A's HTLC to S: amt + S's fee. */
export const PAYER_HTLC_SAT = AMOUNT_SAT + HUB_FEE_SAT;
export const START_SAT = 10;

export type HtlcStatus = 'none' | 'offered' | 'claimed' | 'refunded';
export const HTLC_STATUSES: readonly HtlcStatus[] = ['none', 'offered', 'claimed', 'refunded'];

/** An HTLC: its status and absolute timeout height (−1 before it is offered). */
export interface Htlc {
  readonly status: HtlcStatus;
  readonly timeout: number;
}

/** The message M holds for B: LightningRod's payment request (pid), or the LSP design's `held_htlc_available`. */
export type Message = 'none' | 'held' | 'delivered';
export const MESSAGES: readonly Message[] = ['none', 'held', 'delivered'];

/** Per party A and S (index 0 = A, 1 = S): what the checker's quantities read. */
export interface LockLedger {
  /** Σ over blocks of the sats the party could not spend because of this payment. */
  readonly satBlocks: readonly number[];
  /** Blocks the current lock has lasted (0 when nothing is locked). */
  readonly run: readonly number[];
  /** The longest lock so far, in blocks. */
  readonly longest: readonly number[];
}

export interface BaselineState {
  readonly height: number;
  /** Bitmask over A, S, B, M. */
  readonly online: number;
  /** The height at which an honest B comes back (−1: not scheduled). */
  readonly payeeBackAt: number;
  /** The message M holds for B. */
  readonly message: Message;
  /** LightningRod: S holds B's hash h and b_sign (B registered). The LSP design: S received `release_held_htlc`. */
  readonly hubReady: boolean;
  /** Who knows the preimage p (bitmask). */
  readonly knowsPreimage: number;
  /** A holds B's signature binding h to B (LightningRod's b_sign, or an invoice signed by B). */
  readonly payerHoldsPayeeSig: boolean;
  /** A → S. */
  readonly payerHtlc: Htlc;
  /** S → B. */
  readonly payeeHtlc: Htlc;
  /** Funds outside the HTLCs, per party A, S, B, M. */
  readonly wallet: readonly number[];
  /** The A–S channel was closed on chain (an HTLC claimed or timed out on chain). */
  readonly forceClosed: boolean;
  readonly hubCrashed: boolean;
  /** `payerSkipsAmountCheck`: A's HTLC carries one sat more than amt + fee, what a deviating S's hold invoice named. */
  readonly payerOverpays?: boolean;
  /** claimSteps 2: the height at which B sent `update_fulfill_htlc` (S knows p, B not yet paid); −1 before. */
  readonly payeeFulfilledAt: number;
  /** claimSteps 2: the height from which B, having closed the S–B channel, can claim on chain; −1 before its close. */
  readonly payeeClaimableAt: number;
  readonly lock: LockLedger;
}

/** What A's HTLC carries: amt + fee, or one sat more under `payerSkipsAmountCheck`. */
export function payerHtlcSat(s: BaselineState): number {
  return PAYER_HTLC_SAT + (s.payerOverpays === true ? 1 : 0);
}

export function totalFunds(s: BaselineState): number {
  return (
    s.wallet.reduce((a, b) => a + b, 0) +
    (s.payerHtlc.status === 'offered' ? payerHtlcSat(s) : 0) +
    (s.payeeHtlc.status === 'offered' ? AMOUNT_SAT : 0)
  );
}

/**
 * The sats each of A and S cannot spend because of this payment, in state `s`:
 * - A: its HTLC's amt + fee while the HTLC is offered (the rest of its channel stays usable);
 * - S: what it forwarded to B (offered, or paid and not yet recovered from A's HTLC).
 */
export function lockedSat(s: BaselineState): readonly [number, number] {
  const a = s.payerHtlc.status === 'offered' ? payerHtlcSat(s) : 0;
  const forwarded =
    s.payeeHtlc.status === 'offered' || (s.payeeHtlc.status === 'claimed' && s.payerHtlc.status === 'offered');
  return [a, forwarded ? AMOUNT_SAT : 0];
}

/** The ledger after one more block in state `s`. */
export function advanceLedger(lock: LockLedger, locked: readonly number[]): LockLedger {
  const satBlocks = lock.satBlocks.map((v, i) => v + (locked[i] ?? 0));
  const run = lock.run.map((v, i) => ((locked[i] ?? 0) > 0 ? v + 1 : 0));
  const longest = lock.longest.map((v, i) => Math.max(v, run[i] ?? 0));
  return { satBlocks, run, longest };
}

/** The ledger's words for the state's fingerprint: each party's sat·blocks, then its run and longest lock packed. */
export function encodeLedger(lock: LockLedger, sink: WordSink): void {
  for (let i = 0; i < lock.satBlocks.length; i++) {
    sink.word(lock.satBlocks[i] ?? 0);
    sink.word((lock.run[i] ?? 0) | ((lock.longest[i] ?? 0) << 8));
  }
}

export const EMPTY_LEDGER: LockLedger = { satBlocks: [0, 0], run: [0, 0], longest: [0, 0] };

/**
 * The locked-capital quantities of a lock ledger (checker/extremes.ts reads them): sat·blocks locked so far and the
 * longest lock in blocks, for A (entry 0) and S (entry 1), with what each design counts as locked in its words.
 */
export function ledgerQuantities<S extends { readonly lock: LockLedger }>(locked: {
  readonly A: string;
  readonly S: string;
}): Quantity<S>[] {
  return [
    { name: 'lockedSatBlocks.A', description: locked.A, value: (s) => s.lock.satBlocks[0] ?? 0 },
    { name: 'lockedSatBlocks.S', description: locked.S, value: (s) => s.lock.satBlocks[1] ?? 0 },
    {
      name: 'longestLock.A',
      description: "the longest time A's funds stayed locked, in blocks",
      value: (s) => s.lock.longest[0] ?? 0,
    },
    {
      name: 'longestLock.S',
      description: "the longest time S's funds stayed locked, in blocks",
      value: (s) => s.lock.longest[1] ?? 0,
    },
  ];
}
