/**
 * The successor of a state under an enabled action: pure, copy-on-write. The guards live in enabled.ts;
 * here are the effects.
 */
import type { ProtocolAction } from './actions.ts';
import type { Ctx } from './context.ts';
import { anchorOf, holdsSettlement, hopTimeout, learn, offererOf, receiverOf } from './context.ts';
import { coalitionKnowledge } from './enabled.ts';
import {
  K_ALL_SEC,
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
  kRel,
  kSec,
} from './knowledge.ts';
import { A, B, M, PARTY_COUNT, S } from '../parties.ts';
import { confirmUpdate, dropConflicts, settledChain, type PendingTx } from '../chain.ts';
import { inclusionDelay, staleStatesOf } from '../config.ts';
import { pooled } from '../coalition.ts';
import { addTo } from '../money.ts';
import {
  AMOUNT_SAT,
  FORGED_BUNDLE,
  FORGED_INVOICE,
  MSG_FORGED,
  MSG_U1,
  MSG_U3,
  hopAmountSat,
  hubShare,
  payerFeeSat,
  payerShare,
  changed,
  type Hop,
  type ProtocolState,
} from './state.ts';
import { unreachable } from '../../util/unreachable.ts';
import { Refused, type StepResult } from '../refused.ts';

function setHop(hops: readonly Hop[], i: number, hop: Hop): Hop[] {
  const out = [...hops];
  out[i] = hop;
  return out;
}

export function nextState(ctx: Ctx, s: ProtocolState, a: ProtocolAction): StepResult<ProtocolState> {
  // The secret the path's points tweak (s_A, or the forged one once S holds an invoice for a forged point).
  const an = anchorOf(s);
  switch (a.kind) {
    case 'PayerHubSignSettlement': {
      const knows = [...s.knows];
      learn(ctx, knows, A, K_ST1, an);
      learn(ctx, knows, S, K_ST1, an);
      return changed(s, { knows });
    }
    case 'PayerSendBundle':
      return sendBundle(ctx, s, { forged: false });
    case 'PayerComeBack':
      return changed(s, { online: s.online | (1 << A) });
    case 'PayeeComeOnline':
      // "In time": early enough that S may still buy (R-02-19: height + ptlcTimeoutBlocks ≤ expiry).
      return changed(s, {
        online: s.online | (1 << B),
        payeeCameInTime: s.bundleExpiry < 0 || s.height + ctx.config.ptlcTimeoutBlocks <= s.bundleExpiry,
      });
    case 'MailboxDeliver': {
      // B reads what A sealed: the bundle, or a forged one (whose scalar passes B's check, R-09-14).
      const knows = [...s.knows];
      learn(ctx, knows, B, (s.forged & FORGED_BUNDLE) !== 0 ? K_FORGED : K_BUNDLE, an);
      return changed(s, { knows, mailbox: 'delivered' });
    }
    case 'PayeeSendInvoice':
      // B invoices the point of the scalar it holds: T = s_A·G, or, from a forged bundle, a point that is not s_A's.
      return invoice(ctx, s, { forgedPoint: ((s.knows[B] ?? 0) & K_SA) === 0 });
    case 'PayerForgeBundle':
      // R-09-14: A seals a forged bundle instead of the real one.
      return sendBundle(ctx, s, { forged: true });
    case 'PayeeForgeInvoice':
      // R-09-14: B invoices a point of its own secret.
      return invoice(ctx, s, { forgedPoint: true });
    case 'ResellSecret':
      return changed(s, { resale: { from: a.party, paid: false } });
    case 'MailboxSellSecret': {
      const knows = [...s.knows];
      learn(ctx, knows, S, K_INVOICE, an);
      // Posing as the payee, M picks the path's tweaks itself.
      let rels = 0;
      for (let i = 0; i <= ctx.hops; i++) rels |= kRel(i);
      learn(ctx, knows, M, rels, an);
      return changed(s, { knows, invoiceFrom: M });
    }
    case 'HubPayResale': {
      const r = s.resale;
      return changed(s, {
        resale: { ...r, paid: true },
        wallet: addTo(addTo(s.wallet, S, -AMOUNT_SAT), r.from, AMOUNT_SAT),
      });
    }
    case 'HubCheckAndOfferPtlc': {
      const timeoutHeight = s.height + ctx.config.ptlcTimeoutBlocks;
      const offered = changed(s, {
        hops: setHop(s.hops, 0, { status: 'offered', timeoutHeight }),
        wallet: addTo(s.wallet, S, -hopAmountSat(0, ctx.hops)),
      });
      if (ctx.config.hubPersistsFirst !== false) return offered;
      // R-02-22 dropped (`hubPersistsFirst` false): S offers hop 0 first and writes its purchase record after.
      const knows = [...s.knows];
      learn(ctx, knows, S, K_BOUGHT, an);
      return changed(offered, { knows, hubUnpersisted: s.hubUnpersisted | K_BOUGHT });
    }
    case 'RouterForwardPtlc': {
      const hop0 = s.hops[0];
      if (hop0 === undefined) return new Refused('RouterForwardPtlc without hop 0');
      return changed(s, {
        hops: setHop(s.hops, a.hop, { status: 'offered', timeoutHeight: hopTimeout(ctx, hop0.timeoutHeight, a.hop) }),
        wallet: addTo(s.wallet, offererOf(a.hop), -hopAmountSat(a.hop, ctx.hops)),
      });
    }
    case 'ClaimPtlc':
    case 'ClaimPtlcOnChain': {
      const hop = s.hops[a.hop];
      if (hop === undefined) return new Refused(`${a.kind} on missing hop ${a.hop}`);
      const receiver = receiverOf(ctx, s, a.hop);
      const onChain = a.kind === 'ClaimPtlcOnChain';
      const knows = [...s.knows];
      if (!onChain) reveal(ctx, s, knows, a.hop);
      return changed(s, {
        knows,
        hops: setHop(s.hops, a.hop, { status: 'claimed', timeoutHeight: hop.timeoutHeight }),
        wallet: addTo(s.wallet, receiver, hopAmountSat(a.hop, ctx.hops)),
        pendingReveal: onChain ? s.pendingReveal | (1 << a.hop) : s.pendingReveal,
      });
    }
    case 'FulfillPtlc': {
      // R-08-15: the offerer learns the secret; the PTLC stays locked until its update or an on-chain claim.
      const hop = s.hops[a.hop];
      if (hop === undefined) return new Refused(`FulfillPtlc on missing hop ${a.hop}`);
      const knows = [...s.knows];
      reveal(ctx, s, knows, a.hop);
      return changed(s, { knows, hops: setHop(s.hops, a.hop, { ...hop, status: 'fulfilled' }) });
    }
    case 'CommitPtlc': {
      const hop = s.hops[a.hop];
      if (hop === undefined) return new Refused(`CommitPtlc on missing hop ${a.hop}`);
      return changed(s, {
        hops: setHop(s.hops, a.hop, { status: 'claimed', timeoutHeight: hop.timeoutHeight }),
        wallet: addTo(s.wallet, receiverOf(ctx, s, a.hop), hopAmountSat(a.hop, ctx.hops)),
      });
    }
    case 'CloseHopChannel': {
      const hop = s.hops[a.hop];
      if (hop === undefined) return new Refused(`CloseHopChannel on missing hop ${a.hop}`);
      return changed(s, {
        hops: setHop(s.hops, a.hop, { status: 'closing', timeoutHeight: hop.timeoutHeight, closedAt: s.height }),
      });
    }
    case 'RefundPtlc': {
      const hop = s.hops[a.hop];
      if (hop === undefined) return new Refused(`RefundPtlc on missing hop ${a.hop}`);
      return changed(s, {
        hops: setHop(s.hops, a.hop, { status: 'refunded', timeoutHeight: hop.timeoutHeight }),
        wallet: addTo(s.wallet, offererOf(a.hop), hopAmountSat(a.hop, ctx.hops)),
      });
    }
    case 'PayerHubFinish': {
      const knows = [...s.knows];
      learn(ctx, knows, A, K_SS1 | K_INVOICE | ((s.knows[S] ?? 0) & K_RECEIPT), an);
      return changed(s, { knows, phase: 'paid', lockReleased: true });
    }
    case 'PayerHubCancel': {
      const knows = [...s.knows];
      learn(ctx, knows, A, K_U2, an);
      learn(ctx, knows, S, K_U2, an);
      return changed(s, { knows, phase: 'cancelled', lockReleased: true });
    }
    case 'PayerHubCancelSettlement': {
      const knows = [...s.knows];
      learn(ctx, knows, A, K_ST2, an);
      learn(ctx, knows, S, K_ST2, an);
      return changed(s, { knows, hubUnpersisted: unpersisted(ctx, s, K_ST2, { sent: true }) });
    }
    case 'HubSendCancelUpdate': {
      // A now holds the complete U(n+2) with St(n+2): it can enforce n+2 alone, so its lock is released.
      const knows = [...s.knows];
      learn(ctx, knows, S, K_SS2, an);
      learn(ctx, knows, A, K_U2, an);
      return changed(s, { knows, lockReleased: true, hubUnpersisted: unpersisted(ctx, s, K_SS2, { sent: true }) });
    }
    case 'PayerSendCancelUpdate': {
      const knows = [...s.knows];
      learn(ctx, knows, S, K_U2, an);
      return changed(s, {
        knows,
        phase: s.phase === 'bundleSent' ? 'cancelled' : s.phase,
        hubUnpersisted: unpersisted(ctx, s, K_U2, { sent: false }),
      });
    }
    case 'HubPersist':
      return changed(s, { hubUnpersisted: 0 });
    case 'PayerResign':
      return changed(s, {
        nonceUses: addBits(s.nonceUses, ctx.switches.flaw === 'nonceReuseOnResign' ? 0 : 1, MSG_U3),
      });
    case 'PayerTimeoutClose':
      return publish(ctx, s, { tx: 'update', state: 0, since: s.height });
    case 'PublishUpdate':
      return publish(ctx, s, { tx: 'update', state: a.state, since: s.height });
    case 'PublishStaleUpdate':
      return publish(ctx, s, { tx: 'update', state: 0, stale: a.depth, since: s.height });
    case 'ChainConfirm': {
      const t = s.mempool[a.index];
      if (t === undefined) throw new Error(`ChainConfirm of missing mempool entry ${a.index}`);
      const left = s.mempool.filter((_, i) => i !== a.index);
      // staleStates: an update still waiting spent the output that just lost the race; its sender rebinds it to the
      // new update and broadcasts it again, so its inclusion delay starts over (the delay attack's lever).
      const rest =
        staleStatesOf(ctx.config) > 0 && t.tx === 'update'
          ? left.map((u) => (u.tx === 'update' ? { ...u, since: s.height } : u))
          : left;
      const after = confirm(ctx, changed(s, { mempool: rest }), t);
      return changed(after, { mempool: dropConflicts(rest, after.chain, after.height, ctx.config.csvDelayBlocks) });
    }
    case 'HubSweepClaimLeaf':
    case 'PayerSweepTimeoutLeaf': {
      // A sweep of the pending output (timeout variant): amt + fee to S (claim leaf) or back to A.
      const claim = a.kind === 'HubSweepClaimLeaf';
      return changed(s, {
        wallet: addTo(s.wallet, claim ? S : A, AMOUNT_SAT + payerFeeSat(ctx.hops)),
        pending: { status: claim ? 'claimedByHub' : 'sweptByPayer', since: s.pending.since },
        lockReleased: true,
      });
    }
    case 'PublishSettlement':
      return publish(ctx, s, {
        tx: 'settlement',
        state: s.chain.update,
        ...(s.chain.stale === undefined ? {} : { stale: s.chain.stale }),
        since: s.height,
      });
    case 'CoalitionShare':
      return changed(s, { knows: pooled(ctx.deviating, s.knows, coalitionKnowledge(ctx, s)) ?? s.knows });
    case 'HubCrash': {
      // `hubCrashLosesUnpersisted`: what S had not written to its store is gone when it recovers.
      if (s.hubUnpersisted === 0) return changed(s, { online: s.online & ~(1 << S), hubCrashed: true });
      const knows = [...s.knows];
      knows[S] = (knows[S] ?? 0) & ~s.hubUnpersisted;
      return changed(s, { knows, online: s.online & ~(1 << S), hubCrashed: true, hubUnpersisted: 0 });
    }
    case 'HubRecover':
      return changed(s, { online: s.online | (1 << S) });
    case 'ChainAdvance': {
      const pending = s.pendingReveal;
      if (pending === 0) return changed(s, { height: s.height + 1, pendingReveal: 0 });
      const knows = [...s.knows];
      for (let i = 0; i < s.hops.length; i++) if ((pending & (1 << i)) !== 0) reveal(ctx, s, knows, i);
      return changed(s, { knows, height: s.height + 1, pendingReveal: 0 });
    }
    case 'EclipseWithhold': {
      // The block is mined as by ChainAdvance (which never refuses); only the eclipsed party's view stays behind.
      const mined = nextState(ctx, s, { kind: 'ChainAdvance' }) as ProtocolState;
      return changed(mined, { eclipseLag: s.eclipseLag + 1 });
    }
    case 'EclipseCatchUp':
      return changed(s, { eclipseLag: s.eclipseLag - 1 });
    default:
      return unreachable(a, 'action');
  }
}

/**
 * A seals the bundle for B and hands it to M, then goes offline (R-02-03..05). With `forged` (R-09-14), the bundle's
 * "s_A" is A's partial signature on a message S never agreed: nobody ever learns s_A, A's nonce signs that message.
 */
function sendBundle(ctx: Ctx, s: ProtocolState, opts: { forged: boolean }): ProtocolState {
  const an = anchorOf(s);
  const knows = [...s.knows];
  const content = opts.forged ? K_FORGED : K_SA | K_BUNDLE;
  learn(ctx, knows, A, content, an);
  if (ctx.switches.flaw === 'plaintextMailbox') learn(ctx, knows, M, opts.forged ? K_FORGED : K_BUNDLE, an);
  return changed(s, {
    knows,
    phase: 'bundleSent',
    bundleExpiry: s.height + ctx.config.mailboxExpiryBlocks,
    mailbox: 'held',
    online: s.online & ~(1 << A),
    nonceUses: addBits(s.nonceUses, 0, opts.forged ? MSG_FORGED : MSG_U1),
    forged: opts.forged ? s.forged | FORGED_BUNDLE : s.forged,
  });
}

/**
 * B's invoice reaches S. With `forgedPoint` its point is not s_A's (R-09-14): the path's points tweak the forged
 * point from now on, so the hop secrets anyone derived from s_A are dropped and everyone's knowledge is closed
 * again around the forged secret (only derivations gave them: no hop is offered before an invoice).
 */
function invoice(ctx: Ctx, s: ProtocolState, opts: { forgedPoint: boolean }): ProtocolState {
  if (!opts.forgedPoint) {
    const knows = [...s.knows];
    learn(ctx, knows, S, K_INVOICE, anchorOf(s));
    return changed(s, { knows, invoiceFrom: B });
  }
  const knows = s.knows.map((m) => closeKnowledge(m & ~K_ALL_SEC, ctx.hops, K_FORGED));
  learn(ctx, knows, B, K_FORGED, K_FORGED);
  learn(ctx, knows, S, K_INVOICE, K_FORGED);
  return changed(s, { knows, invoiceFrom: B, forged: s.forged | FORGED_INVOICE });
}

/** Hop i's offerer learns the hop's secret (from the claim, off chain or once it confirms). */
function reveal(ctx: Ctx, s: ProtocolState, knows: number[], i: number): void {
  const offerer = offererOf(i);
  const an = anchorOf(s);
  learn(ctx, knows, offerer, kSec(i), an);
  // R-06-09: receipt variant: with s_A, S completes U(n+1) and adapts B's receipt pre-signature (which came
  // with B's invoice).
  if (ctx.switches.receipt && offerer === S && s.invoiceFrom === B && ((knows[S] ?? 0) & K_SA) !== 0)
    learn(ctx, knows, S, K_RECEIPT, an);
}

/**
 * A published channel transaction: with `inclusionDelayBlocks` 0 it confirms at once (R-08-07); otherwise it
 * waits in the mempool, seen by everyone, until the adversary confirms it (`ChainConfirm`, by its deadline).
 */
function publish(ctx: Ctx, s: ProtocolState, t: PendingTx): ProtocolState {
  if (inclusionDelay(ctx.config) === 0) return confirm(ctx, s, t);
  return changed(s, { mempool: [...s.mempool, t] });
}

/** `t` confirms: U(n+state) goes on chain, or the confirmed update's settlement pays out. */
function confirm(ctx: Ctx, s: ProtocolState, t: PendingTx): ProtocolState {
  return t.tx === 'update' ? confirmOnChain(ctx, s, t.state, t.stale) : settle(ctx, s);
}

/** The confirmed update's settlement pays out (R-08-05, R-08-09; timeout variant: R-06-01's pending output). */
function settle(ctx: Ctx, s: ProtocolState): ProtocolState {
  const pendingSat = AMOUNT_SAT + payerFeeSat(ctx.hops);
  const j = s.chain.update;
  // After step 9 A and S agreed n+2 with the pending amount moved to S (R-06-13): whichever of U(n+1), U(n+2)
  // ends on chain, S ends with it (S answers U(n+1) with U(n+2)), so the settlement pays S outright.
  if (j === 1 && pendingDesign(ctx) && s.phase !== 'paid') {
    // R-06-01: St(n+1) pays (a − amt − fee, s) and amt + fee to the pending output; A's lock waits for a sweep.
    const wallet = addTo(addTo(s.wallet, A, payerShare(1, ctx.hops)), S, hubShare(1, ctx.hops) - pendingSat);
    // Its pending output is A's alone from the pending timeout on (unless S claims first): the lock is released.
    return changed(s, {
      wallet,
      channelSat: 0,
      chain: settledChain(s.chain),
      pending: { status: 'unspent', since: s.height },
      lockReleased: true,
    });
  }
  const wallet = addTo(addTo(s.wallet, A, payerShare(j, ctx.hops)), S, hubShare(j, ctx.hops));
  return changed(s, {
    wallet,
    channelSat: 0,
    chain: settledChain(s.chain),
    lockReleased: s.lockReleased || s.phase !== 'setup',
  });
}

/**
 * U(n+j) confirms. Once a confirmed update's settlement is held by someone, the pending amount's fate is
 * decided by the chain alone (paid out or returned within the CSV delay): A's lock is released. With the
 * pending output (06 §1.4), U(n+1) releases it when A holds St(n+1): A can then settle alone after the CSV
 * delay and take amt + fee back through the timeout leaf alone from the pending timeout, unless S's claim leaf
 * was spent first; nobody's cooperation is needed any more (the sweeps follow within a bounded number of blocks).
 */
function confirmOnChain(ctx: Ctx, s: ProtocolState, j: number, stale = 0): ProtocolState {
  let settleable = false;
  for (let p = 0; p < PARTY_COUNT; p++) if (holdsSettlement(s, p, j)) settleable = true;
  if (pendingDesign(ctx) && j === 1 && s.phase !== 'paid') settleable = holdsSettlement(s, A, 1);
  return changed(s, {
    chain: confirmUpdate(j, s.height, stale),
    lockReleased: s.lockReleased || (s.phase === 'bundleSent' && settleable),
  });
}

/** The timeout variant: the spec's design (06 §1), St(n+1) with the pending output. */
function pendingDesign(ctx: Ctx): boolean {
  return ctx.switches.timeoutPath;
}

/**
 * S's unpersisted bits after a cancellation step that taught it `bits` (`hubCrashLosesUnpersisted`; 0 without it).
 * S persists before it sends (R-01-14, R-03-05): what it `sent` is on disk already, only what it received waits;
 * the ablation `hubPersistsFirst` false sends first, so everything waits for `HubPersist`.
 */
function unpersisted(ctx: Ctx, s: ProtocolState, bits: number, opts: { sent: boolean }): number {
  if (ctx.config.hubCrashLosesUnpersisted !== true) return 0;
  if (opts.sent && ctx.config.hubPersistsFirst !== false) return s.hubUnpersisted;
  return s.hubUnpersisted | bits;
}

function addBits(arr: readonly number[], i: number, bits: number): number[] {
  const out = [...arr];
  out[i] = (out[i] ?? 0) | bits;
  return out;
}
