/**
 * Scheme 1's guard-directed runs (../guard-directed.ts) for the payment's edges: B's checks of the bundle A leaves
 * at M (the `bundle` stutter, bundle-probe.ts: a crafted bundle in place of the genuine one), A's checks after it
 * comes back, the routing nodes' and the PTLC checks. Each case names the behaviour the guard refuses; the run
 * passes only if the honest node refused with that guard. guard-cases.ts has the channel protocol's and S's.
 */
import type { GuardCase } from '../binding.ts';
import type { AdversaryCommand } from './adversary.ts';
import { PAID, SPLIT_PAID } from '../../model/scheme1/paths.ts';

const A_DEVIATING = 'direct, A deviating';
/** A and S have signed St(n+1); S's signature is on its way to A (A is about to seal its bundle). */
const SIGNED = PAID.slice(0, 1);
const S_DEVIATING = 'direct, S deviating';
/** S's PTLC offer to B is on its way (B has invoiced, S checked the invoice). */
const OFFERED = PAID.slice(0, 6);
/** The payment is done and A is back: S's state proof is what A gets next. */
const BACK = [...PAID, 'PayerComeBack'];
const SPLIT_P2 = 'split same point, P2 deviating';
/** Split: S → P1 → P2 offered, P2's offer to B on its way. */
const FORWARDED = SPLIT_PAID.slice(0, 8);
const SPLIT_D = 'split decorrelated, P2 deviating';
/** A PtlcOffer of S's to P1 (S deviating in a split: a coalition neither split suite runs), signed anew. */
const sOffer = (edits: Edits): AdversaryCommand => offer({ to: 'P1', ...edits });
/** A 64-byte signature no key made. */
const NO_SIG = '11'.repeat(64);
type Edits = Readonly<Record<string, number | string>>;
const offer = (edits: Edits): AdversaryCommand => ({ kind: 'answer', of: 'PtlcOffer', edits });
const proof = (edits: Edits): AdversaryCommand => ({ kind: 'answer', of: 'StateProof', edits });
const owner = (command: Edits): AdversaryCommand => ({ kind: 'owner', node: 'A', command });
/** A's owner's payment order, as the driver gives it (an expiry 3 blocks on). */
const PAY = { kind: 'PayerPay', payee: 'B', amountSat: 3, feeSat: 1, expiryHeight: 1000 };
const bundle = (edits: Readonly<Record<string, number | string>>): AdversaryCommand => ({ kind: 'bundle', edits });

export const SCHEME1_EDGE_GUARD_CASES: readonly GuardCase<AdversaryCommand>[] = [
  // B cannot open the item A stored (its sealed bytes broken).
  { guard: 'payee:deliver-unseal-failed', suite: A_DEVIATING, prefix: SIGNED, cmd: bundle({ sealed: 'broken' }) },
  // A seals B a scheme-2 bundle: well formed, not the PayerBundle B waits for.
  { guard: 'payee:deliver-not-payer-bundle', suite: A_DEVIATING, prefix: SIGNED, cmd: bundle({ kind: 'PayeeBundle' }) },
  // A's bundle names S as its payer; a hub no directory holds (P9: a direct payment has no routing node).
  { guard: 'payee:bundle-payer-not-sealer', suite: A_DEVIATING, prefix: SIGNED, cmd: bundle({ payer: 'S' }) },
  { guard: 'payee:bundle-unknown-hub', suite: A_DEVIATING, prefix: SIGNED, cmd: bundle({ hub: 'P9' }) },
  // s_A in the bundle is not A's partial signature on the bundle's U(n+1).
  {
    guard: 'payee:bundle-partial-sig-forged',
    suite: A_DEVIATING,
    prefix: SIGNED,
    cmd: bundle({ partialSig: '11'.repeat(32) }),
  },
  // The bundle says it expires now (B may not invoice at or after the expiry, R-02-11).
  { guard: 'payee:bundle-expired', suite: A_DEVIATING, prefix: SIGNED, cmd: bundle({ expiryHeight: 'now' }) },
  // A, back after the payment, stores the same bundle again: B already invoiced it.
  {
    guard: 'payee:bundle-already-invoiced',
    suite: A_DEVIATING,
    prefix: [...PAID, 'PayerComeBack'],
    cmd: bundle({}),
  },

  // A, back after the payment, stores a bundle for another payment that expires now: B must judge it by its own
  // payment (the invoiced one is not this one) and refuse it as expired.
  {
    guard: 'payee:bundle-expired',
    suite: A_DEVIATING,
    prefix: [...PAID, 'PayerComeBack'],
    cmd: bundle({ paymentId: '22'.repeat(32), expiryHeight: 'now' }),
  },
  // A and M deviating: M hands B A's bundle as an item from a sender no directory holds (P9: a direct payment has no routing node).
  {
    guard: 'payee:deliver-unknown-sender',
    suite: A_DEVIATING,
    deviating: ['A', 'M'],
    prefix: SIGNED,
    cmd: bundle({ sender: 'P9' }),
  },

  // S's offer to B, signed anew (answer-probe.ts): for a payment B never invoiced, with B's onion layer broken or none,
  // naming a next hop or another payment inside it, locked to another point, short of the invoice, timed out
  // already, and once more after B was paid.
  { guard: 'payee:offer-no-invoice', suite: S_DEVIATING, prefix: OFFERED, cmd: offer({ paymentId: 'other' }) },
  { guard: 'payee:offer-onion-unreadable', suite: S_DEVIATING, prefix: OFFERED, cmd: offer({ onion: 'broken' }) },
  { guard: 'payee:offer-onion-missing', suite: S_DEVIATING, prefix: OFFERED, cmd: offer({ onion: 'none' }) },
  { guard: 'payee:offer-onion-not-ours', suite: S_DEVIATING, prefix: OFFERED, cmd: offer({ 'onion.next': 'S' }) },
  {
    guard: 'payee:offer-onion-not-ours',
    suite: S_DEVIATING,
    prefix: OFFERED,
    cmd: offer({ 'onion.paymentId': 'other' }),
  },
  { guard: 'payee:offer-bad-point', suite: S_DEVIATING, prefix: OFFERED, cmd: offer({ point: 'other' }) },
  { guard: 'payee:offer-amount-short', suite: S_DEVIATING, prefix: OFFERED, cmd: offer({ amountSat: -1 }) },
  { guard: 'payee:offer-timed-out', suite: S_DEVIATING, prefix: OFFERED, cmd: offer({ timeoutHeight: 'now' }) },
  { guard: 'payee:offer-already-paid', suite: S_DEVIATING, prefix: PAID, cmd: offer({}) },
  // Any receiver's PTLC checks: an offer from A, who has no routing channel with B; an amount S cannot lock.
  { guard: 'ptlc:offer-no-channel', suite: A_DEVIATING, prefix: OFFERED, cmd: offer({ from: 'A' }) },
  { guard: 'ptlc:offer-cannot-lock', suite: S_DEVIATING, prefix: OFFERED, cmd: offer({ amountSat: 1000 }) },
  // S's state proof to A on its return, with A's s_A or S's own partial signature broken, B's invoice signature
  // broken or the invoice re-signed by S as its payee, B's receipt broken, or sent by B.
  {
    guard: 'payer:proof-payer-sig-not-ours',
    suite: S_DEVIATING,
    prefix: BACK,
    cmd: proof({ payerPartialSig: 'broken' }),
  },
  { guard: 'payer:proof-hub-sig-forged', suite: S_DEVIATING, prefix: BACK, cmd: proof({ hubPartialSig: 'broken' }) },
  {
    guard: 'payer:proof-invoice-sig-forged',
    suite: S_DEVIATING,
    prefix: BACK,
    cmd: proof({ 'invoice.payeeSig': 'broken' }),
  },
  { guard: 'payer:proof-invoice-sig-forged', suite: S_DEVIATING, prefix: BACK, cmd: proof({ 'invoice.payee': 'S' }) },
  {
    guard: 'payer:proof-receipt-forged',
    suite: 'receipt, S deviating',
    prefix: BACK,
    cmd: proof({ receipt: 'broken' }),
  },
  // The proof without B's receipt; and A, having taken S's genuine proof with the receipt, gets it again.
  { guard: 'payer:proof-receipt-forged', suite: 'receipt, S deviating', prefix: BACK, cmd: proof({ receipt: 'none' }) },
  {
    guard: 'payer:proof-replayed',
    suite: 'receipt, S deviating',
    prefix: [...BACK, 'PayerHubFinish'],
    cmd: { kind: 'resend', back: 0, field: -1 },
  },
  { guard: 'payer:proof-from-stranger', suite: 'direct, S and B deviating', prefix: BACK, cmd: proof({ from: 'B' }) },

  // P2 offers P1, its upstream, a PTLC made from its offer to B: for the payment P1 already forwarded, for another
  // payment with B's onion layer (P1 cannot open it), and with no onion at all.
  { guard: 'router:offer-replayed', suite: SPLIT_P2, prefix: FORWARDED, cmd: offer({ to: 'P1' }) },
  {
    guard: 'router:offer-onion-unreadable',
    suite: SPLIT_P2,
    prefix: FORWARDED,
    cmd: offer({ to: 'P1', paymentId: 'other' }),
  },
  {
    guard: 'router:offer-onion-missing',
    suite: SPLIT_P2,
    prefix: FORWARDED,
    cmd: offer({ to: 'P1', paymentId: 'other', onion: 'none' }),
  },

  // S, deviating in a split, offers P1 hop 0 with P1's onion layer sealed anew: for another hop, another payment, or
  // naming no next hop (P1 is not the payee); with B's blinded tweak broken, or a zero tweak sealed by B (S and B
  // deviating); leaving P1 less than its fee, a timeout margin below the delta, a next hop already timed out; a next
  // hop P1 has no channel with; and, once P1 has locked S's offer, another payment P1's side of the channel can no
  // longer take (S's side could: P1's ledger has locked the first).
  ...(
    [
      ['router:offer-onion-not-ours', SPLIT_P2, { 'onion.hop': 1 }],
      ['router:offer-onion-not-ours', SPLIT_P2, { 'onion.paymentId': 'other' }],
      ['router:offer-onion-not-ours', SPLIT_P2, { 'onion.next': 'none' }],
      ['router:offer-blinded-unreadable', SPLIT_D, { 'onion.blinded': 'broken' }],
      ['router:offer-fee-short', SPLIT_P2, { amountSat: -1 }],
      ['router:offer-timeout-margin', SPLIT_P2, { timeoutHeight: -1 }],
      ['router:offer-next-timeout', SPLIT_P2, { 'onion.forwardTimeoutHeight': 'now' }],
      ['router:offer-cannot-lock-out', SPLIT_P2, { 'onion.next': 'A' }],
    ] as const
  ).map(
    ([guard, suite, edits]): GuardCase<AdversaryCommand> => ({
      guard,
      suite,
      deviating: ['S'],
      prefix: OFFERED,
      cmd: sOffer(edits),
    }),
  ),
  {
    guard: 'router:offer-blinded-zero-tweak',
    suite: SPLIT_D,
    deviating: ['S', 'B'],
    prefix: OFFERED,
    cmd: sOffer({ 'onion.blinded': 'zero-tweak' }),
  },
  // The same, with a tweak t and the offer's point t·G: the point P1 would forward, T − t·G, is the point at
  // infinity, which every codec lets through and impl/crypto refuses (R-07-01).
  {
    guard: 'node:crypto-input-refused',
    suite: SPLIT_D,
    deviating: ['S', 'B'],
    prefix: OFFERED,
    cmd: sOffer({ 'onion.blinded': 'point-tweak' }),
  },
  {
    guard: 'router:offer-cannot-lock-in',
    suite: SPLIT_P2,
    deviating: ['S'],
    prefix: SPLIT_PAID.slice(0, 7),
    cmd: sOffer({ paymentId: 'other', 'onion.paymentId': 'other', amountSat: 1, 'onion.forwardAmountSat': 1 }),
  },
  // S and P2 deviating: P2 offers P1, from S's offer, another payment whose layer (sealed by S) sends it back to
  // P2, for more than P1's side of that channel has left once it forwarded the first (its incoming side would take it).
  {
    guard: 'router:offer-cannot-lock-out',
    suite: SPLIT_P2,
    deviating: ['S', 'P2'],
    prefix: FORWARDED,
    cmd: offer({
      by: 'S',
      from: 'P2',
      to: 'P1',
      paymentId: 'other',
      'onion.paymentId': 'other',
      'onion.next': 'P2',
      amountSat: 3,
      'onion.forwardAmountSat': 3,
    }),
  },
  // P2 claims P1's PTLC two blocks on, when it has timed out (made from S's offer to P1: the payment id, hop 1).
  {
    guard: 'router:claim-timed-out',
    suite: SPLIT_P2,
    prefix: [...SPLIT_PAID.slice(0, 7), 'ChainAdvance', 'ChainAdvance'],
    cmd: {
      kind: 'craft',
      back: 0,
      edits: { kind: 'PtlcClaim', hop: 1, sig: NO_SIG },
      as: 'P2',
      of: 'PtlcOffer',
      to: 'P1',
      drop: ['amountSat', 'point', 'timeoutHeight', 'preSig', 'stateSig', 'onion'],
    },
  },

  // B, in a coalition with S, sends A S's answers to A's proposal as its own: only A's channel partner may.
  {
    guard: 'payer:accept-state-from-stranger',
    suite: 'direct, S and B deviating',
    prefix: PAID.slice(0, 1),
    cmd: { kind: 'answer', of: 'AcceptState', edits: { from: 'B' } },
  },
  {
    guard: 'payer:settlement-sig-from-stranger',
    suite: 'direct, S and B deviating',
    prefix: PAID.slice(0, 1),
    cmd: { kind: 'answer', of: 'SettlementSig', edits: { from: 'B' } },
  },

  // S and B make up a proof for A's payment before A pre-signed U(n+1) (B's invoice, no partial signature anyone
  // made): A has no s_A to compare.
  {
    guard: 'payer:proof-no-presigned-state',
    suite: 'direct, S and B deviating',
    prefix: SIGNED,
    cmd: proof({}),
  },
  // B sends A, back online, an UpdateSig: only A's channel partner may send A one.
  {
    guard: 'payer:update-sig-from-stranger',
    suite: 'direct, S and B deviating',
    prefix: BACK,
    cmd: { kind: 'answer', of: 'UpdateSig', edits: { from: 'B', to: 'A' } },
  },

  // A's owner asks A to pay while a payment is open, more than its balance, with an expiry already passed, and to
  // give S more than its balance.
  { guard: 'payer:pay-already-open', suite: S_DEVIATING, prefix: SIGNED, cmd: owner(PAY) },
  { guard: 'payer:pay-balance-short', suite: S_DEVIATING, prefix: [], cmd: owner({ ...PAY, amountSat: 1000 }) },
  // ... to pay a payee it has no keys of (a well-formed node id in no directory).
  { guard: 'payer:pay-unknown-payee', suite: S_DEVIATING, prefix: [], cmd: owner({ ...PAY, payee: 'P9' }) },
  { guard: 'payer:pay-expiry-passed', suite: S_DEVIATING, prefix: [], cmd: owner({ ...PAY, expiryHeight: 'now' }) },
  {
    guard: 'payer:give-balance-short',
    suite: S_DEVIATING,
    prefix: [],
    // First an update within A's balance, which A must make (an A refusing every update fails the run).
    before: [owner({ kind: 'PayerUpdate', giveSat: 1, expect: 'done' })],
    cmd: owner({ kind: 'PayerUpdate', giveSat: 1000 }),
  },

  // B's owner asks scheme-1 B, which has no channel with S, for a scheme-2 payment request.
  {
    guard: 'payee:request-no-channel',
    suite: S_DEVIATING,
    prefix: PAID.slice(0, 3),
    cmd: {
      kind: 'owner',
      node: 'B',
      command: { kind: 'PayeeRequest', payer: 'A', amountSat: 3, feeSat: 1, expiryHeight: 1000 },
    },
  },
  // S sends B (scheme 1: B has no channel with S) its answers to A's proposal.
  {
    guard: 'payee:accept-state-unexpected',
    suite: S_DEVIATING,
    prefix: PAID.slice(0, 3),
    cmd: { kind: 'answer', of: 'AcceptState', edits: { to: 'B' } },
  },
  {
    guard: 'payee:settlement-sig-from-stranger',
    suite: S_DEVIATING,
    prefix: PAID.slice(0, 3),
    cmd: { kind: 'answer', of: 'SettlementSig', edits: { to: 'B' } },
  },
];
