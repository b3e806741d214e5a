/**
 * Each model action kind as the implementation steps it stands for (scheme 1: direct, timeout, receipt and the
 * splits). The oracle calls
 * `implStep` only for actions the model enables (the model's guard is the precondition); a step the impl
 * cannot do throws `ImplRefusal`, which the runner reports as a divergence.
 *
 * Message granularity: the impl reacts to a message the moment it is delivered, so one model action delivers
 * exactly the messages that make up its step and leaves the rest queued (see abstraction.ts for how queued
 * messages count).
 */
import type { ActionKind, ProtocolAction } from '../../model/scheme1/actions.ts';
import { holdsSettlement, isHonest, isOnline, knows, type Ctx } from '../../model/scheme1/context.ts';
import { A, S, hopOfferer, partyName } from '../../model/parties.ts';
import { CLAIM_MARGIN_BLOCKS, pendingSlackBlocks, type ProtocolState } from '../../model/scheme1/state.ts';
import { hubPointCheck, hubStateCheck, hubTimeCheck } from '../../model/scheme1/enabled.ts';
import { K_ST1, K_U2 } from '../../model/scheme1/knowledge.ts';
import { AMOUNT_SAT, HOP_FEE_SAT, HUB_FEE_SAT, ImplRefusal, type ImplDriver } from './driver.ts';
import type { Envelope } from '../../impl/node/messages.ts';
import { sendSecondInvoice } from './adversary.ts';
import { coalitionShare, completeTold } from './coalition.ts';
import { sendForgedBundle, sendForgedInvoice } from './equivocation.ts';
import { unreachable } from '../../util/unreachable.ts';

/** The action kinds the in-process implementation can perform (its capabilities in the adapter handshake). */
export const SUPPORTED_ACTIONS: readonly ActionKind[] = [
  'PayerHubSignSettlement',
  'PayerSendBundle',
  'PayerComeBack',
  'PayeeComeOnline',
  'MailboxDeliver',
  'PayeeSendInvoice',
  'ResellSecret',
  'HubCheckAndOfferPtlc',
  'RouterForwardPtlc',
  'ClaimPtlc',
  'ClaimPtlcOnChain',
  'RefundPtlc',
  'PayerHubFinish',
  'PayerHubCancel',
  'PayerHubCancelSettlement',
  'HubSendCancelUpdate',
  'PayerSendCancelUpdate',
  'HubPersist',
  'PayerResign',
  'PayerTimeoutClose',
  'PublishUpdate',
  'PublishStaleUpdate',
  'PublishSettlement',
  'HubSweepClaimLeaf',
  'PayerSweepTimeoutLeaf',
  'CoalitionShare',
  'PayerForgeBundle',
  'PayeeForgeInvoice',
  'HubCrash',
  'HubRecover',
  'ChainAdvance',
];

/** Why the two-step claim's actions are not driven: the impl's claim is one message (`ptlc_claim`). */
const TWO_STEP_CLAIM_SKIP =
  "the claim in two steps (the model's claimSteps 2: reveal, then the offerer's update or the hop channel's close) is not in the impl, whose claim is one ptlc_claim";

/** Why a delayed confirmation is not driven: the impl's chain confirms a transaction when it is published. */
const MEMPOOL_SKIP =
  "a mempool (the model's inclusionDelayBlocks > 0) is not in the impl's chain, which confirms a transaction when it is published";

/** Why time dilation is not driven: the impl's nodes all read the one chain as it is. */
const ECLIPSE_SKIP =
  "an eclipse (the model's eclipseBlocks > 0) is not in the impl, whose nodes all see each block when it is mined";

/** Why M's sale of s_A is skipped: the impl has no plaintext mailbox. */
const PLAINTEXT_SALE_SKIP =
  'MailboxSellSecret by M (the impl mailbox stores ciphertext only; selling needs the plaintext-mailbox flaw)';

/** Why S paying a second invoice is skipped: only the hub-skips-state-check flaw pays it, and the impl's S checks. */
const PAY_RESALE_SKIP =
  "HubPayResale (S paying a second invoice for a state it bought: the hub-skips-state-check flaw; the impl's S refuses it, R-02-18)";

/** Why the cancellation's messages are not driven under the model's ablations of S's rules. */
const CANCEL_ABLATION_SKIP =
  "the cancellation's messages under an ablation of S's rules (the model's hubChecksCancelSigs false or hubPersistsFirst false): the impl's S refuses n+1 from St(n+2) on (R-03-07) and writes its snapshot before anything it sends leaves (R-03-05)";

/** Why only S's write or crash is driven while S holds a received message it has not written (hubCrashLosesUnpersisted). */
const UNPERSISTED_SKIP =
  "a step while S has not written the last message it received (the model's hubCrashLosesUnpersisted): only S's write (HubPersist) or its crash is driven then, as the crash brings S's whole snapshot back from before that message";

/**
 * Action kinds not supported at all, and why (reported as skipped, never stubbed): M's sale of s_A (the impl's
 * mailbox holds ciphertext only: it needs the plaintext-mailbox flaw), a flawed S paying a second invoice, the
 * two-step claim's (claimSteps 2), a mempool's, an eclipse's and the cancellation's messages (cancelSteps 2). Steps
 * of a supported kind the impl cannot take are refused by `implSupports` with a `skipReason`.
 */
export const UNSUPPORTED_ACTIONS: Readonly<Partial<Record<ActionKind, string>>> = {
  MailboxSellSecret: PLAINTEXT_SALE_SKIP,
  HubPayResale: PAY_RESALE_SKIP,
  FulfillPtlc: TWO_STEP_CLAIM_SKIP,
  CommitPtlc: TWO_STEP_CLAIM_SKIP,
  CloseHopChannel: TWO_STEP_CLAIM_SKIP,
  ChainConfirm: MEMPOOL_SKIP,
  EclipseWithhold: ECLIPSE_SKIP,
  EclipseCatchUp: ECLIPSE_SKIP,
};

/** Why step 9 is skipped when S knows s_A from its coalition, not from a claim of its PTLC. */
const PROOF_WITHOUT_SALE_SKIP =
  "PayerHubFinish with s_A S did not buy (from its coalition: the impl's S shows A only what it bought), or with the pending output once an update is on chain (the model's St(n+1) then pays S outright for R-06-13's n+2, which the impl makes a state of its own)";

/** Why a second sale after S's PTLC timed out is skipped (R-02-18: S MAY buy again then; the model's S refuses). */
const RESALE_AFTER_REFUND_SKIP =
  "a second invoice after S's PTLC timed out (R-02-18 lets the impl's S buy again; the model's S refuses)";

/**
 * Why a new attempt is not driven while S lacks U(n+2): the impl's A sends on one ordered stream, so S must first
 * take the U(n+2) partial its crash lost (the model has no retransmission).
 */
const RESIGN_WITHOUT_HUB_SKIP =
  "PayerResign while S lacks A's U(n+2) partial its crash lost (the impl's A sends on one ordered stream, so S takes the lost partial first; the model has no retransmission)";

/**
 * Can the implementation take `a` in model state `s`? Its kind must be supported, and a deviating party's
 * step must be one its honest node would take: the impl has no code for R-09-10 (a deviating S buying without
 * its checks) or R-09-11 (a deviating B invoicing after the expiry), so those deviations are skipped.
 */
export function implSupports(ctx: Ctx, s: ProtocolState, a: ProtocolAction): boolean {
  if (!SUPPORTED_ACTIONS.includes(a.kind)) return false;
  if (s.hubUnpersisted !== 0 && a.kind !== 'HubPersist' && a.kind !== 'HubCrash') return false;
  if (CANCEL_KINDS.has(a.kind) && cancelAblation(ctx)) return false;
  // The model's S that offers before writing its purchase record (hubPersistsFirst false, R-02-22 dropped): the
  // impl's S writes first, so its purchases are not driven under that ablation.
  if (a.kind === 'HubCheckAndOfferPtlc' && ctx.config.hubPersistsFirst === false) return false;
  if (a.kind === 'HubCheckAndOfferPtlc')
    return hubStateCheck(s) && hubPointCheck(ctx, s) && knows(s, S, K_ST1) && hubTimeCheck(ctx, s);
  if (a.kind === 'PayeeSendInvoice') return s.height < s.bundleExpiry;
  // A second sale is driven, except after hop 0 timed out.
  if (a.kind === 'ResellSecret') return s.hops[0]?.status !== 'refunded';
  // An off-chain claim reaches its offerer only when the offerer is online (the model lets a crashed S learn
  // the secret at once; the impl's S gets the claim when it recovers, and refuses it if it is too late then).
  if (a.kind === 'ClaimPtlc' && !isOnline(s, hopOfferer(a.hop))) return false;
  if (a.kind === 'PayerResign' && ctx.config.cancelSteps === 2 && !knows(s, S, K_U2)) return false;
  // Step 9 shows A what S bought; a deviating S that knows s_A only from its coalition bought nothing to show.
  // With the pending output, the model stands R-06-13's n+2 (after step 9) by St(n+1) paying S outright; the
  // impl's n+2 is a real state, which S would put on chain over U(n+1): not mapped once an update is on chain.
  if (a.kind === 'PayerHubFinish')
    return (
      s.hops[0]?.status === 'claimed' &&
      // Claimed on chain, not confirmed yet: S has not read the claim (it may know s_A from its coalition only).
      (s.pendingReveal & 1) === 0 &&
      !(pendingDesign(ctx) && s.chain.update >= 0)
    );
  return true;
}

/** The cancellation's messages (the model's cancelSteps 2, 03 §1). */
const CANCEL_KINDS: ReadonlySet<ActionKind> = new Set([
  'PayerHubCancelSettlement',
  'HubSendCancelUpdate',
  'PayerSendCancelUpdate',
  'HubPersist',
]);

function cancelAblation(ctx: Ctx): boolean {
  return ctx.config.hubChecksCancelSigs === false || ctx.config.hubPersistsFirst === false;
}

/** Why `a` is skipped (for the report), when `implSupports` says no. */
export function skipReason(a: ProtocolAction, s?: ProtocolState): string {
  if (s !== undefined && s.hubUnpersisted !== 0 && a.kind !== 'HubPersist' && a.kind !== 'HubCrash')
    return UNPERSISTED_SKIP;
  if (CANCEL_KINDS.has(a.kind)) return CANCEL_ABLATION_SKIP;
  if (a.kind === 'MailboxSellSecret') return PLAINTEXT_SALE_SKIP;
  if (a.kind === 'ResellSecret') return RESALE_AFTER_REFUND_SKIP;
  if (a.kind === 'ClaimPtlc') return 'ClaimPtlc to an offline offerer (an off-chain claim needs its counterparty)';
  if (a.kind === 'PayerHubFinish') return PROOF_WITHOUT_SALE_SKIP;
  if (a.kind === 'PayerResign') return RESIGN_WITHOUT_HUB_SKIP;
  return UNSUPPORTED_ACTIONS[a.kind] === undefined ? `${a.kind} (a deviation the honest node does not take)` : a.kind;
}

const between = (x: string, y: string) => (e: Envelope) => (e.from === x && e.to === y) || (e.from === y && e.to === x);
const CHANNEL_KINDS = new Set(['ProposeState', 'AcceptState', 'SettlementSig', 'UpdateSig']);
const channelMsg = (e: Envelope) => between('A', 'S')(e) && CHANNEL_KINDS.has(e.body.kind);
/** `who`'s partial signature on the cancellation's U(n+2) (03 §1 steps 8–9), to the other side. */
const cancelUpdateSig =
  (d: ImplDriver, who: 'A' | 'S') =>
  (e: Envelope): boolean =>
    e.from === who &&
    e.to === (who === 'A' ? 'S' : 'A') &&
    e.body.kind === 'UpdateSig' &&
    e.body.state === 2 + d.stateOffset;

/** A pays B (one signing attempt, expiring mailboxExpiryBlocks from now); answers the attempt's expiry height. */
function payerPays(d: ImplDriver, ctx: Ctx): number {
  const expiry = d.implHeight + ctx.config.mailboxExpiryBlocks;
  d.mustCommand('A', {
    kind: 'PayerPay',
    payee: 'B',
    amountSat: AMOUNT_SAT,
    feeSat: HUB_FEE_SAT + ctx.hops * HOP_FEE_SAT,
    expiryHeight: expiry,
    ...timeoutTerms(ctx, expiry),
  });
  return expiry;
}

/** Performs `action` (enabled in model state `before`) on the implementation. */
export function implStep(d: ImplDriver, ctx: Ctx, before: ProtocolState, action: ProtocolAction): void {
  const n1 = 1 + d.stateOffset; // impl state of n+1
  switch (action.kind) {
    case 'PayerHubSignSettlement': {
      // Steps 1–2: nonces, A's settlement partial, S's co-signature. S's answer to A stays on the wire (A reads it
      // when it sends the bundle): that answer is what lets A sign s_A, and the model splits the two.
      d.implExpiryHeight = payerPays(d, ctx);
      d.mustDeliver(
        (e) => channelMsg(e) && !(e.to === 'A' && e.body.kind === 'SettlementSig'),
        'PayerHubSignSettlement',
        { atLeast: 3 },
      );
      return;
    }
    case 'PayerSendBundle':
      // Steps 3–4: A reads St(n+1), pre-signs U(n+1), seals the bundle into M, goes offline.
      d.mustDeliver(
        (e) => e.to === 'A' && e.body.kind === 'SettlementSig' && e.body.state === n1,
        'PayerSendBundle (St(n+1) to A)',
      );
      d.mustDeliver(
        (e) => e.from === 'A' && e.to === 'M' && e.body.kind === 'MailboxStore',
        'PayerSendBundle (bundle to M)',
      );
      d.setOnline('A', false);
      return;
    case 'PayerComeBack':
      d.setOnline('A', true);
      return;
    case 'PayeeComeOnline':
      d.ghosts.payeeCameInTime =
        before.bundleExpiry < 0 || before.height + ctx.config.ptlcTimeoutBlocks <= before.bundleExpiry;
      d.setOnline('B', true);
      return;
    case 'MailboxDeliver':
      // B asks M; M hands over the sealed bundle (B reads it in its next step).
      d.mustCommand('B', { kind: 'PayeeFetch' });
      d.mustDeliver((e) => e.from === 'B' && e.to === 'M' && e.body.kind === 'MailboxFetch', 'MailboxDeliver');
      return;
    case 'PayeeSendInvoice':
      // Step 5: B opens the bundle, checks s_A, invoices S for T = s_A·G (the invoice is on its way to S).
      d.mustDeliver((e) => e.from === 'M' && e.to === 'B' && e.body.kind === 'MailboxDeliver', 'PayeeSendInvoice');
      if (!d.queued().some((e) => e.from === 'B' && e.body.kind === 'Invoice'))
        throw new ImplRefusal('PayeeSendInvoice: B sent no invoice');
      return;
    case 'HubCheckAndOfferPtlc':
      // Steps 6–7: S checks the invoice and offers the PTLC.
      d.mustDeliver((e) => e.to === 'S' && e.body.kind === 'Invoice', 'HubCheckAndOfferPtlc');
      if (!d.queued().some((e) => e.from === 'S' && e.body.kind === 'PtlcOffer'))
        throw new ImplRefusal('HubCheckAndOfferPtlc: S offered no PTLC');
      return;
    case 'RouterForwardPtlc': {
      // P_i takes hop i−1's offer and offers hop i (its point tweaked in the decorrelated split).
      const router = partyName(hopOfferer(action.hop));
      d.mustDeliver(
        (e) => e.to === router && e.body.kind === 'PtlcOffer' && e.body.hop === action.hop - 1,
        `RouterForwardPtlc (offer to ${router})`,
      );
      if (!d.queued().some((e) => e.from === router && e.body.kind === 'PtlcOffer' && e.body.hop === action.hop))
        throw new ImplRefusal(`RouterForwardPtlc: ${router} forwarded nothing`);
      return;
    }
    case 'ClaimPtlc':
    case 'ClaimPtlcOnChain': {
      // Step 8: the payee takes the last offer and claims it; a routing node's upstream claim (sent the moment it
      // learned the secret downstream) reaches its offerer, who extracts the secret.
      const who = partyName(action.party);
      const offerer = partyName(hopOfferer(action.hop));
      if (who === 'B')
        d.mustDeliver(
          (e) => e.to === 'B' && e.body.kind === 'PtlcOffer' && e.body.hop === action.hop,
          `${action.kind} (offer to B)`,
        );
      if (action.kind === 'ClaimPtlcOnChain') {
        // R-08-06: the receiver claims on chain instead: the ptlc_claim it queued (the impl's receiver sends one the
        // moment it knows the secret) never reaches the offerer; H and the claim confirm with the next block.
        const claimMsg = (e: Envelope) =>
          e.from === who && e.to === offerer && e.body.kind === 'PtlcClaim' && e.body.hop === action.hop;
        if (d.dropWhere(claimMsg) === 0)
          throw new ImplRefusal(`ClaimPtlcOnChain: ${who} holds no claim of hop ${action.hop}`);
        d.publishPtlcClaim(who, action.hop);
        return;
      }
      // The receiver's PtlcAccept (its signature of H, sent as it took the offer) goes ahead of its claim.
      d.deliverWhere(
        (e) => e.from === who && e.to === offerer && e.body.kind === 'PtlcAccept' && e.body.hop === action.hop,
      );
      d.mustDeliver(
        (e) => e.from === who && e.to === offerer && e.body.kind === 'PtlcClaim' && e.body.hop === action.hop,
        `ClaimPtlc (claim to ${offerer})`,
      );
      return;
    }
    case 'RefundPtlc':
      // The offerer takes back an unclaimed PTLC from its timeout on: its ledger does when it sees the height, and
      // where it holds the receiver's signature of H (its PtlcAccept) it also puts H and the refund through the
      // timeout leaf into the next block (the ledger and H + refund give the offerer the same amount).
      d.tick(partyName(action.party));
      d.publishPtlcRefund(partyName(action.party), action.hop);
      return;
    case 'PayerHubFinish':
      // Step 9: A tells S its state; S shows the invoice, s_A and its partial signature; A checks them.
      d.mustCommand('A', { kind: 'PayerReturn' });
      d.mustDeliver(
        (e) => between('A', 'S')(e) && (e.body.kind === 'PayerReturn' || e.body.kind === 'StateProof'),
        'PayerHubFinish',
        { atLeast: 2 },
      );
      return;
    case 'PayerHubCancel':
      d.mustCommand('A', { kind: 'PayerCancel' });
      d.mustDeliver(channelMsg, 'PayerHubCancel', { atLeast: 6 });
      return;
    case 'PayerHubCancelSettlement':
      // 03 §1 steps 1–6: A's cancel, the nonces, both settlement signatures: both hold St(n+2). S's partial
      // signature on U(n+2), which S sent right after its settlement signature, stays on the wire (step 8).
      d.mustCommand('A', { kind: 'PayerCancel' });
      d.mustDeliver((e) => channelMsg(e) && !cancelUpdateSig(d, 'S')(e), 'PayerHubCancelSettlement', { atLeast: 4 });
      return;
    case 'HubSendCancelUpdate':
      // 03 §1 step 8: S's partial signature on U(n+2) reaches A, who completes U(n+2) and answers (step 9, queued).
      d.ghosts.lockReleased = true;
      d.mustDeliver(cancelUpdateSig(d, 'S'), 'HubSendCancelUpdate');
      return;
    case 'PayerSendCancelUpdate':
      // 03 §1 step 9: A's partial signature on U(n+2) reaches S, who completes U(n+2). With the model's
      // hubCrashLosesUnpersisted S writes it only at HubPersist; after a crash that lost it, A sends it again.
      if (!d.queued().some(cancelUpdateSig(d, 'A')) && !d.retransmit(cancelUpdateSig(d, 'A')))
        throw new ImplRefusal('PayerSendCancelUpdate: A sent S no partial signature on U(n+2)');
      if (ctx.config.hubCrashLosesUnpersisted === true)
        d.deliverUnpersisted(cancelUpdateSig(d, 'A'), 'PayerSendCancelUpdate');
      else d.mustDeliver(cancelUpdateSig(d, 'A'), 'PayerSendCancelUpdate');
      return;
    case 'HubPersist':
      // S writes what it received to its store.
      d.hubStore = undefined;
      return;
    case 'PayerResign': {
      // A signs a new attempt (fresh nonce): the whole signing exchange; the model has nobody send it on, so
      // its bundle is dropped before M sees it.
      payerPays(d, ctx);
      d.mustDeliver(channelMsg, 'PayerResign', { atLeast: 4 });
      d.dropWhere((e) => e.from === 'A' && e.to === 'M' && e.body.kind === 'MailboxStore');
      return;
    }
    case 'PayerTimeoutClose':
      recordRelease(d, ctx, before, 0);
      d.publishUpdate('A', 0);
      return;
    case 'PublishUpdate': {
      recordRelease(d, ctx, before, action.state);
      const who = partyName(action.party);
      // An honest party publishes because it watches the chain: its node must broadcast U(n+j) itself.
      if (isHonest(ctx, action.party) && (who === 'A' || who === 'S')) {
        const tx = d.watchBroadcasts(who).find((t) => t.name === `U(${action.state + d.stateOffset})`);
        if (tx === undefined)
          throw new ImplRefusal(
            `${who}, watching the chain, did not broadcast U(n+${action.state}) over the stale U(n+${before.chain.update})`,
          );
        d.confirmBroadcast(who, tx, { kind: 'update', j: action.state });
        return;
      }
      completeTold(d, ctx, who);
      d.publishUpdate(who, action.state);
      return;
    }
    case 'PublishStaleUpdate': {
      // R-08-04, R-09-01 (the model's staleStates k): the deviating A or S puts the stale U(n − depth) on chain, one
      // of the k older states both signed before the run (the driver's set-up updates); it pays as U(n) does.
      recordRelease(d, ctx, before, 0);
      const who = partyName(action.party);
      completeTold(d, ctx, who);
      d.publishUpdate(who, -action.depth);
      return;
    }
    case 'HubSweepClaimLeaf':
    case 'PayerSweepTimeoutLeaf': {
      // R-06-04 / R-06-05: a sweep of the settled pending output (S's claim leaf, A's timeout leaf) releases A's lock.
      d.ghosts.lockReleased = true;
      const [who, party, name] =
        action.kind === 'HubSweepClaimLeaf' ? (['S', S, 'claim-sweep'] as const) : (['A', A, 'timeout-sweep'] as const);
      if (isHonest(ctx, party)) {
        const tx = d.watchBroadcasts(who).find((t) => t.name === name);
        if (tx === undefined)
          throw new ImplRefusal(`${who}, watching the chain, did not broadcast its ${name} of the pending output`);
        d.confirmBroadcast(who, tx, { kind: 'sweep' });
        return;
      }
      d.publishSweep(who);
      return;
    }
    case 'PublishSettlement': {
      const who = partyName(action.party);
      // A settlement releases A's lock (with the pending output too: its timeout leaf is A's alone, model/scheme1/next.ts).
      if (before.phase !== 'setup') d.ghosts.lockReleased = true;
      if (isHonest(ctx, action.party) && (who === 'A' || who === 'S')) {
        const tx = d.watchBroadcasts(who).find((t) => t.name === `St(${before.chain.update + d.stateOffset})`);
        if (tx === undefined)
          throw new ImplRefusal(
            `${who}, watching the chain, did not broadcast St(n+${before.chain.update}) once U(n+${before.chain.update}) was CSV-deep`,
          );
        d.confirmBroadcast(who, tx, { kind: 'settlement' });
        return;
      }
      completeTold(d, ctx, who);
      d.publishSettlement(who);
      return;
    }
    case 'HubCrash':
      // S stops; what it persisted is its snapshot (its store, when it had not written the last message it took).
      d.ghosts.hubCrashed = true;
      d.crashHub();
      return;
    case 'HubRecover':
      // S starts again from its snapshot (JSON text) and is back online; it reads a claim of its PTLC made on chain.
      d.restart('S');
      d.setOnline('S', true);
      d.readClaimsOnChain('S');
      return;
    case 'ChainAdvance':
      // An on-chain claim confirms in this block: its offerer, if online, reads the secret from it.
      d.mineBlock();
      for (const id of d.claimOfferers()) if (d.isOnline(id)) d.readClaimsOnChain(id);
      return;
    case 'ResellSecret': {
      // R-09-11, R-09-12: the deviating seller (B again, or A, who made s_A) sends S a second invoice for n+1;
      // it is queued to S, and `promptRefusals` delivers it at once when S is up (an honest S must refuse it).
      const seller = partyName(action.party);
      if (seller !== 'A' && seller !== 'B') throw new ImplRefusal(`ResellSecret by ${seller}: only A and B hold s_A`);
      sendSecondInvoice(d, seller);
      return;
    }
    case 'CoalitionShare':
      // R-09-05, R-09-07: the adversary layer pools what the deviating parties know and tells each of them.
      coalitionShare(d, ctx);
      return;
    case 'PayerForgeBundle':
      // R-09-14: the adversary layer, acting for the deviating A (equivocation.ts), seals B a bundle whose scalar
      // signs a message S never agreed; A goes offline.
      sendForgedBundle(d);
      d.setOnline('A', false);
      return;
    case 'PayeeForgeInvoice':
      // R-09-14: acting for the deviating B, the adversary invoices a point of B's own secret (queued to S;
      // `promptRefusals` delivers it at once when S is up, and S must refuse it by its point check).
      sendForgedInvoice(d);
      return;
    case 'FulfillPtlc':
    case 'CommitPtlc':
    case 'CloseHopChannel':
      // Never enabled by implSupports (UNSUPPORTED_ACTIONS): the model's claimSteps 2 only.
      throw new ImplRefusal(`${action.kind}: ${TWO_STEP_CLAIM_SKIP}`);
    case 'MailboxSellSecret':
    case 'HubPayResale':
      throw new ImplRefusal(UNSUPPORTED_ACTIONS[action.kind] ?? action.kind);
    case 'ChainConfirm':
      throw new ImplRefusal(`${action.kind}: ${MEMPOOL_SKIP}`);
    case 'EclipseWithhold':
    case 'EclipseCatchUp':
      throw new ImplRefusal(`${action.kind}: ${ECLIPSE_SKIP}`);
    default:
      return unreachable(action, 'action');
  }
}

/** The spec's timeout design (06 §1): the timeout variant. */
function pendingDesign(ctx: Ctx): boolean {
  return ctx.switches.timeoutPath;
}

/**
 * A's timeout terms in the spec's design (R-06-01, R-06-02): the least pending timeout R-06-02 allows, expiry + D
 * (the model's `pendingTimeoutHeight`), and the model's claim margin; none otherwise.
 */
function timeoutTerms(
  ctx: Ctx,
  expiry: number,
): { timeout?: { pendingTimeoutHeight: number; claimMarginBlocks: number } } {
  if (!pendingDesign(ctx)) return {};
  return {
    timeout: { pendingTimeoutHeight: expiry + pendingSlackBlocks(ctx.config), claimMarginBlocks: CLAIM_MARGIN_BLOCKS },
  };
}

/**
 * Model rule (model/scheme1/next.ts confirmOnChain): an update confirmed while the payment is pending, whose settlement
 * someone holds, releases A's lock; with the pending output, U(n+1) does when A holds St(n+1) (A can then settle
 * and take amt + fee back through the timeout leaf alone, spec 06 §1.4).
 */
function recordRelease(d: ImplDriver, ctx: Ctx, before: ProtocolState, j: number): void {
  if (before.phase !== 'bundleSent') return;
  if (pendingDesign(ctx) && j === 1) {
    if (holdsSettlement(before, A, 1)) d.ghosts.lockReleased = true;
    return;
  }
  for (let p = 0; p < before.knows.length; p++) if (holdsSettlement(before, p, j)) d.ghosts.lockReleased = true;
}

/**
 * After a step: a receiver's `PtlcAccept` (its signature of H, sent when it took an offer) reaches its online
 * offerer at once; the model has no such message (an accepted offer is already the hop's `offered` status), and
 * the signature changes nothing the abstraction reads: it only lets the offerer publish H itself.
 * An honest, online S answers an invoice at once. When the model says S must not buy (its checks
 * fail for good: stale, superseded, already bought, too late), the invoice is delivered now and S must refuse
 * it ("must not send"): the abstraction must not change.
 */
export function promptRefusals(
  d: ImplDriver,
  ctx: Ctx,
  after: ProtocolState,
  enabled: readonly ProtocolAction[],
): void {
  d.deliverWhere((e) => e.body.kind === 'PtlcAccept');
  if (!isHonest(ctx, S) || !d.isOnline('S')) return;
  // B's invoice S must not buy, or a second invoice for n+1 (R-02-18), unless the model has S pay it.
  const first = after.invoiceFrom >= 0 && after.hops[0]?.status === 'none';
  const second = after.resale.from >= 0 && !after.resale.paid;
  if (!first && !second) return;
  if (enabled.some((a) => a.kind === 'HubCheckAndOfferPtlc' || a.kind === 'HubPayResale')) return;
  d.deliverWhere((e) => e.to === 'S' && e.body.kind === 'Invoice');
}
