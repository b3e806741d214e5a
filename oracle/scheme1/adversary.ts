/**
 * Adversarial steps with no model action: the model stutters (its state does not change), so the
 * implementation must refuse them (an accepted forgery is a divergence, StutterAccepted), or absorb them with
 * its abstraction and the honest nodes' status (status.ts) unmoved. Each is a "must not" check:
 * - `restart`: a node crashes and comes back from its snapshot;
 * - `replay`: the last message a node accepted is delivered again;
 * - `forgedEnvelope`: M gets a MailboxFetch claiming to come from B (or `from`: a name outside the network, which
 *   no node's directory holds), signed by another key;
 * - `forgedInvoice`: S gets an invoice signed with B's key whose payment point is not s_A's point;
 * - `tamper`: a deviating party's message to an honest one, one field altered, signed with its own keys (tamper.ts);
 * - `resend`: a deviating party's earlier message to an honest one again, in a fresh envelope (tamper.ts);
 * - `craft`: a message a deviating party makes from an earlier one, several fields set (craft.ts; directed runs only);
 * - `bundle`: a deviating A's crafted bundle at M in place of its genuine one, handed to B (bundle-probe.ts;
 *   directed runs only);
 * - `answer`: a deviating party's PTLC offer, state proof or channel answer with fields set, signed anew (answer-probe.ts;
 *   directed runs only);
 * - `midExchange`: a deviating S's answer to A's proposal while it is open, under another session: inside the
 *   exchange the model takes as one step (mid-exchange.ts; directed runs only).
 * The oracle holds every node's seed (it injected them), so it can sign as B: that tests S's point check,
 * not B's honesty.
 */
import * as t from 'io-ts';
import { Edits, OwnerCommand } from '../stutter-codecs.ts';
import { invoiceSignatureValid, signInvoice } from '../../impl/node/invoice.ts';
import type { Envelope, InvoiceFields } from '../../impl/node/messages.ts';
import { nodeKeys } from '../../impl/node/node.ts';
import { signEnvelope } from '../../impl/node/envelope.ts';
import { derive, nodeSeed } from '../../impl/node/rng.ts';
import { pointOfSecret, ZERO32 } from '../../impl/node/ptlc.ts';
import { toHex } from '../../impl/node/wire.ts';
import { StutterAccepted } from '../node-network.ts';
import { ImplRefusal, type ImplDriver } from './driver.ts';
import { runCraft } from './craft.ts';
import { runBundle } from './bundle-probe.ts';
import { runAnswer } from './answer-probe.ts';
import { runOwner } from './owner-probe.ts';
import { runMidExchange } from './mid-exchange.ts';
import { runResend, runTamper } from './tamper.ts';

export const NODE_IDS = ['A', 'S', 'B', 'M'] as const;

export const AdversaryCommand = t.union([
  t.type({ kind: t.literal('restart'), node: t.keyof({ A: null, S: null, B: null, M: null }) }),
  t.type({ kind: t.literal('replay') }),
  t.intersection([t.type({ kind: t.literal('forgedEnvelope') }), t.partial({ from: t.string })]),
  t.type({ kind: t.literal('forgedInvoice') }),
  t.type({ kind: t.literal('tamper'), field: t.number }),
  t.type({ kind: t.literal('resend'), back: t.number, field: t.number }),
  t.intersection([
    t.type({
      kind: t.literal('craft'),
      back: t.number,
      edits: Edits,
    }),
    t.partial({ as: t.string, of: t.string, to: t.string, resign: t.boolean, drop: t.array(t.string) }),
  ]),
  t.type({ kind: t.literal('bundle'), edits: Edits }),
  t.type({
    kind: t.literal('answer'),
    of: t.keyof({ PtlcOffer: null, StateProof: null, AcceptState: null, SettlementSig: null, UpdateSig: null }),
    edits: Edits,
  }),
  OwnerCommand,
  t.type({ kind: t.literal('midExchange') }),
]);
export type AdversaryCommand = t.TypeOf<typeof AdversaryCommand>;

/** Runs an adversarial step; returns what it did, for the report (`undefined`: nothing to do in this state). */
export function runAdversary(d: ImplDriver, c: AdversaryCommand): string | undefined {
  switch (c.kind) {
    case 'restart':
    case 'replay':
      return d.commonStutter(c);
    case 'forgedEnvelope': {
      if (!d.isOnline('M')) return undefined;
      const m = d.node('M');
      const from = c.from ?? 'B';
      const seq = (m.snapshot.seqIn[from] ?? 0) + 1;
      const attacker = nodeKeys(toHex(derive(nodeSeed(d.config.seed, 'attacker'), 'seed'))).secKey;
      const env: Envelope = signEnvelope({
        from,
        to: 'M',
        seq,
        sessionId: ZERO32,
        body: { kind: 'MailboxFetch' },
        nodeSecKey: attacker,
        auxRand: new Uint8Array(32),
      });
      d.stutters.add(env.sig);
      const note = `M gets a MailboxFetch "from ${from}" signed by another key`;
      if (d.receive('M', env) === undefined) throw new StutterAccepted(`M accepted it (${note})`);
      return note;
    }
    case 'tamper':
      return runTamper(d, c.field);
    case 'resend':
      return runResend(d, c.back, c.field);
    case 'craft':
      return runCraft(d, c.back, c.edits, c);
    case 'bundle':
      return runBundle(d, c.edits);
    case 'answer':
      return runAnswer(d, c.of, c.edits);
    case 'owner':
      return runOwner(d, c.node, c.command);
    case 'midExchange':
      return runMidExchange(d);
    case 'forgedInvoice': {
      if (!d.isOnline('S')) return undefined;
      const hub = d.node('S');
      if (hub.role !== 'hub') return undefined;
      const ch = hub.snapshot.channels.find((x) => x.party === 'A');
      const p = ch?.proposals.find((x) => x.purpose === 'async' && x.status === 'settled');
      if (ch === undefined || p === undefined) return undefined;
      const bSeed = d.world.seedOf('B');
      const wrongPoint = pointOfSecret(toHex(derive(bSeed, 'oracle/wrong-point')));
      const invoice = signInvoice(
        {
          paymentId: p.sessionId,
          payee: 'B',
          hub: 'S',
          state: p.state,
          amountSat: p.amountSat,
          paymentPoint: wrongPoint,
          expiryHeight: p.expiryHeight,
          tweakSum: ZERO32,
          blinded: [],
          channelId: ch.fundingTxid,
          receiptPreSig: null,
        },
        { secKey: nodeKeys(bSeed).secKey, auxRand: new Uint8Array(32) },
      );
      if (!invoiceSignatureValid(invoice, hub.snapshot.directory.B?.node ?? ''))
        throw new Error('adversary: the forged invoice is not signed by B');
      const seq = (hub.snapshot.seqIn.B ?? 0) + 1;
      const env = signEnvelope({
        from: 'B',
        to: 'S',
        seq,
        sessionId: p.sessionId,
        body: { kind: 'Invoice', ...invoice },
        nodeSecKey: nodeKeys(bSeed).secKey,
        auxRand: new Uint8Array(32),
      });
      d.stutters.add(env.sig);
      const note = "S gets an invoice signed by B for a point that is not s_A's";
      if (d.receive('S', env) === undefined) throw new StutterAccepted(`S accepted it (${note})`);
      return note;
    }
  }
}

/**
 * A deviating party's second invoice for state n+1 (the model's `ResellSecret`, R-09-11,
 * R-09-12), made and sent by the adversary layer acting for that party with its own node's key and sequence
 * number (its node's `seqOut` moves on, as if the node had sent it): B re-signs the invoice it already sent (the
 * same bundle presented twice); A, who made s_A, signs an invoice of its own for T = s_A·G, posing as the payee.
 * The envelope is queued to S like any message; S must refuse it (R-02-18: it already offered a PTLC for n+1).
 */
export function sendSecondInvoice(d: ImplDriver, seller: 'A' | 'B'): void {
  const node = d.node(seller);
  const hub = d.node('S');
  if (hub.role !== 'hub') throw new Error('adversary: S is not a hub');
  let fields: Omit<InvoiceFields, 'payeeSig'>;
  let sessionId: string;
  if (node.role === 'payee') {
    const r = node.snapshot.receipts[0];
    if (r === undefined) throw new ImplRefusal('B holds no invoice to send again');
    const { payeeSig: _sig, ...unsigned } = r.invoice;
    fields = unsigned;
    sessionId = r.paymentId;
  } else if (node.role === 'payer') {
    const pay = node.snapshot.payments[0];
    const p = node.snapshot.channel.proposals.find((x) => x.purpose === 'async' && x.sessionId === pay?.paymentId);
    if (pay === undefined || p === undefined || p.partyUpdatePartial === null)
      throw new ImplRefusal('A holds no s_A to sell');
    fields = {
      paymentId: pay.paymentId,
      payee: 'A',
      hub: 'S',
      state: p.state,
      amountSat: pay.amountSat,
      paymentPoint: pointOfSecret(p.partyUpdatePartial),
      expiryHeight: pay.expiryHeight,
      tweakSum: ZERO32,
      blinded: [],
      channelId: node.snapshot.channel.fundingTxid,
      receiptPreSig: null,
    };
    sessionId = pay.paymentId;
  } else {
    throw new Error(`adversary: ${seller} cannot sell s_A`);
  }
  const secKey = nodeKeys(node.snapshot.seed).secKey;
  const invoice = signInvoice(fields, {
    secKey,
    auxRand: derive(d.world.seedOf(seller), 'oracle/second-invoice'),
  });
  // The seller's next sequence number to S. Its node's counter is left as it is: S refuses the invoice, and a
  // refused envelope does not consume the number, so the seller's next real message to S carries it again.
  const seq = node.snapshot.seqOut.S ?? 1;
  const env = signEnvelope({
    from: seller,
    to: 'S',
    seq,
    sessionId,
    body: { kind: 'Invoice', ...invoice },
    nodeSecKey: secKey,
    auxRand: new Uint8Array(32),
  });
  d.world.post(env);
}
