/**
 * Bitcoin's little-endian serialization pieces that the signature messages are built from: fixed-width
 * integers, CompactSize lengths, `CTxOut` and outpoints. Pure byte functions, no library state.
 */
import { concatBytes } from '../crypto/index.ts';

/** 4-byte little-endian unsigned (nVersion is written as its 32-bit two's-complement pattern). */
export function u32le(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n >>> 0, true);
  return out;
}

/** 8-byte little-endian unsigned (amounts in satoshi). */
export function u64le(n: bigint): Uint8Array {
  if (n < 0n || n >= 1n << 64n) throw new RangeError(`u64le: ${n} is outside [0, 2^64)`);
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, n, true);
  return out;
}

/** Bitcoin's CompactSize length prefix. */
export function compactSize(n: number): Uint8Array {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`compactSize: ${n} is not a length`);
  if (n < 0xfd) return Uint8Array.of(n);
  if (n <= 0xffff) return Uint8Array.of(0xfd, n & 0xff, n >>> 8);
  if (n <= 0xffffffff) return concatBytes(Uint8Array.of(0xfe), u32le(n));
  return concatBytes(Uint8Array.of(0xff), u64le(BigInt(n)));
}

/** `compact_size(len) || bytes`: a script "serialized as script inside CTxOut". */
export function varSlice(bytes: Uint8Array): Uint8Array {
  return concatBytes(compactSize(bytes.length), bytes);
}

/** A transaction output in `CTxOut` format: amount (8) || varSlice(scriptPubKey). */
export function txOut(o: { readonly value: bigint; readonly script: Uint8Array }): Uint8Array {
  return concatBytes(u64le(o.value), varSlice(o.script));
}

/** An outpoint as serialized: txid in internal byte order (32) || vout (4). */
export function outpoint(o: { readonly hash: Uint8Array; readonly index: number }): Uint8Array {
  return concatBytes(o.hash, u32le(o.index));
}
