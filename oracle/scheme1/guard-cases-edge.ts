/**
 * Scheme 1's guard-directed runs (../guard-directed.ts) for the payment's edges: B's checks of the bundle A leaves
 * at M (the `bundle` stutter, bundle-probe.ts: a crafted bundle in place of the genuine one), A's checks after it
 * comes back, the routing nodes' and the PTLC checks. Each case names the behaviour the guard refuses; the run
 * passes only if the honest node refused with that guard. guard-cases.ts has the channel protocol's and S's.
 */
import type { GuardCase } from '../binding.ts';
import type { AdversaryCommand } from './adversary.ts';
import { PAID } from '../../model/scheme1/paths.ts';

const A_DEVIATING = 'direct, A deviating';
/** A and S have signed St(n+1); S's signature is on its way to A (A is about to seal its bundle). */
const SIGNED = PAID.slice(0, 1);
const bundle = (edits: Readonly<Record<string, number | string>>): AdversaryCommand => ({ kind: 'bundle', edits });

export const SCHEME1_EDGE_GUARD_CASES: readonly GuardCase<AdversaryCommand>[] = [
  // B cannot open the item A stored (its sealed bytes broken).
  { guard: 'payee:deliver-unseal-failed', suite: A_DEVIATING, prefix: SIGNED, cmd: bundle({ sealed: 'broken' }) },
  // A seals B a scheme-2 bundle: well formed, not the PayerBundle B waits for.
  { guard: 'payee:deliver-not-payer-bundle', suite: A_DEVIATING, prefix: SIGNED, cmd: bundle({ kind: 'PayeeBundle' }) },
  // A's bundle names S as its payer.
  { guard: 'payee:bundle-payer-not-sealer', suite: A_DEVIATING, prefix: SIGNED, cmd: bundle({ payer: 'S' }) },
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
];
