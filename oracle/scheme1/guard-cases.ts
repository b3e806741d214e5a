/**
 * Scheme 1's guard-directed runs (../guard-directed.ts): for each refusal guard of impl/node the oracle can drive
 * a scheme-1 node into, a suite, a prefix of its model path and one stutter of a deviating party (a message it
 * sends again or alters, signed with its own keys: tamper.ts) that only that guard should refuse. Found by
 * scripts/mutation/discover-guards.ts (every prefix × tamper field × resend), one case per guard, the shortest.
 */
import type { GuardCase } from '../binding.ts';
import type { AdversaryCommand } from './adversary.ts';
import { PAID } from '../../model/scheme1/paths.ts';

/** The same payment over two routing nodes (the split suites): S → P1 → P2 → B, then the claims back. */
const SPLIT = [
  ...PAID.slice(0, 6),
  'RouterForwardPtlc',
  'RouterForwardPtlc',
  'PayeeClaimPtlc',
  'RouterClaimPtlc',
  'RouterClaimPtlc',
] as const;

const paid = (k: number): readonly string[] => PAID.slice(0, k);
/** The payment, then A back: S proves the purchase (its StateProof) and A finishes. */
const BACK = [...PAID, 'PayerComeBack', 'PayerHubFinish'] as const;
const split = (k: number): readonly string[] => SPLIT.slice(0, k);
const tamper = (field: number): AdversaryCommand => ({ kind: 'tamper', field });
const resend = (back: number, field = -1): AdversaryCommand => ({ kind: 'resend', back, field });
const craft = (back: number, edits: Readonly<Record<string, number | string>>): AdversaryCommand => ({
  kind: 'craft',
  back,
  edits,
});
const A_DEVIATING = 'direct, A deviating';

export const SCHEME1_GUARD_CASES: readonly GuardCase<AdversaryCommand>[] = [
  // S sends A its AcceptState of 1 again.
  { guard: 'channel-protocol:accept-no-proposal', suite: 'direct, S deviating', prefix: paid(1), cmd: resend(0) },
  // S sends A its SettlementSig with partialSig altered.
  {
    guard: 'channel-protocol:party-settlement-sig-forged',
    suite: 'direct, S deviating',
    prefix: paid(1),
    cmd: tamper(0),
  },
  // S sends A its SettlementSig with state altered.
  {
    guard: 'channel-protocol:party-settlement-sig-no-proposal',
    suite: 'direct, S deviating',
    prefix: paid(1),
    cmd: tamper(1),
  },
  // S sends A its AcceptState of 1 again with settleNonce altered.
  { guard: 'node:envelope-malformed', suite: 'direct, S deviating', prefix: paid(1), cmd: resend(0, 0) },
  // S sends B its PtlcOffer with onion altered.
  { guard: 'payee:offer-onion-missing', suite: 'direct, S deviating', prefix: paid(6), cmd: tamper(2) },
  // S sends B its PtlcOffer with amountSat altered.
  { guard: 'ptlc:offer-presig-forged', suite: 'direct, S deviating', prefix: paid(6), cmd: tamper(0) },
  // S sends B its PtlcOffer with stateSig altered.
  { guard: 'ptlc:offer-state-sig-forged', suite: 'direct, S deviating', prefix: paid(6), cmd: tamper(6) },
  // A sends S its SettlementSig with partialSig altered.
  {
    guard: 'channel-protocol:hub-settlement-sig-no-proposal',
    suite: 'direct, A deviating',
    prefix: paid(1),
    cmd: tamper(0),
  },
  // A sends S its ProposeState of 1 again.
  { guard: 'channel-protocol:propose-not-next-state', suite: 'direct, A deviating', prefix: paid(1), cmd: resend(1) },
  // A sends S its ProposeState of 1 again with state altered.
  {
    guard: 'channel-protocol:propose-during-purchase',
    suite: 'direct, A deviating',
    prefix: paid(6),
    cmd: resend(1, 6),
  },
  // A sends S its ProposeState of 1 again with state altered.
  {
    guard: 'channel-protocol:propose-purpose-balances',
    suite: 'direct, A deviating',
    prefix: paid(7),
    cmd: resend(1, 6),
  },
  // B sends S its Invoice with amountSat altered.
  { guard: 'hub:invoice-amount', suite: 'direct, B deviating', prefix: paid(5), cmd: tamper(0) },
  // B sends S its Invoice with paymentPoint altered.
  { guard: 'hub:invoice-bad-point', suite: 'direct, B deviating', prefix: paid(5), cmd: tamper(5) },
  // B sends S its Invoice with channelId altered.
  { guard: 'hub:invoice-channel-id', suite: 'direct, B deviating', prefix: paid(5), cmd: tamper(1) },
  // B sends S its Invoice with paymentId altered.
  { guard: 'hub:invoice-no-payment', suite: 'direct, B deviating', prefix: paid(5), cmd: tamper(4) },
  // B sends S its Invoice with hub altered.
  { guard: 'hub:invoice-other-hub', suite: 'direct, B deviating', prefix: paid(5), cmd: tamper(2) },
  // B sends S its Invoice with payee altered.
  { guard: 'hub:invoice-payee-sig-forged', suite: 'direct, B deviating', prefix: paid(5), cmd: tamper(3) },
  // B sends S its Invoice with amountSat altered.
  { guard: 'hub:invoice-already-bought', suite: 'direct, B deviating', prefix: paid(6), cmd: tamper(0) },
  // B sends S its PtlcClaim with hop altered.
  { guard: 'hub:claim-no-ptlc', suite: 'direct, B deviating', prefix: paid(7), cmd: tamper(0) },
  // B sends S its PtlcClaim with sig altered.
  { guard: 'hub:claim-replayed', suite: 'direct, B deviating', prefix: paid(7), cmd: tamper(2) },
  // B sends S its PtlcAccept of 2 again.
  { guard: 'ptlc:accept-replayed', suite: 'direct, B deviating', prefix: paid(7), cmd: resend(1) },
  // B sends S its PtlcAccept of 2 again with hop altered.
  { guard: 'ptlc:accept-unknown', suite: 'direct, B deviating', prefix: paid(7), cmd: resend(1, 0) },
  // P2 claims from P1 again with another hop number, with a forged signature, and once more after P1 paid.
  { guard: 'router:claim-no-ptlc', suite: 'split same point, P2 deviating', prefix: split(9), cmd: tamper(0) },
  { guard: 'router:claim-sig-forged', suite: 'split same point, P2 deviating', prefix: split(9), cmd: tamper(2) },
  { guard: 'router:claim-replayed', suite: 'split same point, P2 deviating', prefix: split(10), cmd: tamper(2) },
  // Crafted (craft.ts): A proposes the next state (its ProposeState of state 1 with state + 1) with balances that
  // do not add up to the capacity, that are not what a payment moves, or (an ordinary update) lower S's balance.
  {
    guard: 'channel-protocol:propose-balances-not-capacity',
    suite: A_DEVIATING,
    prefix: paid(1),
    cmd: craft(1, { state: 1, hubSat: 1 }),
  },
  {
    guard: 'channel-protocol:propose-purpose-balances',
    suite: A_DEVIATING,
    prefix: paid(1),
    cmd: craft(1, { state: 1, hubSat: 1, proposerSat: -1 }),
  },
  {
    guard: 'channel-protocol:propose-hub-balance-drops',
    suite: A_DEVIATING,
    prefix: paid(1),
    cmd: craft(1, { state: 1, purpose: 'update', hubSat: -5, proposerSat: 5 }),
  },
  // A proposes the next state (S accepts), then sends its settlement signature of state 1 as state 2's.
  {
    guard: 'channel-protocol:hub-settlement-sig-forged',
    suite: A_DEVIATING,
    prefix: paid(1),
    before: [craft(1, { state: 1 })],
    cmd: craft(0, { state: 1 }),
  },
  // S accepts a state A never proposed.
  {
    guard: 'channel-protocol:accept-no-proposal',
    suite: 'direct, S deviating',
    prefix: paid(1),
    cmd: craft(1, { state: 5 }),
  },
  // A's settlement signature for a state no proposal has (the guard's `no proposal at all` operand).
  {
    guard: 'channel-protocol:hub-settlement-sig-no-proposal',
    suite: A_DEVIATING,
    prefix: paid(1),
    cmd: craft(0, { state: 5 }),
  },
  // S sends A its StateProof again, and once more for another state.
  { guard: 'payer:proof-replayed', suite: 'direct, S deviating', prefix: BACK, cmd: resend(0) },
  { guard: 'payer:proof-no-payment', suite: 'direct, S deviating', prefix: BACK, cmd: tamper(2) },
];
