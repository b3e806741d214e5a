/**
 * Signing and checking envelopes: the sender's BIP-340 signature over the canonical JSON of
 * `{from, to, seq, sessionId, body}` under tag `APLN/node/envelope`. A node accepts an envelope only if it is
 * addressed to it, its signature verifies under the sender's node key from the directory, and its sequence
 * number is exactly the next one expected from that sender.
 */
import { utf8 } from '../crypto/bytes.ts';
import { schnorrSign, schnorrVerify } from '../crypto/schnorr.ts';
import { taggedHash } from '../crypto/tagged-hash.ts';
import { canonicalJson } from './canonical.ts';
import type { Envelope, Message } from './messages.ts';
import { fromHex, toHex } from './wire.ts';

const ENVELOPE_TAG = 'APLN/node/envelope';

function envelopeDigest(e: Omit<Envelope, 'sig'>): Uint8Array {
  return taggedHash(
    ENVELOPE_TAG,
    utf8(canonicalJson({ from: e.from, to: e.to, seq: e.seq, sessionId: e.sessionId, body: e.body })),
  );
}

export function signEnvelope(opts: {
  from: string;
  to: string;
  seq: number;
  sessionId: string;
  body: Message;
  nodeSecKey: Uint8Array;
  auxRand: Uint8Array;
}): Envelope {
  const unsigned = { from: opts.from, to: opts.to, seq: opts.seq, sessionId: opts.sessionId, body: opts.body };
  const sig = schnorrSign({ secKey: opts.nodeSecKey, msg: envelopeDigest(unsigned), auxRand: opts.auxRand });
  return { ...unsigned, sig: toHex(sig) };
}

/** Does the envelope's signature verify under `senderXonly` (hex, 32 bytes)? */
export function envelopeSignatureValid(e: Envelope, senderXonly: string): boolean {
  return schnorrVerify({ pubKey: fromHex(senderXonly), msg: envelopeDigest(e), sig: fromHex(e.sig) });
}
