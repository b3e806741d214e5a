/**
 * Every message between nodes: a discriminated union on `kind`, each with an io-ts codec over its JSON wire form
 * (hex strings of exact lengths, satoshi amounts, block heights). A message travels in an `Envelope` that names
 * sender and receiver, carries the session (payment) id and the sender's per-receiver sequence number, and is
 * signed by the sender's node key, so replays, reordering and forgeries are detected before any protocol logic.
 *
 * Bodies are decoded by dispatching on `kind` first (not with a union codec), so an error names the field path:
 * `envelope.body.partialSig: expected hex32, got "zz"`.
 */
import * as t from 'io-ts';
import { MAX_JSON_DEPTH, valueDepthExceeds } from '../../util/json-input.ts';
import { NullablePending } from './channel.ts';
import { extraField } from './strict.ts';
import {
  Blocks,
  Hex32,
  Hex64,
  Hex65,
  HexAny,
  PubNonce66,
  NodeId,
  Point33,
  Sat,
  Scalar32,
  Seq,
  StateNumber,
  decodeOrError,
} from './wire.ts';

/**
 * A mailbox envelope from impl/crypto/mailbox.ts (version, sender key, nonce, ciphertext, tag) as hex: at least
 * 1 + 33 + 24 + 16 bytes.
 */
export const Sealed = t.refinement(HexAny, (s): s is string => s.length >= 2 * (1 + 33 + 24 + 16), 'sealed');
export type Sealed = t.TypeOf<typeof Sealed>;

/** The fields of B's invoice (step 5; R-02-12, R-04-14). */
const invoiceProps = {
  paymentId: Hex32,
  payee: NodeId,
  hub: NodeId,
  state: StateNumber,
  amountSat: Sat,
  paymentPoint: Point33,
  expiryHeight: Blocks,
  /** Decorrelated split: X = x_1 + … + x_{k+1} mod n, the sum of B's tweaks (zero for the same point). */
  tweakSum: Scalar32,
  /** Decorrelated split: for each routing node P_i in order, its tweak x_i sealed by B to P_i only. */
  blinded: t.array(Sealed),
  /** The A–S channel (its funding txid), so the receipt names one channel. */
  channelId: Hex32,
  /** Receipt variant (R-06-07): B's pre-signature of the receipt message, encrypted to Y = T + T_S; else null. */
  receiptPreSig: t.union([Hex65, t.null]),
  payeeSig: Hex64,
};

const Purpose = t.keyof({ async: null, update: null, async2: null }, 'purpose');

/** The io-ts codec of every message body, by kind. */
const bodies = {
  /** Step 1 (R-nonce): the proposer of state n+1 sends its public nonces and the new balances. */
  ProposeState: t.type({
    kind: t.literal('ProposeState'),
    state: StateNumber,
    purpose: Purpose,
    /** Balances of state n+1: the proposer's and the hub's (S is always the channel's other side). */
    proposerSat: Sat,
    hubSat: Sat,
    /** Timeout variant: the pending output of St(n+1) (R-06-01, R-06-02); null otherwise. */
    pending: NullablePending,
    amountSat: Sat,
    feeSat: Sat,
    /** Last height at which S may still buy (scheme 1) or A may still buy (scheme 2). */
    expiryHeight: Blocks,
    updateNonce: PubNonce66,
    settleNonce: PubNonce66,
  }),
  /** Step 1 reply: S's public nonces for the same two sessions. */
  AcceptState: t.type({
    kind: t.literal('AcceptState'),
    state: StateNumber,
    updateNonce: PubNonce66,
    settleNonce: PubNonce66,
  }),
  /** Step 2: a partial signature on St(n+1); both sides send one, proposer first. */
  SettlementSig: t.type({ kind: t.literal('SettlementSig'), state: StateNumber, partialSig: Scalar32 }),
  /** A cooperative update (cancellation, ordinary moves): a partial signature on U(n+1), proposer first. */
  UpdateSig: t.type({ kind: t.literal('UpdateSig'), state: StateNumber, partialSig: Scalar32 }),
  /** Step 4: a sealed bundle for `recipient`, to be stored by the mailbox M. */
  MailboxStore: t.type({ kind: t.literal('MailboxStore'), recipient: NodeId, sealed: Sealed }),
  /** A node back online asks M for what it holds for it. */
  MailboxFetch: t.type({ kind: t.literal('MailboxFetch') }),
  /** M hands over (and forgets) what it stored for the asker. */
  MailboxDeliver: t.type({
    kind: t.literal('MailboxDeliver'),
    items: t.array(t.type({ sender: NodeId, sealed: Sealed })),
  }),
  /** Step 5: B's invoice to S, signed by B's node key over its fields (see invoice.ts). */
  Invoice: t.type({ kind: t.literal('Invoice'), ...invoiceProps }),
  /** Step 7: one hop's PTLC, locked to `point` by an adaptor pre-signature of the claim message. */
  PtlcOffer: t.type({
    kind: t.literal('PtlcOffer'),
    paymentId: Hex32,
    hop: Blocks,
    amountSat: Sat,
    point: Point33,
    timeoutHeight: Blocks,
    /** The offerer's adaptor pre-signature of the PTLC's claim transaction (ptlc.ts `claimMsg`) under `point`. */
    preSig: Hex65,
    /** The offerer's signature of the channel's PTLC state transaction H (impl/tx/hop-channel.ts). */
    stateSig: Hex64,
    /** Per-hop payloads, each sealed to its hop; the first is the receiver's. */
    onion: t.array(Sealed),
  }),
  /**
   * Step 7, answer: the receiver took the offer and returns its signature of the channel's PTLC state transaction
   * H, so the offerer can publish H itself and refund through the timeout leaf when the receiver goes silent.
   */
  PtlcAccept: t.type({ kind: t.literal('PtlcAccept'), paymentId: Hex32, hop: Blocks, stateSig: Hex64 }),
  /** Step 8: the receiver completes the pre-signature; the offerer extracts the secret from it. */
  PtlcClaim: t.type({ kind: t.literal('PtlcClaim'), paymentId: Hex32, hop: Blocks, sig: Hex64 }),
  /** Step 9: A is back and tells S the latest state it knows. */
  PayerReturn: t.type({ kind: t.literal('PayerReturn'), knownState: StateNumber }),
  /** Step 9: S shows A what it bought: B's invoice, s_A, S's own partial signature. */
  StateProof: t.type({
    kind: t.literal('StateProof'),
    state: StateNumber,
    invoice: t.type(invoiceProps),
    payerPartialSig: Scalar32,
    hubPartialSig: Scalar32,
    /** Receipt variant (R-06-09): B's completed receipt signature; else null. */
    receipt: t.union([Hex64, t.null]),
  }),
  /** Scheme 2, on B's return: A (B's watchtower) hands B the complete update signature it bought. */
  WatchtowerHandoff: t.type({
    kind: t.literal('WatchtowerHandoff'),
    paymentId: Hex32,
    state: StateNumber,
    updateSig: Hex64,
  }),
} as const;

/** The invoice's fields without `kind` (what S stores and shows A in the state proof). */
export const InvoiceFieldsCodec = t.type(invoiceProps, 'InvoiceFields');

export type Bodies = { [K in keyof typeof bodies]: t.TypeOf<(typeof bodies)[K]> };
export type MessageKind = keyof Bodies;
export type Message = Bodies[MessageKind];
export type Invoice = Bodies['Invoice'];
export type InvoiceFields = Omit<Invoice, 'kind'>;
export const MESSAGE_KINDS = Object.keys(bodies) as MessageKind[];

/** The envelope with its body still undecoded. */
const RawEnvelope = t.type(
  { from: NodeId, to: NodeId, seq: Seq, sessionId: Hex32, body: t.type({ kind: t.string }), sig: Hex64 },
  'Envelope',
);

export type Envelope = { from: string; to: string; seq: number; sessionId: string; body: Message; sig: string };

/** Decodes an envelope received from the network: every field checked, the body by its `kind`. */
export function decodeEnvelope(raw: unknown): { ok: true; value: Envelope } | { ok: false; problem: string } {
  if (valueDepthExceeds(raw)) return { ok: false, problem: `envelope: nested deeper than ${MAX_JSON_DEPTH} levels` };
  const env = decodeOrError(RawEnvelope, raw, 'envelope');
  if (!env.ok) return env;
  const kind = env.value.body.kind;
  if (!Object.hasOwn(bodies, kind)) {
    return { ok: false, problem: `envelope.body.kind: unknown message kind ${JSON.stringify(kind).slice(0, 40)}` };
  }
  const codec = bodies[kind as MessageKind] as t.Type<Message, unknown, unknown>;
  const body = decodeOrError(codec, (raw as { body: unknown }).body, 'envelope.body');
  if (!body.ok) return body;
  // Strict: extra fields anywhere are refused, not dropped silently (the envelope signature covers the exact body).
  const extra =
    Object.keys(raw as object).find((k) => !Object.hasOwn(RawEnvelope.props, k)) ??
    extraField(codec, (raw as { body: unknown }).body, 'body');
  if (extra !== null) return { ok: false, problem: `envelope.${extra}: unexpected field` };
  return { ok: true, value: { ...env.value, body: body.value } };
}
