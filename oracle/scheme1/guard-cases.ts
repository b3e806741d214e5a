/**
 * Scheme 1's guard-directed runs (../guard-directed.ts): for each refusal guard of impl/node the oracle can drive
 * a scheme-1 node into, a suite, a prefix of its model path and one stutter of a deviating party (a message it
 * sends again or alters, signed with its own keys: tamper.ts) that only that guard should refuse. Found by
 * scripts/mutation/discover-guards.ts (every prefix × tamper field × resend), one case per guard, the shortest.
 */
import type { GuardCase } from '../guard-directed.ts';
import type { AdversaryCommand } from './adversary.ts';

/** A scheme-1 payment up to B's claim. */
const PAID = [
  'PayerHubSignSettlement',
  'PayerSendBundle',
  'PayeeComeOnline',
  'MailboxDeliver',
  'PayeeSendInvoice',
  'HubCheckAndOfferPtlc',
  'PayeeClaimPtlc',
] as const;

const paid = (k: number): readonly string[] => PAID.slice(0, k);
const tamper = (field: number): AdversaryCommand => ({ kind: 'tamper', field });
const resend = (back: number, field = -1): AdversaryCommand => ({ kind: 'resend', back, field });

const S_DEVIATING = 'direct, S deviating';

export const SCHEME1_GUARD_CASES: readonly GuardCase<AdversaryCommand>[] = [
  // S answers A's proposal again: A holds no open proposal for that state any more.
  { guard: 'channel-protocol:accept-no-proposal', suite: S_DEVIATING, prefix: paid(1), cmd: resend(0) },
  { guard: 'channel-protocol:party-settlement-sig-forged', suite: S_DEVIATING, prefix: paid(1), cmd: tamper(0) },
  { guard: 'channel-protocol:party-settlement-sig-no-proposal', suite: S_DEVIATING, prefix: paid(1), cmd: tamper(1) },
  { guard: 'node:envelope-malformed', suite: S_DEVIATING, prefix: paid(1), cmd: resend(0, 0) },
  { guard: 'payee:offer-onion-missing', suite: S_DEVIATING, prefix: paid(6), cmd: tamper(2) },
  { guard: 'ptlc:offer-presig-forged', suite: S_DEVIATING, prefix: paid(6), cmd: tamper(0) },
  { guard: 'ptlc:offer-state-sig-forged', suite: S_DEVIATING, prefix: paid(6), cmd: tamper(6) },
];
