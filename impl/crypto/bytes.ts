/**
 * Byte helpers and the fixed sizes of every encoding impl/crypto accepts. Length checks throw `InputError`
 * at public boundaries, naming the field: `partialSig: expected 32 bytes, got 31`.
 */
import { InputError } from '../../util/input-error.ts';

/** Sizes in bytes of the encodings used at impl/crypto's boundaries. */
export const SIZES = {
  /** A secret key or any scalar mod n (BIP-340 `bytes(x)`). */
  secretKey: 32,
  scalar: 32,
  /** BIP-340 x-only public key `bytes(P)`. */
  xonlyPubKey: 32,
  /** SEC1 compressed point `cbytes(P)` (BIP-327 individual keys, adaptor points). */
  compressedPoint: 33,
  /** BIP-340 signature `bytes(R) || bytes(s)`. */
  signature: 64,
  /** BIP-327 partial signature `bytes(s_i)`. */
  partialSig: 32,
  /** BIP-327 public nonce `cbytes(R1) || cbytes(R2)` and aggregate nonce (`cbytes_ext`). */
  pubNonce: 66,
  aggNonce: 66,
  /** BIP-327 secret nonce `bytes(k1) || bytes(k2) || cbytes(P)`. */
  secNonce: 97,
  /** Randomness fed to BIP-340 signing (aux_rand) and BIP-327 NonceGen (rand'). */
  rand: 32,
  /** Adaptor pre-signature `cbytes(R) || bytes(s')` (see adaptor.ts). */
  preSignature: 65,
  /** XChaCha20-Poly1305 nonce and tag. */
  aeadNonce: 24,
  aeadTag: 16,
} as const;

/** Checks that `value` is a Uint8Array (of `length` bytes when given); throws `InputError(where, …)` otherwise. */
export function expectBytes(where: string, value: unknown, length?: number): Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new InputError(where, `expected bytes (Uint8Array), got ${describe(value)}`);
  }
  if (length !== undefined && value.length !== length) {
    throw new InputError(where, `expected ${length} bytes, got ${value.length}`);
  }
  return value;
}

/** Parses lower- or upper-case hex; throws `InputError` on odd length, a non-hex character or a wrong length. */
export function hexToBytes(where: string, hex: string, length?: number): Uint8Array {
  if (hex.length % 2 !== 0) throw new InputError(where, `hex has odd length ${hex.length}`);
  if (!/^[0-9a-fA-F]*$/.test(hex)) throw new InputError(where, 'expected hex digits only');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return length === undefined ? out : expectBytes(where, out, length);
}

/** Lower-case hex. */
export function bytesToHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Byte equality (not constant-time: use only on public data). */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** UTF-8 encoding of a label or text. */
export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
