/**
 * The protocol model's state: readonly plain data, close to observable facts, so the conformance oracle
 * can map the real implementation onto it (balances, who knows which secret, what is confirmed, PTLCs).
 *
 * Money is counted in small integer units (sat-like): A and S each hold 10 in their channel, S and every
 * routing node hold 10 in their other channels, B and M hold 0; the payment is 3, S's fee 1 and each
 * routing node's fee 1, so conservation is checked exactly.
 */
import { A, B, M, PARTY_COUNT, S, routerIndex } from '../parties.ts';
import { K_U0, K_SS1, kRel } from './knowledge.ts';
import { EMPTY_MEMPOOL, OPEN_CHANNEL, type ChainChannel, type PendingTx } from '../chain.ts';

/** A's and S's shares of the A–S channel before the payment. */
export const PAYER_CHANNEL_SAT = 10;
export const HUB_CHANNEL_SAT = 10;
/** What S and each routing node hold outside the A–S channel (their channels towards B). */
export const ROUTING_WALLET_SAT = 10;
/** amt: what B is paid. */
export const AMOUNT_SAT = 3;
/** S's own fee (on top of the routing nodes' fees, which A also pays). */
const HUB_FEE_SAT = 1;
/** Each routing node's fee. */
const HOP_FEE_SAT = 1;

/** fee: what A pays S on top of amt, covering S's fee and every routing node's fee. */
export function payerFeeSat(hops: number): number {
  return HUB_FEE_SAT + hops * HOP_FEE_SAT;
}

/** The amount locked in hop i's PTLC: amt plus the fees of the routing nodes after it. */
export function hopAmountSat(i: number, hops: number): number {
  return AMOUNT_SAT + (hops - i) * HOP_FEE_SAT;
}

/** A's share in channel state j (0 = n, before the payment; 1 = n+1, paid; 2 = n+2, cancelled). */
export function payerShare(j: number, hops: number): number {
  return j === 1 ? PAYER_CHANNEL_SAT - AMOUNT_SAT - payerFeeSat(hops) : PAYER_CHANNEL_SAT;
}

/** S's share in channel state j. */
export function hubShare(j: number, hops: number): number {
  return PAYER_CHANNEL_SAT + HUB_CHANNEL_SAT - payerShare(j, hops);
}

/** Where the payment is, as A and S see it. */
export type Phase =
  /** Before A hands over the bundle. */
  | 'setup'
  /** A handed the bundle to M; A's amt + fee is pending (locked). */
  | 'bundleSent'
  /** Step 9 done: S showed A the invoice, s_A and its own partial signature; both are at state n+1. */
  | 'paid'
  /** A and S agreed state n+2 before S bought: the bundle is worthless. */
  | 'cancelled';
export const PHASES: readonly Phase[] = ['setup', 'bundleSent', 'paid', 'cancelled'];

export type Mailbox = 'empty' | 'held' | 'delivered';
export const MAILBOXES: readonly Mailbox[] = ['empty', 'held', 'delivered'];

/**
 * A PTLC's life: offered, then claimed or refunded. With `claimSteps` 2 a claim takes two steps: `fulfilled` (the
 * receiver revealed the secret to the offerer, the money still locked until the offerer's next channel update)
 * and `closing` (the receiver closed the hop channel; the PTLC output is claimable on chain `hopCloseDelayBlocks`
 * after `closedAt`). Appended after the one-step statuses so their encoding is unchanged.
 */
export type HopStatus = 'none' | 'offered' | 'claimed' | 'refunded' | 'fulfilled' | 'closing';
export const HOP_STATUSES: readonly HopStatus[] = ['none', 'offered', 'claimed', 'refunded', 'fulfilled', 'closing'];

/** The PTLC's money is still locked (offered, revealed but uncommitted, or on its way on chain). */
export function hopLocked(status: HopStatus): boolean {
  return status === 'offered' || status === 'fulfilled' || status === 'closing';
}

/** One PTLC of the path S → P1 → … → Pk → payee; hop i is offered by node i to node i+1. */
export interface Hop {
  readonly status: HopStatus;
  /** Absolute height from which the offerer may refund (and the receiver may no longer claim); -1 before the offer. */
  readonly timeoutHeight: number;
  /** `closing` only: the height at which the receiver closed the hop channel (absent otherwise). */
  readonly closedAt?: number;
}
/** The A–S channel on chain (model/chain.ts): eltoo updates are numbered by state, any later one spends an earlier one. */

/** Message bits for A's nonce uses. */
export const MSG_U1 = 1;
/** The update of A's next attempt after a cancellation. */
export const MSG_U3 = 2;
/** The message a forged bundle's "s_A" signs instead of U(n+1) (R-09-14). */
export const MSG_FORGED = 4;
/** ITF names of the `MSG_*` bits, in bit order. */
export const NONCE_MESSAGE_NAMES: readonly string[] = ['U(n+1)', 'U(n+3)', 'forged'];

export interface ProtocolState {
  /** Block height; only `ChainAdvance` moves it, up to `maxHeight`. */
  readonly height: number;
  /** Bitmask over parties (index in PARTIES): who is online. A goes offline after sending the bundle; B starts offline. */
  readonly online: number;
  /** Per party (index in PARTIES): what it knows, a bitmask of `K_*` names (see knowledge.ts), closed under derivation. */
  readonly knows: readonly number[];
  readonly phase: Phase;
  /** The bundle's expiry height (B must sell before it; M drops the bundle then); -1 before the bundle. */
  readonly bundleExpiry: number;
  readonly mailbox: Mailbox;
  /** B came online early enough for S to buy (height + ptlcTimeoutBlocks ≤ the bundle expiry, R-02-19): the premise of `paymentCompletes`. */
  readonly payeeCameInTime: boolean;
  /** Who S holds an invoice for T from (B, or M selling a leaked plaintext bundle); -1 for none. */
  readonly invoiceFrom: number;
  /** The PTLCs of the path, hop 0 (S's) to hop k (the payee's). */
  readonly hops: readonly Hop[];
  /** Per party: funds outside the A–S channel (routing channels, and on-chain outputs after settlement). */
  readonly wallet: readonly number[];
  /** Funds still in the A–S channel (20 until it settles on chain, then 0). */
  readonly channelSat: number;
  readonly chain: ChainChannel;
  /** A's secret nonces: for nonce r1 and r2, the bitmask of messages (`MSG_*`) each has signed. */
  readonly nonceUses: readonly number[];
  /**
   * Sticky: A's pending amt + fee was released: paid out in step 9, returned by a cancellation, or handed to
   * the chain (an update confirmed whose settlement someone holds, so the CSV decides it without anyone's help).
   */
  readonly lockReleased: boolean;
  /** S has crashed (with `hubMayCrash`; at most once a run, so a crash loop cannot stand in for a fair run). */
  readonly hubCrashed: boolean;
  /** Bitmask over hops claimed on chain this block: their secret reaches the offerer with the next block (0: none). */
  readonly pendingReveal: number;
  /**
   * A second sale of state n+1's s_A to S (R-09-11: a deviating B presents the bundle twice; R-09-12: A, who
   * holds s_A, sells it too): who sent S the second invoice, and whether S paid it (the seller knows s_A, so
   * the second PTLC is claimed as soon as it is offered). `NO_RESALE` (from −1) for none.
   */
  readonly resale: Resale;
  /** The timeout variant's pending output (`NO_PENDING`, status `none`, while none is on chain). */
  readonly pending: PendingOutput;
  /**
   * Equivocation (R-09-14), a bitmask of `FORGED_*` (0: none): A handed M a bundle whose s_A signs a message S never
   * agreed; S holds an invoice whose point is not s_A's point.
   */
  readonly forged: number;
  /** Published channel transactions not yet confirmed (`inclusionDelayBlocks` > 0; always empty at 0). */
  readonly mempool: readonly PendingTx[];
  /**
   * Time dilation (`eclipseBlocks` > 0): how many of the latest blocks the eclipsed honest party has not seen yet
   * (its view of the chain is `height − eclipseLag`); always 0 without an eclipse.
   */
  readonly eclipseLag: number;
  /**
   * `hubCrashLosesUnpersisted`: S's knowledge bits (`K_*`) from its cancellation steps not yet written to its
   * store; a crash loses them. 0 otherwise (always 0 without the switch).
   */
  readonly hubUnpersisted: number;
}

/** `forged` bit: the bundle A handed M carries a partial signature on a message other than U(n+1)'s. */
export const FORGED_BUNDLE = 1;
/** `forged` bit: the invoice S holds has a point that is not s_A's point (from a forged bundle, or forged by B). */
export const FORGED_INVOICE = 2;
/** ITF names of the `forged` bits, in bit order. */
export const FORGED_NAMES: readonly string[] = ['bundle', 'invoice'];

/** The timeout variant's pending output in a confirmed St(n+1) (spec 06 §1): none yet, unspent since `since`, or swept. */
export interface PendingOutput {
  readonly status: 'none' | 'unspent' | 'claimedByHub' | 'sweptByPayer';
  /** The height at which St(n+1) confirmed (the claim leaf's CSV counts from here); −1 while none. */
  readonly since: number;
}

export const NO_PENDING: PendingOutput = { status: 'none', since: -1 };
export const PENDING_STATUSES: readonly PendingOutput['status'][] = ['none', 'unspent', 'claimedByHub', 'sweptByPayer'];

/** The claim leaf's relative delay (claim_margin_blocks), fixed in the model. */
export const CLAIM_MARGIN_BLOCKS = 1;

/** D of R-06-02: what an honest S that buys at h needs after h + ptlc_timeout_blocks to finish on chain. */
export function pendingSlackBlocks(c: { csvDelayBlocks: number; rebindMarginBlocks: number }): number {
  return c.csvDelayBlocks + 2 * c.rebindMarginBlocks + 2 * CLAIM_MARGIN_BLOCKS;
}

/** A second invoice for state n+1 after S bought it once: its sender, and whether S paid it. */
export interface Resale {
  readonly from: number;
  readonly paid: boolean;
}

export const NO_RESALE: Resale = { from: -1, paid: false };

/**
 * The initial state for a path of `hops` routing nodes; `publicTweaks` makes every tweak public (same point
 * on every hop). Per-party arrays always have an entry for P1..P3; routing nodes beyond `hops` hold nothing.
 */
export function initialState(opts: { hops: number; publicTweaks: boolean }): ProtocolState {
  const knows: number[] = new Array<number>(PARTY_COUNT).fill(0);
  knows[A] = K_U0;
  knows[S] = K_U0 | K_SS1;
  // B picks the tweaks (a blinded route): it knows them all; S knows X_0, P_j knows the difference d_j.
  let all = 0;
  for (let i = 0; i <= opts.hops; i++) all |= kRel(i);
  knows[B] = all;
  knows[S] = (knows[S] ?? 0) | kRel(0);
  for (let j = 1; j <= opts.hops; j++) knows[routerIndex(j)] = kRel(j);
  if (opts.publicTweaks) for (let p = 0; p < 4 + opts.hops; p++) knows[p] = (knows[p] ?? 0) | all;
  const wallet: number[] = new Array<number>(PARTY_COUNT).fill(0);
  wallet[S] = ROUTING_WALLET_SAT;
  for (let j = 1; j <= opts.hops; j++) wallet[routerIndex(j)] = ROUTING_WALLET_SAT;
  const hops: Hop[] = [];
  for (let i = 0; i <= opts.hops; i++) hops.push({ status: 'none', timeoutHeight: -1 });
  return {
    height: 0,
    online: (1 << A) | (1 << S) | (1 << M) | routersMask(opts.hops),
    knows,
    phase: 'setup',
    bundleExpiry: -1,
    mailbox: 'empty',
    payeeCameInTime: false,
    invoiceFrom: -1,
    hops,
    wallet,
    channelSat: PAYER_CHANNEL_SAT + HUB_CHANNEL_SAT,
    chain: OPEN_CHANNEL,
    nonceUses: [0, 0],
    lockReleased: false,
    hubCrashed: false,
    pendingReveal: 0,
    resale: NO_RESALE,
    pending: NO_PENDING,
    forged: 0,
    mempool: EMPTY_MEMPOOL,
    eclipseLag: 0,
    hubUnpersisted: 0,
  };
}

/**
 * `s` with `changes`: what `{ ...s, ...changes }` says. Written out field by field so that every state has one
 * object shape: V8 copies a 22-field object some 20× faster this way than by a spread (whose copies also end up
 * with differing shapes, which slows every later read), and the copy is most of what a step costs. A field added
 * to `ProtocolState` and not here fails to type-check.
 */
export function changed(s: ProtocolState, changes: Partial<ProtocolState>): ProtocolState {
  const t: { -readonly [K in keyof ProtocolState]: ProtocolState[K] } = {
    height: s.height,
    online: s.online,
    knows: s.knows,
    phase: s.phase,
    bundleExpiry: s.bundleExpiry,
    mailbox: s.mailbox,
    payeeCameInTime: s.payeeCameInTime,
    invoiceFrom: s.invoiceFrom,
    hops: s.hops,
    wallet: s.wallet,
    channelSat: s.channelSat,
    chain: s.chain,
    nonceUses: s.nonceUses,
    lockReleased: s.lockReleased,
    hubCrashed: s.hubCrashed,
    pendingReveal: s.pendingReveal,
    resale: s.resale,
    pending: s.pending,
    forged: s.forged,
    mempool: s.mempool,
    eclipseLag: s.eclipseLag,
    hubUnpersisted: s.hubUnpersisted,
  };
  return Object.assign(t, changes);
}

function routersMask(hops: number): number {
  let m = 0;
  for (let j = 1; j <= hops; j++) m |= 1 << routerIndex(j);
  return m;
}

/** The total of all funds: the channel, every wallet, and every PTLC still locked. */
export function totalFunds(s: ProtocolState, hops: number): number {
  let total = s.channelSat;
  for (const w of s.wallet) total += w;
  if (s.pending.status === 'unspent') total += AMOUNT_SAT + payerFeeSat(hops);
  for (let i = 0; i < s.hops.length; i++) if (hopLocked(s.hops[i]!.status)) total += hopAmountSat(i, hops);
  return total;
}
