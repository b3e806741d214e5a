/**
 * Scheme 2, the payee pre-signs (PROTOCOL.md "the other way around"): its own small state. The channel is
 * B–S; B and S co-sign St_BS(m+1) raising B's balance by amt, B partially signs U_BS(m+1) and sends both to
 * A through M, and goes offline. A comes online and buys S's partial signature s_S with a PTLC A → S locked
 * to s_S's point; A then holds the complete U_BS(m+1) and watches the chain for B until B is back.
 *
 * Money: B and S hold 5 and 10 in their channel, A holds 10 to pay with (its own channel towards S,
 * abstracted to a wallet); amt = 3 and S's fee 1, so A's PTLC locks 4.
 */

/** B's partial signature s_B on U_BS(m+1). */
export const K2_SB = 1 << 0;
/** S's partial signature s_S on U_BS(m+1): what A buys. U_BS(m+1) is complete for whoever knows both. */
export const K2_SS = 1 << 1;
/** The complete settlement St_BS(m+1) (B + amt, S − amt). */
export const K2_ST1 = 1 << 2;
/** Complete U_BS(m) and St_BS(m): B and S hold them at the start. */
export const K2_U0 = 1 << 3;
/** Complete U_BS(m+2) and St_BS(m+2): a state superseding m+1 without the payment. */
export const K2_U2 = 1 << 4;
/** The bundle's plaintext (U_BS(m+1), s_B, the complete St_BS(m+1), amount, expiry). */
export const K2_BUNDLE = 1 << 5;

/** A bundle B sent before St_BS(m+1) was co-signed (`payeeSignsBeforeSettlement`): it carries s_B only. */
export const K2_BUNDLE_EARLY = 1 << 6;

export const K2_NAMES: readonly string[] = ['sB', 'sS', 'St1', 'U0St0', 'U2St2', 'bundle', 'bundleEarly'];

/** Closes knowledge: the bundle carries s_B and the complete St_BS(m+1); an early bundle s_B only. */
export function closeKnowledge(mask: number): number {
  const m = (mask & K2_BUNDLE_EARLY) !== 0 ? mask | K2_SB : mask;
  return (m & K2_BUNDLE) !== 0 ? m | K2_SB | K2_ST1 : m;
}

import { OPEN_CHANNEL, type ChainChannel } from '../chain.ts';
import { sum } from '../money.ts';

export const PAYEE_CHANNEL_SAT = 5;
export const HUB_CHANNEL_SAT = 10;
export const PAYER_WALLET_SAT = 10;
const AMOUNT_SAT = 3;
const HUB_FEE_SAT = 1;
/** What A's PTLC to S locks: amt + S's fee. */
export const PTLC_SAT = AMOUNT_SAT + HUB_FEE_SAT;

/** B's share of the B–S channel in state j (0 = m, 1 = m+1 paid, 2 = m+2 superseding without it). */
export function payeeShare(j: number): number {
  return j === 1 ? PAYEE_CHANNEL_SAT + AMOUNT_SAT : PAYEE_CHANNEL_SAT;
}

export function hubShare(j: number): number {
  return PAYEE_CHANNEL_SAT + HUB_CHANNEL_SAT - payeeShare(j);
}

export type Phase = 'setup' | 'bundleSent' | 'bought' | 'cancelled';
export const PHASES: readonly Phase[] = ['setup', 'bundleSent', 'bought', 'cancelled'];
export const MAILBOXES = ['empty', 'held', 'delivered'] as const;
export type PtlcStatus = 'none' | 'offered' | 'claimed' | 'refunded';
export const PTLC_STATUSES: readonly PtlcStatus[] = ['none', 'offered', 'claimed', 'refunded'];

export interface Scheme2State {
  /** Block height; only `ChainAdvance` moves it. */
  readonly height: number;
  /** Bitmask over parties A, S, B, M (indices as in parties.ts). A starts offline; B goes offline after its bundle. */
  readonly online: number;
  /** Per party (A, S, B, M): a bitmask of `K2_*` names. */
  readonly knows: readonly number[];
  readonly phase: Phase;
  /** Height from which the bundle is void (A must pay before; M drops it); -1 before. */
  readonly bundleExpiry: number;
  readonly mailbox: (typeof MAILBOXES)[number];
  /** A came online early enough to buy (height + ptlcTimeoutBlocks ≤ expiry): the premise of `paymentCompletes`. */
  readonly payerCameInTime: boolean;
  /** A's PTLC to S, locked to s_S's point. */
  readonly ptlc: { readonly status: PtlcStatus; readonly timeoutHeight: number };
  /** `payerSkipsPointCheck`: A's PTLC is locked to a point of S's own, not s_S's (absent = false). */
  readonly ptlcToHubPoint?: boolean;
  /** `payerSkipsFeeCheck`: A's PTLC carries one sat more than amt + fee, the fee a deviating S named (absent = false). */
  readonly ptlcOverpays?: boolean;
  /** Per party (A, S, B, M): funds outside the B–S channel (A's paying funds; on-chain outputs after settlement). */
  readonly wallet: readonly number[];
  /** Funds in the B–S channel (15 until it settles). */
  readonly channelSat: number;
  /** The B–S channel on chain, as in scheme 1. */
  readonly chain: ChainChannel;
}

export function initialState(): Scheme2State {
  return {
    height: 0,
    online: (1 << 1) | (1 << 2) | (1 << 3),
    knows: [0, K2_U0, K2_U0, 0],
    phase: 'setup',
    bundleExpiry: -1,
    mailbox: 'empty',
    payerCameInTime: false,
    ptlc: { status: 'none', timeoutHeight: -1 },
    wallet: [PAYER_WALLET_SAT, 0, 0, 0],
    channelSat: PAYEE_CHANNEL_SAT + HUB_CHANNEL_SAT,
    chain: OPEN_CHANNEL,
  };
}

/**
 * `s` with `changes`: what `{ ...s, ...changes }` says, written out field by field (as scheme 1's `changed`): V8
 * copies an object this way several times faster than by a spread, and every copy keeps one shape. The two
 * optional flags are copied only where present. A required field added to `Scheme2State` and not here fails to
 * type-check.
 */
export function changed(s: Scheme2State, changes: Partial<Scheme2State>): Scheme2State {
  const t: { -readonly [K in keyof Scheme2State]: Scheme2State[K] } = {
    height: s.height,
    online: s.online,
    knows: s.knows,
    phase: s.phase,
    bundleExpiry: s.bundleExpiry,
    mailbox: s.mailbox,
    payerCameInTime: s.payerCameInTime,
    ptlc: s.ptlc,
    wallet: s.wallet,
    channelSat: s.channelSat,
    chain: s.chain,
  };
  if (s.ptlcToHubPoint !== undefined) t.ptlcToHubPoint = s.ptlcToHubPoint;
  if (s.ptlcOverpays !== undefined) t.ptlcOverpays = s.ptlcOverpays;
  return Object.assign(t, changes);
}

export function totalFunds(s: Scheme2State): number {
  return s.channelSat + sum(s.wallet) + (s.ptlc.status === 'offered' ? ptlcSat(s) : 0);
}

/** What A's PTLC carries: amt + fee, or one sat more under `payerSkipsFeeCheck`. */
export function ptlcSat(s: Scheme2State): number {
  return PTLC_SAT + (s.ptlcOverpays === true ? 1 : 0);
}
