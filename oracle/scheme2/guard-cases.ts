/**
 * Scheme 2's guard-directed runs (../guard-directed.ts): for each refusal guard of impl/node that only a
 * scheme-2 node has (S's checks of A's PTLC offer and of B's cancel after the sale, B's of A's handoff), a suite, a prefix of its model path and
 * one stutter of a deviating party (a message it sends again, alters, crafts or relays with its own keys: craft.ts) that
 * only that guard should refuse. What no case reaches, with why: guard-coverage.ts and
 * scripts/mutation/EQUIVALENTS.md.
 */
import type { GuardCase } from '../binding.ts';
import type { AdversaryCommand } from './adversary.ts';
import type { BundleEdits } from './bundle-craft.ts';
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
const bundle = (edits: BundleEdits): AdversaryCommand => ({ kind: 'bundle', edits });
const claim = (edits: Readonly<Record<string, number | string>>): AdversaryCommand => ({ kind: 'claim', edits });
const handoff = (paymentId: string): AdversaryCommand => ({
  kind: 'owner',
  node: 'A',
  command: { kind: 'PayerHandoff', paymentId },
});
/** A has come online; B's bundle waits at M. */
const ONLINE = sale(3);
/** S deviating, A honest (the suite's name only places the case). */
const S_ONLY = { suite: A_DEVIATING, deviating: ['S'] } as const;
const resend = (back: number, field = -1): AdversaryCommand => ({ kind: 'resend', back, field });
const staleCancel: AdversaryCommand = { kind: 'staleCancel' };
/** B's owner's payment request, as the driver gives it (oracle/scheme2/step.ts: amount 3, fee 1). */
const REQUEST = { kind: 'PayeeRequest', payer: 'A', amountSat: 3, feeSat: 1, expiryHeight: 1000 };
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
  // A's checks of B's bundle (R-05-06): M hands the honest A, alone, a bundle B crafted from its genuine one.
  { guard: 'payer:deliver-unseal-failed', suite: B_DEVIATING, prefix: ONLINE, cmd: bundle({ sealed: 'broken' }) },
  { guard: 'payer:deliver-not-payee-bundle', suite: B_DEVIATING, prefix: ONLINE, cmd: bundle({ kind: 'PayerBundle' }) },
  // B stores its bundle again once A bought it.
  { guard: 'payer:bundle-already-bought', suite: B_DEVIATING, prefix: sale(5), cmd: bundle({}) },
  {
    guard: 'payer:bundle-partial-sig-forged',
    suite: B_DEVIATING,
    prefix: ONLINE,
    cmd: bundle({ partialSig: `${'00'.repeat(31)}01` }),
  },
  // Balances that do not add up to the capacity; then a sum that does, with B's balance below the amount.
  { guard: 'payer:bundle-balances', suite: B_DEVIATING, prefix: ONLINE, cmd: bundle({ partySat: 1 }) },
  { guard: 'payer:bundle-balances', suite: B_DEVIATING, prefix: ONLINE, cmd: bundle({ amountSat: 100 }) },
  // Another message, which B's partial signature (signed anew, a fresh nonce) covers.
  {
    guard: 'payer:bundle-msg-forged',
    suite: B_DEVIATING,
    prefix: ONLINE,
    cmd: bundle({ msg: 'ab'.repeat(32), resign: 'partial' }),
  },
  // Balances moved within the capacity: St's signature does not cover them.
  {
    guard: 'payer:bundle-settle-sig-forged',
    suite: B_DEVIATING,
    prefix: ONLINE,
    cmd: bundle({ partySat: 1, hubSat: -1 }),
  },
  // A B–S channel whose hub is one A has no PTLC channel with; then a fee above A's side of the A–S ledger.
  { guard: 'payer:bundle-cannot-lock', suite: B_DEVIATING, prefix: ONLINE, cmd: bundle({ hub: 'M' }) },
  { guard: 'payer:bundle-cannot-lock', suite: B_DEVIATING, prefix: ONLINE, cmd: bundle({ feeSat: 10 }) },
  {
    guard: 'payer:bundle-timeout-after-expiry',
    suite: B_DEVIATING,
    prefix: ONLINE,
    cmd: bundle({ expiryHeight: 'now' }),
  },
  // The B–S channel on chain before A buys (R-05-08): B puts U_BS(m) on chain and A comes online a block later,
  // too late to rebind U_BS(m+1) before St_BS(m) may confirm (the model's own steps: A must not buy); B settles
  // the channel on St_BS(m) before A comes online (a longer mailbox expiry, so the bundle has not expired).
  {
    guard: 'payer:bundle-update-confirmed-no-rebind',
    suite: B_DEVIATING,
    prefix: [...sale(2), 'PayeeComeBack', 'PayeePublishUpdate', 'ChainAdvance', 'PayerComeOnline', 'MailboxDeliver'],
  },
  {
    guard: 'payer:bundle-channel-past-state',
    suite: B_DEVIATING,
    config: { mailboxExpiryBlocks: 8, maxHeight: 10 },
    prefix: [
      ...sale(2),
      'PayeeComeBack',
      'PayeePublishUpdate',
      'ChainAdvance',
      'ChainAdvance',
      'PayeePublishSettlement',
      'ChainAdvance',
      'PayerComeOnline',
      'MailboxDeliver',
    ],
  },
  // Once A bought B's bundle, another of B's for another payment id, with a fee A cannot lock: A checks it through
  // (only the bundle it bought is "already bought") and refuses it for the lock.
  {
    guard: 'payer:bundle-cannot-lock',
    suite: B_DEVIATING,
    prefix: sale(5),
    cmd: bundle({ paymentId: '11'.repeat(32), feeSat: 10 }),
    alsoFor: ['payer:bundle-already-bought'],
  },
  // U_BS(m) confirmed a block before A comes online, with a CSV delay long enough for A to rebind U_BS(m+1): A buys
  // (a deviating S then claims with a signature that does not complete A's pre-signature).
  {
    guard: 'payer:claim-sig-forged',
    suite: B_DEVIATING,
    deviating: ['S', 'B'],
    config: { csvDelayBlocks: 4 },
    prefix: [...sale(2), 'PayeeComeBack', 'PayeePublishUpdate', 'ChainAdvance', 'PayerComeOnline', ...SALE.slice(3, 5)],
    cmd: claim({}),
    alsoFor: ['payer:bundle-update-confirmed-no-rebind', 'payer:bundle-channel-past-state'],
  },
  // A deviating M names a sender A knows no key of (a well-formed node id; scheme 2 has no routers).
  {
    guard: 'payer:deliver-unknown-sender',
    suite: B_DEVIATING,
    deviating: ['M'],
    prefix: ONLINE,
    cmd: bundle({ sender: 'P1' }),
  },
  // A's checks of S's claim: a deviating S claims with a signature that does not complete A's pre-signature:
  // another hop; the PTLC pending; pending past its timeout (A has not ticked); already claimed.
  { guard: 'payer:claim-no-ptlc', ...S_ONLY, prefix: sale(5), cmd: claim({ hop: 1 }) },
  { guard: 'payer:claim-sig-forged', ...S_ONLY, prefix: sale(5), cmd: claim({}) },
  { guard: 'payer:claim-timed-out', ...S_ONLY, prefix: [...sale(5), 'ChainAdvance'], cmd: claim({}) },
  { guard: 'payer:claim-ptlc-closed', ...S_ONLY, prefix: SALE, cmd: claim({}) },
  // A's owner asks it to hand B an update for a payment A never bought, then again once handed off.
  { guard: 'payer:refund-no-update', suite: B_DEVIATING, prefix: ONLINE, cmd: handoff('00'.repeat(32)) },
  {
    guard: 'payer:refund-no-update',
    suite: B_DEVIATING,
    prefix: [...SALE, 'PayeeComeBack', 'PayerForwardUpdate'],
    cmd: handoff('watched'),
  },
  // A "hands B" an update signature that is not valid, before its genuine handoff.
  {
    guard: 'payee:handoff-update-sig-forged',
    suite: A_DEVIATING,
    prefix: [...SALE, 'PayeeComeBack'],
    cmd: { kind: 'forgedHandoff' },
  },
  // B's owner asks it for a payment request from a payer it has no mailbox key of (P9: scheme 2 has no routing
  // node), with an expiry already passed, and for more than S's side can pay.
  ...(
    [
      ['payee:request-unknown-payer', { payer: 'P9' }],
      ['payee:request-expiry-passed', { expiryHeight: 'now' }],
      ['payee:request-hub-cannot-pay', { amountSat: 1000 }],
    ] as const
  ).map(
    ([guard, edits]): GuardCase<AdversaryCommand> => ({
      guard,
      suite: A_DEVIATING,
      prefix: [],
      cmd: { kind: 'owner', node: 'B', command: { ...REQUEST, ...edits } },
    }),
  ),
  // B, back after S sold its partial signature on U_BS(m+1), proposes m+2 with the balances of m (a cancel after
  // the sale): S agrees no state that supersedes what it sold (R-05-12).
  { guard: 'hub:propose-after-sold-update', suite: B_DEVIATING, prefix: [...SALE, 'PayeeComeBack'], cmd: staleCancel },
];
