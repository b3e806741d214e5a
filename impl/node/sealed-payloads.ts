/**
 * Payloads that travel sealed (impl/crypto/mailbox.ts envelopes): A's bundle for B (scheme 1 step 4), B's bundle
 * for A (scheme 2), and the per-hop onion payloads S writes for each hop of the split. Each has an io-ts codec;
 * opening checks the envelope (tamper, sender) and then the payload's shape, naming the field on failure.
 */
import * as t from 'io-ts';
import { utf8 } from '../crypto/bytes.ts';
import { openEnvelope, sealEnvelope } from '../crypto/mailbox.ts';
import { InputError } from '../../util/input-error.ts';
import { Blocks, Hex32, Hex33, Hex64, Hex66, NodeId, Sat, StateNumber, decodeOrError, fromHex, toHex } from './wire.ts';
import { Sealed } from './messages.ts';

/**
 * What lets anyone check a partial signature on U(state) from public data (R-02-04, R-05-02); both bundles carry
 * it. `updateEvidence` in eltoo-sign.ts builds it.
 */
const updateEvidenceProps = {
  hub: NodeId,
  state: StateNumber,
  amountSat: Sat,
  feeSat: Sat,
  expiryHeight: Blocks,
  /** The BIP-118 message of U(state). */
  msg: Hex32,
  /** The channel's two keys in KeySort order, and their public nonces for U(state) in the same order. */
  publicKeys: t.tuple([Hex33, Hex33]),
  pubNonces: t.tuple([Hex66, Hex66]),
  signerIndex: t.union([t.literal(0), t.literal(1)]),
  partialSig: Hex32,
};

/** Scheme 1 step 4: everything B needs to check s_A and everything S needs to recompute its point. */
export const PayerBundle = t.type({
  kind: t.literal('PayerBundle'),
  paymentId: Hex32,
  payer: NodeId,
  ...updateEvidenceProps,
  /** R-02-04: the A–S channel (its funding txid). */
  channelId: Hex32,
});
export type PayerBundle = t.TypeOf<typeof PayerBundle>;

/** Scheme 2: B's partial signature on U(state) of the B–S channel, and the settlement St(state), for A. */
export const PayeeBundle = t.type({
  kind: t.literal('PayeeBundle'),
  paymentId: Hex32,
  payee: NodeId,
  ...updateEvidenceProps,
  settleSig: Hex64,
  /** R-05-02: what A needs to rebuild the B–S transactions and watch the channel: funding, capacity, CSV, balances. */
  fundingTxid: Hex32,
  fundingVout: Blocks,
  capacitySat: Sat,
  csvDelayBlocks: Blocks,
  partySat: Sat,
  hubSat: Sat,
});
export type PayeeBundle = t.TypeOf<typeof PayeeBundle>;

export const Bundle = t.union([PayerBundle, PayeeBundle]);
export type Bundle = t.TypeOf<typeof Bundle>;

/** One hop's instructions, sealed by the sender of the payment to that hop. */
export const HopPayload = t.type({
  kind: t.literal('HopPayload'),
  paymentId: Hex32,
  hop: Blocks,
  /** Decorrelated split: B's sealed tweak for this routing node, passed on unopened (null: the same point). */
  blinded: t.union([Sealed, t.null]),
  /** The next node, or null for the payee. */
  next: t.union([NodeId, t.null]),
  forwardAmountSat: Sat,
  forwardTimeoutHeight: Blocks,
});
export type HopPayload = t.TypeOf<typeof HopPayload>;

/** B's payload for routing node P_i (R-04-14): its tweak x_i; the outgoing point is the incoming one minus x_i·G. */
export const BlindedPayload = t.type({ kind: t.literal('BlindedPayload'), paymentId: Hex32, tweak: Hex32 });
export type BlindedPayload = t.TypeOf<typeof BlindedPayload>;

const BUNDLE_AAD = 'APLN/bundle/v2';
const BLINDED_AAD = 'APLN/blinded/v2';
const HOP_AAD = 'APLN/hop/v2';

/**
 * The aad of a sealed payload: its purpose and, when the recipient knows it before opening, the payment id (a
 * hop's onion layer and B's blinded tweak; a bundle's payment id is inside, under the sender's signature). The
 * envelope itself binds the recipient's key (impl/crypto mailbox.ts).
 */
function aadOf(purpose: string, paymentId?: string): Uint8Array {
  return utf8(paymentId === undefined ? purpose : `${purpose}/${paymentId}`);
}

function seal(opts: {
  senderSecKey: Uint8Array;
  recipientKeyHex: string;
  payload: unknown;
  aad: Uint8Array;
  rand: Uint8Array;
}): string {
  return toHex(
    sealEnvelope({
      senderSecKey: opts.senderSecKey,
      recipientPubKey: fromHex(opts.recipientKeyHex),
      plaintext: utf8(JSON.stringify(opts.payload)),
      aad: opts.aad,
      rand: opts.rand,
    }),
  );
}

function open<A>(opts: {
  codec: t.Type<A, unknown, unknown>;
  recipientSecKey: Uint8Array;
  sealedHex: string;
  aad: Uint8Array;
  expectedSenderKeyHex: string;
  where: string;
}): A {
  const { plaintext } = openEnvelope({
    recipientSecKey: opts.recipientSecKey,
    envelope: fromHex(opts.sealedHex),
    aad: opts.aad,
    expectedSenderPubKey: fromHex(opts.expectedSenderKeyHex),
  });
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plaintext));
  } catch {
    throw new InputError(opts.where, 'the opened payload is not JSON');
  }
  const r = decodeOrError(opts.codec, json, opts.where);
  if (!r.ok) throw new InputError(opts.where, r.problem);
  return r.value;
}

/** `rand`: 32 bytes from the sender's RNG; the envelope's ephemeral key derives from it and the payload. */
export function sealBundle(opts: {
  senderSecKey: Uint8Array;
  recipientKeyHex: string;
  bundle: Bundle;
  rand: Uint8Array;
}): string {
  return seal({ ...opts, payload: opts.bundle, aad: aadOf(BUNDLE_AAD) });
}

export function openBundle(opts: {
  recipientSecKey: Uint8Array;
  sealedHex: string;
  expectedSenderKeyHex: string;
}): Bundle {
  return open({ ...opts, codec: Bundle as t.Type<Bundle, unknown, unknown>, aad: aadOf(BUNDLE_AAD), where: 'bundle' });
}

export function sealHop(opts: {
  senderSecKey: Uint8Array;
  recipientKeyHex: string;
  payload: HopPayload;
  rand: Uint8Array;
}): string {
  return seal({ ...opts, aad: aadOf(HOP_AAD, opts.payload.paymentId) });
}

/** Opens a hop's onion layer for payment `paymentId` (the PtlcOffer's): a layer sealed for another payment fails. */
export function openHop(opts: {
  recipientSecKey: Uint8Array;
  sealedHex: string;
  expectedSenderKeyHex: string;
  paymentId: string;
}): HopPayload {
  return open({
    ...opts,
    codec: HopPayload as t.Type<HopPayload, unknown, unknown>,
    aad: aadOf(HOP_AAD, opts.paymentId),
    where: 'hopPayload',
  });
}

export function sealBlinded(opts: {
  senderSecKey: Uint8Array;
  recipientKeyHex: string;
  payload: BlindedPayload;
  rand: Uint8Array;
}): string {
  return seal({ ...opts, aad: aadOf(BLINDED_AAD, opts.payload.paymentId) });
}

export function openBlinded(opts: {
  recipientSecKey: Uint8Array;
  sealedHex: string;
  expectedSenderKeyHex: string;
  paymentId: string;
}): BlindedPayload {
  return open({
    ...opts,
    codec: BlindedPayload as t.Type<BlindedPayload, unknown, unknown>,
    aad: aadOf(BLINDED_AAD, opts.paymentId),
    where: 'blindedPayload',
  });
}
