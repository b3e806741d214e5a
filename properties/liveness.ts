/**
 * Liveness under fairness (PROTOCOL.md). `weakFairness` names the labels of the honest parties'
 * protocol steps: a role's labels are fair only when every party in that role is honest (routing nodes
 * share labels), and the optional steps (cancelling, a new attempt) are never fair.
 *
 * - `paymentCompletes`: when everybody is honest and B comes online early enough (before the bundle's
 *   expiry minus S's PTLC timeout, the latest moment S may still buy, R-02-19), B is paid and S holds s_A.
 *   Only included when nobody deviates.
 * - `payerLockBounded`: A's pending amt + fee is eventually released (paid out, returned by a cancellation,
 *   or handed to the chain: an update confirmed with its settlement held; in the timeout variant U(n+1) with
 *   St(n+1) in A's hands, or St(n+1) confirmed, since the pending output's timeout leaf is A's alone, spec 06
 *   §1.4), even if B never comes (B coming online is not fair here). A payment that never started by the last
 *   height locks nothing.
 */
import type { Ctx } from '../model/scheme1/context.ts';
import { isHonest } from '../model/scheme1/context.ts';
import { B, S, A, M, routerIndex } from '../model/parties.ts';
import type { ProtocolProperty } from './types.ts';
import { pendingTimeoutHeight } from '../model/scheme1/enabled.ts';
import type { ProtocolState } from '../model/scheme1/state.ts';
import { cancelAsMessages, twoStepClaim } from '../model/config.ts';
import { paymentCompleted } from './views.ts';

/** The fair labels: honest parties' protocol steps, plus the chain. */
function honestLabels(ctx: Ctx, opts: { payeeMustCome: boolean }): string[] {
  const h = (p: number): boolean => isHonest(ctx, p);
  let routers = true;
  for (let j = 1; j <= ctx.hops; j++) routers &&= h(routerIndex(j));
  const out: string[] = ['ChainAdvance'];
  // The claim in two steps (claimSteps 2) adds its labels only then, so one-step runs list what they did before.
  const twoStep = twoStepClaim(ctx.config);
  if (h(A) && h(S)) out.push('PayerHubSignSettlement', 'PayerHubFinish');
  if (h(A))
    out.push(
      'PayerSendBundle',
      'PayerComeBack',
      'PayerTimeoutClose',
      'PayerPublishUpdate',
      'PayerPublishSettlement',
      'PayerSweepTimeoutLeaf',
    );
  if (h(B)) {
    out.push('PayeeSendInvoice', 'PayeeClaimPtlc', 'PayeeClaimPtlcOnChain');
    if (twoStep) out.push('PayeeFulfillPtlc', 'PayeeCloseHopChannel');
    if (opts.payeeMustCome) out.push('PayeeComeOnline');
  }
  if (h(M)) out.push('MailboxDeliver');
  if (h(S))
    out.push(
      'HubCheckAndOfferPtlc',
      'HubPayResale',
      'HubRefundPtlc',
      'HubPublishUpdate',
      'HubPublishSettlement',
      'HubSweepClaimLeaf',
      'HubRecover',
    );
  if (h(S) && twoStep) out.push('HubCommitPtlc');
  // The cancellation as messages (cancelSteps 2): once begun, each party's next message is a protocol step.
  if (cancelAsMessages(ctx.config)) {
    if (h(S)) out.push('HubSendCancelUpdate', 'HubPersist');
    if (h(A)) out.push('PayerSendCancelUpdate');
  }
  if (ctx.hops > 0 && routers) {
    out.push('RouterForwardPtlc', 'RouterClaimPtlc', 'RouterClaimPtlcOnChain', 'RouterRefundPtlc');
    if (twoStep) out.push('RouterFulfillPtlc', 'RouterCommitPtlc', 'RouterCloseHopChannel');
  }
  return out;
}

/**
 * An honest A can still release its lock alone after the horizon: the timeout variant, the payment pending,
 * nothing on chain, and the pending timeout (from which A may close with U(n), 11 §11) past `maxHeight`.
 */
function payerCanStillClose(ctx: Ctx, s: ProtocolState): boolean {
  return (
    ctx.switches.timeoutPath &&
    isHonest(ctx, A) &&
    s.phase === 'bundleSent' &&
    s.chain.update < 0 &&
    pendingTimeoutHeight(ctx, s) > ctx.config.maxHeight
  );
}

export function livenessProperties(ctx: Ctx): ProtocolProperty[] {
  const out: ProtocolProperty[] = [];
  if (ctx.config.deviating.length === 0) {
    out.push({
      kind: 'eventually',
      name: 'liveness.paymentCompletes',
      description: 'With everybody honest and B online early enough, B is paid and S holds s_A.',
      pred: (s) => paymentCompleted(ctx, s) || ((s.online & (1 << B)) !== 0 && !s.payeeCameInTime),
      weakFairness: honestLabels(ctx, { payeeMustCome: true }),
    });
  }
  out.push({
    kind: 'eventually',
    name: 'liveness.payerLockBounded',
    description: "A's pending amt + fee is eventually paid out or returned, even if B never comes online.",
    // A payment that never started (S withheld the settlement signatures to the end) locks nothing. The horizon
    // rule (spec 11 §14.5): at the last height, a release A can still enforce alone counts, i.e. in the timeout
    // variant A's own close from a pending timeout that lies past the horizon (11 §11), nothing on chain yet.
    pred: (s) =>
      s.lockReleased ||
      (s.phase === 'setup' && s.height === ctx.config.maxHeight) ||
      (s.height === ctx.config.maxHeight && payerCanStillClose(ctx, s)),
    weakFairness: honestLabels(ctx, { payeeMustCome: false }),
  });
  out.push({
    kind: 'sometimes',
    name: 'liveness.witnessLockReleased',
    description: "A's pending amount is released.",
    pred: (s) => s.lockReleased,
  });
  return out;
}
