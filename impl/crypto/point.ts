/**
 * Curve points, always noble's `Point` (STYLE 11: never hand-roll curve arithmetic). Encodings follow the
 * BIPs: `cbytes(P)` (33-byte SEC1 compressed), BIP-327's `cbytes_ext` (33 zero bytes = infinity) and
 * BIP-340's x-only `bytes(P)` with `lift_x`.
 */
import './setup.ts';
import { Point } from '@noble/secp256k1';
import { SIZES, bytesToHex, concatBytes, expectBytes } from './bytes.ts';
import { InputError } from '../../util/input-error.ts';
import { PublicMemo } from '../../util/public-memo.ts';

export { Point };

/** BIP-340 `has_even_y(P)`; P must not be infinity. */
export function hasEvenY(p: Point): boolean {
  if (p.is0()) throw new RangeError('hasEvenY: point at infinity has no y');
  return (p.toAffine().y & 1n) === 0n;
}

/** BIP-340 `bytes(P)`: the 32-byte x coordinate. */
export function xonlyBytes(p: Point): Uint8Array {
  return p.toBytes(true).slice(1);
}

/** BIP-327 `cbytes(P)`: 33-byte compressed encoding. */
export function compressedBytes(p: Point): Uint8Array {
  return p.toBytes(true);
}

/** BIP-327 `cbytes_ext(P)`: like cbytes, but infinity is 33 zero bytes. */
export function compressedBytesExt(p: Point): Uint8Array {
  return p.is0() ? new Uint8Array(SIZES.compressedPoint) : p.toBytes(true);
}

/** BIP-327 `cpoint(x)`: a 33-byte compressed point; throws `InputError` if it is not on the curve. */
export function pointFromCompressed(where: string, bytes: unknown): Point {
  const b = expectBytes(where, bytes, SIZES.compressedPoint);
  if (b[0] !== 0x02 && b[0] !== 0x03) {
    throw new InputError(where, `compressed point must start with 0x02 or 0x03, got 0x${(b[0] ?? 0).toString(16)}`);
  }
  return decompressed.get(bytesToHex(b), () => {
    try {
      return Point.fromBytes(b);
    } catch {
      throw new InputError(where, 'not a valid curve point (x is not on secp256k1 or not below p)');
    }
  });
}

/**
 * Decompression (a square root mod p) of the same public keys and nonces recurs in every check of a session:
 * valid points are remembered by their bytes (noble's points are frozen, so sharing one is safe). Cleared when
 * full.
 */
const decompressed = new PublicMemo<Point>(4096);

/** BIP-327 `cpoint_ext(x)`: 33 zero bytes decode to infinity, anything else as `cpoint`. */
export function pointFromCompressedExt(where: string, bytes: unknown): Point {
  const b = expectBytes(where, bytes, SIZES.compressedPoint);
  if (b.every((x) => x === 0)) return Point.ZERO;
  return pointFromCompressed(where, b);
}

/** BIP-340 `lift_x(int(pk))`: the point with even y and this x; throws `InputError` if there is none. */
export function pointFromXonly(where: string, bytes: unknown): Point {
  const b = expectBytes(where, bytes, SIZES.xonlyPubKey);
  return pointFromCompressed(where, concatBytes(Uint8Array.of(0x02), b));
}
