/**
 * Scheme 2's guard-directed runs (../guard-directed.ts): for each refusal guard of impl/node that only a
 * scheme-2 node has (S's checks of A's PTLC offer, B's of A's handoff), a suite, a prefix of its model path and
 * one stutter of a deviating party (a message it sends again, alters, crafts or relays with its own keys: craft.ts) that
 * only that guard should refuse. What no case reaches, with why: guard-coverage.ts and
 * scripts/mutation/EQUIVALENTS.md.
 */
import type { GuardCase } from '../binding.ts';
import type { AdversaryCommand } from './adversary.ts';
import type { OfferEdits } from './craft.ts';

/** The scheme-2 sale: B's pre-signed update, its bundle through M, A's PTLC to S, S's claim. */
export const SALE = [
  'PayeeHubSignSettlement',
  'PayeeSendBundle',
  'PayerComeOnline',
  'MailboxDeliver',
  'PayerOfferPtlc',
  'HubClaimPtlc',
] as const;

/** The suite where A deviates and S and B are honest (binding.ts). */
export const A_DEVIATING = 'scheme 2, A deviating';
const B_DEVIATING = 'scheme 2, B deviating';

const sale = (k: number): readonly string[] => SALE.slice(0, k);
const craft = (edits: OfferEdits): AdversaryCommand => ({ kind: 'craft', edits });
const resend = (back: number, field = -1): AdversaryCommand => ({ kind: 'resend', back, field });
/** The generator point: a valid point that is not S's partial-signature point on U_BS(m+1). */
const OTHER_POINT = '0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798';

export const SCHEME2_GUARD_CASES: readonly GuardCase<AdversaryCommand>[] = [
  // A's offer (queued to S) for a payment S has no scheme-2 state of.
  { guard: 'hub:s2-offer-no-state', suite: A_DEVIATING, prefix: sale(5), cmd: craft({ paymentId: '00'.repeat(32) }) },
  // A's offer again once S sold its partial signature (S claimed A's first PTLC).
  { guard: 'hub:s2-offer-already-sold', suite: A_DEVIATING, prefix: sale(6), cmd: craft({}) },
  // A's offer after B cancelled m+1 (m+2 with the balances of m): U_BS(m+1) is stale. The honest A's offer,
  // waiting for S, is refused as soon as the cancel is through (the model: S may not claim); then S restarts.
  {
    guard: 'hub:s2-offer-stale-state',
    suite: B_DEVIATING,
    prefix: [...sale(5), 'PayeeComeBack', 'PayeeHubCancel'],
    cmd: { kind: 'restart', node: 'S' },
  },
  // A's offer locked to another point.
  { guard: 'hub:s2-offer-bad-point', suite: A_DEVIATING, prefix: sale(5), cmd: craft({ point: OTHER_POINT }) },
  // A's offer of one satoshi more than B's amount and S's fee.
  { guard: 'hub:s2-offer-amount', suite: A_DEVIATING, prefix: sale(5), cmd: craft({ amountSat: 1 }) },
  // A's offer timing out now.
  { guard: 'hub:s2-offer-timed-out', suite: A_DEVIATING, prefix: sale(5), cmd: craft({ timeoutHeight: -1 }) },
  // A's handoff to B again, and again for another state.
  {
    guard: 'payee:handoff-replayed',
    suite: A_DEVIATING,
    prefix: [...SALE, 'PayeeComeBack', 'PayerForwardUpdate'],
    cmd: resend(0),
  },
  {
    guard: 'payee:handoff-no-state',
    suite: A_DEVIATING,
    prefix: [...SALE, 'PayeeComeBack', 'PayerForwardUpdate'],
    cmd: resend(0, 1),
  },
  // A's handoff again with another payment id for the same state (B's proposal of that state is another session's).
  {
    guard: 'payee:handoff-no-state',
    suite: A_DEVIATING,
    prefix: [...SALE, 'PayeeComeBack', 'PayerForwardUpdate'],
    cmd: resend(0, 0),
  },
  // A sends B, as its own, the AcceptState and the SettlementSig S sent B: only B's channel partner may.
  {
    guard: 'payee:accept-state-unexpected',
    suite: A_DEVIATING,
    prefix: sale(1),
    cmd: { kind: 'relay', message: 'AcceptState' },
  },
  {
    guard: 'payee:settlement-sig-from-stranger',
    suite: A_DEVIATING,
    prefix: [...SALE, 'PayeeComeBack'],
    cmd: { kind: 'relay', message: 'SettlementSig' },
  },
  // A "hands B" an update signature that is not valid, before its genuine handoff.
  {
    guard: 'payee:handoff-update-sig-forged',
    suite: A_DEVIATING,
    prefix: [...SALE, 'PayeeComeBack'],
    cmd: { kind: 'forgedHandoff' },
  },
];
