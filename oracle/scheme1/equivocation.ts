/**
 * Equivocation (the model's `PayerForgeBundle` and `PayeeForgeInvoice`, R-09-14), made by the adversary layer acting for the deviating party
 * with its own node's keys and nonces; an honest S must refuse both by its point check (R-02-16):
 * - `sendForgedBundle` (PayerForgeBundle): A takes S's St(n+1) signature as its node would, but instead of
 *   s_A on U(n+1) signs, with U(n+1)'s secret nonce, a message S never agreed (U(n+5)'s), and seals for B a
 *   bundle that claims state n+1 with that message: B's own check (BIP-327 PartialSigVerify against the bundle's
 *   message, nonces and keys) passes, and B invoices the point of that scalar. A's node snapshot moves on as it
 *   would have (settlement in hand, the nonce burnt, the payment sent, sequence numbers), without s_A.
 * - `sendForgedInvoice` (PayeeForgeInvoice): B, having read the bundle, signs an invoice for the bundle's payment
 *   whose point is that of a secret of its own; it is queued to S like B's invoice.
 * The driver records what was forged and its secret (`driver.equivocation`), which the abstraction reads for the
 * forger's knowledge (`sForged`) and the `forged` field; envelopes the adversary's stutters inject
 * (`driver.stutters`) never count as a party's invoice.
 */
import { partyOnSettlementSig } from '../../impl/node/channel-protocol.ts';
import { nonceId, sessionOf, updateEvidence, withNonceStore } from '../../impl/node/eltoo-sign.ts';
import { signEnvelope } from '../../impl/node/envelope.ts';
import { signInvoice } from '../../impl/node/invoice.ts';
import { freshRand, isNodeError, mailboxKeys, nodeKeys } from '../../impl/node/node.ts';
import type { PayerSnapshot } from '../../impl/node/payer.ts';
import { pointOfSecret, ZERO32 } from '../../impl/node/ptlc.ts';
import { derive } from '../../impl/node/rng.ts';
import { ownChannelKey } from '../../impl/node/keys.ts';
import { openBundle, sealBundle, type PayerBundle } from '../../impl/node/sealed-payloads.ts';
import { toHex } from '../../impl/node/wire.ts';
import { ImplRefusal, type ImplDriver } from './driver.ts';

/** How far past n+1 the forged message's state is: U(n+5) is a message S never agreed (nor will soon). */
const FORGED_STATE_OFFSET = 4;

export function sendForgedBundle(d: ImplDriver): void {
  const a = d.node('A');
  if (a.role !== 'payer') throw new Error('equivocation: A is not a payer');
  const env = d.queued().find((m) => m.to === 'A' && m.body.kind === 'SettlementSig');
  if (env === undefined || env.body.kind !== 'SettlementSig')
    throw new ImplRefusal('PayerForgeBundle: no settlement signature from S on its way to A');
  const draft = JSON.parse(JSON.stringify(a.snapshot)) as PayerSnapshot;
  const ch = draft.channel;
  // A reads S's St(n+1) signature as its node does (its envelope consumed, the signature checked).
  const p = partyOnSettlementSig(ch, env.body);
  if (isNodeError(p))
    throw new ImplRefusal(`PayerForgeBundle: A refused S's settlement signature: ${p.kind}: ${p.detail}`);
  d.world.takeQueued((m) => m === env);
  draft.seqIn[env.from] = env.seq;
  const payment = draft.payments.find((x) => x.paymentId === p.sessionId);
  if (payment === undefined) throw new ImplRefusal('PayerForgeBundle: A has no payment for the session');
  // The forged scalar: U(n+1)'s secret nonce (burnt now) on U(n+5)'s message.
  const other = { ...p, state: p.state + FORGED_STATE_OFFSET };
  const { secKey } = nodeKeys(draft.seed);
  const channelSecKey = ownChannelKey(draft.seed, ch, 'party').secKey;
  const signed = withNonceStore(draft.nonces, (store) =>
    toHex(store.sign({ id: nonceId(ch, p, 'update'), session: sessionOf(ch, other, 'update'), secKey: channelSecKey })),
  );
  draft.nonces = signed.nonces;
  const forged = signed.result;
  const bundle: PayerBundle = {
    kind: 'PayerBundle',
    paymentId: payment.paymentId,
    payer: draft.id,
    ...updateEvidence(ch, other, forged),
    state: p.state,
    channelId: ch.fundingTxid,
  };
  const sealed = sealBundle({
    senderSecKey: secKey,
    recipientKeyHex: draft.directory[payment.payee]?.mailbox ?? '',
    bundle,
    rand: freshRand(draft, 'seal'),
  });
  payment.status = 'sent';
  const seq = draft.seqOut.M ?? 1;
  draft.seqOut.M = seq + 1;
  const store = signEnvelope({
    from: 'A',
    to: 'M',
    seq,
    sessionId: payment.paymentId,
    body: { kind: 'MailboxStore', recipient: payment.payee, sealed },
    nodeSecKey: secKey,
    auxRand: freshRand(draft, 'envelope-aux'),
  });
  d.world.setSnapshot('A', draft);
  d.equivocation = { by: 'A', secret: forged };
  const refused = d.receive('M', JSON.parse(JSON.stringify(store)));
  if (refused !== undefined)
    throw new ImplRefusal(`PayerForgeBundle: M refused the bundle: ${refused.kind}: ${refused.detail}`);
}

export function sendForgedInvoice(d: ImplDriver): void {
  const b = d.node('B');
  if (b.role !== 'payee') throw new Error('equivocation: B is not a payee');
  // The bundle B read: M's delivery on its way to B (B's node has not opened it: it would have invoiced).
  const { secKey } = nodeKeys(b.snapshot.seed);
  let bundle: PayerBundle | undefined;
  for (const e of d.queued()) {
    if (e.to !== 'B' || e.body.kind !== 'MailboxDeliver') continue;
    for (const item of e.body.items) {
      const opened = openBundle({
        recipientSecKey: mailboxKeys(b.snapshot.seed).secKey,
        sealedHex: item.sealed,
        expectedSenderKeyHex: b.snapshot.directory[item.sender]?.node ?? '',
      });
      if (opened.kind === 'PayerBundle') bundle = opened;
    }
  }
  if (bundle === undefined) throw new ImplRefusal('PayeeForgeInvoice: B has read no bundle');
  const secret = toHex(derive(d.world.seedOf('B'), 'oracle/equivocate'));
  const invoice = signInvoice(
    {
      paymentId: bundle.paymentId,
      payee: 'B',
      hub: bundle.hub,
      state: bundle.state,
      amountSat: bundle.amountSat,
      paymentPoint: pointOfSecret(secret),
      expiryHeight: bundle.expiryHeight,
      tweakSum: ZERO32,
      blinded: [],
      channelId: bundle.channelId,
      receiptPreSig: null,
    },
    { secKey, auxRand: derive(d.world.seedOf('B'), 'oracle/equivocate-aux') },
  );
  // B's next sequence number to S; S refuses the invoice, which does not consume it.
  const seq = b.snapshot.seqOut[bundle.hub] ?? 1;
  const env = signEnvelope({
    from: 'B',
    to: bundle.hub,
    seq,
    sessionId: bundle.paymentId,
    body: { kind: 'Invoice', ...invoice },
    nodeSecKey: secKey,
    auxRand: new Uint8Array(32),
  });
  d.equivocation = { by: 'B', secret };
  d.world.post(env);
}
