/**
 * Scheme 1's guard-directed runs (../guard-directed.ts): for each refusal guard of impl/node the oracle can drive
 * a scheme-1 node into, a suite, a prefix of its model path and one stutter of a deviating party (a message it
 * sends again or alters, signed with its own keys: tamper.ts) that only that guard should refuse. Found by
 * scripts/mutation/discover-guards.ts (every prefix × tamper field × resend), one case per guard, the shortest.
 */
import type { GuardCase } from '../binding.ts';
import type { AdversaryCommand } from './adversary.ts';
import { CANCELLED, PAID, SPLIT_PAID } from '../../model/scheme1/paths.ts';

const paid = (k: number): readonly string[] => PAID.slice(0, k);
/** The payment, then A back: S proves the purchase (its StateProof) and A finishes. */
const BACK = [...PAID, 'PayerComeBack', 'PayerHubFinish'] as const;
const split = (k: number): readonly string[] => SPLIT_PAID.slice(0, k);
const tamper = (field: number): AdversaryCommand => ({ kind: 'tamper', field });
const resend = (back: number, field = -1): AdversaryCommand => ({ kind: 'resend', back, field });
const craft = (
  back: number,
  edits: Readonly<Record<string, number | string>>,
  from: { as?: string; of?: string; to?: string; resign?: boolean; drop?: string[] } = {},
): AdversaryCommand => ({ kind: 'craft', back, edits, ...from });
const A_DEVIATING = 'direct, A deviating';
const B_DEVIATING = 'direct, B deviating';
const S_DEVIATING = 'direct, S deviating';
const TIMEOUT = 'timeout, B deviating';
const CANCEL = 'direct, cancel as messages, stale states 2, A deviating';
/** A pre-signs and hands over its bundle, comes back, publishes U(n), and a block passes (B still offline). */
const PUBLISHED_BACK = [
  'PayerHubSignSettlement',
  'PayerSendBundle',
  'PayerComeBack',
  'PayerPublishUpdate',
  'ChainAdvance',
] as const;
/** A comes back and asks S what it bought (PayerReturn), after the payment. */
const PAID_BACK = [...PAID, 'PayerComeBack'] as const;
const cancelled = (k: number): readonly string[] => CANCELLED.slice(0, k);
/** A 64-byte signature no key made. */
const NO_SIG = '11'.repeat(64);
/** The invoice's fields a claim made from it leaves out (it keeps paymentId, adds hop and sig). */
const NOT_IN_CLAIM = [
  'payee',
  'hub',
  'state',
  'amountSat',
  'paymentPoint',
  'expiryHeight',
  'tweakSum',
  'blinded',
  'channelId',
  'receiptPreSig',
  'payeeSig',
];

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
  // A back cancels; while its proposal is open (inside the exchange the model takes as one step), S answers it
  // with its AcceptState under another session (mid-exchange.ts).
  {
    guard: 'channel-protocol:accept-wrong-session',
    suite: S_DEVIATING,
    prefix: ['PayerHubSignSettlement', 'PayerSendBundle', 'PayerComeBack'],
    cmd: { kind: 'midExchange' },
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
  // B, who has no channel with S, sends S A's proposal, A's settlement signature (and the same as an update
  // signature), and after the payment A's PayerReturn, each as its own.
  {
    guard: 'hub:propose-no-channel',
    suite: B_DEVIATING,
    prefix: paid(1),
    cmd: craft(0, {}, { as: 'B', of: 'ProposeState', to: 'S' }),
  },
  {
    guard: 'hub:settlement-sig-no-channel',
    suite: B_DEVIATING,
    prefix: paid(1),
    cmd: craft(0, {}, { as: 'B', of: 'SettlementSig', to: 'S' }),
  },
  {
    guard: 'hub:update-sig-no-channel',
    suite: B_DEVIATING,
    prefix: paid(1),
    cmd: craft(0, { kind: 'UpdateSig' }, { as: 'B', of: 'SettlementSig', to: 'S' }),
  },
  {
    guard: 'hub:payer-return-no-channel',
    suite: B_DEVIATING,
    prefix: [...BACK],
    cmd: craft(0, {}, { as: 'B', of: 'PayerReturn', to: 'S' }),
  },
  // A forwards B's genuine invoice to S as its own (signed by B, not sent by B); B sends its invoice with the amount
  // changed after signing it.
  {
    guard: 'hub:invoice-payee-sig-forged',
    suite: A_DEVIATING,
    prefix: paid(5),
    cmd: craft(0, {}, { as: 'A', of: 'Invoice', resign: false }),
  },
  {
    guard: 'hub:invoice-payee-sig-forged',
    suite: B_DEVIATING,
    prefix: paid(5),
    cmd: craft(0, { amountSat: 1 }, { as: 'B', of: 'Invoice', resign: false }),
  },
  // B invoices the payment for a state with no proposal, and for the channel's earlier state (another session's).
  {
    guard: 'hub:invoice-no-payment',
    suite: B_DEVIATING,
    prefix: paid(5),
    cmd: craft(0, { state: 5 }, { as: 'B', of: 'Invoice' }),
  },
  {
    guard: 'hub:invoice-no-payment',
    suite: B_DEVIATING,
    prefix: paid(5),
    cmd: craft(0, { state: -1 }, { as: 'B', of: 'Invoice' }),
  },
  // A invoices A's own payment to itself: every check passes but S has no route to A.
  {
    guard: 'hub:invoice-no-route',
    suite: A_DEVIATING,
    prefix: paid(5),
    cmd: craft(0, { payee: 'A' }, { as: 'A', of: 'Invoice' }),
  },
  // B's invoice with one blinded hop fewer than the route's (the decorrelated split, B deviating).
  {
    guard: 'hub:invoice-blinded-count',
    suite: 'split decorrelated, P2 deviating',
    deviating: ['B'],
    prefix: paid(5),
    cmd: tamper(1),
  },
  // Two blocks pass before the honest B comes online (split: two hops need more blocks): its invoice is too late.
  {
    guard: 'hub:invoice-too-close-to-expiry',
    suite: 'split same point, P2 deviating',
    prefix: [
      'PayerHubSignSettlement',
      'PayerSendBundle',
      'ChainAdvance',
      'ChainAdvance',
      'PayeeComeOnline',
      'MailboxDeliver',
      'PayeeSendInvoice',
    ],
  },
  // The honest B invoices after A cancelled (as messages): once U(n+2) is complete (n+1 superseded), and while S
  // has co-signed only St(n+2).
  {
    guard: 'hub:invoice-stale-state',
    suite: CANCEL,
    prefix: [...CANCELLED, 'PayeeComeOnline', 'MailboxDeliver', 'PayeeSendInvoice'],
  },
  {
    guard: 'hub:invoice-later-state-signed',
    suite: CANCEL,
    prefix: [...cancelled(4), 'PayeeComeOnline', 'MailboxDeliver', 'PayeeSendInvoice'],
  },
  // A, back, publishes U(n); a block later the honest B invoices: S cannot rebind U(n+1) before that update's
  // settlement may confirm (no stutter).
  {
    guard: 'hub:invoice-update-confirmed-no-rebind',
    suite: CANCEL,
    prefix: [...PUBLISHED_BACK, 'PayeeComeOnline', 'MailboxDeliver', 'PayeeSendInvoice'],
  },
  // The receipt variant, B deviating: B's invoice with its receipt pre-signature altered (re-signed by B).
  {
    guard: 'hub:invoice-receipt-presig-forged',
    suite: 'receipt, S deviating',
    deviating: ['B'],
    prefix: paid(5),
    cmd: tamper(6),
  },
  // A, back, publishes U(n) and, once the CSV delay has passed, St(n): the channel is settled on chain when the
  // honest B invoices (no stutter).
  {
    guard: 'hub:invoice-channel-settled-on-chain',
    suite: CANCEL,
    prefix: [
      ...PUBLISHED_BACK,
      'ChainAdvance',
      'PayerPublishSettlement',
      'PayeeComeOnline',
      'MailboxDeliver',
      'PayeeSendInvoice',
    ],
  },
  // B's invoice again once S's PTLC timed out and S took it back (its sale failed, R-02-18 lets S buy again), too
  // close to the expiry to buy: S's already-bought check must pass it over (the failed sale does not count) for the
  // expiry check to refuse it.
  {
    guard: 'hub:invoice-too-close-to-expiry',
    suite: B_DEVIATING,
    prefix: [...paid(6), 'ChainAdvance', 'HubRefundPtlc', 'ChainAdvance', 'ChainAdvance'],
    cmd: resend(0),
    alsoFor: ['hub:invoice-already-bought'],
  },
  // A and B deviating: A proposes the next state under the payment's session (S accepts), and B invoices that
  // state before its settlement is co-signed.
  {
    guard: 'hub:invoice-state-not-cosigned',
    suite: B_DEVIATING,
    deviating: ['A', 'B'],
    prefix: paid(5),
    before: [craft(1, { state: 1 }, { as: 'A' })],
    cmd: craft(0, { state: 1 }, { as: 'B', of: 'Invoice' }),
  },
  // P1 claims S's PTLC with a signature that does not complete S's pre-signature.
  {
    guard: 'hub:claim-sig-forged',
    suite: 'split same point, P2 deviating',
    deviating: ['P1'],
    prefix: split(10),
    cmd: craft(0, { kind: 'PtlcClaim', sig: NO_SIG }, { as: 'P1', of: 'PtlcAccept', to: 'S', drop: ['stateSig'] }),
  },
  // B claims S's PTLC a block after it timed out.
  {
    guard: 'hub:claim-timed-out',
    suite: B_DEVIATING,
    prefix: [...paid(6), 'ChainAdvance'],
    cmd: craft(0, { kind: 'PtlcClaim', hop: 0, sig: NO_SIG }, { as: 'B', of: 'Invoice', drop: NOT_IN_CLAIM }),
  },
  // S sends A its settlement signature again once A's state is complete (A back after the payment).
  {
    guard: 'channel-protocol:party-settlement-sig-no-proposal',
    suite: S_DEVIATING,
    prefix: PAID_BACK,
    cmd: craft(0, {}, { as: 'S', of: 'SettlementSig' }),
  },
  // The timeout variant, A deviating: A proposes the next state (crafted from its payment proposal) with a pending
  // output on an ordinary update, a pending amount that is not amt + fee, a claim margin of 0, a pending timeout
  // before expiry + D; and after the sale, a payment from the latest state (which pends) that gives S the pending
  // amount instead of keeping it pending (the party's balance right, the hub's not), and one with only the party's
  // balance wrong.
  {
    guard: 'channel-protocol:propose-pending-amount',
    suite: TIMEOUT,
    deviating: ['A'],
    prefix: paid(1),
    cmd: craft(1, { state: 1, purpose: 'update' }),
  },
  {
    guard: 'channel-protocol:propose-pending-amount',
    suite: TIMEOUT,
    deviating: ['A'],
    prefix: paid(1),
    cmd: craft(1, { state: 1, 'pending.pendingSat': 1, hubSat: -1 }),
  },
  {
    guard: 'channel-protocol:propose-pending-amount',
    suite: TIMEOUT,
    deviating: ['A'],
    prefix: paid(1),
    cmd: craft(1, { state: 1, 'pending.claimMarginBlocks': -1 }),
  },
  {
    guard: 'channel-protocol:propose-pending-timeout-before-expiry',
    suite: TIMEOUT,
    deviating: ['A'],
    prefix: paid(1),
    cmd: craft(1, { state: 1, 'pending.pendingTimeoutHeight': -1 }),
  },
  {
    guard: 'channel-protocol:propose-purpose-balances',
    suite: TIMEOUT,
    deviating: ['A'],
    prefix: paid(7),
    cmd: craft(1, { state: 1, proposerSat: -4, hubSat: 4 }),
  },
  // The same proposal again as the next state: S's balance is right, A's is not (it ignores the pending output of
  // the latest state).
  {
    guard: 'channel-protocol:propose-purpose-balances',
    suite: TIMEOUT,
    deviating: ['A'],
    prefix: paid(7),
    cmd: craft(1, { state: 1 }),
  },
  // Cancellation as messages: A sends its settlement signature of n+2 as its update signature (not a valid partial
  // on U(n+2)), an update signature for a state with no proposal, for the payment's state (not a cooperative
  // update), and its update signature again once U(n+2) is complete.
  {
    guard: 'channel-protocol:hub-update-sig-forged',
    suite: CANCEL,
    prefix: cancelled(4),
    cmd: craft(0, { kind: 'UpdateSig' }),
  },
  {
    guard: 'channel-protocol:hub-update-sig-no-proposal',
    suite: CANCEL,
    prefix: cancelled(4),
    cmd: craft(0, { kind: 'UpdateSig', state: 5 }),
  },
  {
    guard: 'channel-protocol:hub-update-sig-no-proposal',
    suite: A_DEVIATING,
    prefix: paid(1),
    cmd: craft(0, { kind: 'UpdateSig' }),
  },
  {
    guard: 'channel-protocol:hub-update-sig-no-proposal',
    suite: CANCEL,
    prefix: cancelled(6),
    cmd: craft(0, {}),
  },
  // The same cancellation, S deviating: S's update signature on U(n+2) altered, for a state with no proposal, and
  // again once A completed U(n+2).
  {
    guard: 'channel-protocol:party-update-sig-forged',
    suite: S_DEVIATING,
    config: { cancelSteps: 2, payerCancelsEarly: true },
    prefix: cancelled(4),
    cmd: tamper(0),
  },
  {
    guard: 'channel-protocol:party-update-sig-no-proposal',
    suite: S_DEVIATING,
    config: { cancelSteps: 2, payerCancelsEarly: true },
    prefix: cancelled(5),
    cmd: craft(0, { state: 5 }, { as: 'S', of: 'UpdateSig' }),
  },
  {
    guard: 'channel-protocol:party-update-sig-no-proposal',
    suite: S_DEVIATING,
    config: { cancelSteps: 2, payerCancelsEarly: true },
    prefix: cancelled(6),
    cmd: craft(0, {}, { as: 'S', of: 'UpdateSig' }),
  },
  // A stranger (a name in no node's directory: the direct suites have no P9) asks M for B's mail.
  {
    guard: 'node:envelope-unknown-sender',
    suite: B_DEVIATING,
    prefix: [],
    cmd: { kind: 'forgedEnvelope', from: 'P9' },
  },
];
