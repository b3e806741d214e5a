/**
 * Scalars mod the secp256k1 group order n: the range checks BIP-340 and BIP-327 require ("fail if s ≥ n"),
 * with `InputError` at the boundary.
 */
import { Point } from './point.ts';
import { SIZES, expectBytes } from './bytes.ts';
import { InputError } from '../../util/input-error.ts';

/** n, the order of the secp256k1 group (taken from noble's curve parameters, not retyped). */
export const CURVE_ORDER: bigint = Point.CURVE().n;

/** x mod n, always in [0, n). */
export function modN(x: bigint): bigint {
  const r = x % CURVE_ORDER;
  return r < 0n ? r + CURVE_ORDER : r;
}

/** Big-endian integer of any byte string (BIP-340 `int(x)`), not reduced. */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  let x = 0n;
  for (const b of bytes) x = (x << 8n) | BigInt(b);
  return x;
}

/** BIP-340 `bytes(x)`: 32 bytes big-endian; x must be in [0, n). */
export function scalarToBytes(x: bigint): Uint8Array {
  if (x < 0n || x >= CURVE_ORDER) throw new RangeError(`scalarToBytes: ${x} is not in [0, n)`);
  const out = new Uint8Array(SIZES.scalar);
  let v = x;
  for (let i = SIZES.scalar - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/**
 * Parses a 32-byte scalar and fails if it is ≥ n (BIP-327 "Let s = int(psig); fail if s ≥ n"). Zero is
 * rejected unless `allowZero` (secret keys, nonces and adaptor secrets must be non-zero; tweaks may be zero).
 */
export function scalarFromBytes(where: string, bytes: unknown, opts: { allowZero: boolean }): bigint {
  const x = bytesToBigInt(expectBytes(where, bytes, SIZES.scalar));
  if (x >= CURVE_ORDER) throw new InputError(where, 'scalar is not below the group order n');
  if (x === 0n && !opts.allowZero) throw new InputError(where, 'scalar is zero');
  return x;
}
