/**
 * The `answer` stutter (issue 10): a deviating party's PTLC offer, state proof or channel answer to an honest party, made with its
 * own keys from the one it sends (queued), would send (S's proof to A on A's return, made on a copy of the world)
 * or sent last, with several fields set at once, and signed anew where the sender signs it: an offer's adaptor
 * pre-signature and PTLC state signature over the altered terms (its own ledger with the receiver), an onion
 * layer sealed anew, an invoice re-signed by the sender. One altered field only trips the first check on the way
 * (the offer's signatures); signed anew, the message reaches the receiver's own checks (the invoice it issued, the
 * point it expects, its onion layer, the proof's signatures). The receiver's answer is recorded in the transcript
 * (a refusal names its guard); the model stutters, so the receiver's snapshot and the network are put back.
 * Directed runs only (oracle/guard-directed.ts); random runs do not draw it.
 */
import { describeEdits } from '../stutter-codecs.ts';
import { signEnvelope } from '../../impl/node/envelope.ts';
import { signInvoice } from '../../impl/node/invoice.ts';
import type { Envelope, InvoiceFields } from '../../impl/node/messages.ts';
import { mailboxKeys, nodeKeys } from '../../impl/node/node.ts';
import { ledgerWith, pointOfSecret, signOffer, ZERO32 } from '../../impl/node/ptlc.ts';
import { derive } from '../../impl/node/rng.ts';
import { openHop, sealBlinded } from '../../impl/node/sealed-payloads.ts';
import { fromHex, toHex } from '../../impl/node/wire.ts';
import { utf8 } from '../../impl/crypto/bytes.ts';
import { sealEnvelope } from '../../impl/crypto/mailbox.ts';
import type { ImplDriver } from './driver.ts';

/** The message kinds the stutter makes. */
export type AnswerKind = 'PtlcOffer' | 'StateProof' | 'AcceptState' | 'SettlementSig' | 'UpdateSig';

/**
 * Field edits: a number moved by the number given, any other value set; `'now'` is the current height,
 * `'broken'` a hex field with its last digit changed, `'other'` a point or id of another secret. Dotted names
 * reach inside: `onion.next`, `onion.paymentId` (the receiver's onion layer sealed anew), `invoice.payee` (the
 * invoice re-signed by the sender). `from` sends it as another deviating party, `to` to another honest one, `by` makes it from a
 * message of that sender's (an onion layer is sealed anew by the sender of the offer it came in, deviating too);
 * `'none'` empties a list (the onion) or drops a value (null: the receipt). `onion.blinded: 'zero-tweak'` seals
 * the routing node a zero tweak with the key of its blinded payloads' sender (B), which must deviate too;
 * `'point-tweak'` seals it a tweak t and sets the offer's point to t·G, so the point it would forward, T − t·G, is
 * the point at infinity (every codec lets both through: impl/crypto refuses the subtraction).
 */
export type AnswerEdits = Readonly<Record<string, number | string>>;

type Body = Record<string, unknown>;

function flip(v: string): string {
  return `${v.slice(0, -1)}${v.endsWith('0') ? '1' : '0'}`;
}

function edited(o: unknown, v: number | string, d: ImplDriver): unknown {
  if (v === 'now') return d.world.height;
  if (v === 'broken' && typeof o === 'string') return flip(o);
  if (v === 'broken' && Array.isArray(o) && typeof o[0] === 'string') return [flip(o[0]), ...o.slice(1)];
  if (v === 'none') return Array.isArray(o) ? [] : null;
  if (v === 'other') return typeof o === 'string' && o.length === 66 ? pointOfSecret('11'.repeat(32)) : '22'.repeat(32);
  return typeof v === 'number' && typeof o === 'number' ? o + v : v;
}

/** The tweak a `'point-tweak'` edit seals: any scalar in [1, n) (the offer's point is then its multiple of G). */
const POINT_TWEAK = '33'.repeat(32);

/**
 * A blinded payload with tweak `tweak` for routing node `to`, sealed by its blinded payloads' sender (B) with its own
 * keys: only when that sender deviates (else the stutter would use an honest party's keys).
 */
function sealedTweak(d: ImplDriver, to: string, paymentId: string, tweak: string): string {
  const n = d.node(to);
  const sealer = n.role === 'router' ? n.snapshot.blindedSender : undefined;
  if (sealer === undefined || !(d.config.deviating ?? []).includes(sealer))
    throw new Error(`answer: no deviating sender of ${to}'s blinded payloads`);
  return sealBlinded({
    senderSecKey: nodeKeys(d.world.seedOf(sealer)).secKey,
    recipientKeyHex: n.snapshot.directory[to]?.mailbox ?? '',
    payload: { kind: 'BlindedPayload', paymentId, tweak },
    rand: derive(d.world.seedOf(sealer), 'oracle/answer-blinded'),
  });
}

/** S's state proof for A on A's return, made on a copy of the world (A's PayerReturn answered there). */
function proofOnCopy(d: ImplDriver): Envelope | undefined {
  const w = d.world.clone();
  if (w.commandNode('A', { kind: 'PayerReturn' }) !== undefined) return undefined;
  const ret = w.unqueue((e) => e.from === 'A' && e.to === 'S' && e.body.kind === 'PayerReturn');
  if (ret === undefined || w.receive('S', ret) !== undefined) return undefined;
  return w.unqueue((e) => e.from === 'S' && e.to === 'A' && e.body.kind === 'StateProof');
}

/**
 * Before any sale, a state proof S and B make up for A's open payment: B's invoice for it (B signs it: it must
 * deviate), S's and A's partial signatures no key made. A must refuse it before it looks at them while it has not
 * pre-signed the state.
 */
function proofMadeUp(d: ImplDriver): Envelope | undefined {
  const a = d.node('A');
  if (a.role !== 'payer') return undefined;
  const pay = a.snapshot.payments.find((p) => p.status === 'proposing' || p.status === 'sent');
  if (pay === undefined) return undefined;
  const invoice = signInvoice(
    {
      paymentId: pay.paymentId,
      payee: pay.payee,
      hub: 'S',
      state: pay.state,
      amountSat: pay.amountSat,
      paymentPoint: pointOfSecret('11'.repeat(32)),
      expiryHeight: pay.expiryHeight,
      tweakSum: ZERO32,
      blinded: [],
      channelId: a.snapshot.channel.fundingTxid,
      receiptPreSig: null,
    },
    { secKey: nodeKeys(d.world.seedOf(pay.payee)).secKey, auxRand: new Uint8Array(32) },
  );
  const body = {
    kind: 'StateProof',
    state: pay.state,
    invoice,
    payerPartialSig: '11'.repeat(32),
    hubPartialSig: '11'.repeat(32),
    receipt: null,
  } as const;
  return { from: 'S', to: 'A', seq: 0, sessionId: pay.paymentId, body, sig: '' } as Envelope;
}

/** The message the stutter starts from: queued, else made on a copy (a state proof), else the last one accepted. */
function base(
  d: ImplDriver,
  kind: AnswerKind,
  from?: string,
  to?: string,
  by?: string,
): { env: Envelope; queued: boolean } | undefined {
  const deviating = new Set(d.config.deviating ?? []);
  const fits = (e: Envelope): boolean =>
    e.body.kind === kind &&
    (by === undefined || e.from === by) &&
    deviating.has(from ?? e.from) &&
    !deviating.has(to ?? e.to) &&
    d.isOnline(to ?? e.to);
  const q = d.queued().find(fits);
  if (q !== undefined) return { env: q, queued: true };
  if (kind === 'StateProof' && deviating.has(from ?? 'S') && !deviating.has('A') && d.isOnline('A')) {
    const made = proofOnCopy(d);
    if (made !== undefined) return { env: made, queued: true };
  }
  for (const e of [...d.world.transcript].reverse())
    if (e.kind === 'message' && e.accepted && fits(e.envelope) && !d.stutters.has(e.envelope.sig))
      return { env: e.envelope, queued: false };
  if (
    kind === 'StateProof' &&
    deviating.has(from ?? 'S') &&
    deviating.has('B') &&
    !deviating.has('A') &&
    d.isOnline('A')
  ) {
    const made = proofMadeUp(d);
    if (made !== undefined) return { env: made, queued: false };
  }
  // No UpdateSig passes between A and S in a payment: one made up (state 1, a partial signature no key made),
  // for a sender the receiver must refuse before it looks at the content (A takes one from S alone).
  if (kind === 'UpdateSig' && from !== undefined && to !== undefined && deviating.has(from) && !deviating.has(to))
    return {
      env: {
        from,
        to,
        seq: 0,
        sessionId: ZERO32,
        body: { kind: 'UpdateSig', state: 1, partialSig: '11'.repeat(32) },
        sig: '',
      } as Envelope,
      queued: false,
    };
  return undefined;
}

/** `body` with `edits` applied (dotted names inside the onion layer or the invoice), signed anew by `from`. */
function craft(d: ImplDriver, env: Envelope, from: string, to: string, edits: AnswerEdits): Body {
  const body: Body = { ...(env.body as unknown as Body) };
  const seed = d.world.seedOf(from);
  for (const [k, v] of Object.entries(edits)) {
    if (k === 'from' || k === 'to' || k === 'by' || k.includes('.')) continue;
    body[k] = edited(body[k], v, d);
  }
  const onionEdits = Object.entries(edits).filter(([k]) => k.startsWith('onion.'));
  if (onionEdits.length > 0 && Array.isArray(body.onion) && env.body.kind === 'PtlcOffer') {
    const [mine, ...rest] = body.onion as string[];
    const toMailbox = d.node(env.to).snapshot.directory[env.to]?.mailbox ?? '';
    const payload: Body = {
      ...openHop({
        recipientSecKey: mailboxKeys(d.world.seedOf(env.to)).secKey,
        sealedHex: mine ?? '',
        expectedSenderKeyHex: d.node(env.to).snapshot.directory[env.from]?.node ?? '',
        paymentId: env.body.paymentId,
      }),
    };
    for (const [k, v] of onionEdits) {
      if (k === 'onion.blinded' && (v === 'zero-tweak' || v === 'point-tweak')) {
        const tweak = v === 'zero-tweak' ? ZERO32 : POINT_TWEAK;
        payload.blinded = sealedTweak(d, env.to, String(payload.paymentId), tweak);
        if (v === 'point-tweak') body.point = pointOfSecret(tweak);
      } else payload[k.slice(6)] = edited(payload[k.slice(6)], v, d);
    }
    // Sealed for the offer's payment (the layer's aad, as sealed-payloads.ts binds it), whatever the payload names.
    // Sealed anew by the layer's sealer, the sender of the offer it came in (S, deviating), whoever sends it now.
    const layer = sealEnvelope({
      senderSecKey: nodeKeys(d.world.seedOf(env.from)).secKey,
      recipientPubKey: fromHex(toMailbox),
      plaintext: utf8(JSON.stringify(payload)),
      aad: utf8(`APLN/hop/v2/${String(body.paymentId)}`),
      rand: derive(seed, 'oracle/answer-onion'),
    });
    body.onion = [toHex(layer), ...rest];
  }
  const invoiceEdits = Object.entries(edits).filter(([k]) => k.startsWith('invoice.'));
  if (invoiceEdits.length > 0 && typeof body.invoice === 'object' && body.invoice !== null) {
    const inv: Body = { ...(body.invoice as Body) };
    for (const [k, v] of invoiceEdits) inv[k.slice(8)] = edited(inv[k.slice(8)], v, d);
    if (!invoiceEdits.some(([k]) => k === 'invoice.payeeSig')) {
      const { payeeSig: _s, ...unsigned } = inv as unknown as InvoiceFields;
      body.invoice = signInvoice(unsigned, { secKey: nodeKeys(seed).secKey, auxRand: new Uint8Array(32) });
    } else body.invoice = inv;
  }
  if (body.kind === 'PtlcOffer') {
    const n = d.node(from);
    const ledger = n.role === 'mailbox' ? undefined : ledgerWith(n.snapshot.ledgers, to);
    const offer = body as unknown as Parameters<typeof signOffer>[0]['terms'];
    // Signed anew where the sender can (its own channel with the receiver, an amount it can lock); else as sent.
    try {
      if (ledger !== undefined)
        Object.assign(body, signOffer({ terms: offer, ledger, seed, auxRand: new Uint8Array(32) }));
    } catch {
      // An amount beyond the channel: the sender cannot sign its state, so the old signatures stay.
    }
    delete body.offererSat;
    delete body.receiverSat;
  }
  return body;
}

/** Runs the stutter; what it did, or undefined when no message of `kind` fits. */
export function runAnswer(d: ImplDriver, kind: AnswerKind, edits: AnswerEdits): string | undefined {
  const b = base(
    d,
    kind,
    typeof edits.from === 'string' ? edits.from : undefined,
    typeof edits.to === 'string' ? edits.to : undefined,
    typeof edits.by === 'string' ? edits.by : undefined,
  );
  if (b === undefined) return undefined;
  // An onion layer is sealed anew only by its deviating sealer.
  if (Object.keys(edits).some((k) => k.startsWith('onion.')) && !(d.config.deviating ?? []).includes(b.env.from))
    return undefined;
  const { env } = b;
  const from = typeof edits.from === 'string' ? edits.from : env.from;
  const to = typeof edits.to === 'string' ? edits.to : env.to;
  const deviating = d.config.deviating ?? [];
  if (!deviating.includes(from) || deviating.includes(to) || !d.isOnline(to)) return undefined;
  const body = craft(d, env, from, to, edits);
  const receiver = d.node(to).snapshot;
  const seq = from === env.from && to === env.to && b.queued ? env.seq : (receiver.seqIn[from] ?? 0) + 1;
  const forged = signEnvelope({
    from,
    to,
    seq,
    sessionId: env.sessionId,
    body: body as unknown as Envelope['body'],
    nodeSecKey: nodeKeys(d.world.seedOf(from)).secKey,
    auxRand: new Uint8Array(32),
  });
  const refusal = d.judgeStutter(to, forged);
  const what = describeEdits(edits, 8);
  const answer = refusal === undefined ? `${to} took it` : `${to} refused it (${refusal.guard})`;
  return `${from} sends ${to} a ${kind} made from ${b.queued ? 'its' : 'its last'} one (${what}): ${answer}`;
}
