/**
 * The two-party state update of an eltoo channel (PROTOCOL.md scheme 1 steps 1–3 and the cooperative update used
 * for cancellation), for both sides: the party (A, or B in scheme 2) proposes state n+1 with its nonces; the hub
 * (S) accepts with its own; the party sends its settlement partial signature, the hub checks it and answers with
 * its own, both aggregate St(n+1) (R-01-10: settlement is signed before any update signature leaves anyone). Then
 * either both exchange update partial signatures (purpose `update`), or the party keeps its own for a bundle
 * (`async`, `async2`).
 */
import type { NonceStoreSnapshot } from '../crypto/nonce-store.ts';
import {
  cancelsOpenState,
  highestState,
  findProposal,
  supersedeBelow,
  type EltooChannel,
  type PendingInfo,
  type Proposal,
} from './channel.ts';
import { timeoutVariantDelay } from './params.ts';
import {
  aggregatePartials,
  generateNonce,
  type NonceTerms,
  partialValid,
  signPartial,
  withNonceStore,
} from './eltoo-sign.ts';
import { nodeError, type NodeError } from './errors.ts';
import type { Bodies } from './messages.ts';
import { freshRand, type BaseSnapshot, type Send } from './node.ts';
import { ownChannelKey } from './keys.ts';

export type SignerDraft = BaseSnapshot & { nonces: NonceStoreSnapshot };

/**
 * R-01-05, R-03-03: fresh nonces for every proposal, by BIP-327 NonceGen over the secret key, the aggregate key,
 * the message the nonce will sign (U(n+1)'s or St(n+1)'s sighash) and `extraIn` (channel, state, kind, session,
 * and for the hub the party's public nonce), with 32 bytes from the node's RNG. Two different messages never get
 * the same nonce, whatever the RNG repeats (a restored snapshot, the same seed in another run): see
 * `nonceExtraIn` in eltoo-sign.ts and impl/README "Keys and nonces".
 */
function nonces(
  draft: SignerDraft,
  ch: EltooChannel,
  o: NonceTerms,
  side: 'party' | 'hub',
  partyNonces?: { update: string; settle: string },
): { update: string; settle: string } {
  const { secKey } = ownChannelKey(draft.seed, ch, side);
  const myKeyHex = side === 'party' ? ch.partyKey : ch.hubKey;
  const randU = freshRand(draft, 'nonce');
  const randS = freshRand(draft, 'nonce');
  const common = { ch, proposal: o, secKey, pubKeyHex: myKeyHex };
  const r = withNonceStore(draft.nonces, (store) => ({
    update: generateNonce({ ...common, store, kind: 'update', rand: randU, partyNonce: partyNonces?.update }),
    settle: generateNonce({ ...common, store, kind: 'settle', rand: randS, partyNonce: partyNonces?.settle }),
  }));
  draft.nonces = r.nonces;
  return r.result;
}

function sign(draft: SignerDraft, ch: EltooChannel, p: Proposal, kind: 'update' | 'settle'): string {
  const { secKey } = ownChannelKey(draft.seed, ch, draft.id === ch.party ? 'party' : 'hub');
  const r = withNonceStore(draft.nonces, (store) => signPartial({ store, ch, p, kind, secKey }));
  draft.nonces = r.nonces;
  return r.result;
}

/** Party: proposes state n+1 (step 1). */
export function partyPropose(
  draft: SignerDraft,
  ch: EltooChannel,
  o: {
    purpose: Proposal['purpose'];
    partySat: number;
    hubSat: number;
    amountSat: number;
    feeSat: number;
    expiryHeight: number;
    sessionId: string;
    pending?: PendingInfo | null;
  },
): { send: Send; proposal: Proposal } {
  const state = highestState(ch) + 1;
  const terms = {
    state,
    sessionId: o.sessionId,
    purpose: o.purpose,
    partySat: o.partySat,
    hubSat: o.hubSat,
    pending: o.pending ?? null,
    amountSat: o.amountSat,
    feeSat: o.feeSat,
    expiryHeight: o.expiryHeight,
  };
  const n = nonces(draft, ch, terms, 'party');
  const proposal: Proposal = {
    state,
    purpose: o.purpose,
    sessionId: o.sessionId,
    partySat: o.partySat,
    hubSat: o.hubSat,
    pending: o.pending ?? null,
    amountSat: o.amountSat,
    feeSat: o.feeSat,
    expiryHeight: o.expiryHeight,
    partyUpdateNonce: n.update,
    partySettleNonce: n.settle,
    hubUpdateNonce: null,
    hubSettleNonce: null,
    partySettlePartial: null,
    hubSettlePartial: null,
    settleSig: null,
    partyUpdatePartial: null,
    hubUpdatePartial: null,
    updateSig: null,
    status: 'proposed',
  };
  ch.proposals.push(proposal);
  const body: Bodies['ProposeState'] = {
    kind: 'ProposeState',
    state,
    purpose: o.purpose,
    proposerSat: o.partySat,
    hubSat: o.hubSat,
    pending: o.pending ?? null,
    amountSat: o.amountSat,
    feeSat: o.feeSat,
    expiryHeight: o.expiryHeight,
    updateNonce: n.update,
    settleNonce: n.settle,
  };
  return { send: { to: ch.hub, sessionId: o.sessionId, body }, proposal };
}

/** Hub: accepts a proposal if it is the next state and its balances are what its purpose says (step 1). */
export function hubOnPropose(
  draft: SignerDraft,
  ch: EltooChannel,
  sessionId: string,
  m: Bodies['ProposeState'],
  hubBusy: (ch: EltooChannel) => boolean,
  /** The hub's own `rebind_margin_blocks` (params), in D of R-06-02 (no default: a fixed 1 was a bug). */
  rebindMarginBlocks: number,
): Send | NodeError {
  const next = highestState(ch) + 1;
  // R-01-01, R-01-06: a proposal must be for the next state number, never one already used.
  if (m.state !== next)
    return nodeError(
      'stale-state',
      `ProposeState.state: ${m.state}, but the next state of ${ch.party}–${ch.hub} is ${next}`,
      'channel-protocol:propose-not-next-state',
    );
  // R-01-02: the balances sum to the capacity; R-02-01: a payment moves exactly amt + fee.
  const pendingSat = m.pending?.pendingSat ?? 0;
  if (m.proposerSat + m.hubSat + pendingSat !== ch.capacitySat) {
    return nodeError(
      'unexpected',
      `ProposeState: balances ${m.proposerSat} + ${m.hubSat} + ${pendingSat} ≠ capacity ${ch.capacitySat}`,
      'channel-protocol:propose-balances-not-capacity',
    );
  }
  if (m.pending !== null) {
    // R-06-01: only a scheme-1 payment state has a pending output, of exactly amt + fee.
    if (m.purpose !== 'async' || m.pending.pendingSat !== m.amountSat + m.feeSat || m.pending.claimMarginBlocks < 1) {
      return nodeError(
        'unexpected',
        'ProposeState.pending: only a payment state pends, and exactly amt + fee',
        'channel-protocol:propose-pending-amount',
      );
    }
    // R-06-02: pending_timeout_height ≥ expiry_height + D.
    const d = timeoutVariantDelay({
      csvDelayBlocks: ch.csvDelayBlocks,
      claimMarginBlocks: m.pending.claimMarginBlocks,
      rebindMarginBlocks,
    });
    if (m.pending.pendingTimeoutHeight < m.expiryHeight + d) {
      return nodeError(
        'refused',
        `ProposeState.pending.pendingTimeoutHeight: ${m.pending.pendingTimeoutHeight} < expiry ${m.expiryHeight} + D ${d}`,
        'channel-protocol:propose-pending-timeout-before-expiry',
      );
    }
  }
  const { partySat, hubSat } = ch.latest;
  const expected =
    m.purpose === 'async'
      ? { party: partySat - m.amountSat - m.feeSat, hub: hubSat + (m.pending === null ? m.amountSat + m.feeSat : 0) }
      : m.purpose === 'async2'
        ? { party: partySat + m.amountSat, hub: hubSat - m.amountSat }
        : null;
  if (
    expected !== null &&
    (expected.party !== m.proposerSat || expected.hub !== m.hubSat || expected.party < 0 || expected.hub < 0)
  ) {
    return nodeError(
      'unexpected',
      `ProposeState: ${m.purpose} balances must be (${expected.party}, ${expected.hub})`,
      'channel-protocol:propose-purpose-balances',
    );
  }
  // An ordinary update (cancellation included) must not lower the hub's balance.
  if (m.purpose === 'update' && m.hubSat < hubSat)
    return nodeError(
      'refused',
      `ProposeState: the hub's balance would drop from ${hubSat} to ${m.hubSat}`,
      'channel-protocol:propose-hub-balance-drops',
    );
  if (findProposal(ch, m.state) !== undefined)
    return nodeError(
      'replayed',
      `ProposeState: state ${m.state} already proposed`,
      'channel-protocol:propose-replayed',
    );
  // R-03-01: no superseding state while a PTLC the hub offered to buy an open state is outstanding.
  if (hubBusy(ch))
    return nodeError(
      'refused',
      'ProposeState: a purchase for an open state is in flight',
      'channel-protocol:propose-during-purchase',
    );
  const terms = {
    state: m.state,
    sessionId,
    purpose: m.purpose,
    partySat: m.proposerSat,
    hubSat: m.hubSat,
    pending: m.pending,
    amountSat: m.amountSat,
    feeSat: m.feeSat,
    expiryHeight: m.expiryHeight,
  };
  const n = nonces(draft, ch, terms, 'hub', {
    update: m.updateNonce,
    settle: m.settleNonce,
  });
  ch.proposals.push({
    state: m.state,
    purpose: m.purpose,
    sessionId,
    partySat: m.proposerSat,
    hubSat: m.hubSat,
    pending: m.pending,
    amountSat: m.amountSat,
    feeSat: m.feeSat,
    expiryHeight: m.expiryHeight,
    partyUpdateNonce: m.updateNonce,
    partySettleNonce: m.settleNonce,
    hubUpdateNonce: n.update,
    hubSettleNonce: n.settle,
    partySettlePartial: null,
    hubSettlePartial: null,
    settleSig: null,
    partyUpdatePartial: null,
    hubUpdatePartial: null,
    updateSig: null,
    status: 'accepted',
  });
  return {
    to: ch.party,
    sessionId,
    body: { kind: 'AcceptState', state: m.state, updateNonce: n.update, settleNonce: n.settle },
  };
}

/** Party: the hub's nonces arrived; sign the settlement first (step 2). */
export function partyOnAccept(
  draft: SignerDraft,
  ch: EltooChannel,
  sessionId: string,
  m: Bodies['AcceptState'],
): Send | NodeError {
  const p = findProposal(ch, m.state);
  if (p === undefined || p.status !== 'proposed')
    return nodeError(
      'unexpected',
      `AcceptState: no open proposal for state ${m.state}`,
      'channel-protocol:accept-no-proposal',
    );
  if (p.sessionId !== sessionId)
    return nodeError(
      'unexpected',
      `AcceptState: session ${sessionId.slice(0, 8)} is not the proposal's`,
      'channel-protocol:accept-wrong-session',
    );
  p.hubUpdateNonce = m.updateNonce;
  p.hubSettleNonce = m.settleNonce;
  p.partySettlePartial = sign(draft, ch, p, 'settle');
  p.status = 'accepted';
  return { to: ch.hub, sessionId, body: { kind: 'SettlementSig', state: p.state, partialSig: p.partySettlePartial } };
}

/** Hub: the party's settlement partial signature; check, co-sign, aggregate St(n+1) (step 2). */
export function hubOnSettlementSig(
  draft: SignerDraft,
  ch: EltooChannel,
  m: Bodies['SettlementSig'],
): { send: Send; proposal: Proposal } | NodeError {
  const p = findProposal(ch, m.state);
  if (p === undefined || p.status !== 'accepted')
    return nodeError(
      'unexpected',
      `SettlementSig: no accepted proposal for state ${m.state}`,
      'channel-protocol:hub-settlement-sig-no-proposal',
    );
  // R-01-09: verify the peer's settlement partial signature (and, in aggregatePartials, the aggregate).
  if (!partialValid({ ch, p, kind: 'settle', side: 'party', partialSig: m.partialSig })) {
    return nodeError(
      'forged-signature',
      `SettlementSig.partialSig: not ${ch.party}'s valid partial signature on St(${m.state})`,
      'channel-protocol:hub-settlement-sig-forged',
    );
  }
  p.partySettlePartial = m.partialSig;
  p.hubSettlePartial = sign(draft, ch, p, 'settle');
  p.settleSig = aggregatePartials({ ch, p, kind: 'settle', party: p.partySettlePartial, hub: p.hubSettlePartial });
  p.status = 'settled';
  return {
    send: {
      to: ch.party,
      sessionId: p.sessionId,
      body: { kind: 'SettlementSig', state: p.state, partialSig: p.hubSettlePartial },
    },
    proposal: p,
  };
}

/** Party: the hub's settlement partial signature; check and aggregate St(n+1). */
export function partyOnSettlementSig(ch: EltooChannel, m: Bodies['SettlementSig']): Proposal | NodeError {
  const p = findProposal(ch, m.state);
  if (p === undefined || p.status !== 'accepted' || p.partySettlePartial === null) {
    return nodeError(
      'unexpected',
      `SettlementSig: no proposal for state ${m.state} awaiting the hub's settlement signature`,
      'channel-protocol:party-settlement-sig-no-proposal',
    );
  }
  if (!partialValid({ ch, p, kind: 'settle', side: 'hub', partialSig: m.partialSig })) {
    return nodeError(
      'forged-signature',
      `SettlementSig.partialSig: not ${ch.hub}'s valid partial signature on St(${m.state})`,
      'channel-protocol:party-settlement-sig-forged',
    );
  }
  p.hubSettlePartial = m.partialSig;
  p.settleSig = aggregatePartials({ ch, p, kind: 'settle', party: p.partySettlePartial, hub: p.hubSettlePartial });
  p.status = 'settled';
  return p;
}

/**
 * Party: its own partial signature on U(n+1) (step 3: for a bundle, or sent to the hub for an update). R-01-10:
 * only with the complete St(n+1) in hand; R-01-12, R-02-05: the nonce store burns the secret nonce as it signs.
 */
export function partySignUpdate(draft: SignerDraft, ch: EltooChannel, p: Proposal): string {
  if (p.settleSig === null) throw new Error(`partySignUpdate: St(${p.state}) is not complete (R-01-10)`);
  p.partyUpdatePartial = sign(draft, ch, p, 'update');
  return p.partyUpdatePartial;
}

/** Hub: its own partial signature on U(n+1). */
export function hubSignUpdate(draft: SignerDraft, ch: EltooChannel, p: Proposal): string {
  p.hubUpdatePartial = sign(draft, ch, p, 'update');
  return p.hubUpdatePartial;
}

/** Either side: both update partials known → U(n+1) complete, the proposal becomes the latest state (R-01-13). */
export function completeState(ch: EltooChannel, p: Proposal): void {
  if (p.partyUpdatePartial === null || p.hubUpdatePartial === null || p.settleSig === null) {
    throw new Error(`completeState: state ${p.state} lacks a signature`);
  }
  p.updateSig = aggregatePartials({ ch, p, kind: 'update', party: p.partyUpdatePartial, hub: p.hubUpdatePartial });
  p.status = 'complete';
  ch.latest = {
    state: p.state,
    partySat: p.partySat,
    hubSat: p.hubSat,
    pending: p.pending,
    updateSig: p.updateSig,
    settleSig: p.settleSig,
  };
  // Cancellation: every open proposal below the new latest state is now worthless.
  supersedeBelow(ch, p.state);
}

/**
 * Hub: a cooperative update's party partial signature; co-sign, complete, answer (purpose `update`). In a
 * cancellation S signed U(n+2) first (03 §1 step 8, `hubOnCancelSettlementSig`): A's partial completes it, and S
 * answers nothing.
 */
export function hubOnUpdateSig(
  draft: SignerDraft,
  ch: EltooChannel,
  m: Bodies['UpdateSig'],
): Send | undefined | NodeError {
  const p = findProposal(ch, m.state);
  if (p === undefined || p.status !== 'settled' || p.purpose !== 'update') {
    return nodeError(
      'unexpected',
      `UpdateSig: no settled cooperative proposal for state ${m.state}`,
      'channel-protocol:hub-update-sig-no-proposal',
    );
  }
  if (!partialValid({ ch, p, kind: 'update', side: 'party', partialSig: m.partialSig })) {
    return nodeError(
      'forged-signature',
      `UpdateSig.partialSig: not ${ch.party}'s valid partial signature on U(${m.state})`,
      'channel-protocol:hub-update-sig-forged',
    );
  }
  p.partyUpdatePartial = m.partialSig;
  const signedFirst = p.hubUpdatePartial !== null;
  if (!signedFirst) hubSignUpdate(draft, ch, p);
  completeState(ch, p);
  if (signedFirst) return undefined;
  return {
    to: ch.party,
    sessionId: p.sessionId,
    body: { kind: 'UpdateSig', state: p.state, partialSig: p.hubUpdatePartial ?? '' },
  };
}

/**
 * Hub, 03 §1 steps 7–8: St(n+2) of a cancellation is complete (`hubOnSettlementSig`); S signs U(n+2) at once and
 * sends its partial signature after its settlement signature. R-03-05: the node's snapshot, which records St(n+2)
 * (S refuses n+1 from then on, R-03-07) and its partial, is written before anything it sends leaves. An ordinary
 * update (01 §2) waits for the party's partial instead. Answers the update partial to send, if any.
 */
export function hubOnCancelSettlement(draft: SignerDraft, ch: EltooChannel, p: Proposal): Send | undefined {
  if (!cancelsOpenState(ch, p)) return undefined;
  return {
    to: ch.party,
    sessionId: p.sessionId,
    body: { kind: 'UpdateSig', state: p.state, partialSig: hubSignUpdate(draft, ch, p) },
  };
}

/**
 * Party: the hub's update partial signature of a cooperative update. In a cancellation the hub signs first (03 §1
 * step 8): with `signer` given, the party then signs its own (step 9) and completes; the caller sends it.
 */
export function partyOnUpdateSig(ch: EltooChannel, m: Bodies['UpdateSig'], signer?: SignerDraft): Proposal | NodeError {
  const p = findProposal(ch, m.state);
  const answers = p !== undefined && p.partyUpdatePartial === null && signer !== undefined && cancelsOpenState(ch, p);
  if (p === undefined || p.status !== 'settled' || (p.partyUpdatePartial === null && !answers)) {
    return nodeError(
      'unexpected',
      `UpdateSig: no proposal for state ${m.state} awaiting the hub's update signature`,
      'channel-protocol:party-update-sig-no-proposal',
    );
  }
  if (!partialValid({ ch, p, kind: 'update', side: 'hub', partialSig: m.partialSig })) {
    return nodeError(
      'forged-signature',
      `UpdateSig.partialSig: not ${ch.hub}'s valid partial signature on U(${m.state})`,
      'channel-protocol:party-update-sig-forged',
    );
  }
  p.hubUpdatePartial = m.partialSig;
  if (answers && signer !== undefined) partySignUpdate(signer, ch, p);
  completeState(ch, p);
  return p;
}
