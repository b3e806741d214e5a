/**
 * The mailbox envelope (PROTOCOL.md scheme 1 step 4): A's bundle for B, stored by the untrusted relay M.
 *
 *   key      = HKDF-SHA256(ikm = ECDH(sender, recipient), salt = cbytes(P_sender) || cbytes(P_recipient),
 *                          info = "apln/mailbox/v1 xchacha20poly1305 key", 32 bytes)
 *   envelope = 0x01 (version) || cbytes(P_sender) (33) || nonce (24) || XChaCha20-Poly1305(key, nonce,
 *              aad = 0x01 || cbytes(P_sender) || caller's aad)(plaintext) (ciphertext || 16-byte tag)
 *
 * ECDH is noble's `getSharedSecret(secKey, pubKey, true)`: the 33-byte *compressed* shared point d_s⋅P_r
 * (not just its x coordinate; both sides compute the same point, so the parity byte is the same on both).
 * Keys at this boundary are 33-byte compressed. The sender key may be A's static key (B can then require it
 * with `expectedSenderPubKey`) or a fresh ephemeral key (then the envelope says nothing about who sent it;
 * the bundle's own signatures do). The 24-byte nonce is injected so runs replay; never reuse one under the
 * same key pair. Any change to the envelope (version, sender key, nonce, ciphertext, tag), the aad or the
 * keys makes `openEnvelope` throw `MailboxTamperedError`; M learns only sizes and the sender key.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { secp, sha256 } from './setup.ts';
import { SIZES, concatBytes, equalBytes, expectBytes, utf8 } from './bytes.ts';
import { MailboxTamperedError } from './errors.ts';
import { pointFromCompressed } from './point.ts';
import { scalarFromBytes } from './scalar.ts';

export const MAILBOX_VERSION = 0x01;
export const MAILBOX_HKDF_INFO = 'apln/mailbox/v1 xchacha20poly1305 key';
/** Bytes before the ciphertext: version, sender key, nonce. */
export const MAILBOX_HEADER_BYTES = 1 + SIZES.compressedPoint + SIZES.aeadNonce;

/** Seals `plaintext` for `recipientPubKey`. Deterministic given the sender key and the injected nonce. */
export function sealEnvelope(opts: {
  senderSecKey: Uint8Array;
  recipientPubKey: Uint8Array;
  plaintext: Uint8Array;
  aad: Uint8Array;
  nonce: Uint8Array;
}): Uint8Array {
  scalarFromBytes('senderSecKey', opts.senderSecKey, { allowZero: false });
  pointFromCompressed('recipientPubKey', opts.recipientPubKey);
  const plaintext = expectBytes('plaintext', opts.plaintext);
  const aad = expectBytes('aad', opts.aad);
  const nonce = expectBytes('nonce', opts.nonce, SIZES.aeadNonce);
  const senderPubKey = secp.getPublicKey(opts.senderSecKey, true);
  const key = envelopeKey({ secKey: opts.senderSecKey, peerPubKey: opts.recipientPubKey, senderPubKey, recipientPubKey: opts.recipientPubKey });
  const header = Uint8Array.of(MAILBOX_VERSION, ...senderPubKey);
  const ciphertext = xchacha20poly1305(key, nonce, concatBytes(header, aad)).encrypt(plaintext);
  return concatBytes(header, nonce, ciphertext);
}

/**
 * Opens an envelope addressed to `recipientSecKey`'s key with the same `aad`. Returns the plaintext and the
 * sender key the envelope names. Throws `MailboxTamperedError` on any tampering or a wrong key, and when
 * `expectedSenderPubKey` is given and differs.
 */
export function openEnvelope(opts: {
  recipientSecKey: Uint8Array;
  envelope: Uint8Array;
  aad: Uint8Array;
  expectedSenderPubKey?: Uint8Array;
}): { plaintext: Uint8Array; senderPubKey: Uint8Array } {
  scalarFromBytes('recipientSecKey', opts.recipientSecKey, { allowZero: false });
  const envelope = expectBytes('envelope', opts.envelope);
  const aad = expectBytes('aad', opts.aad);
  if (envelope.length < MAILBOX_HEADER_BYTES + SIZES.aeadTag) {
    throw new MailboxTamperedError('envelope', `truncated: ${envelope.length} bytes, at least ${MAILBOX_HEADER_BYTES + SIZES.aeadTag} needed`);
  }
  if (envelope[0] !== MAILBOX_VERSION) {
    throw new MailboxTamperedError('envelope.version', `unknown version ${envelope[0]}, expected ${MAILBOX_VERSION}`);
  }
  const senderPubKey = envelope.slice(1, 1 + SIZES.compressedPoint);
  if (opts.expectedSenderPubKey !== undefined) {
    const expected = expectBytes('expectedSenderPubKey', opts.expectedSenderPubKey, SIZES.compressedPoint);
    if (!equalBytes(expected, senderPubKey)) throw new MailboxTamperedError('envelope.sender', 'not the expected sender key');
  }
  try {
    pointFromCompressed('envelope.sender', senderPubKey);
  } catch {
    throw new MailboxTamperedError('envelope.sender', 'the sender key is not a valid curve point');
  }
  const nonce = envelope.subarray(1 + SIZES.compressedPoint, MAILBOX_HEADER_BYTES);
  const recipientPubKey = secp.getPublicKey(opts.recipientSecKey, true);
  const key = envelopeKey({ secKey: opts.recipientSecKey, peerPubKey: senderPubKey, senderPubKey, recipientPubKey });
  const header = envelope.subarray(0, 1 + SIZES.compressedPoint);
  try {
    const plaintext = xchacha20poly1305(key, nonce, concatBytes(header, aad)).decrypt(envelope.subarray(MAILBOX_HEADER_BYTES));
    return { plaintext, senderPubKey };
  } catch {
    throw new MailboxTamperedError('envelope', 'authentication failed: ciphertext, nonce, header, aad or key was changed');
  }
}

/** ECDH then HKDF-SHA256 (see the file comment). */
function envelopeKey(opts: { secKey: Uint8Array; peerPubKey: Uint8Array; senderPubKey: Uint8Array; recipientPubKey: Uint8Array }): Uint8Array {
  const shared = secp.getSharedSecret(opts.secKey, opts.peerPubKey, true);
  return hkdf(sha256, shared, concatBytes(opts.senderPubKey, opts.recipientPubKey), utf8(MAILBOX_HKDF_INFO), 32);
}
