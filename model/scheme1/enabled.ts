/**
 * Which actions are enabled in a state, in a fixed order. Each guard says in one sentence when it is
 * enabled and cites the spec requirement it implements.
 *
 * Honest parties act promptly: an honest party's mandatory step that is enabled is "urgent", and the
 * chain does not advance while any urgent step is enabled (honest reactions take less than a block).
 * Optional steps (coming online, cancelling, a new attempt) and every deviating party's steps never hold
 * time back, so a deviating party can always wait, and withholding is simply not taking a step.
 */
import {
  confirmAction,
  forwardAction,
  hopAction,
  partyAction,
  publishStaleAction,
  publishUpdateAction,
  PLAIN,
  type ProtocolAction,
} from './actions.ts';
import type { Ctx } from './context.ts';
import {
  anchorOf,
  eclipseVictim,
  holdsSettlement,
  holdsUpdate,
  hopTimeout,
  isHonest,
  isOnline,
  knows,
  offererOf,
  receiverOf,
  viewHeight,
} from './context.ts';
import {
  K_BOUGHT,
  K_BUNDLE,
  K_FORGED,
  K_INVOICE,
  K_RECEIPT,
  K_SA,
  K_SS1,
  K_SS2,
  K_ST1,
  K_ST2,
  K_U2,
  closeKnowledge,
  kSec,
} from './knowledge.ts';
import { A, B, M, PARTY_COUNT, S, routerIndex } from '../parties.ts';
import {
  type ChannelView,
  confirmPendingSteps,
  leavesTimeToRebind,
  publishSettlementSteps,
  publishStaleSteps,
  publishUpdateSteps,
  type ChannelStepSink,
  type StaleStepSink,
  OPEN_CHANNEL,
} from '../chain.ts';
import { coalitionKnowledge as poolKnowledge, poolingTeaches } from '../coalition.ts';
import { appendChainAdvance } from '../time.ts';
import {
  CLAIM_MARGIN_BLOCKS,
  FORGED_INVOICE,
  MSG_U3,
  hopLocked,
  pendingSlackBlocks,
  type ProtocolState,
} from './state.ts';
import {
  cancelAsMessages,
  claimMargin,
  staleStatesOf,
  eclipseBlocksOf,
  hopCloseDelay,
  inclusionDelay,
  twoStepClaim,
} from '../config.ts';

/**
 * The A–S channel in state `s` as the chain rules see it (model/chain.ts): states n, n+1, n+2, every party may
 * publish. One object per state, its methods reading `s` (no closures to make per state).
 */
class PayerHubChannel implements ChannelView {
  readonly parties = PARTY_COUNT;
  readonly latest = 2;
  constructor(
    private readonly ctx: Ctx,
    private readonly s: ProtocolState,
  ) {}
  holdsUpdate(party: number, k: number): boolean {
    return holdsUpdate(this.s, party, k);
  }
  holdsSettlement(party: number, k: number): boolean {
    return holdsSettlement(this.s, party, k);
  }
  isHonest(party: number): boolean {
    return isHonest(this.ctx, party);
  }
  isOnline(party: number): boolean {
    return isOnline(this.s, party);
  }
}

/**
 * S's state checks before buying (R-02-17, R-02-18, R-03-07): n+1 is still the latest state and not yet bought.
 * With the cancellation as messages (`cancelSteps` 2) S also refuses once it signed St(n+2) (R-03-07) or sent its
 * partial signature on U(n+2) (R-03-06); `checksCancelSigs` false is the ablation that looks only at a complete U(n+2).
 */
export function hubStateCheck(
  s: ProtocolState,
  checksCancelSigs = true,
  bought: boolean = s.hops[0]?.status !== 'none',
): boolean {
  return (
    s.phase === 'bundleSent' &&
    !knows(s, S, K_U2) &&
    (!checksCancelSigs || ((s.knows[S] ?? 0) & (K_ST2 | K_SS2)) === 0) &&
    s.chain.update <= 1 &&
    !bought
  );
}

/**
 * S's state check as the config has it (`hubChecksCancelSigs` false: the ablation of R-03-06/R-03-07). With
 * `hubPersistsFirst` false S's "already bought" comes from its purchase record (`K_BOUGHT`), which a crash can lose.
 */
function hubStateCheckOf(ctx: Ctx, s: ProtocolState): boolean {
  const bought = ctx.config.hubPersistsFirst === false ? knows(s, S, K_BOUGHT) : s.hops[0]?.status !== 'none';
  return hubStateCheck(s, ctx.config.hubChecksCancelSigs !== false, bought);
}

/**
 * S's point check (R-02-16): the invoice's point T equals T*, the point s_A must have, which S computes from public
 * data (R-09-14: a forged bundle or a forged invoice fails it). The hub-skips-point-check flaw has no such check.
 */
export function hubPointCheck(ctx: Ctx, s: ProtocolState): boolean {
  return ctx.switches.flaw === 'hubSkipsPointCheck' || (s.forged & FORGED_INVOICE) === 0;
}

/** S holds the complete St(n+1) (R-02-17); the reversed-order flaw's design has no such check (St(n+1) comes later). */
function hubSettlementCheck(ctx: Ctx, s: ProtocolState): boolean {
  return ctx.switches.flaw === 'updateBeforeSettlement' || knows(s, S, K_ST1);
}

/**
 * S's timelock checks (R-02-19, R-02-20, R-02-21): the PTLC ends by the expiry, and S can still put U(n+1) on
 * chain after the claim, with `rebindMarginBlocks` to spare. The ablation `hubTimeGuard: false` drops R-02-20, the static rule; R-02-19 and
 * R-02-21 look at the chain and stay.
 */
export function hubTimeCheck(ctx: Ctx, s: ProtocolState): boolean {
  const { ptlcTimeoutBlocks: ptlc, csvDelayBlocks: csv, rebindMarginBlocks: margin } = ctx.config;
  // An eclipsed S checks against the height it sees (time dilation, R-09-15), and only the update it has seen.
  const seen = viewHeight(ctx, s, S);
  if (seen + ptlc > s.bundleExpiry) return false;
  if (ctx.config.hubTimeGuard !== false && ptlc + margin > csv) return false;
  return leavesTimeToRebind(s.chain.updateHeight > seen ? OPEN_CHANNEL : s.chain, seen, ctx.config);
}

/** All of S's checks before it buys, as the config and the variant's flaw have them. */
function hubChecks(ctx: Ctx, s: ProtocolState): boolean {
  return (
    hubPointCheck(ctx, s) &&
    (ctx.switches.flaw === 'hubSkipsStateCheck' || hubStateCheckOf(ctx, s)) &&
    hubSettlementCheck(ctx, s) &&
    hubTimeCheck(ctx, s)
  );
}

/** The pending output's absolute timeout (R-06-02: A picks the least it may, expiry + D); -1 before the bundle. */
export function pendingTimeoutHeight(ctx: Ctx, s: ProtocolState): number {
  return s.bundleExpiry < 0 ? -1 : s.bundleExpiry + pendingSlackBlocks(ctx.config);
}

/**
 * Where `listSteps` writes the enabled steps, in order, each with whether time waits for it (model/time.ts); the
 * chain rules write theirs through the same sink (model/chain.ts `ChannelStepSink`), as the shared action values.
 */
abstract class StepSink implements ChannelStepSink, StaleStepSink {
  abstract add(action: ProtocolAction, urgent: boolean): void;
  publishUpdate(party: number, state: number, urgent: boolean): void {
    this.add(publishUpdateAction(party, state), urgent);
  }
  publishSettlement(party: number, urgent: boolean): void {
    this.add(partyAction('PublishSettlement', party), urgent);
  }
  publishStale(party: number, depth: number, urgent: boolean): void {
    this.add(publishStaleAction(party, depth), urgent);
  }
}

/** The steps' actions, and whether any is urgent: all `enabledActions` needs, with no object per step. */
class EnabledSteps extends StepSink {
  readonly actions: ProtocolAction[] = [];
  urgent = false;
  add(action: ProtocolAction, urgent: boolean): void {
    this.actions.push(action);
    if (urgent) this.urgent = true;
  }
}

/** Only whether some step is urgent (for the properties that ask it of every state). */
class UrgentProbe extends StepSink {
  urgent = false;
  add(_action: ProtocolAction, urgent: boolean): void {
    if (urgent) this.urgent = true;
  }
}

/** Some honest party has a mandatory step enabled (time waits for it: `ChainAdvance` is not enabled for that). */
export function hasUrgentStep(ctx: Ctx, s: ProtocolState): boolean {
  const probe = new UrgentProbe();
  listSteps(ctx, s, probe);
  return probe.urgent;
}

function listSteps(ctx: Ctx, s: ProtocolState, out: StepSink): void {
  const flaw = ctx.switches.flaw;
  const aOn = isOnline(s, A);
  const sOn = isOnline(s, S);
  const bOn = isOnline(s, B);

  // R-01-05, R-01-09, R-02-01: A and S exchange nonces and co-sign St(n+1) before any update signature leaves A
  // (enabled in setup; with the reversed-order flaw, only after the bundle left, when both are online).
  // A attempts the payment in the first block only: if S withholds its signatures then, A does not pay and
  // nothing is locked (keeps every bundle's expiry inside the horizon).
  const settlementPhase =
    flaw === 'updateBeforeSettlement' ? s.phase === 'bundleSent' : s.phase === 'setup' && s.height === 0;
  if (aOn && sOn && settlementPhase && !knows(s, A, K_ST1))
    out.add(PLAIN.PayerHubSignSettlement, isHonest(ctx, A) && isHonest(ctx, S));

  // R-01-10, R-02-03, R-02-04: A (online, St(n+1) in hand) signs s_A and hands the sealed bundle to M, then goes offline.
  const bundleReady =
    aOn && s.phase === 'setup' && s.height === 0 && (flaw === 'updateBeforeSettlement' || knows(s, A, K_ST1));
  if (bundleReady) out.add(PLAIN.PayerSendBundle, isHonest(ctx, A));
  // R-09-12, R-09-14: a deviating A, instead, hands M a bundle for B whose s_A signs a message S never agreed (valid
  // against the bundle's own nonces and keys, so B's check passes); A goes offline as usual.
  if (bundleReady && !isHonest(ctx, A)) out.add(PLAIN.PayerForgeBundle, false);

  // R-09-04, R-08-11: A comes back online at any time after handing over the bundle (never urgent).
  if (!aOn && s.phase !== 'setup') out.add(PLAIN.PayerComeBack, false);

  // R-09-04: B comes online at any time (possibly never; never urgent).
  if (!bOn) out.add(PLAIN.PayeeComeOnline, false);

  // R-02-08: M hands the bundle to B once B is online, until the bundle expires.
  if (s.mailbox === 'held' && bOn && s.height < s.bundleExpiry) out.add(PLAIN.MailboxDeliver, isHonest(ctx, M));

  // R-02-10, R-02-11, R-02-12: B, having read a valid bundle before its expiry, sends S a signed invoice for
  // T = s_A·G (R-09-11: a deviating B also after the expiry). A forged bundle passes B's check (R-09-14): B invoices
  // the point of the scalar it holds.
  // (An eclipsed B judges the expiry on the height it sees, R-09-15.)
  const readBundle = knows(s, B, K_BUNDLE) || knows(s, B, K_FORGED);
  if (bOn && readBundle && s.invoiceFrom < 0 && (viewHeight(ctx, s, B) < s.bundleExpiry || !isHonest(ctx, B)))
    out.add(PLAIN.PayeeSendInvoice, isHonest(ctx, B));

  // R-09-11, R-09-14: a deviating B that read the bundle sends S, before the expiry, an invoice whose point is not
  // s_A's point (B knows its discrete log).
  if (!isHonest(ctx, B) && bOn && knows(s, B, K_BUNDLE) && s.invoiceFrom < 0 && s.height < s.bundleExpiry)
    out.add(PLAIN.PayeeForgeInvoice, false);

  // R-09-06: a deviating M that could read the bundle (plaintext flaw) poses as the payee and sells s_A to S.
  if (!isHonest(ctx, M) && knows(s, M, K_SA) && s.invoiceFrom < 0 && s.height < s.bundleExpiry)
    out.add(PLAIN.MailboxSellSecret, false);

  // R-02-15..R-02-22: S, holding an invoice, offers hop 0 locked to the invoice's point only after its
  // checks (T = T*, latest and unbought state, St(n+1) held, expiry and timelocks); the hub-skips flaws drop the
  // state check or the point check; R-09-10: a deviating S may skip every check (buy late, after a cancel, a
  // point other than T*), once.
  if (sOn && s.invoiceFrom >= 0 && s.hops[0]?.status === 'none' && (!isHonest(ctx, S) || hubChecks(ctx, s)))
    out.add(PLAIN.HubCheckAndOfferPtlc, isHonest(ctx, S));

  // R-09-11, R-09-12: once S bought (hop 0 offered), a deviating B presents the bundle again, or a deviating A
  // sells its own s_A: a second invoice for the same state. Only an honest S is worth cheating this way.
  const resale = s.resale;
  if (
    isHonest(ctx, S) &&
    s.invoiceFrom >= 0 &&
    s.hops[0]?.status !== 'none' &&
    resale.from < 0 &&
    s.height < s.bundleExpiry
  ) {
    for (const p of RESELLERS)
      if (!isHonest(ctx, p) && isOnline(s, p) && knows(s, p, K_SA)) out.add(partyAction('ResellSecret', p), false);
  }

  // R-02-18: an honest S refuses the second invoice (its state check fails: it already offered a PTLC for n+1);
  // the hub-skips flaw drops that check and pays again (the seller knows s_A and claims at once).
  if (
    sOn &&
    isHonest(ctx, S) &&
    resale.from >= 0 &&
    !resale.paid &&
    (flaw === 'hubSkipsStateCheck' || hubStateCheckOf(ctx, s)) &&
    hubSettlementCheck(ctx, s) &&
    hubTimeCheck(ctx, s)
  ) {
    out.add(PLAIN.HubPayResale, true);
  }

  const hop0 = s.hops[0];
  for (let i = 1; i <= ctx.hops; i++) {
    // R-04-03, R-04-09: P_i forwards hop i (its point tweaked as the split variant says) once hop i-1 is offered to
    // it, while hop i's earlier timeout is still ahead (at the height P_i sees, R-09-15).
    const up = s.hops[i - 1];
    const here = s.hops[i];
    if (
      hop0 !== undefined &&
      up?.status === 'offered' &&
      here?.status === 'none' &&
      viewHeight(ctx, s, routerIndex(i)) < hopTimeout(ctx, hop0.timeoutHeight, i)
    ) {
      out.add(forwardAction(i), isHonest(ctx, routerIndex(i)));
    }
  }

  if (twoStepClaim(ctx.config)) twoStepClaimCandidates(ctx, s, out);
  else oneStepClaimCandidates(ctx, s, out);

  // R-02-07, R-02-24, R-06-10: A back and S, having bought s_A, show A the invoice, s_A and S's partial
  // signature (and, in the receipt variant, the receipt, without which an honest A does not accept).
  const proofOk = !ctx.switches.receipt || !isHonest(ctx, A) || knows(s, S, K_RECEIPT);
  if (aOn && sOn && s.phase === 'bundleSent' && knows(s, S, K_SA) && proofOk && !s.chain.settled)
    out.add(PLAIN.PayerHubFinish, isHonest(ctx, A) && isHonest(ctx, S));

  // R-03-01, R-03-02, R-06-06: before S buys, A and S may agree n+2 (St(n+2) signed before U(n+2)); an honest A does so only
  // once the bundle expired (never urgent: the proposal has no rule forcing it).
  const mayCancel =
    aOn &&
    sOn &&
    s.phase === 'bundleSent' &&
    s.hops[0]?.status === 'none' &&
    s.chain.update < 0 &&
    (!isHonest(ctx, A) || s.height >= s.bundleExpiry || ctx.config.payerCancelsEarly === true);
  if (cancelAsMessages(ctx.config)) cancelMessageCandidates(ctx, s, mayCancel, out);
  else if (mayCancel) out.add(PLAIN.PayerHubCancel, false);

  // R-08-04, 11 §11 (`payerClosesAlone`): outside the timeout design an honest A may close with U(n) on its own once
  // the bundle expired (S can no longer buy) and nothing is on chain; optional, but weakly fair (A's label).
  if (
    ctx.config.payerClosesAlone === true &&
    !ctx.switches.timeoutPath &&
    isHonest(ctx, A) &&
    aOn &&
    s.phase === 'bundleSent' &&
    !s.lockReleased &&
    s.height >= s.bundleExpiry &&
    s.chain.update < 0
  ) {
    out.add(PLAIN.PayerTimeoutClose, false);
  }

  // R-03-03, R-03-09: after a cancellation A may sign a new attempt (fresh nonce; the nonce-reuse flaw reuses s_A's).
  // The step stands for the attempt's signing exchange with S, so S must be up.
  if (
    aOn &&
    sOn &&
    s.phase === 'cancelled' &&
    ((s.nonceUses[0] ?? 0) & MSG_U3) === 0 &&
    ((s.nonceUses[1] ?? 0) & MSG_U3) === 0
  )
    out.add(PLAIN.PayerResign, false);

  // Timeout variant (06 §1): with the payment still pending and nothing on chain, A publishes U(n) unilaterally from
  // the pending timeout on (11 §11's rule, H = pending_timeout_height; R-06-05 then applies once St(n+1) is on chain).
  const pendingDesign = ctx.switches.timeoutPath;
  if (
    pendingDesign &&
    aOn &&
    s.phase === 'bundleSent' &&
    !s.lockReleased &&
    s.height >= pendingTimeoutHeight(ctx, s) &&
    s.chain.update < 0
  ) {
    out.add(PLAIN.PayerTimeoutClose, isHonest(ctx, A));
  }

  if (pendingDesign) {
    // R-06-04: an honest S that bought and has no acknowledgement by pending timeout − D closes with U(n+1).
    if (
      isHonest(ctx, S) &&
      sOn &&
      s.phase === 'bundleSent' &&
      s.chain.update < 0 &&
      holdsUpdate(s, S, 1) &&
      s.height >= pendingTimeoutHeight(ctx, s) - pendingSlackBlocks(ctx.config)
    ) {
      out.add(publishUpdateAction(S, 1), true);
    }
    // R-06-01, R-06-05: the pending output of a confirmed St(n+1): S's claim leaf after CLAIM_MARGIN_BLOCKS, A's
    // timeout leaf from the pending timeout; whoever spends it first takes amt + fee.
    if (s.pending.status === 'unspent') {
      if (sOn && s.height >= s.pending.since + CLAIM_MARGIN_BLOCKS) out.add(PLAIN.HubSweepClaimLeaf, isHonest(ctx, S));
      if (aOn && s.height >= pendingTimeoutHeight(ctx, s)) out.add(PLAIN.PayerSweepTimeoutLeaf, isHonest(ctx, A));
    }
  }

  // R-08-04, R-08-08, R-09-01 (model/chain.ts): later updates, and the confirmed update's settlement after the CSV delay.
  const view = new PayerHubChannel(ctx, s);
  // With a mempool (inclusionDelayBlocks > 0) honest parties answer a stale update waiting there too, and the
  // adversary confirms what waits, by its deadline (model/chain.ts).
  // An eclipsed party (eclipseBlocks > 0) reacts to the chain it sees, eclipseLag blocks behind (R-09-15); without
  // a lag everyone sees the chain as it is (the chain rules' defaults).
  const lagged = s.eclipseLag > 0;
  const lagOf = lagged ? (p: number): number => s.height - viewHeight(ctx, s, p) : undefined;
  const seesUpdate = lagged ? (p: number): boolean => viewHeight(ctx, s, p) >= s.chain.updateHeight : undefined;
  publishUpdateSteps(out, view, s.chain, undefined, s.mempool, seesUpdate);
  // R-08-04, R-09-01 (`staleStates` k): a deviating A or S publishes its stale states, one after another.
  publishStaleSteps(out, view, s.chain, staleStatesOf(ctx.config), STALE_PUBLISHERS, s.mempool);
  publishSettlementSteps(out, view, s.chain, s.height, ctx.config.csvDelayBlocks, s.mempool, lagOf);
  // R-09-15: the adversary lets the eclipsed party see a withheld block whenever it likes (never urgent).
  if (s.eclipseLag > 0) out.add(PLAIN.EclipseCatchUp, false);
  if (s.mempool.length > 0) {
    const delays = { csvDelayBlocks: ctx.config.csvDelayBlocks, inclusionDelayBlocks: inclusionDelay(ctx.config) };
    for (const c of confirmPendingSteps(s.mempool, s.chain, s.height, delays))
      out.add(confirmAction(c.action.index), c.urgent);
  }

  // R-09-04: with `hubMayCrash`, S crashes once at any time and recovers later, keeping what it persisted
  // (all of it: the model's S persists before it sends, R-01-14); neither step is urgent.
  if (ctx.config.hubMayCrash && sOn && !s.hubCrashed) out.add(PLAIN.HubCrash, false);
  // R-01-14, R-03-05 (`hubCrashLosesUnpersisted`): S writes what it has not persisted yet (urgent when honest).
  if (sOn && s.hubUnpersisted !== 0) out.add(PLAIN.HubPersist, isHonest(ctx, S));
  if (!sOn) out.add(PLAIN.HubRecover, false);

  // R-09-05, R-09-07: the deviating parties pool what they know (collusion), whenever that teaches one of them something.
  if (poolingTeaches(ctx.deviating, s.knows, coalitionKnowledge(ctx, s))) out.add(PLAIN.CoalitionShare, false);
}

/**
 * The cancellation as 03 §1's messages (`cancelSteps` 2). Steps 1–6 (`PayerHubCancelSettlement`): A and S agree n+2
 * and both hold St(n+2), when the atomic cancellation would be enabled (`mayCancel`; optional, never urgent). Steps
 * 7–8 (`HubSendCancelUpdate`): S, holding St(n+2) and no PTLC for n+1 outstanding (R-03-01), records n+1 as
 * cancelled (R-03-05) and sends its partial signature on U(n+2): A holds the complete U(n+2). Step 9
 * (`PayerSendCancelUpdate`): A sends its own: S holds it too. An honest party takes its next step at once (urgent);
 * a deviating one may stall.
 */
function cancelMessageCandidates(ctx: Ctx, s: ProtocolState, mayCancel: boolean, out: StepSink): void {
  if (mayCancel && !knows(s, S, K_ST2)) out.add(PLAIN.PayerHubCancelSettlement, false);
  const both = isOnline(s, A) && isOnline(s, S);
  if (
    both &&
    s.phase === 'bundleSent' &&
    knows(s, S, K_ST2) &&
    !knows(s, S, K_SS2) &&
    s.hops[0]?.status === 'none' &&
    s.chain.update < 0
  )
    out.add(PLAIN.HubSendCancelUpdate, isHonest(ctx, S));
  if (both && knows(s, A, K_U2) && !knows(s, S, K_U2)) out.add(PLAIN.PayerSendCancelUpdate, isHonest(ctx, A));
}

/**
 * The claim in one step (`claimSteps` 1): a claim reveals the secret and moves the money together. An eclipsed
 * receiver or offerer (R-09-15) takes its claim and refund deadlines from the height it sees; validity stays on
 * the real height.
 */
function oneStepClaimCandidates(ctx: Ctx, s: ProtocolState, out: StepSink): void {
  const margin = claimMargin(ctx.config);
  for (let i = ctx.hops; i >= 0; i--) {
    const h = s.hops[i];
    if (h?.status !== 'offered') continue;
    const r = receiverOf(ctx, s, i);
    const o = offererOf(i);
    if (isOnline(s, r) && knows(s, r, kSec(i)) && s.height < h.timeoutHeight) {
      // R-02-14, R-04-04, R-04-10, R-08-14: the receiver of an offered hop claims it before its timeout by revealing
      // the hop's secret in a `ptlc_claim`, which needs its counterparty: only while the offerer is up (S may be down).
      if (isOnline(s, o)) out.add(hopAction('ClaimPtlc', i, r), isHonest(ctx, r));
      if (s.height < ctx.config.maxHeight) {
        // R-08-06, R-09-11, R-09-13: a deviating receiver may instead claim on chain at any moment, the last one
        // included: the offerer sees the secret only when the claim confirms, with the next block.
        if (!isHonest(ctx, r)) out.add(hopAction('ClaimPtlcOnChain', i, r), false);
        // R-02-14, R-04-04, R-08-14: an honest receiver whose offerer is down waits for it (its claim unacknowledged)
        // until timeout − claim_margin_blocks, then claims on chain (urgent: it must not let the PTLC time out).
        else if (!isOnline(s, o) && viewHeight(ctx, s, r) >= h.timeoutHeight - margin)
          out.add(hopAction('ClaimPtlcOnChain', i, r), true);
      }
    }
    // R-04-05, R-08-12: the offerer takes an unclaimed hop back from its timeout on.
    if (isOnline(s, o) && viewHeight(ctx, s, o) >= h.timeoutHeight)
      out.add(hopAction('RefundPtlc', i, o), isHonest(ctx, o));
  }
}

/**
 * The claim in two steps (`claimSteps` 2, R-08-15, R-08-16): the receiver reveals the secret to its offerer
 * (`FulfillPtlc`, `update_fulfill`); the money moves only with the offerer's next channel update (`CommitPtlc`),
 * or on chain, where the receiver first closes the hop channel (`CloseHopChannel`) and claims the PTLC output
 * `hopCloseDelayBlocks` later, before the timeout. From the timeout on the offerer takes back whatever is not
 * claimed, revealed or not. An eclipsed party (R-09-15) times its close, its claim after the close delay and its
 * refund by the height it sees (it sees its own close confirm late too); validity stays on the real height.
 */
function twoStepClaimCandidates(ctx: Ctx, s: ProtocolState, out: StepSink): void {
  const delay = hopCloseDelay(ctx.config);
  const margin = claimMargin(ctx.config);
  for (let i = ctx.hops; i >= 0; i--) {
    const h = s.hops[i];
    if (h === undefined || !hopLocked(h.status)) continue;
    const r = receiverOf(ctx, s, i);
    const o = offererOf(i);
    const rOn = isOnline(s, r);
    const beforeTimeout = s.height < h.timeoutHeight;
    // R-02-13, R-02-14, R-04-04, R-08-14, R-08-15: the receiver reveals the hop's secret to its online offerer
    // before the timeout (urgent for an honest receiver, as the one-step claim).
    if (h.status === 'offered' && rOn && knows(s, r, kSec(i)) && isOnline(s, o) && beforeTimeout)
      out.add(hopAction('FulfillPtlc', i, r), isHonest(ctx, r));
    // R-08-15: the offerer signs the update paying the revealed PTLC (urgent when honest; a deviating one stalls).
    if (h.status === 'fulfilled' && isOnline(s, o) && rOn && beforeTimeout)
      out.add(hopAction('CommitPtlc', i, o), isHonest(ctx, o));
    // R-08-16, R-02-14, R-04-04: a receiver that knows the secret closes the hop channel: a deviating one at any
    // moment before the timeout; an honest one whose claim is not committed (the offerer stalls, or is down) once
    // the close delay plus claim_margin_blocks is all that is left before the timeout (urgent). An honest online
    // offerer commits within the block (honest reactions take less than a block), before the receiver gives up on it.
    if ((h.status === 'offered' || h.status === 'fulfilled') && rOn && knows(s, r, kSec(i)) && beforeTimeout) {
      const stalls = !isOnline(s, o) || (h.status === 'fulfilled' && !isHonest(ctx, o));
      if (!isHonest(ctx, r)) out.add(hopAction('CloseHopChannel', i, r), false);
      else if (stalls && viewHeight(ctx, s, r) >= h.timeoutHeight - delay - margin)
        out.add(hopAction('CloseHopChannel', i, r), true);
    }
    // R-08-06, R-08-16: once the close delay has passed, the receiver claims the PTLC output on chain before the
    // timeout; the offerer sees the secret with the next block.
    if (
      h.status === 'closing' &&
      rOn &&
      beforeTimeout &&
      viewHeight(ctx, s, r) >= (h.closedAt ?? 0) + delay &&
      s.height < ctx.config.maxHeight
    )
      out.add(hopAction('ClaimPtlcOnChain', i, r), isHonest(ctx, r));
    // R-04-05, R-08-12: the offerer takes back an unclaimed hop from its timeout on (revealed or not).
    if (isOnline(s, o) && viewHeight(ctx, s, o) >= h.timeoutHeight)
      out.add(hopAction('RefundPtlc', i, o), isHonest(ctx, o));
  }
}

/** The union as it is (closed here, around the invoice's point). */
const unclosed = (mask: number): number => mask;

/** What completes B's receipt pre-signature: the invoice carrying it, and y = s_A + s_S (06 §2.2). */
const RECEIPT_INPUTS = K_INVOICE | K_SA | K_SS1;

/**
 * The union of the coalition's knowledge, closed around the invoice's point. In the receipt variant (06 §2.4) a
 * coalition that holds B's invoice (its receipt pre-signature, encrypted to Y = T + T_S), s_A and s_S knows
 * y = s_A + s_S and completes the receipt without any claim: A and S together forge what proves B was paid.
 */
export function coalitionKnowledge(ctx: Ctx, s: ProtocolState): number {
  const receiptFromB = ctx.switches.receipt && s.invoiceFrom === B && (s.forged & FORGED_INVOICE) === 0;
  const c = closeKnowledge(poolKnowledge(ctx.deviating, s.knows, unclosed), ctx.hops, anchorOf(s));
  return receiptFromB && (c & RECEIPT_INPUTS) === RECEIPT_INPUTS ? c | K_RECEIPT : c;
}

/** Who may sell s_A a second time (R-09-11, R-09-12). */
const RESELLERS: readonly number[] = [A, B];

/** Who may publish a stale state (`staleStates`): A and S, the channel's two parties. */
const STALE_PUBLISHERS: readonly number[] = [A, S];

/** The enabled actions: every candidate, then `ChainAdvance` when no urgent step holds time back (model/time.ts). */
export function enabledActions(ctx: Ctx, s: ProtocolState): ProtocolAction[] {
  const steps = new EnabledSteps();
  listSteps(ctx, s, steps);
  const actions = appendChainAdvance(steps.actions, steps.urgent, s.height, ctx.config.maxHeight, PLAIN.ChainAdvance);
  // R-09-15: where a block may be mined, the adversary may instead hide it from the eclipsed party, up to eclipseBlocks.
  const last = actions[actions.length - 1];
  if (last?.kind === 'ChainAdvance' && eclipseVictim(ctx) >= 0 && s.eclipseLag < eclipseBlocksOf(ctx.config))
    actions.push(PLAIN.EclipseWithhold);
  return actions;
}
