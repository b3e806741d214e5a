/**
 * Two payments in flight (spec/11-open-questions.md §8, spec/06-variants.md §5): A pays B1 and later B2
 * through S, direct (no routing nodes), each payment by scheme 1's sale of a partial signature. Payment j
 * (j = 0 for the first, 1 for the second; p_j = amt_j + fee) stacks state n+j+1 on n+j: A and S co-sign
 * St(n+j+1), A hands s_A^j, its partial signature on U(n+j+1), to B_j in a sealed bundle.
 *
 * What St(n+k) pays is the variant's (`stacked` or `outputs`, see `settlementOf`): the naive stack pays S
 * every p_j (j < k) outright; the payment-outputs design pays S only p_{k−1} and locks every earlier p_j
 * in its own output that S spends with t_j (= s_A^j: T_j = s_A^j·G) and A takes back from a timeout on.
 *
 * Money: A and S hold 10 each in their channel; S has 10 outside it to pay the payees; amt = 2 and 3, fee 1,
 * so p = 3 and 4 (distinct, so a trace shows which payment A was charged for).
 */

import { OPEN_CHANNEL, type ChainChannel } from '../chain.ts';
import { sum } from '../money.ts';

/** Parties of this machine: A, S and the two payees (the mailbox is honest and sealed, not a party). */
export const MULTI_PARTIES = ['A', 'S', 'B1', 'B2'] as const;
export type MultiParty = (typeof MULTI_PARTIES)[number];
export const A = 0;
export const S = 1;
export const MULTI_PARTY_COUNT = MULTI_PARTIES.length;
/** The payee of payment j: B1 for j = 0, B2 for j = 1. */
export function payeeOf(j: number): number {
  return 2 + j;
}

/** The two payments' amounts (what B_j is paid), S's fee, and what A pays for each (p_j). */
export const AMOUNTS_SAT: readonly number[] = [2, 3];
const MULTI_FEE_SAT = 1;
export function paySat(j: number): number {
  return (AMOUNTS_SAT[j] ?? 0) + MULTI_FEE_SAT;
}
export const PAYER_CHANNEL_SAT = 10;
const HUB_CHANNEL_SAT = 10;
const HUB_WALLET_SAT = 10;

// Knowledge, per payment j: five bits at 5j (s_A^j, S's partial on U(n+j+1), St(n+j+1) complete, bundle j, invoice j).
/** s_A^j: A's partial signature on U(n+j+1); also t_j, the secret of T_j = s_A^j·G. */
export function kSa(j: number): number {
  return 1 << (5 * j);
}
/** S's own partial signature on U(n+j+1): U(n+j+1) is complete for whoever knows it and s_A^j. */
export function kSs(j: number): number {
  return 1 << (5 * j + 1);
}
/** Both signatures of St(n+j+1). */
export function kSt(j: number): number {
  return 1 << (5 * j + 2);
}
/** Bundle j's plaintext (U(n+j+1), s_A^j, nonces, amt_j, fee, expiry_j): knowing it means knowing s_A^j. */
export function kBundle(j: number): number {
  return 1 << (5 * j + 3);
}
/** B_j's signed invoice for amt_j with point T_j. */
export function kInvoice(j: number): number {
  return 1 << (5 * j + 4);
}
/** Complete U(n) and St(n): A and S hold them at the start. */
export const K_U0 = 1 << 10;

export const KNOWLEDGE_NAMES: readonly string[] = [
  'sA1',
  'sS1',
  'St1',
  'bundle1',
  'invoice1',
  'sA2',
  'sS2',
  'St2',
  'bundle2',
  'invoice2',
  'U0St0',
];

/** Closes knowledge: a bundle gives its s_A^j. */
export function closeKnowledge(mask: number): number {
  let m = mask;
  for (let j = 0; j < 2; j++) if ((m & kBundle(j)) !== 0) m |= kSa(j);
  return m;
}

/** Where payment j is: `none`, `signed` (St(n+j+1) co-signed), `sent` (bundle j with the mailbox). */
export type Stage = 'none' | 'signed' | 'sent';
export const STAGES: readonly Stage[] = ['none', 'signed', 'sent'];
export type PtlcStatus = 'none' | 'offered' | 'claimed' | 'refunded';
export const PTLC_STATUSES: readonly PtlcStatus[] = ['none', 'offered', 'claimed', 'refunded'];
/**
 * Payment j's own output in a settled St(n+k), k > j+1 (payment-outputs design only): `none` (no such
 * output), `unspent`, `hub` (S spent it with t_j), `payer` (A took it back from its timeout on).
 */
export type OutputStatus = 'none' | 'unspent' | 'hub' | 'payer';
export const OUTPUT_STATUSES: readonly OutputStatus[] = ['none', 'unspent', 'hub', 'payer'];

export interface PaymentState {
  readonly stage: Stage;
  /** Height from which bundle j is void (the mailbox drops it; S must have bought before); −1 before. */
  readonly expiry: number;
  /** B_j came online while S could still buy (height + ptlcTimeoutBlocks ≤ expiry): the premise of liveness. */
  readonly cameInTime: boolean;
  /** S's PTLC to B_j, locked to T_j, and its absolute timeout height. */
  readonly ptlc: PtlcStatus;
  readonly ptlcTimeout: number;
  readonly output: OutputStatus;
}

export interface MultiState {
  /** Block height; only `ChainAdvance` moves it, up to `maxHeight`. */
  readonly height: number;
  /** Bitmask over A, S, B1, B2. A goes offline when it hands over a bundle; the payees start offline. */
  readonly online: number;
  /** Per party: a bitmask of the `k*`/`KM_*` names, closed under `closeM`. */
  readonly knows: readonly number[];
  /** The payments, in order (always two entries; with `payments` 1 the second stays `none`). */
  readonly pay: readonly PaymentState[];
  /** Per party: funds outside the A–S channel (S's paying funds, the payees' receipts, on-chain outputs). */
  readonly wallet: readonly number[];
  /** Funds in the A–S channel (20 until it settles). */
  readonly channelSat: number;
  /** The confirmed update's state (−1 none, k = U(n+k)), its height, and whether its settlement confirmed. */
  readonly chain: ChainChannel;
}

const NO_PAYMENT: PaymentState = {
  stage: 'none',
  expiry: -1,
  cameInTime: false,
  ptlc: 'none',
  ptlcTimeout: -1,
  output: 'none',
};

export function initialState(): MultiState {
  return {
    height: 0,
    online: (1 << A) | (1 << S),
    knows: [K_U0, K_U0, 0, 0],
    pay: [NO_PAYMENT, NO_PAYMENT],
    wallet: [0, HUB_WALLET_SAT, 0, 0],
    channelSat: PAYER_CHANNEL_SAT + HUB_CHANNEL_SAT,
    chain: OPEN_CHANNEL,
  };
}

/**
 * `s` with `changes`: what `{ ...s, ...changes }` says, written out field by field (as scheme 1's `changed`): V8
 * copies an object this way several times faster than by a spread, and every copy keeps one shape. A field added
 * to `MultiState` and not here fails to type-check.
 */
export function changed(s: MultiState, changes: Partial<MultiState>): MultiState {
  const t: { -readonly [K in keyof MultiState]: MultiState[K] } = {
    height: s.height,
    online: s.online,
    knows: s.knows,
    pay: s.pay,
    wallet: s.wallet,
    channelSat: s.channelSat,
    chain: s.chain,
  };
  return Object.assign(t, changes);
}

/** The channel, every wallet, every offered PTLC and every unspent payment output. */
export function totalFunds(s: MultiState): number {
  let t = s.channelSat + sum(s.wallet);
  s.pay.forEach((p, j) => {
    if (p.ptlc === 'offered') t += AMOUNTS_SAT[j] ?? 0;
    if (p.output === 'unspent') t += paySat(j);
  });
  return t;
}

/** Which design St(n+k) follows: the naive stack (§8.1) or one output per unsold payment (§8.2). */
export type MultiDesign = 'stacked' | 'outputs';

/**
 * What St(n+k) pays: A's and S's outright shares and which payments sit in their own output (locked to T_j,
 * back to A after its timeout). k = 0 is St(n).
 */
export function settlementOf(
  design: MultiDesign,
  k: number,
): { readonly payer: number; readonly hub: number; readonly outputs: readonly number[] } {
  let charged = 0;
  for (let j = 0; j < k; j++) charged += paySat(j);
  const payer = PAYER_CHANNEL_SAT - charged;
  if (design === 'stacked' || k <= 1) return { payer, hub: HUB_CHANNEL_SAT + charged, outputs: [] };
  const outputs = Array.from({ length: k - 1 }, (_, j) => j);
  return { payer, hub: HUB_CHANNEL_SAT + paySat(k - 1), outputs };
}
