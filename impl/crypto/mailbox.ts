/**
 * The mailbox envelope (PROTOCOL.md scheme 1 step 4 and every sealed payload): a sealed box to the recipient's
 * key with a fresh ephemeral key per envelope, authenticated inside by the sender when it wants to be known.
 *
 *   e        = a fresh ephemeral secret key: int(hash_APLN/mailbox/ephemeral(rand ‖ cbytes(P_r) ‖ len(aad) ‖ aad ‖
 *              plaintext)) mod n, where rand is 32 bytes from the sender's RNG (synthetic, like RFC 6979 with
 *              added randomness: a repeated rand with another plaintext, aad or recipient still gives another e)
 *   E        = e⋅G
 *   key‖nonce = HKDF-SHA256(ikm = ECDH(e, P_r), salt = cbytes(E) ‖ cbytes(P_r), info = MAILBOX_HKDF_INFO, 56 bytes)
 *   inner    = 0x00 ‖ plaintext                                     (anonymous), or
 *              0x01 ‖ cbytes(P_s) ‖ sig ‖ plaintext, sig = BIP-340 by the sender over
 *              hash_APLN/mailbox/sender(cbytes(E) ‖ cbytes(P_r) ‖ len(aad) ‖ aad ‖ plaintext)
 *   envelope = 0x02 (version) ‖ cbytes(E) (33) ‖ nonce (24) ‖ XChaCha20-Poly1305(key, nonce,
 *              aad = 0x02 ‖ cbytes(E) ‖ nonce ‖ cbytes(P_r) ‖ caller's aad)(inner) (ciphertext ‖ 16-byte tag)
 *
 * Properties: every envelope has its own key and nonce (both derive from E, which is fresh), so two envelopes
 * never share a keystream; the relay sees only E, the nonce and sizes (no sender key: it learns no sender);
 * compromise of the sender's long-term key later does not open what it sent (only e could, and e is not kept);
 * the recipient's key and the caller's aad (bind the payment there) are authenticated; the sender's signature
 * binds E and the recipient, so a signed payload cannot be re-sealed to someone else as if sent to them, and
 * knowing the recipient's key does not let anyone forge a sender (no key-compromise impersonation, unlike a
 * static–static ECDH). The nonce travels in the header so an auditor can check uniqueness; the opener recomputes
 * it and refuses an envelope whose nonce is not the one E gives. ECDH is noble's `getSharedSecret(sk, P, true)`,
 * the 33-byte compressed shared point. Any change to the envelope, the aad or the keys makes `openEnvelope`
 * throw `MailboxTamperedError`.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { secp, sha256 } from './setup.ts';
import { SIZES, concatBytes, equalBytes, expectBytes, utf8 } from './bytes.ts';
import { MailboxTamperedError } from './errors.ts';
import { pointFromCompressed } from './point.ts';
import { CURVE_ORDER, bytesToBigInt, scalarFromBytes, scalarToBytes } from './scalar.ts';
import { schnorrSign, schnorrVerify } from './schnorr.ts';
import { taggedHash } from './tagged-hash.ts';

export const MAILBOX_VERSION = 0x02;
export const MAILBOX_HKDF_INFO = 'apln/mailbox/v2 xchacha20poly1305 key+nonce';
/** Where the AEAD nonce starts in an envelope (after the version byte and the ephemeral key). */
export const MAILBOX_NONCE_OFFSET = 1 + SIZES.compressedPoint;
/** Bytes before the ciphertext: version, ephemeral key, nonce. */
export const MAILBOX_HEADER_BYTES = MAILBOX_NONCE_OFFSET + SIZES.aeadNonce;
/** Bytes the sender's authentication adds inside the ciphertext: flag, sender key, signature. */
export const MAILBOX_SENDER_BYTES = 1 + SIZES.compressedPoint + SIZES.signature;

const FLAG_ANONYMOUS = 0x00;
const FLAG_SIGNED = 0x01;

function lengthPrefixed(b: Uint8Array): Uint8Array {
  const len = new Uint8Array(4);
  new DataView(len.buffer).setUint32(0, b.length, false);
  return concatBytes(len, b);
}

/** The ephemeral secret key: from the sender's rand and everything sealed (never zero, never ≥ n). */
function ephemeralKey(
  rand: Uint8Array,
  recipientPubKey: Uint8Array,
  aad: Uint8Array,
  plaintext: Uint8Array,
): Uint8Array {
  for (let i = 0; ; i++) {
    const h = taggedHash(
      'APLN/mailbox/ephemeral',
      rand,
      recipientPubKey,
      lengthPrefixed(aad),
      plaintext,
      Uint8Array.of(i),
    );
    const x = bytesToBigInt(h);
    if (x > 0n && x < CURVE_ORDER) return scalarToBytes(x);
  }
}

function senderDigest(
  ephemeralPubKey: Uint8Array,
  recipientPubKey: Uint8Array,
  aad: Uint8Array,
  plaintext: Uint8Array,
): Uint8Array {
  return taggedHash('APLN/mailbox/sender', ephemeralPubKey, recipientPubKey, lengthPrefixed(aad), plaintext);
}

/** ECDH then HKDF-SHA256 to the envelope's key and nonce (see the file comment). */
function keyAndNonce(opts: {
  secKey: Uint8Array;
  peerPubKey: Uint8Array;
  ephemeralPubKey: Uint8Array;
  recipientPubKey: Uint8Array;
}): { key: Uint8Array; nonce: Uint8Array } {
  const shared = secp.getSharedSecret(opts.secKey, opts.peerPubKey, true);
  const okm = hkdf(
    sha256,
    shared,
    concatBytes(opts.ephemeralPubKey, opts.recipientPubKey),
    utf8(MAILBOX_HKDF_INFO),
    32 + SIZES.aeadNonce,
  );
  return { key: okm.slice(0, 32), nonce: okm.slice(32) };
}

function aeadAad(header: Uint8Array, recipientPubKey: Uint8Array, aad: Uint8Array): Uint8Array {
  return concatBytes(header, recipientPubKey, aad);
}

/**
 * Seals `plaintext` for `recipientPubKey` under a fresh ephemeral key derived from `rand` (32 bytes from the
 * sender's RNG) and everything sealed. With `senderSecKey`, the recipient learns and can check the sender;
 * without it, the envelope is anonymous. Deterministic in its inputs.
 */
export function sealEnvelope(opts: {
  recipientPubKey: Uint8Array;
  plaintext: Uint8Array;
  aad: Uint8Array;
  rand: Uint8Array;
  senderSecKey?: Uint8Array;
  /** BIP-340 aux randomness for the sender's signature (defaults to a hash of `rand`). */
  auxRand?: Uint8Array;
}): Uint8Array {
  pointFromCompressed('recipientPubKey', opts.recipientPubKey);
  const plaintext = expectBytes('plaintext', opts.plaintext);
  const aad = expectBytes('aad', opts.aad);
  const rand = expectBytes('rand', opts.rand, SIZES.rand);
  if (opts.senderSecKey !== undefined) scalarFromBytes('senderSecKey', opts.senderSecKey, { allowZero: false });
  const e = ephemeralKey(rand, opts.recipientPubKey, aad, plaintext);
  const E = secp.getPublicKey(e, true);
  const { key, nonce } = keyAndNonce({
    secKey: e,
    peerPubKey: opts.recipientPubKey,
    ephemeralPubKey: E,
    recipientPubKey: opts.recipientPubKey,
  });
  e.fill(0);
  let inner: Uint8Array;
  if (opts.senderSecKey === undefined) {
    inner = concatBytes(Uint8Array.of(FLAG_ANONYMOUS), plaintext);
  } else {
    const auxRand =
      opts.auxRand === undefined
        ? taggedHash('APLN/mailbox/aux', rand)
        : expectBytes('auxRand', opts.auxRand, SIZES.rand);
    const sig = schnorrSign({
      secKey: opts.senderSecKey,
      msg: senderDigest(E, opts.recipientPubKey, aad, plaintext),
      auxRand,
    });
    inner = concatBytes(Uint8Array.of(FLAG_SIGNED), secp.getPublicKey(opts.senderSecKey, true), sig, plaintext);
  }
  const header = concatBytes(Uint8Array.of(MAILBOX_VERSION), E, nonce);
  const ciphertext = xchacha20poly1305(key, nonce, aeadAad(header, opts.recipientPubKey, aad)).encrypt(inner);
  return concatBytes(header, ciphertext);
}

/**
 * Opens an envelope addressed to `recipientSecKey`'s key with the same `aad`. Returns the plaintext and the
 * sender's key when the envelope is signed (null when anonymous). Throws `MailboxTamperedError` on any
 * tampering or a wrong key, and when `expectedSenderPubKey` is given and the envelope is not signed by it.
 */
export function openEnvelope(opts: {
  recipientSecKey: Uint8Array;
  envelope: Uint8Array;
  aad: Uint8Array;
  expectedSenderPubKey?: Uint8Array;
}): { plaintext: Uint8Array; senderPubKey: Uint8Array | null } {
  scalarFromBytes('recipientSecKey', opts.recipientSecKey, { allowZero: false });
  const envelope = expectBytes('envelope', opts.envelope);
  const aad = expectBytes('aad', opts.aad);
  const expected =
    opts.expectedSenderPubKey === undefined
      ? undefined
      : expectBytes('expectedSenderPubKey', opts.expectedSenderPubKey, SIZES.compressedPoint);
  if (envelope.length < MAILBOX_HEADER_BYTES + 1 + SIZES.aeadTag) {
    throw new MailboxTamperedError(
      'envelope',
      `truncated: ${envelope.length} bytes, at least ${MAILBOX_HEADER_BYTES + 1 + SIZES.aeadTag} needed`,
    );
  }
  if (envelope[0] !== MAILBOX_VERSION) {
    throw new MailboxTamperedError('envelope.version', `unknown version ${envelope[0]}, expected ${MAILBOX_VERSION}`);
  }
  const E = envelope.slice(1, MAILBOX_NONCE_OFFSET);
  try {
    pointFromCompressed('envelope.ephemeralKey', E);
  } catch {
    throw new MailboxTamperedError('envelope.ephemeralKey', 'not a valid curve point');
  }
  const recipientPubKey = secp.getPublicKey(opts.recipientSecKey, true);
  const { key, nonce } = keyAndNonce({
    secKey: opts.recipientSecKey,
    peerPubKey: E,
    ephemeralPubKey: E,
    recipientPubKey,
  });
  if (!equalBytes(nonce, envelope.subarray(MAILBOX_NONCE_OFFSET, MAILBOX_HEADER_BYTES))) {
    throw new MailboxTamperedError(
      'envelope.nonce',
      'not the nonce the ephemeral key gives (changed, or not for this recipient)',
    );
  }
  let inner: Uint8Array;
  try {
    inner = xchacha20poly1305(
      key,
      nonce,
      aeadAad(envelope.subarray(0, MAILBOX_HEADER_BYTES), recipientPubKey, aad),
    ).decrypt(envelope.subarray(MAILBOX_HEADER_BYTES));
  } catch {
    throw new MailboxTamperedError('envelope', 'authentication failed: ciphertext, header, aad or key was changed');
  }
  if (inner[0] === FLAG_ANONYMOUS) {
    if (expected !== undefined)
      throw new MailboxTamperedError(
        'envelope.sender',
        'anonymous, but a signed envelope from the expected sender was required',
      );
    return { plaintext: inner.slice(1), senderPubKey: null };
  }
  if (inner[0] !== FLAG_SIGNED || inner.length < MAILBOX_SENDER_BYTES)
    throw new MailboxTamperedError('envelope.sender', 'unknown sender flag or truncated sender block');
  const senderPubKey = inner.slice(1, 1 + SIZES.compressedPoint);
  const sig = inner.subarray(1 + SIZES.compressedPoint, MAILBOX_SENDER_BYTES);
  const plaintext = inner.slice(MAILBOX_SENDER_BYTES);
  if (expected !== undefined && !equalBytes(expected, senderPubKey))
    throw new MailboxTamperedError('envelope.sender', 'not the expected sender key');
  let valid = false;
  try {
    pointFromCompressed('envelope.sender', senderPubKey);
    valid = schnorrVerify({
      pubKey: senderPubKey.subarray(1),
      msg: senderDigest(E, recipientPubKey, aad, plaintext),
      sig,
    });
  } catch {
    valid = false;
  }
  if (!valid) throw new MailboxTamperedError('envelope.sender', "the sender's signature does not verify");
  return { plaintext, senderPubKey };
}
