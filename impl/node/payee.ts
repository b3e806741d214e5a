/**
 * B, the payee. Scheme 1: comes online, fetches A's sealed bundle from M, checks that s_A is A's valid partial
 * signature on U(n+1) (step 5), and sends S an invoice signed by B for the payment point T = s_A·G; when S's
 * PTLC (or the last hop's) arrives locked to T (+ its tweak), B claims it by revealing s_A (+ tweak) (step 8).
 * Scheme 2: proposes a B–S state paying it amt, co-signs the settlement, pre-signs the update and seals it for A
 * into M; on its return takes the complete update A bought from A.
 */
import { MusigSession, musigNonceAgg } from '../crypto/musig.ts';
import type { NonceStoreSnapshot } from '../crypto/nonce-store.ts';
import { schnorrVerify } from '../crypto/schnorr.ts';
import { InputError } from '../../util/input-error.ts';
import { unreachable } from '../../util/unreachable.ts';
import { findProposal, type EltooChannel } from './channel.ts';
import { partyOnAccept, partyOnSettlementSig, partyPropose, partySignUpdate } from './channel-protocol.ts';
import { aggregateXonly, updateMsg } from './channel-txs.ts';
import { updateEvidence } from './eltoo-sign.ts';
import { type NodeError, nodeError } from './errors.ts';
import { signInvoice } from './invoice.ts';
import type { Bodies, Envelope, InvoiceFields } from './messages.ts';
import {
  freshRand,
  isNodeError,
  mailboxKeys,
  nodeKeys,
  type BaseSnapshot,
  type Outcome,
  type Role,
  type Send,
  type StepContext,
} from './node.ts';
import type { Params } from './params.ts';
import {
  addPoints,
  addTweak,
  completeClaim,
  expirePtlcs,
  pointOfSecret,
  checkOffer,
  receivedEntry,
  acceptBody,
  scalarAdd,
  ZERO32,
  type Ledger,
  type PtlcEntry,
} from './ptlc.ts';
import { openBundle, openHop, sealBlinded, sealBundle, type PayeeBundle } from './sealed-payloads.ts';
import { deriveScalar } from './rng.ts';
import { receiptMsg } from './receipt.ts';
import { preSign } from '../crypto/adaptor.ts';
import { partialSigPointBytes } from '../crypto/partial-sig-point.ts';
import { watchChannel } from './onchain.ts';
import { fromHex, toHex } from './wire.ts';

type Receipt = {
  paymentId: string;
  payer: string;
  hub: string;
  state: number;
  amountSat: number;
  /** s_A: B's to sell; it leaves B only inside a PTLC claim that pays B. */
  secret: string;
  point: string;
  invoice: InvoiceFields;
  /** x_{k+1}, B's own tweak (zero for the same point): B accepts only T + x_{k+1}·G (R-04-14). */
  ownTweak: string;
  status: 'invoiced' | 'paid';
};

export type PayeeSnapshot = BaseSnapshot & {
  role: 'payee';
  params: Params;
  nonces: NonceStoreSnapshot;
  ledgers: Ledger[];
  ptlcs: PtlcEntry[];
  receipts: Receipt[];
  /** Scheme 2: B's eltoo channel with S (null in scheme 1). */
  channel: EltooChannel | null;
  /** Scheme 2: who B's bundles are for, by payment id. */
  requests: { paymentId: string; payer: string }[];
  /** The routing nodes between S and B (B builds the blinded path), and whether to decorrelate their points. */
  route: string[];
  decorrelate: boolean;
  /** Receipt variant: B pre-signs a receipt S can complete only after the sale (R-06-07). */
  receipt: boolean;
};

export type PayeeCommand =
  /** B comes online and asks M for its envelopes. */
  | { kind: 'PayeeFetch' }
  /** Scheme 2: B asks S to co-sign a state paying B `amountSat`, to be bought by `payer`. */
  | { kind: 'PayeeRequest'; payer: string; amountSat: number; feeSat: number; expiryHeight: number };

/**
 * Step 5: M hands B the bundles stored for it. Each item is judged on its own (R-02-09, R-02-10): a bad or
 * replayed item is discarded with a note naming its guard, and the good ones are invoiced, so a deviating A that
 * stores garbage or its bundle twice cannot keep B from invoicing the genuine one. Only a delivery with no good
 * item is refused, with its first item's refusal.
 */
function onDeliver(draft: PayeeSnapshot, m: Bodies['MailboxDeliver'], ctx: StepContext): Outcome {
  const send: Send[] = [];
  const notes: string[] = [];
  let firstRefusal: NodeError | undefined;
  for (const [i, item] of m.items.entries()) {
    const r = invoiceItem(draft, item, i, ctx);
    if (isNodeError(r)) {
      firstRefusal ??= r;
      notes.push(`B discards item ${i}: ${r.detail} (${r.guard})`);
      continue;
    }
    send.push(r.send);
    notes.push(r.note);
  }
  if (send.length === 0 && firstRefusal !== undefined) return firstRefusal;
  return { send, notes };
}

/** One delivered item: checked, then invoiced (R-02-09..12); a refusal leaves the draft as it was. */
function invoiceItem(
  draft: PayeeSnapshot,
  item: Bodies['MailboxDeliver']['items'][number],
  i: number,
  ctx: StepContext,
): NodeError | { send: Send; note: string } {
  const { secKey } = nodeKeys(draft.seed);
  const senderKey = draft.directory[item.sender]?.node;
  if (senderKey === undefined)
    return nodeError(
      'forged-signature',
      `MailboxDeliver.items.${i}.sender: unknown ${item.sender}`,
      'payee:deliver-unknown-sender',
    );
  let bundle;
  try {
    bundle = openBundle({
      recipientSecKey: mailboxKeys(draft.seed).secKey,
      sealedHex: item.sealed,
      expectedSenderKeyHex: senderKey,
    });
  } catch (e) {
    if (e instanceof InputError)
      return nodeError('forged-signature', `MailboxDeliver.items.${i}: ${e.message}`, 'payee:deliver-unseal-failed');
    throw e;
  }
  if (bundle.kind !== 'PayerBundle')
    return nodeError(
      'unexpected',
      `MailboxDeliver.items.${i}: B expects a PayerBundle`,
      'payee:deliver-not-payer-bundle',
    );
  if (bundle.payer !== item.sender)
    return nodeError(
      'forged-signature',
      `bundle.payer: ${bundle.payer}, but sealed by ${item.sender}`,
      'payee:bundle-payer-not-sealer',
    );
  // R-02-12: B invoices the hub the bundle names; one with no key in B's directory could never offer it the PTLC.
  if (draft.directory[bundle.hub]?.node === undefined)
    return nodeError('unexpected', `bundle.hub: unknown ${bundle.hub}`, 'payee:bundle-unknown-hub');
  if (draft.receipts.some((r) => r.paymentId === bundle.paymentId))
    return nodeError(
      'replayed',
      `bundle ${bundle.paymentId.slice(0, 8)} already invoiced`,
      'payee:bundle-already-invoiced',
    );
  // Step 5 (R-02-10): s_A must be A's valid partial signature on the bundle's U(n+1) message (BIP-327 PartialSigVerify).
  const pubNonces = bundle.pubNonces.map((n) => fromHex(n));
  const session = new MusigSession({
    aggNonce: musigNonceAgg(pubNonces),
    publicKeys: bundle.publicKeys.map((k) => fromHex(k)),
    msg: fromHex(bundle.msg),
  });
  const payerKey = bundle.publicKeys[bundle.signerIndex];
  const partialOk = session.partialVerify({
    partialSig: fromHex(bundle.partialSig),
    pubNonces,
    signerIndex: bundle.signerIndex,
  });
  if (!partialOk)
    return nodeError(
      'forged-signature',
      `bundle.partialSig: not a valid partial signature of key ${payerKey?.slice(0, 12)}…`,
      'payee:bundle-partial-sig-forged',
    );
  // R-02-11: no invoice at or after the expiry.
  if (ctx.height >= bundle.expiryHeight)
    return nodeError('too-late', `bundle expired at ${bundle.expiryHeight}`, 'payee:bundle-expired');
  const point = pointOfSecret(bundle.partialSig);
  // R-04-14: fresh tweaks x_1..x_{k+1}, x_i sealed to P_i only; X = Σ x_i in the invoice.
  const tweaks = draft.decorrelate
    ? [...draft.route, draft.id].map((n) => toHex(deriveScalar(draft.seed, `tweak/${bundle.paymentId}/${n}`)))
    : [];
  const blinded = draft.decorrelate
    ? draft.route.map((router, i) =>
        sealBlinded({
          senderSecKey: secKey,
          recipientKeyHex: draft.directory[router]?.mailbox ?? '',
          payload: { kind: 'BlindedPayload', paymentId: bundle.paymentId, tweak: tweaks[i] ?? ZERO32 },
          rand: freshRand(draft, 'seal'),
        }),
      )
    : [];
  const tweakSum = tweaks.reduce(scalarAdd, ZERO32);
  const fields = {
    paymentId: bundle.paymentId,
    payee: draft.id,
    hub: bundle.hub,
    state: bundle.state,
    amountSat: bundle.amountSat,
    paymentPoint: point,
    expiryHeight: bundle.expiryHeight,
    tweakSum,
    blinded,
    channelId: bundle.channelId,
  };
  // R-06-07: the receipt pre-signature, encrypted to Y = T + T_S (T_S from the bundle's public data).
  let receiptPreSig: string | null = null;
  if (draft.receipt) {
    const hubIndex = bundle.signerIndex === 0 ? 1 : 0;
    const pubNoncesB = bundle.pubNonces.map((n) => fromHex(n));
    const tS = toHex(
      partialSigPointBytes({
        pubNonce: pubNoncesB[hubIndex] ?? new Uint8Array(),
        aggNonce: musigNonceAgg(pubNoncesB),
        publicKeys: bundle.publicKeys.map((k) => fromHex(k)),
        signerPubKey: fromHex(bundle.publicKeys[hubIndex]),
        msg: fromHex(bundle.msg),
      }),
    );
    receiptPreSig = toHex(
      preSign({
        secKey,
        msg: receiptMsg(fields),
        adaptorPoint: fromHex(addPoints(point, tS)),
        auxRand: freshRand(draft, 'receipt'),
      }),
    );
  }
  const invoice = signInvoice({ ...fields, receiptPreSig }, { secKey, auxRand: freshRand(draft, 'invoice') });
  const ownTweak = tweaks[tweaks.length - 1] ?? ZERO32;
  draft.receipts.push({
    paymentId: bundle.paymentId,
    payer: bundle.payer,
    hub: bundle.hub,
    state: bundle.state,
    amountSat: bundle.amountSat,
    secret: bundle.partialSig,
    point,
    invoice,
    ownTweak,
    status: 'invoiced',
  });
  return {
    send: { to: bundle.hub, sessionId: bundle.paymentId, body: { kind: 'Invoice', ...invoice } },
    note: `B opens A's bundle, checks s_A, and invoices ${bundle.hub} for ${bundle.amountSat} sat at T = s_A·G`,
  };
}

function onOffer(draft: PayeeSnapshot, env: Envelope, m: Bodies['PtlcOffer'], ctx: StepContext): Outcome {
  const ledger = checkOffer(draft.ledgers, env.from, m);
  if ('kind' in ledger) return ledger;
  const r = draft.receipts.find((x) => x.paymentId === m.paymentId);
  if (r === undefined)
    return nodeError(
      'unexpected',
      `PtlcOffer: B issued no invoice ${m.paymentId.slice(0, 8)}`,
      'payee:offer-no-invoice',
    );
  if (r.status === 'paid') return nodeError('replayed', 'PtlcOffer: already paid', 'payee:offer-already-paid');
  const [mine] = m.onion;
  // r.hub has a key: B invoices only a hub of its directory (payee:bundle-unknown-hub), which never changes.
  const hubKey = draft.directory[r.hub]?.node;
  if (mine === undefined || hubKey === undefined)
    return nodeError('malformed', 'PtlcOffer.onion: no payload for B', 'payee:offer-onion-missing');
  let payload;
  try {
    payload = openHop({
      recipientSecKey: mailboxKeys(draft.seed).secKey,
      sealedHex: mine,
      expectedSenderKeyHex: hubKey,
      paymentId: m.paymentId,
    });
  } catch (e) {
    if (e instanceof InputError)
      return nodeError('forged-signature', `PtlcOffer.onion.0: ${e.message}`, 'payee:offer-onion-unreadable');
    throw e;
  }
  if (payload.paymentId !== m.paymentId || payload.next !== null)
    return nodeError('unexpected', "PtlcOffer.onion.0: not B's payload for this payment", 'payee:offer-onion-not-ours');
  // R-02-13: B gives up s_A (+ its tweak) only for a PTLC that pays at least the invoice, locked to the point it expects.
  if (m.point !== addTweak(r.point, r.ownTweak))
    return nodeError(
      'bad-point',
      "PtlcOffer.point: not T + x·G for B's invoice and own tweak",
      'payee:offer-bad-point',
    );
  if (m.amountSat < r.amountSat)
    return nodeError(
      'unexpected',
      `PtlcOffer.amountSat: ${m.amountSat} < invoice ${r.amountSat}`,
      'payee:offer-amount-short',
    );
  if (ctx.height >= m.timeoutHeight)
    return nodeError('too-late', `PtlcOffer: timed out at ${m.timeoutHeight}`, 'payee:offer-timed-out');
  const secret = scalarAdd(r.secret, r.ownTweak);
  const entry: PtlcEntry = { ...receivedEntry(m, env.from, ledger), status: 'claimed', secret };
  const sig = completeClaim({ entry, secret, ledger });
  if (ledger.remoteSat < m.amountSat)
    return nodeError('refused', `${env.from} cannot lock ${m.amountSat} sat`, 'payee:offer-cannot-lock');
  ledger.remoteSat -= m.amountSat;
  ledger.localSat += m.amountSat;
  draft.ptlcs.push(entry);
  r.status = 'paid';
  return {
    send: [
      { to: env.from, sessionId: m.paymentId, body: acceptBody(draft.seed, ledger, entry) },
      { to: env.from, sessionId: m.paymentId, body: { kind: 'PtlcClaim', paymentId: m.paymentId, hop: m.hop, sig } },
    ],
    notes: [`B claims ${m.amountSat} sat from ${env.from}, revealing the secret`],
  };
}

function onMessage(draft: PayeeSnapshot, env: Envelope, ctx: StepContext): Outcome {
  const body = env.body;
  switch (body.kind) {
    case 'MailboxDeliver':
      return onDeliver(draft, body, ctx);
    case 'PtlcOffer':
      return onOffer(draft, env, body, ctx);
    case 'AcceptState': {
      const ch = draft.channel;
      if (ch === null || env.from !== ch.hub)
        return nodeError('unexpected', `AcceptState from ${env.from}`, 'payee:accept-state-unexpected');
      const r = partyOnAccept(draft, ch, env.sessionId, body);
      return isNodeError(r) ? r : { send: [r] };
    }
    case 'SettlementSig': {
      const ch = draft.channel;
      if (ch === null || env.from !== ch.hub)
        return nodeError('unexpected', `SettlementSig from ${env.from}`, 'payee:settlement-sig-from-stranger');
      const p = partyOnSettlementSig(ch, body);
      if (isNodeError(p)) return p;
      const req = draft.requests.find((x) => x.paymentId === p.sessionId);
      // The request's payer has a mailbox key (payee:request-unknown-payer) and the directory never changes.
      const payerKey = req === undefined ? undefined : draft.directory[req.payer]?.mailbox;
      if (req === undefined || payerKey === undefined || p.settleSig === null)
        return nodeError('unexpected', 'SettlementSig: no scheme-2 request', 'payee:settlement-sig-no-request');
      const partial = partySignUpdate(draft, ch, p);
      const bundle: PayeeBundle = {
        kind: 'PayeeBundle',
        paymentId: p.sessionId,
        payee: draft.id,
        ...updateEvidence(ch, p, partial),
        settleSig: p.settleSig,
        fundingTxid: ch.fundingTxid,
        fundingVout: ch.fundingVout,
        capacitySat: ch.capacitySat,
        csvDelayBlocks: ch.csvDelayBlocks,
        partySat: p.partySat,
        hubSat: p.hubSat,
      };
      const sealed = sealBundle({
        senderSecKey: nodeKeys(draft.seed).secKey,
        recipientKeyHex: payerKey,
        bundle,
        rand: freshRand(draft, 'seal'),
      });
      return {
        send: [{ to: 'M', sessionId: p.sessionId, body: { kind: 'MailboxStore', recipient: req.payer, sealed } }],
        notes: [
          `B pre-signs U(${p.state}) of its channel with ${ch.hub} and seals it for ${req.payer} into M; B may go offline`,
        ],
      };
    }
    case 'WatchtowerHandoff': {
      const ch = draft.channel;
      const p = ch === null ? undefined : findProposal(ch, body.state);
      if (ch === null || p === undefined || p.sessionId !== body.paymentId)
        return nodeError('unexpected', 'WatchtowerHandoff: no such state', 'payee:handoff-no-state');
      if (p.status === 'complete')
        return nodeError('replayed', 'WatchtowerHandoff: already complete', 'payee:handoff-replayed');
      if (
        !schnorrVerify({
          pubKey: aggregateXonly(ch, 'update'),
          msg: updateMsg(ch, p.state),
          sig: fromHex(body.updateSig),
        })
      ) {
        return nodeError(
          'forged-signature',
          `WatchtowerHandoff.updateSig: not a valid signature of U(${p.state})`,
          'payee:handoff-update-sig-forged',
        );
      }
      // The complete signature minus B's own partial is S's partial (BIP-327: s = s_B + s_S, no tweak here).
      p.updateSig = body.updateSig;
      p.status = 'complete';
      ch.latest = {
        state: p.state,
        partySat: p.partySat,
        hubSat: p.hubSat,
        pending: p.pending,
        updateSig: body.updateSig,
        settleSig: p.settleSig,
      };
      return {
        notes: [
          `B checks the complete U(${p.state}) from ${env.from}: B's channel with ${ch.hub} is at state ${p.state}`,
        ],
      };
    }
    case 'ProposeState':
    case 'UpdateSig':
    case 'MailboxStore':
    case 'MailboxFetch':
    case 'Invoice':
    case 'PtlcClaim':
    case 'PtlcAccept':
    case 'PayerReturn':
    case 'StateProof':
      return nodeError('unexpected', `B does not handle ${body.kind}`, 'payee:unhandled-message');
    default:
      return unreachable(body, 'message');
  }
}

export const payeeRole: Role<PayeeSnapshot, PayeeCommand> = {
  name: 'payee',
  onMessage,
  onCommand(draft, cmd, ctx) {
    switch (cmd.kind) {
      case 'PayeeFetch':
        return {
          send: [{ to: 'M', sessionId: ZERO32, body: { kind: 'MailboxFetch' } }],
          notes: ['B comes online and asks M for its envelopes'],
        };
      case 'PayeeRequest': {
        const ch = draft.channel;
        if (ch === null) return nodeError('refused', 'B has no eltoo channel with S', 'payee:request-no-channel');
        // R-05-02: B seals the bundle to the payer's mailbox key; asked for a payer it has none of, it refuses now,
        // before it agrees a state with S that it could never hand on.
        if (draft.directory[cmd.payer]?.mailbox === undefined)
          return nodeError('refused', `no mailbox key of payer ${cmd.payer}`, 'payee:request-unknown-payer');
        if (cmd.expiryHeight <= ctx.height)
          return nodeError(
            'refused',
            `expiry ${cmd.expiryHeight} is not after height ${ctx.height}`,
            'payee:request-expiry-passed',
          );
        if (ch.latest.hubSat < cmd.amountSat)
          return nodeError(
            'refused',
            `S's side ${ch.latest.hubSat} cannot pay ${cmd.amountSat}`,
            'payee:request-hub-cannot-pay',
          );
        const sessionId = toHex(freshRand(draft, 'payment-id'));
        const { send, proposal } = partyPropose(draft, ch, {
          purpose: 'async2',
          partySat: ch.latest.partySat + cmd.amountSat,
          hubSat: ch.latest.hubSat - cmd.amountSat,
          amountSat: cmd.amountSat,
          feeSat: cmd.feeSat,
          expiryHeight: cmd.expiryHeight,
          sessionId,
        });
        draft.requests.push({ paymentId: sessionId, payer: cmd.payer });
        return {
          send: [send],
          notes: [
            `B proposes state ${proposal.state} of its channel with ${ch.hub}, raising its balance by ${cmd.amountSat}`,
          ],
        };
      }
      default:
        return unreachable(cmd, 'payee command');
    }
  },
  onTick(draft, ctx) {
    const notes = expirePtlcs({ ptlcs: draft.ptlcs, ledgers: draft.ledgers, height: ctx.height });
    // Scheme 2: B watches its eltoo channel with S whenever it is online (R-08-08, R-08-09).
    if (ctx.chain === undefined || draft.channel === null) return { notes };
    const w = watchChannel(draft.channel, ctx.chain.channelTip(draft.channel), ctx.height);
    if (w.note !== undefined) notes.push(`B: ${w.note}`);
    return { notes, broadcast: w.txs };
  },
};
