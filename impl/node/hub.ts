/**
 * S, the hub: A's (and, in scheme 2, B's) eltoo channel partner and the first routing node towards B.
 * Scheme 1: co-signs St(n+1) with A; when B's invoice arrives, performs every check of PROTOCOL.md step 6 before
 * buying (the invoice is B's; the payment point equals s_A's partial-signature point computed from public data
 * only; n+1 is still the latest state; it has not bought n+1 before; the timelocks leave it time), then pays B
 * with a PTLC (split over P1..Pk when configured, same point or decorrelated); the claim reveals s_A, S adds its
 * own partial signature and holds the complete U(n+1) with St(n+1). On A's return it shows the proof.
 * Scheme 2: co-signs St(n+1) with B, and sells its own partial signature on U(n+1) to A through A's PTLC.
 */
import type { NonceStoreSnapshot } from '../crypto/nonce-store.ts';
import { InputError } from '../../util/input-error.ts';
import { unreachable } from '../../util/unreachable.ts';
import { findProposal, type EltooChannel } from './channel.ts';
import {
  completeState,
  hubOnCancelSettlement,
  hubOnPropose,
  hubOnSettlementSig,
  hubOnUpdateSig,
  hubSignUpdate,
} from './channel-protocol.ts';
import { updatePartialSigPoint } from './eltoo-sign.ts';
import { nodeError } from './errors.ts';
import { invoiceSignatureValid } from './invoice.ts';
import type { Bodies, Envelope, InvoiceFields } from './messages.ts';
import {
  freshRand,
  isNodeError,
  nodeKeys,
  type BaseSnapshot,
  type Outcome,
  type Role,
  type Send,
  type StepContext,
} from './node.ts';
import { ownChannelKey } from './keys.ts';
import { blocksNeededToSell, ptlcTimeoutBlocks, rebindMargin, timeoutVariantDelay, type Params } from './params.ts';
import {
  addTweak,
  completeClaim,
  expirePtlcs,
  extractSecret,
  ledgerWith,
  checkOffer,
  offeredEntry,
  pointOfSecret,
  receivedEntry,
  takeAccept,
  scalarAdd,
  signOffer,
  scalarSub,
  addPoints,
  type Ledger,
  type PtlcEntry,
} from './ptlc.ts';
import { sealHop, type HopPayload } from './sealed-payloads.ts';
import type { BroadcastTx } from './eltoo-txs.ts';
import { claimSigOnChain } from './ptlc-txs.ts';
import { heldStates, pendingSweep, updateOnTip, watchChannel } from './onchain.ts';
import { receiptMsg } from './receipt.ts';
import { adapt, preVerify } from '../crypto/adaptor.ts';
import { fromHex, toHex } from './wire.ts';

/** Scheme 1: a signature S is buying or bought. */
type Sale = {
  paymentId: string;
  party: string;
  state: number;
  invoice: InvoiceFields;
  /** X, the sum of B's tweaks (zero for the same-point split): t_0 = s_A + X. */
  totalTweak: string;
  status: 'buying' | 'bought' | 'failed';
  payerPartialSig: string | null;
  /** Receipt variant: B's completed receipt (R-06-09), once bought. */
  receipt: string | null;
};

/** Scheme 2: S's own partial signature sold to A. */
type SoldSignature = { paymentId: string; party: string; state: number; buyer: string };

export type HubSnapshot = BaseSnapshot & {
  role: 'hub';
  params: Params;
  nonces: NonceStoreSnapshot;
  channels: EltooChannel[];
  ledgers: Ledger[];
  ptlcs: PtlcEntry[];
  /** The path after S to each payee: ['P1', 'P2', 'B'] or ['B']. */
  routes: Record<string, string[]>;
  sales: Sale[];
  sold: SoldSignature[];
};

/** S takes no local commands: everything it does is a reaction to a message or a block. */
export type HubCommand = never;

function channelWith(s: HubSnapshot, party: string): EltooChannel | undefined {
  return s.channels.find((c) => c.party === party);
}

function onMessage(draft: HubSnapshot, env: Envelope, ctx: StepContext): Outcome {
  const body = env.body;
  switch (body.kind) {
    case 'ProposeState': {
      const ch = channelWith(draft, env.from);
      if (ch === undefined)
        return nodeError('unexpected', `S has no channel with ${env.from}`, 'hub:propose-no-channel');
      // R-03-10: a cancel that comes after S bought the state it cancels is answered with the state proof.
      const bought = draft.sales.some(
        (s) => s.party === env.from && s.status === 'bought' && s.state === ch.latest.state,
      );
      if (body.purpose === 'update' && bought && body.hubSat < ch.latest.hubSat && body.state === ch.latest.state + 1) {
        const proofs = onPayerReturn(draft, env, { kind: 'PayerReturn', knownState: ch.latest.state - 1 });
        if (isNodeError(proofs)) return proofs;
        return {
          send: proofs.send ?? [],
          notes: [`S already bought state ${ch.latest.state}: it answers ${env.from}'s cancel with the state proof`],
        };
      }
      // R-05-12 (scheme 2): once S sold its partial signature on U(m+1), m+1 is its latest state of that channel: it
      // agrees nothing that would supersede it (B's cancel after the sale would void what A paid for).
      const sold = draft.sold.find((x) => x.party === env.from && x.state > ch.latest.state);
      if (sold !== undefined)
        return nodeError(
          'stale-state',
          `ProposeState: S sold its signature on U(${sold.state}) of ${ch.party}–${ch.hub}; it agrees no state superseding it`,
          'hub:propose-after-sold-update',
        );
      const r = hubOnPropose(
        draft,
        ch,
        env.sessionId,
        body,
        (c) => draft.sales.some((x) => x.party === c.party && x.status === 'buying'),
        rebindMargin(draft.params),
      );
      return isNodeError(r)
        ? r
        : { send: [r], notes: [`S accepts state ${body.state} proposed by ${env.from} (${body.purpose})`] };
    }
    case 'SettlementSig': {
      const ch = channelWith(draft, env.from);
      if (ch === undefined)
        return nodeError('unexpected', `S has no channel with ${env.from}`, 'hub:settlement-sig-no-channel');
      const r = hubOnSettlementSig(draft, ch, body);
      if (isNodeError(r)) return r;
      // 03 §1 steps 7–8: in a cancellation S signs U(n+2) first, right after St(n+2).
      const up = hubOnCancelSettlement(draft, ch, r.proposal);
      return {
        send: up === undefined ? [r.send] : [r.send, up],
        notes: [
          `S checks ${env.from}'s settlement signature and co-signs St(${body.state})${up === undefined ? '' : `; it cancels state ${body.state - 1}: S records it and sends its partial signature on U(${body.state}) first`}`,
        ],
      };
    }
    case 'UpdateSig': {
      const ch = channelWith(draft, env.from);
      if (ch === undefined)
        return nodeError('unexpected', `S has no channel with ${env.from}`, 'hub:update-sig-no-channel');
      const r = hubOnUpdateSig(draft, ch, body);
      if (isNodeError(r)) return r;
      return { send: r === undefined ? [] : [r], notes: [`S and ${env.from} complete state ${body.state}`] };
    }
    case 'Invoice':
      return onInvoice(draft, env, body, ctx);
    case 'PtlcClaim':
      return onClaim(draft, env, body, ctx);
    case 'PtlcAccept':
      return takeAccept(draft.ptlcs, draft.ledgers, env.from, body);
    case 'PtlcOffer':
      return onPayerOffer(draft, env, body, ctx);
    case 'PayerReturn':
      return onPayerReturn(draft, env, body);
    case 'AcceptState':
    case 'MailboxStore':
    case 'MailboxFetch':
    case 'MailboxDeliver':
    case 'StateProof':
    case 'WatchtowerHandoff':
      return nodeError('unexpected', `S does not handle ${body.kind}`, 'hub:unhandled-message');
    default:
      return unreachable(body, 'message');
  }
}

/**
 * Step 6, then step 7. Every check below comes before S locks any money; a refusal leaves S unchanged.
 */
function onInvoice(draft: HubSnapshot, env: Envelope, inv: Bodies['Invoice'], ctx: StepContext): Outcome {
  const payeeKey = draft.directory[inv.payee]?.node;
  // R-02-15: the invoice is signed by its payee, and comes from it.
  if (env.from !== inv.payee || payeeKey === undefined || !invoiceSignatureValid(inv, payeeKey)) {
    return nodeError(
      'forged-signature',
      `Invoice.payeeSig: not signed by ${inv.payee}, or not sent by it`,
      'hub:invoice-payee-sig-forged',
    );
  }
  if (inv.hub !== draft.id)
    return nodeError('unexpected', `Invoice.hub: ${inv.hub}, not ${draft.id}`, 'hub:invoice-other-hub');
  const ch = draft.channels.find((c) =>
    c.proposals.some((p) => p.sessionId === inv.paymentId && p.purpose === 'async'),
  );
  const p = ch === undefined ? undefined : findProposal(ch, inv.state);
  if (ch === undefined || p === undefined || p.sessionId !== inv.paymentId) {
    return nodeError(
      'unexpected',
      `Invoice: S co-signed no payment ${inv.paymentId.slice(0, 8)} at state ${inv.state}`,
      'hub:invoice-no-payment',
    );
  }
  // R-02-18: S buys each state's signature at most once.
  if (
    p.status === 'complete' ||
    draft.sales.some((x) => x.party === ch.party && x.state === inv.state && x.status !== 'failed')
  ) {
    return nodeError(
      'already-bought',
      `Invoice: S already bought (or is buying) the signature for state ${inv.state}`,
      'hub:invoice-already-bought',
    );
  }
  // R-02-17, R-03-06: n+1 must still be the latest state: not superseded by a newer completed state (cancellation).
  if (p.status === 'superseded' || ch.latest.state >= inv.state) {
    return nodeError(
      'stale-state',
      `Invoice: state ${inv.state} is stale; the latest state of ${ch.party}–${ch.hub} is ${ch.latest.state}`,
      'hub:invoice-stale-state',
    );
  }
  // R-03-07: nor once S has co-signed the settlement of a later state.
  const later = ch.proposals.find((x) => x.state > inv.state && x.settleSig !== null);
  if (later !== undefined)
    return nodeError(
      'stale-state',
      `Invoice: S already co-signed St(${later.state}), later than state ${inv.state}`,
      'hub:invoice-later-state-signed',
    );
  if (p.status !== 'settled')
    return nodeError('unexpected', `Invoice: St(${inv.state}) is not co-signed yet`, 'hub:invoice-state-not-cosigned');
  // R-02-16: T must equal the point s_A must have, computed from public data only (BIP-327).
  const expected = updatePartialSigPoint({ ch, p, side: 'party' });
  if (inv.paymentPoint !== expected) {
    return nodeError(
      'bad-point',
      `Invoice.paymentPoint: ${inv.paymentPoint.slice(0, 12)}… is not the partial-signature point ${expected.slice(0, 12)}…`,
      'hub:invoice-bad-point',
    );
  }
  if (inv.amountSat !== p.amountSat)
    return nodeError('unexpected', `Invoice.amountSat: ${inv.amountSat}, A pays ${p.amountSat}`, 'hub:invoice-amount');
  if (inv.channelId !== ch.fundingTxid)
    return nodeError(
      'unexpected',
      `Invoice.channelId: not the ${ch.party}–${ch.hub} channel`,
      'hub:invoice-channel-id',
    );
  // R-06-08: in the receipt variant, the receipt pre-signature must verify under B's key against Y = T + T_S.
  if (inv.receiptPreSig !== null) {
    const Y = addPoints(inv.paymentPoint, updatePartialSigPoint({ ch, p, side: 'hub' }));
    const { kind: _k, payeeSig: _s, receiptPreSig, ...fields } = inv;
    if (
      !preVerify({
        pubKey: fromHex(payeeKey).slice(1),
        msg: receiptMsg(fields),
        adaptorPoint: fromHex(Y),
        preSig: fromHex(receiptPreSig),
      })
    ) {
      return nodeError(
        'forged-signature',
        "Invoice.receiptPreSig: not B's pre-signature of the receipt under T + T_S",
        'hub:invoice-receipt-presig-forged',
      );
    }
  }
  const route = draft.routes[inv.payee];
  if (route === undefined || route.length === 0)
    return nodeError('refused', `S has no route to ${inv.payee}`, 'hub:invoice-no-route');
  const hops = route.length - 1;
  // R-02-19: the timelocks must leave time: every PTLC resolved by the expiry (h + ptlc_timeout_blocks ≤ expiry).
  const needed = blocksNeededToSell(draft.params, hops);
  if (ctx.height + needed > p.expiryHeight) {
    return nodeError(
      'too-late',
      `Invoice: at height ${ctx.height} S needs ${needed} blocks, but the payment expires at ${p.expiryHeight}`,
      'hub:invoice-too-close-to-expiry',
    );
  }
  // R-06-03: in the timeout variant, buy only if S can still finish on chain before A's timeout leaf opens. (With
  // pending_timeout ≥ expiry + D (R-06-02), the expiry check above already implies it; kept as the spec states it.)
  if (p.pending !== null) {
    const d = timeoutVariantDelay({
      csvDelayBlocks: ch.csvDelayBlocks,
      claimMarginBlocks: p.pending.claimMarginBlocks,
      rebindMarginBlocks: rebindMargin(draft.params),
    });
    if (ctx.height + ptlcTimeoutBlocks(draft.params, hops) + d > p.pending.pendingTimeoutHeight) {
      return nodeError(
        'too-late',
        `Invoice: at ${ctx.height} S could not finish on chain before the pending timeout ${p.pending.pendingTimeoutHeight}`,
        'hub:invoice-after-pending-timeout',
      );
    }
  }
  // R-02-21: with an update of this channel on chain (confirmed at h_u), S buys only if its PTLC resolves and
  // U(n+1) can be rebound onto it before that update's settlement may confirm.
  const tip = ctx.chain?.channelTip(ch);
  if (tip?.kind === 'settled')
    return nodeError(
      'stale-state',
      `Invoice: the ${ch.party}–${ch.hub} channel is settled on chain (St(${tip.state}))`,
      'hub:invoice-channel-settled-on-chain',
    );
  if (tip?.kind === 'update') {
    const latestOk =
      ctx.height + ptlcTimeoutBlocks(draft.params, hops) + rebindMargin(draft.params) <= tip.height + ch.csvDelayBlocks;
    if (!latestOk) {
      return nodeError(
        'too-late',
        `Invoice: U(${tip.state}) confirmed at ${tip.height}; S could not rebind U(${inv.state}) before St(${tip.state}) may confirm`,
        'hub:invoice-update-confirmed-no-rebind',
      );
    }
  }
  return offerFirstHop(draft, { inv, party: ch.party, route, height: ctx.height });
}

/** Step 7: the PTLC S → route[0], with sealed per-hop payloads (tweaks, amounts, timeouts). */
function offerFirstHop(
  draft: HubSnapshot,
  o: { inv: Bodies['Invoice']; party: string; route: string[]; height: number },
): Outcome {
  const { inv, route } = o;
  const k = route.length - 1;
  const { hopFeeSat, cltvDeltaBlocks } = draft.params;
  // R-04-01, R-04-02: each hop keeps its fee; timeouts decrease by the delta from S's, the largest.
  const amount = (j: number): number => inv.amountSat + (k - j) * hopFeeSat;
  const timeout = (j: number): number => o.height + (k + 1 - j) * cltvDeltaBlocks;
  if (inv.blinded.length !== 0 && inv.blinded.length !== k) {
    return nodeError(
      'unexpected',
      `Invoice.blinded: ${inv.blinded.length} payloads for ${k} routing nodes`,
      'hub:invoice-blinded-count',
    );
  }
  // R-04-06: same point T on every hop (X = 0); R-04-07: decorrelated, hop 0 locked to L_0 = T + X·G, X from
  // B's invoice. S never learns a single tweak: each travels sealed by B to its routing node (R-04-08).
  const point = addTweak(inv.paymentPoint, inv.tweakSum);
  const total = inv.tweakSum;
  const payloads: HopPayload[] = route.map((node, j) => ({
    kind: 'HopPayload',
    paymentId: inv.paymentId,
    hop: j,
    next: route[j + 1] ?? null,
    forwardAmountSat: amount(Math.min(j + 1, k)),
    forwardTimeoutHeight: timeout(Math.min(j + 1, k)),
    blinded: node === inv.payee ? null : (inv.blinded[j] ?? null),
  }));
  const { secKey } = nodeKeys(draft.seed);
  const onion = payloads.map((payload, i) => {
    const to = route[i] ?? '';
    const key = draft.directory[to]?.mailbox;
    if (key === undefined) throw new InputError('route', `S has no key for ${to}`);
    return sealHop({ senderSecKey: secKey, recipientKeyHex: key, payload, rand: freshRand(draft, 'seal') });
  });
  const first = route[0] ?? '';
  const ledger = ledgerWith(draft.ledgers, first);
  if (ledger === undefined || ledger.localSat < amount(0))
    return nodeError('refused', `S cannot lock ${amount(0)} sat towards ${first}`, 'hub:first-hop-cannot-lock');
  const terms = { paymentId: inv.paymentId, hop: 0, amountSat: amount(0), point, timeoutHeight: timeout(0) };
  const signed = signOffer({ terms, ledger, seed: draft.seed, auxRand: freshRand(draft, 'presign') });
  const { preSig, stateSig } = signed;
  ledger.localSat -= terms.amountSat;
  draft.ptlcs.push(offeredEntry(terms, first, signed));
  const { kind: _kind, ...invoice } = inv;
  draft.sales.push({
    paymentId: inv.paymentId,
    party: o.party,
    state: inv.state,
    invoice,
    totalTweak: total,
    status: 'buying',
    payerPartialSig: null,
    receipt: null,
  });
  return {
    send: [{ to: first, sessionId: inv.paymentId, body: { kind: 'PtlcOffer', ...terms, preSig, stateSig, onion } }],
    notes: [
      `S checks B's invoice (step 6: signature, point = partial-signature point, latest state, not bought, time left) and offers ${first} a PTLC of ${terms.amountSat} sat${inv.blinded.length > 0 ? ' (decorrelated point)' : ''}`,
    ],
  };
}

/** Step 8: the claim reveals ℓ_0; S recovers s_A, adds its own partial signature: U(n+1) complete. */
function onClaim(draft: HubSnapshot, env: Envelope, m: Bodies['PtlcClaim'], ctx: StepContext): Outcome {
  const entry = draft.ptlcs.find(
    (p) => p.paymentId === m.paymentId && p.hop === m.hop && p.direction === 'out' && p.peer === env.from,
  );
  const sale = draft.sales.find((x) => x.paymentId === m.paymentId);
  if (entry === undefined || sale === undefined)
    return nodeError(
      'unexpected',
      `PtlcClaim: S offered no PTLC ${m.paymentId.slice(0, 8)} hop ${m.hop} to ${env.from}`,
      'hub:claim-no-ptlc',
    );
  if (entry.status === 'claimed') return nodeError('replayed', 'PtlcClaim: already claimed', 'hub:claim-replayed');
  if (entry.status === 'timed-out' || ctx.height >= entry.timeoutHeight) {
    return nodeError(
      'too-late',
      `PtlcClaim at height ${ctx.height}: the PTLC timed out at ${entry.timeoutHeight}`,
      'hub:claim-timed-out',
    );
  }
  let secret: string;
  try {
    secret = extractSecret({ entry, sig: m.sig });
  } catch (e) {
    if (e instanceof InputError)
      return nodeError('forged-signature', `PtlcClaim.sig: ${e.message}`, 'hub:claim-sig-forged');
    throw e;
  }
  return learnSecret(draft, { entry, sale, secret, peer: env.from });
}

/**
 * S learns ℓ_0 from B's (or P1's) claim, off chain or read from the chain: s_A = ℓ_0 − X, checked against T; S adds
 * its partial signature and U(n+1), St(n+1) are complete.
 */
function learnSecret(
  draft: HubSnapshot,
  o: { entry: PtlcEntry; sale: HubSnapshot['sales'][number]; secret: string; peer: string },
): Outcome {
  const { entry, sale, secret } = o;
  const ch = channelWith(draft, sale.party);
  const p = ch === undefined ? undefined : findProposal(ch, sale.state);
  if (ch === undefined || p === undefined) throw new Error(`hub: sale ${sale.paymentId} has no proposal`);
  // R-04-11, R-02-23: s_A = t_0 − Σx_i, checked against T before use.
  const sA = scalarSub(secret, sale.totalTweak);
  if (pointOfSecret(sA) !== sale.invoice.paymentPoint)
    throw new Error('hub: the recovered s_A does not have the invoice point');
  entry.status = 'claimed';
  entry.secret = secret;
  const ledger = ledgerWith(draft.ledgers, o.peer);
  if (ledger !== undefined) ledger.remoteSat += entry.amountSat;
  p.partyUpdatePartial = sA;
  hubSignUpdate(draft, ch, p);
  completeState(ch, p);
  sale.status = 'bought';
  sale.payerPartialSig = sA;
  // R-06-09: complete B's receipt with y = s_A + s_S and check it as B's BIP-340 signature.
  if (sale.invoice.receiptPreSig !== null && p.hubUpdatePartial !== null) {
    const { payeeSig: _s, receiptPreSig, ...fields } = sale.invoice;
    sale.receipt = toHex(
      adapt({
        preSig: fromHex(receiptPreSig),
        secret: fromHex(scalarAdd(sA, p.hubUpdatePartial)),
        pubKey: fromHex(draft.directory[sale.invoice.payee]?.node ?? '').slice(1),
        msg: receiptMsg(fields),
      }),
    );
  }
  return {
    notes: [
      `S learns s_A from the claim, adds its partial signature: U(${p.state}) and St(${p.state}) are complete and broadcastable`,
    ],
  };
}

/** Step 9: A is back; S shows what it bought since the state A knows. */
function onPayerReturn(draft: HubSnapshot, env: Envelope, m: Bodies['PayerReturn']): Outcome {
  const ch = channelWith(draft, env.from);
  if (ch === undefined)
    return nodeError('unexpected', `S has no channel with ${env.from}`, 'hub:payer-return-no-channel');
  const send: Send[] = [];
  for (const sale of draft.sales) {
    if (sale.party !== env.from || sale.status !== 'bought' || sale.state <= m.knownState) continue;
    const p = findProposal(ch, sale.state);
    if (p === undefined || p.hubUpdatePartial === null || sale.payerPartialSig === null) continue;
    send.push({
      to: env.from,
      sessionId: sale.paymentId,
      body: {
        kind: 'StateProof',
        state: sale.state,
        invoice: sale.invoice,
        payerPartialSig: sale.payerPartialSig,
        hubPartialSig: p.hubUpdatePartial,
        receipt: sale.receipt,
      },
    });
  }
  return { send, notes: [`S shows ${env.from} ${send.length} state proof(s)`] };
}

/** Scheme 2: A's PTLC locked to S's own partial-signature point on U(n+1) of the B–S channel. */
function onPayerOffer(draft: HubSnapshot, env: Envelope, m: Bodies['PtlcOffer'], ctx: StepContext): Outcome {
  const offerLedger = checkOffer(draft.ledgers, env.from, m);
  if ('kind' in offerLedger) return offerLedger;
  const ch = draft.channels.find((c) => c.proposals.some((p) => p.sessionId === m.paymentId && p.purpose === 'async2'));
  const p = ch?.proposals.find((x) => x.sessionId === m.paymentId);
  if (ch === undefined || p === undefined)
    return nodeError(
      'unexpected',
      `PtlcOffer: no scheme-2 state for ${m.paymentId.slice(0, 8)}`,
      'hub:s2-offer-no-state',
    );
  if (p.hubUpdatePartial !== null || draft.sold.some((x) => x.paymentId === m.paymentId)) {
    return nodeError(
      'already-bought',
      `PtlcOffer: S already sold its signature on U(${p.state})`,
      'hub:s2-offer-already-sold',
    );
  }
  if (p.status === 'superseded' || ch.latest.state >= p.state)
    return nodeError('stale-state', `PtlcOffer: state ${p.state} is stale`, 'hub:s2-offer-stale-state');
  if (p.status !== 'settled')
    return nodeError('unexpected', `PtlcOffer: St(${p.state}) is not co-signed yet`, 'hub:s2-offer-state-not-cosigned');
  if (m.point !== updatePartialSigPoint({ ch, p, side: 'hub' }))
    return nodeError('bad-point', "PtlcOffer.point: not S's partial-signature point", 'hub:s2-offer-bad-point');
  if (m.amountSat !== p.amountSat + p.feeSat)
    return nodeError(
      'unexpected',
      `PtlcOffer.amountSat: ${m.amountSat}, expected ${p.amountSat + p.feeSat}`,
      'hub:s2-offer-amount',
    );
  if (ctx.height >= m.timeoutHeight)
    return nodeError('too-late', `PtlcOffer: timed out at ${m.timeoutHeight}`, 'hub:s2-offer-timed-out');
  const ledger = ledgerWith(draft.ledgers, env.from);
  if (ledger === undefined || ledger.remoteSat < m.amountSat)
    return nodeError('refused', `${env.from} cannot lock ${m.amountSat} sat`, 'hub:s2-offer-cannot-lock');
  const sS = hubSignUpdate(draft, ch, p);
  const entry: PtlcEntry = { ...receivedEntry(m, env.from, ledger), status: 'claimed', secret: sS };
  const sig = completeClaim({ entry, secret: sS, ledger });
  ledger.remoteSat -= m.amountSat;
  ledger.localSat += m.amountSat;
  draft.ptlcs.push(entry);
  draft.sold.push({ paymentId: m.paymentId, party: ch.party, state: p.state, buyer: env.from });
  return {
    send: [
      { to: env.from, sessionId: m.paymentId, body: { kind: 'PtlcClaim', paymentId: m.paymentId, hop: m.hop, sig } },
    ],
    notes: [
      `S checks A's PTLC is locked to its own partial-signature point on U(${p.state}) and claims it, revealing that partial signature`,
    ],
  };
}

export const hubRole: Role<HubSnapshot, HubCommand> = {
  name: 'hub',
  onMessage,
  onCommand(_draft, cmd) {
    return nodeError('refused', `S takes no commands (${JSON.stringify(cmd)})`, 'hub:no-commands');
  },
  onTick(draft, ctx) {
    // A claim of S's PTLC put on chain (its receiver did not reach S): S learns the secret from the chain.
    const notes: string[] = [];
    if (ctx.chain !== undefined) {
      for (const entry of draft.ptlcs) {
        const sale = draft.sales.find((x) => x.paymentId === entry.paymentId);
        const ledger = ledgerWith(draft.ledgers, entry.peer);
        if (entry.direction !== 'out' || entry.status !== 'pending' || sale === undefined || ledger === undefined)
          continue;
        const sig = claimSigOnChain(ctx.chain, ledger, entry);
        if (sig === undefined) continue;
        const learned = learnSecret(draft, { entry, sale, secret: extractSecret({ entry, sig }), peer: entry.peer });
        if (!isNodeError(learned)) notes.push(...(learned.notes ?? []).map((n) => `${n} (read from the chain)`));
      }
    }
    notes.push(...expirePtlcs({ ptlcs: draft.ptlcs, ledgers: draft.ledgers, height: ctx.height }));
    // R-08-10: S checks the chain at every block, for each of its channels.
    const broadcast: BroadcastTx[] = [];
    if (ctx.chain !== undefined) {
      for (const ch of draft.channels) {
        const tip = ctx.chain.channelTip(ch);
        const w = watchChannel(ch, tip, ctx.height);
        broadcast.push(...w.txs);
        if (w.note !== undefined) notes.push(`S: ${w.note}`);
        // R-06-04: S bought a pending state and A has not moved the pending amount to S (n+2) by
        // pending_timeout_height − D: S closes on chain (then settles, then sweeps through the claim leaf).
        const pending = ch.latest.pending;
        if (pending !== null && tip.kind === 'funding' && ch.latest.updateSig !== null) {
          const d = timeoutVariantDelay({
            csvDelayBlocks: ch.csvDelayBlocks,
            claimMarginBlocks: pending.claimMarginBlocks,
            rebindMarginBlocks: rebindMargin(draft.params),
          });
          const latest = heldStates(ch).find((h) => h.state === ch.latest.state);
          if (ctx.height >= pending.pendingTimeoutHeight - d && latest !== undefined) {
            const u = updateOnTip(ch, latest, tip);
            if (u !== undefined) {
              broadcast.push(u);
              notes.push(
                `S: A has not taken state ${ch.latest.state + 1} by ${pending.pendingTimeoutHeight - d}: S closes on chain with U(${ch.latest.state})`,
              );
            }
          }
        }
        const sweep = pendingSweep({
          ch,
          tip,
          isSpent: ctx.chain.isSpent,
          side: 'hub',
          seed: draft.seed,
          secKey: ownChannelKey(draft.seed, ch, 'hub').secKey,
        });
        if (sweep !== undefined) broadcast.push(sweep);
      }
    }
    for (const sale of draft.sales) {
      const e = draft.ptlcs.find((p) => p.paymentId === sale.paymentId && p.direction === 'out');
      if (sale.status === 'buying' && e?.status === 'timed-out') sale.status = 'failed';
    }
    return { notes, broadcast };
  },
};
