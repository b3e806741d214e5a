/**
 * A, the payer. Scheme 1: proposes state n+1 to S, co-signs St(n+1), pre-signs U(n+1) and seals the bundle for
 * B into M, goes offline; on return, checks S's state proof (B's invoice, s_A, S's partial signature) and moves
 * to state n+1. Cancellation: while S has not bought, A and S may complete a newer state. Scheme 2: fetches B's
 * bundle from M, buys S's partial signature with a PTLC locked to S's partial-signature point, and keeps the
 * complete B–S update as B's watchtower.
 */
import { musigNonceAgg, MusigSession } from '../crypto/musig.ts';
import { partialSigPointBytes } from '../crypto/partial-sig-point.ts';
import type { NonceStoreSnapshot } from '../crypto/nonce-store.ts';
import { InputError } from '../../util/input-error.ts';
import { unreachable } from '../../util/unreachable.ts';
import { cancelsOpenState, findProposal, type EltooChannel } from './channel.ts';
import {
  completeState,
  partyOnAccept,
  partyOnSettlementSig,
  partyOnUpdateSig,
  partyPropose,
  partySignUpdate,
} from './channel-protocol.ts';
import { aggregateXonly, settleMsg, updateMsg } from './channel-txs.ts';
import { schnorrVerify } from '../crypto/schnorr.ts';
import type { BroadcastTx } from './eltoo-txs.ts';
import { partialValid, updateEvidence } from './eltoo-sign.ts';
import { nodeError, type NodeError } from './errors.ts';
import { invoiceSignatureValid } from './invoice.ts';
import type { Envelope, InvoiceFields } from './messages.ts';
import {
  freshRand,
  isNodeError,
  mailboxKeys,
  nodeKeys,
  type BaseSnapshot,
  type Outcome,
  type Send,
  type Role,
  type StepContext,
} from './node.ts';
import { ownChannelKey } from './keys.ts';
import { rebindMargin, type Params } from './params.ts';
import {
  expirePtlcs,
  extractSecret,
  ledgerWith,
  offeredEntry,
  takeAccept,
  signOffer,
  ZERO32,
  type Ledger,
  type PtlcEntry,
} from './ptlc.ts';
import { pendingSweep, watchChannel } from './onchain.ts';
import { claimSigOnChain } from './ptlc-txs.ts';
import { receiptMsg } from './receipt.ts';
import { openBundle, sealBundle, type PayeeBundle, type PayerBundle } from './sealed-payloads.ts';
import { fromHex, toHex } from './wire.ts';

type Payment = {
  paymentId: string;
  payee: string;
  state: number;
  amountSat: number;
  feeSat: number;
  expiryHeight: number;
  status: 'proposing' | 'sent' | 'completed' | 'cancelled';
  /** B's invoice, once S has shown it (step 9). */
  invoice: InvoiceFields | null;
  /** Receipt variant: B's completed receipt signature, A's proof that B was paid (R-06-10). */
  receipt: string | null;
};

/** Scheme 2: a B–S update A buys and then watches for B. */
type Watch = {
  paymentId: string;
  bundle: PayeeBundle;
  /** The point of S's partial signature A locked its PTLC to. */
  point: string;
  status: 'buying' | 'holding' | 'handed-off';
  hubPartialSig: string | null;
  updateSig: string | null;
  /** A's view of the B–S channel, rebuilt from the bundle; its latest state is complete once A bought s_S. */
  channel: EltooChannel;
};

export type PayerSnapshot = BaseSnapshot & {
  role: 'payer';
  params: Params;
  nonces: NonceStoreSnapshot;
  channel: EltooChannel;
  payments: Payment[];
  ledgers: Ledger[];
  ptlcs: PtlcEntry[];
  watches: Watch[];
};

export type PayerCommand =
  /** Scheme 1 steps 1–4: pay `payee` asynchronously through S. */
  | {
      kind: 'PayerPay';
      payee: string;
      amountSat: number;
      feeSat: number;
      expiryHeight: number;
      /** Timeout variant (spec 06 §1): St(n+1) pays amt + fee to a pending output A can take back from this height. */
      timeout?: { pendingTimeoutHeight: number; claimMarginBlocks: number };
    }
  /** Cancellation: propose a newer state with the latest balances, superseding the open payment. */
  | { kind: 'PayerCancel' }
  /** An ordinary cooperative update: A moves `giveSat` of its balance to S. */
  | { kind: 'PayerUpdate'; giveSat: number }
  /** Step 9: A is back; ask S for what it bought. */
  | { kind: 'PayerReturn' }
  /** Scheme 2: fetch B's bundle from M (and buy S's signature). */
  | { kind: 'PayerFetch' }
  /** Scheme 2: hand B the complete update A holds for it. */
  | { kind: 'PayerHandoff'; paymentId: string };

function openPayment(s: PayerSnapshot): Payment | undefined {
  return s.payments.find((p) => p.status === 'proposing' || p.status === 'sent');
}

function onCommand(draft: PayerSnapshot, cmd: PayerCommand, ctx: StepContext): Outcome {
  const ch = draft.channel;
  switch (cmd.kind) {
    case 'PayerPay': {
      if (openPayment(draft) !== undefined)
        return nodeError('refused', 'A already has an open payment', 'payer:pay-already-open');
      // R-02-03, R-02-04: A seals s_A to the payee's mailbox key and checks its invoice with its node key; asked to
      // pay a payee it has no keys of, it refuses now, before it agrees a state with S it could never hand on.
      if (draft.directory[cmd.payee] === undefined)
        return nodeError('refused', `A has no keys of payee ${cmd.payee}`, 'payer:pay-unknown-payee');
      const partySat = ch.latest.partySat - cmd.amountSat - cmd.feeSat;
      if (partySat < 0)
        return nodeError(
          'refused',
          `A's balance ${ch.latest.partySat} cannot pay ${cmd.amountSat} + ${cmd.feeSat}`,
          'payer:pay-balance-short',
        );
      if (cmd.expiryHeight <= ctx.height)
        return nodeError(
          'refused',
          `expiry ${cmd.expiryHeight} is not after height ${ctx.height}`,
          'payer:pay-expiry-passed',
        );
      const sessionId = toHex(freshRand(draft, 'payment-id'));
      // R-06-01: in the timeout variant amt + fee go to the pending output, not to S.
      const pending = cmd.timeout === undefined ? null : { pendingSat: cmd.amountSat + cmd.feeSat, ...cmd.timeout };
      const { send, proposal } = partyPropose(draft, ch, {
        purpose: 'async',
        partySat,
        hubSat: ch.latest.hubSat + (pending === null ? cmd.amountSat + cmd.feeSat : 0),
        amountSat: cmd.amountSat,
        feeSat: cmd.feeSat,
        expiryHeight: cmd.expiryHeight,
        sessionId,
        pending,
      });
      draft.payments.push({
        paymentId: sessionId,
        payee: cmd.payee,
        state: proposal.state,
        amountSat: cmd.amountSat,
        feeSat: cmd.feeSat,
        expiryHeight: cmd.expiryHeight,
        status: 'proposing',
        invoice: null,
        receipt: null,
      });
      return {
        send: [send],
        notes: [`A proposes state ${proposal.state} to pay ${cmd.amountSat} sat to ${cmd.payee} (fee ${cmd.feeSat})`],
      };
    }
    case 'PayerCancel': {
      const sessionId = toHex(freshRand(draft, 'update-id'));
      const { send, proposal } = partyPropose(draft, ch, {
        purpose: 'update',
        partySat: ch.latest.partySat,
        hubSat: ch.latest.hubSat,
        amountSat: 0,
        feeSat: 0,
        expiryHeight: ctx.height,
        sessionId,
      });
      return {
        send: [send],
        notes: [`A proposes state ${proposal.state} with the balances of state ${ch.latest.state} (cancellation)`],
      };
    }
    case 'PayerUpdate': {
      if (cmd.giveSat > ch.latest.partySat)
        return nodeError(
          'refused',
          `A's balance ${ch.latest.partySat} cannot give ${cmd.giveSat}`,
          'payer:give-balance-short',
        );
      const sessionId = toHex(freshRand(draft, 'update-id'));
      const { send, proposal } = partyPropose(draft, ch, {
        purpose: 'update',
        partySat: ch.latest.partySat - cmd.giveSat,
        hubSat: ch.latest.hubSat + cmd.giveSat,
        amountSat: cmd.giveSat,
        feeSat: 0,
        expiryHeight: ctx.height,
        sessionId,
      });
      return { send: [send], notes: [`A proposes state ${proposal.state}, giving S ${cmd.giveSat} sat`] };
    }
    case 'PayerReturn':
      return {
        send: [{ to: ch.hub, sessionId: ZERO32, body: { kind: 'PayerReturn', knownState: ch.latest.state } }],
        notes: [`A is back and tells S it knows state ${ch.latest.state}`],
      };
    case 'PayerFetch':
      return { send: [{ to: 'M', sessionId: ZERO32, body: { kind: 'MailboxFetch' } }] };
    case 'PayerHandoff': {
      const w = draft.watches.find((x) => x.paymentId === cmd.paymentId);
      if (w === undefined || w.status !== 'holding' || w.updateSig === null)
        return nodeError('refused', 'A holds no complete update for this payment', 'payer:refund-no-update');
      w.status = 'handed-off';
      return {
        send: [
          {
            to: w.bundle.payee,
            sessionId: w.paymentId,
            body: { kind: 'WatchtowerHandoff', paymentId: w.paymentId, state: w.bundle.state, updateSig: w.updateSig },
          },
        ],
        notes: [`A hands ${w.bundle.payee} the complete U(${w.bundle.state}) of its channel with ${w.bundle.hub}`],
      };
    }
    default:
      return unreachable(cmd, 'payer command');
  }
}

function onMessage(draft: PayerSnapshot, env: Envelope, ctx: StepContext): Outcome {
  const ch = draft.channel;
  const body = env.body;
  switch (body.kind) {
    case 'AcceptState': {
      if (env.from !== ch.hub)
        return nodeError(
          'unexpected',
          `AcceptState from ${env.from}, not ${ch.hub}`,
          'payer:accept-state-from-stranger',
        );
      const r = partyOnAccept(draft, ch, env.sessionId, body);
      return isNodeError(r) ? r : { send: [r], notes: [`A signs St(${body.state}) first (step 2)`] };
    }
    case 'SettlementSig': {
      if (env.from !== ch.hub)
        return nodeError(
          'unexpected',
          `SettlementSig from ${env.from}, not ${ch.hub}`,
          'payer:settlement-sig-from-stranger',
        );
      const p = partyOnSettlementSig(ch, body);
      if (isNodeError(p)) return p;
      // 03 §1 steps 8–9: a cancellation's U(n+2) is signed by S first; A answers S's partial with its own.
      if (cancelsOpenState(ch, p))
        return {
          notes: [`A holds St(${p.state}); it waits for S's partial signature on U(${p.state}) (cancellation)`],
        };
      const partial = partySignUpdate(draft, ch, p);
      if (p.purpose === 'update') {
        return {
          send: [
            { to: ch.hub, sessionId: p.sessionId, body: { kind: 'UpdateSig', state: p.state, partialSig: partial } },
          ],
        };
      }
      const payment = draft.payments.find((x) => x.paymentId === p.sessionId);
      if (payment === undefined)
        return nodeError(
          'unexpected',
          `SettlementSig: no payment for session ${p.sessionId.slice(0, 8)}`,
          'payer:settlement-sig-no-payment',
        );
      // Steps 3–4 (R-02-03, R-02-04): s_A goes to B, sealed, through M; never to S.
      const bundle: PayerBundle = {
        kind: 'PayerBundle',
        paymentId: payment.paymentId,
        payer: draft.id,
        ...updateEvidence(ch, p, partial),
        channelId: ch.fundingTxid,
      };
      // The payee has a directory entry (payer:pay-unknown-payee) and the directory never changes.
      const payeeKey = draft.directory[payment.payee]?.mailbox;
      if (payeeKey === undefined)
        return nodeError('refused', `A has no key for ${payment.payee}`, 'payer:no-payee-key');
      const sealed = sealBundle({
        senderSecKey: nodeKeys(draft.seed).secKey,
        recipientKeyHex: payeeKey,
        bundle,
        rand: freshRand(draft, 'seal'),
      });
      payment.status = 'sent';
      return {
        send: [
          { to: 'M', sessionId: payment.paymentId, body: { kind: 'MailboxStore', recipient: payment.payee, sealed } },
        ],
        notes: [`A pre-signs U(${p.state}) (s_A) and seals it for ${payment.payee} into M; A may go offline`],
      };
    }
    case 'UpdateSig': {
      if (env.from !== ch.hub)
        return nodeError('unexpected', `UpdateSig from ${env.from}, not ${ch.hub}`, 'payer:update-sig-from-stranger');
      // 03 §1 step 9: S signed the cancellation's U(n+2) first; A signs its own, completes and sends it.
      const answers = findProposal(ch, body.state)?.partyUpdatePartial === null;
      const p = partyOnUpdateSig(ch, body, draft);
      if (isNodeError(p)) return p;
      const cancelled = draft.payments.filter((x) => x.status !== 'completed' && x.state < p.state);
      for (const x of cancelled) x.status = 'cancelled';
      return {
        send:
          answers && p.partyUpdatePartial !== null
            ? [
                {
                  to: ch.hub,
                  sessionId: p.sessionId,
                  body: { kind: 'UpdateSig', state: p.state, partialSig: p.partyUpdatePartial },
                },
              ]
            : [],
        notes: [
          `A and S completed state ${p.state}${cancelled.length > 0 ? `; payment at state ${cancelled.map((c) => c.state).join(', ')} cancelled` : ''}`,
        ],
      };
    }
    case 'StateProof':
      return onStateProof(draft, env, body);
    case 'MailboxDeliver':
      return onPayeeBundles(draft, body, ctx);
    case 'PtlcClaim':
      return onHubClaim(draft, env, body, ctx);
    case 'PtlcAccept':
      return takeAccept(draft.ptlcs, draft.ledgers, env.from, body);
    case 'ProposeState':
    case 'MailboxStore':
    case 'MailboxFetch':
    case 'Invoice':
    case 'PtlcOffer':
    case 'PayerReturn':
    case 'WatchtowerHandoff':
      return nodeError('unexpected', `A does not handle ${body.kind}`, 'payer:unhandled-message');
    default:
      return unreachable(body, 'message');
  }
}

/** Step 9 (R-02-07): S shows the invoice, s_A and its own partial signature; A checks all three and completes U(n+1). */
function onStateProof(
  draft: PayerSnapshot,
  env: Envelope,
  m: Extract<Envelope['body'], { kind: 'StateProof' }>,
): Outcome {
  const ch = draft.channel;
  if (env.from !== ch.hub)
    return nodeError('unexpected', `StateProof from ${env.from}, not ${ch.hub}`, 'payer:proof-from-stranger');
  const payment = draft.payments.find((x) => x.paymentId === m.invoice.paymentId && x.state === m.state);
  if (payment === undefined)
    return nodeError(
      'unexpected',
      `StateProof: A made no payment ${m.invoice.paymentId.slice(0, 8)} at state ${m.state}`,
      'payer:proof-no-payment',
    );
  if (payment.status === 'completed')
    return nodeError('replayed', `StateProof: payment at state ${m.state} already completed`, 'payer:proof-replayed');
  // With the payee A paid (payer:pay-unknown-payee: it has a directory entry), the key is found.
  const payeeKey = draft.directory[m.invoice.payee]?.node;
  if (m.invoice.payee !== payment.payee || payeeKey === undefined || !invoiceSignatureValid(m.invoice, payeeKey)) {
    return nodeError(
      'forged-signature',
      `StateProof.invoice.payeeSig: not signed by ${payment.payee}`,
      'payer:proof-invoice-sig-forged',
    );
  }
  const p = findProposal(ch, m.state);
  if (p === undefined || p.partyUpdatePartial === null)
    return nodeError('unexpected', `StateProof: no pre-signed state ${m.state}`, 'payer:proof-no-presigned-state');
  if (m.payerPartialSig !== p.partyUpdatePartial)
    return nodeError(
      'forged-signature',
      'StateProof.payerPartialSig: not the s_A A made',
      'payer:proof-payer-sig-not-ours',
    );
  if (!partialValid({ ch, p, kind: 'update', side: 'hub', partialSig: m.hubPartialSig })) {
    return nodeError(
      'forged-signature',
      `StateProof.hubPartialSig: not ${ch.hub}'s valid partial signature on U(${m.state})`,
      'payer:proof-hub-sig-forged',
    );
  }
  if (p.status === 'superseded')
    return nodeError('stale-state', `StateProof: state ${m.state} was superseded`, 'payer:proof-superseded');
  // R-06-10: a receipt counts only if it is B's BIP-340 signature over the receipt message of this invoice.
  if (m.invoice.receiptPreSig !== null) {
    const { payeeSig: _s, receiptPreSig: _r, ...fields } = m.invoice;
    if (
      m.receipt === null ||
      !schnorrVerify({ pubKey: fromHex(payeeKey).slice(1), msg: receiptMsg(fields), sig: fromHex(m.receipt) })
    ) {
      return nodeError(
        'forged-signature',
        `StateProof.receipt: not ${payment.payee}'s signature of the receipt`,
        'payer:proof-receipt-forged',
      );
    }
  }
  p.hubUpdatePartial = m.hubPartialSig;
  completeState(ch, p);
  payment.status = 'completed';
  payment.invoice = m.invoice;
  payment.receipt = m.receipt;
  // A cancel S answered with this proof (R-03-10) is void: S never accepted it.
  ch.proposals = ch.proposals.filter((x) => !(x.status === 'proposed' && x.state > p.state));
  const notes = [`A checks B's invoice, s_A and S's partial signature; A and S are at state ${p.state}`];
  // R-06-13: in the timeout variant, A now agrees n+2 moving the pending amount to S.
  if (p.pending !== null) {
    const { send, proposal } = partyPropose(draft, ch, {
      purpose: 'update',
      partySat: p.partySat,
      hubSat: p.hubSat + p.pending.pendingSat,
      amountSat: p.pending.pendingSat,
      feeSat: 0,
      expiryHeight: p.expiryHeight,
      sessionId: toHex(freshRand(draft, 'update-id')),
    });
    return {
      send: [send],
      notes: [...notes, `A proposes state ${proposal.state}, moving the pending ${p.pending.pendingSat} sat to S`],
    };
  }
  return { notes };
}

/**
 * Scheme 2: B's bundles arrive through M; A locks a PTLC to S's partial-signature point for each. Each item is
 * judged on its own (R-05-06): a bad or replayed item is discarded with a note naming its guard,
 * so a deviating B that stores garbage or a bundle twice cannot keep A from buying the genuine one. Only a delivery
 * with no good item is refused, with its first item's refusal.
 */
function onPayeeBundles(
  draft: PayerSnapshot,
  m: Extract<Envelope['body'], { kind: 'MailboxDeliver' }>,
  ctx: StepContext,
): Outcome {
  const send: Send[] = [];
  const notes: string[] = [];
  let firstRefusal: NodeError | undefined;
  for (const [i, item] of m.items.entries()) {
    const r = buyItem(draft, item, i, ctx);
    if (isNodeError(r)) {
      firstRefusal ??= r;
      notes.push(`A discards item ${i}: ${r.detail} (${r.guard})`);
      continue;
    }
    send.push(r.send);
    notes.push(r.note);
  }
  if (send.length === 0 && firstRefusal !== undefined) return firstRefusal;
  return { send, notes };
}

/** One delivered item: checked, then bought (a refusal leaves the draft as it was). */
function buyItem(
  draft: PayerSnapshot,
  item: Extract<Envelope['body'], { kind: 'MailboxDeliver' }>['items'][number],
  i: number,
  ctx: StepContext,
): NodeError | { send: Send; note: string } {
  const senderKey = draft.directory[item.sender]?.node;
  if (senderKey === undefined)
    return nodeError(
      'forged-signature',
      `MailboxDeliver.items.${i}.sender: unknown ${item.sender}`,
      'payer:deliver-unknown-sender',
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
      return nodeError('forged-signature', `MailboxDeliver.items.${i}: ${e.message}`, 'payer:deliver-unseal-failed');
    throw e;
  }
  if (bundle.kind !== 'PayeeBundle')
    return nodeError(
      'unexpected',
      `MailboxDeliver.items.${i}: A expects a PayeeBundle`,
      'payer:deliver-not-payee-bundle',
    );
  if (draft.watches.some((w) => w.paymentId === bundle.paymentId))
    return nodeError(
      'replayed',
      `bundle ${bundle.paymentId.slice(0, 8)} already bought`,
      'payer:bundle-already-bought',
    );
  return buyHubSignature(draft, bundle, ctx);
}

function buyHubSignature(
  draft: PayerSnapshot,
  bundle: PayeeBundle,
  ctx: StepContext,
): { send: { to: string; sessionId: string; body: Envelope['body'] }; note: string } | NodeError {
  const publicKeys = bundle.publicKeys.map((k) => fromHex(k));
  const pubNonces = bundle.pubNonces.map((n) => fromHex(n));
  const msg = fromHex(bundle.msg);
  const session = new MusigSession({ aggNonce: musigNonceAgg(pubNonces), publicKeys, msg });
  if (!session.partialVerify({ partialSig: fromHex(bundle.partialSig), pubNonces, signerIndex: bundle.signerIndex })) {
    return nodeError(
      'forged-signature',
      `bundle.partialSig: not ${bundle.payee}'s valid partial signature`,
      'payer:bundle-partial-sig-forged',
    );
  }
  const hubIndex = bundle.signerIndex === 0 ? 1 : 0;
  // R-05-06: the bundle's message must be U(m+1)'s BIP-118 message on the B–S channel it describes, and its
  // settlement signature complete and valid for the balances it names (B's raised by at least amt).
  const channel: EltooChannel = {
    party: bundle.payee,
    hub: bundle.hub,
    partyKey: bundle.publicKeys[bundle.signerIndex],
    hubKey: bundle.publicKeys[hubIndex],
    // A watches B's channel and never signs on it: the number only names B's and S's derivation, unknown here.
    number: 0,
    capacitySat: bundle.capacitySat,
    csvDelayBlocks: bundle.csvDelayBlocks,
    fundingTxid: bundle.fundingTxid,
    fundingVout: bundle.fundingVout,
    latest: {
      state: bundle.state,
      partySat: bundle.partySat,
      hubSat: bundle.hubSat,
      pending: null,
      updateSig: null,
      settleSig: bundle.settleSig,
    },
    proposals: [],
  };
  if (bundle.partySat + bundle.hubSat !== bundle.capacitySat || bundle.partySat < bundle.amountSat) {
    return nodeError(
      'unexpected',
      'bundle: the B–S balances do not fit the capacity and the amount',
      'payer:bundle-balances',
    );
  }
  if (toHex(updateMsg(channel, bundle.state)) !== bundle.msg)
    return nodeError(
      'forged-signature',
      `bundle.msg: not the BIP-118 message of U(${bundle.state})`,
      'payer:bundle-msg-forged',
    );
  const settleOk = schnorrVerify({
    pubKey: aggregateXonly(channel, 'settle'),
    msg: settleMsg(channel, { state: bundle.state, partySat: bundle.partySat, hubSat: bundle.hubSat }),
    sig: fromHex(bundle.settleSig),
  });
  if (!settleOk)
    return nodeError(
      'forged-signature',
      `bundle.settleSig: not a valid signature of St(${bundle.state})`,
      'payer:bundle-settle-sig-forged',
    );
  const point = toHex(
    partialSigPointBytes({
      pubNonce: pubNonces[hubIndex] ?? new Uint8Array(),
      aggNonce: musigNonceAgg(pubNonces),
      publicKeys,
      signerPubKey: publicKeys[hubIndex] ?? new Uint8Array(),
      msg,
    }),
  );
  const amountSat = bundle.amountSat + bundle.feeSat;
  const ledger = ledgerWith(draft.ledgers, bundle.hub);
  if (ledger === undefined || ledger.localSat < amountSat)
    return nodeError('refused', `A cannot lock ${amountSat} sat towards ${bundle.hub}`, 'payer:bundle-cannot-lock');
  const timeoutHeight = ctx.height + draft.params.cltvDeltaBlocks;
  // R-05-07: timeout_height = h + ptlc_timeout_blocks ≤ expiry_height. (It used to ask for the CSV delay on top,
  // which the spec does not; the scheme-2 oracle's driver had to shift the expiry to match.)
  if (timeoutHeight > bundle.expiryHeight)
    return nodeError(
      'too-late',
      `A's PTLC would time out at ${timeoutHeight}, after the bundle's expiry ${bundle.expiryHeight}`,
      'payer:bundle-timeout-after-expiry',
    );
  // R-05-08: A's PTLC must resolve, and U(m+1) be rebound, within the B–S channel's CSV delay; with an update of
  // that channel already on chain (confirmed at h_u), before that update's settlement may confirm.
  const margin = rebindMargin(draft.params);
  if (draft.params.cltvDeltaBlocks + margin > channel.csvDelayBlocks)
    return nodeError(
      'too-late',
      `PTLC timeout ${draft.params.cltvDeltaBlocks} + margin ${margin} exceeds the B–S CSV delay ${channel.csvDelayBlocks}`,
      'payer:bundle-timeout-exceeds-csv',
    );
  const tip = ctx.chain?.channelTip(channel);
  if (tip?.kind === 'settled' || (tip?.kind === 'update' && tip.state > bundle.state))
    return nodeError(
      'stale-state',
      `bundle: the ${bundle.payee}–${bundle.hub} channel is past U(${bundle.state}) on chain`,
      'payer:bundle-channel-past-state',
    );
  if (tip?.kind === 'update' && timeoutHeight + margin > tip.height + channel.csvDelayBlocks) {
    return nodeError(
      'too-late',
      `bundle: U(${tip.state}) of ${bundle.payee}–${bundle.hub} confirmed at ${tip.height}; A could not rebind U(${bundle.state}) before St(${tip.state}) may confirm`,
      'payer:bundle-update-confirmed-no-rebind',
    );
  }
  const terms = { paymentId: bundle.paymentId, hop: 0, amountSat, point, timeoutHeight };
  const signed = signOffer({ terms, ledger, seed: draft.seed, auxRand: freshRand(draft, 'presign') });
  const { preSig, stateSig } = signed;
  ledger.localSat -= amountSat;
  draft.ptlcs.push(offeredEntry(terms, bundle.hub, signed));
  draft.watches.push({
    paymentId: bundle.paymentId,
    bundle,
    point,
    status: 'buying',
    hubPartialSig: null,
    updateSig: null,
    channel,
  });
  return {
    send: {
      to: bundle.hub,
      sessionId: bundle.paymentId,
      body: { kind: 'PtlcOffer', ...terms, preSig, stateSig, onion: [] },
    },
    note: `A checks ${bundle.payee}'s partial signature and offers ${bundle.hub} a PTLC of ${amountSat} sat locked to ${bundle.hub}'s partial-signature point`,
  };
}

/** Scheme 2: S claimed A's PTLC, revealing its partial signature: A completes B's update. */
function onHubClaim(
  draft: PayerSnapshot,
  env: Envelope,
  m: Extract<Envelope['body'], { kind: 'PtlcClaim' }>,
  ctx: StepContext,
): Outcome {
  const entry = draft.ptlcs.find(
    (p) => p.paymentId === m.paymentId && p.hop === m.hop && p.direction === 'out' && p.peer === env.from,
  );
  const w = draft.watches.find((x) => x.paymentId === m.paymentId);
  if (entry === undefined || w === undefined)
    return nodeError(
      'unexpected',
      `PtlcClaim: A offered no PTLC ${m.paymentId.slice(0, 8)} hop ${m.hop} to ${env.from}`,
      'payer:claim-no-ptlc',
    );
  if (entry.status !== 'pending')
    return nodeError(
      entry.status === 'claimed' ? 'replayed' : 'too-late',
      `PtlcClaim: the PTLC is ${entry.status}`,
      'payer:claim-ptlc-closed',
    );
  if (ctx.height >= entry.timeoutHeight)
    return nodeError(
      'too-late',
      `PtlcClaim at height ${ctx.height}, timeout ${entry.timeoutHeight}`,
      'payer:claim-timed-out',
    );
  let secret: string;
  try {
    secret = extractSecret({ entry, sig: m.sig });
  } catch (e) {
    if (e instanceof InputError)
      return nodeError('forged-signature', `PtlcClaim.sig: ${e.message}`, 'payer:claim-sig-forged');
    throw e;
  }
  return completeWatch(draft, { entry, w, secret, peer: env.from });
}

/**
 * A learns S's partial signature (the lock secret of its PTLC), from S's claim off chain or read from the chain:
 * the B–S update U(m+1) is complete and A holds it for B.
 */
function completeWatch(
  draft: PayerSnapshot,
  o: { entry: PtlcEntry; w: PayerSnapshot['watches'][number]; secret: string; peer: string },
): Outcome {
  const { entry, w, secret } = o;
  const publicKeys = w.bundle.publicKeys.map((k) => fromHex(k));
  const pubNonces = w.bundle.pubNonces.map((n) => fromHex(n));
  const session = new MusigSession({ aggNonce: musigNonceAgg(pubNonces), publicKeys, msg: fromHex(w.bundle.msg) });
  const partials = w.bundle.signerIndex === 0 ? [w.bundle.partialSig, secret] : [secret, w.bundle.partialSig];
  const updateSig = toHex(session.aggregate(partials.map((x) => fromHex(x))));
  entry.status = 'claimed';
  entry.secret = secret;
  const ledger = ledgerWith(draft.ledgers, o.peer);
  if (ledger !== undefined) ledger.remoteSat += entry.amountSat;
  w.status = 'holding';
  w.hubPartialSig = secret;
  w.updateSig = updateSig;
  w.channel.latest = { ...w.channel.latest, updateSig };
  return {
    notes: [
      `A learns ${o.peer}'s partial signature from the claim and holds the complete U(${w.bundle.state}) for ${w.bundle.payee}`,
    ],
  };
}

export const payerRole: Role<PayerSnapshot, PayerCommand> = {
  name: 'payer',
  onMessage,
  onCommand,
  onTick(draft, ctx) {
    // Scheme 2: a claim of A's PTLC put on chain (S did not reach A): A reads S's partial signature from the chain.
    const notes: string[] = [];
    if (ctx.chain !== undefined) {
      for (const entry of draft.ptlcs) {
        const w = draft.watches.find((x) => x.paymentId === entry.paymentId);
        const ledger = ledgerWith(draft.ledgers, entry.peer);
        if (entry.direction !== 'out' || entry.status !== 'pending' || w === undefined || ledger === undefined)
          continue;
        const sig = claimSigOnChain(ctx.chain, ledger, entry);
        if (sig === undefined) continue;
        const learned = completeWatch(draft, { entry, w, secret: extractSecret({ entry, sig }), peer: entry.peer });
        if (!isNodeError(learned)) notes.push(...(learned.notes ?? []).map((n) => `${n} (read from the chain)`));
      }
    }
    notes.push(...expirePtlcs({ ptlcs: draft.ptlcs, ledgers: draft.ledgers, height: ctx.height }));
    // R-08-08, R-08-11: whenever A is online (and on its return) it checks its channel on chain.
    // R-05-10: and, in scheme 2, the B–S channel it holds the complete update of, as B's watchtower.
    if (ctx.chain === undefined) return { notes };
    const broadcast: BroadcastTx[] = [];
    for (const ch of [draft.channel, ...draft.watches.filter((x) => x.updateSig !== null).map((x) => x.channel)]) {
      const tip = ctx.chain.channelTip(ch);
      const w = watchChannel(ch, tip, ctx.height);
      if (w.note !== undefined) notes.push(`A: ${w.note}`);
      broadcast.push(...w.txs);
    }
    // R-06-05: a settled pending output still unspent goes back to A through the timeout leaf when it opens.
    const tip = ctx.chain.channelTip(draft.channel);
    const sweep = pendingSweep({
      ch: draft.channel,
      tip,
      isSpent: ctx.chain.isSpent,
      side: 'party',
      seed: draft.seed,
      secKey: ownChannelKey(draft.seed, draft.channel, 'party').secKey,
    });
    if (sweep !== undefined) broadcast.push(sweep);
    return { notes, broadcast };
  },
};
