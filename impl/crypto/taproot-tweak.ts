/**
 * BIP-341 taproot tweak of a MuSig2 aggregate key, so the channel's funding output can be a taproot key-path
 * output spent by a 2-of-2 MuSig2 signature:
 *   t = int(hash_TapTweak(bytes(P) || merkle_root))   (just bytes(P) when there is no script tree); fail if t ≥ n
 *   Q = lift_x(P) + t⋅G; the output key is bytes(Q).
 * Pass the result to `musigKeyAgg(keys, { tweaks: [tweak] })` / `MusigSession({ ..., tweaks: [tweak] })`: it is
 * an x-only tweak, as BIP-327 requires for taproot.
 */
import { SIZES, expectBytes } from './bytes.ts';
import { Point, pointFromXonly, xonlyBytes } from './point.ts';
import { CURVE_ORDER, bytesToBigInt } from './scalar.ts';
import { taggedHash } from './tagged-hash.ts';
import type { Tweak } from './musig.ts';
import { InputError } from '../../util/input-error.ts';

/** The BIP-341 TapTweak for x-only `internalKey` and optional 32-byte `merkleRoot`, as a BIP-327 x-only tweak. */
export function taprootTweak(opts: { internalKey: Uint8Array; merkleRoot?: Uint8Array }): Tweak {
  const internalKey = expectBytes('internalKey', opts.internalKey, SIZES.xonlyPubKey);
  const parts =
    opts.merkleRoot === undefined ? [internalKey] : [internalKey, expectBytes('merkleRoot', opts.merkleRoot, 32)];
  const tweak = taggedHash('TapTweak', ...parts);
  if (bytesToBigInt(tweak) >= CURVE_ORDER) throw new InputError('taprootTweak', 'tweak is not below n (BIP-341: fail)');
  return { tweak, xOnly: true };
}

/** BIP-341 `taproot_tweak_pubkey`: the 32-byte x-only output key lift_x(P) + t⋅G. */
export function taprootOutputKey(opts: { internalKey: Uint8Array; merkleRoot?: Uint8Array }): Uint8Array {
  const { tweak } = taprootTweak(opts);
  const P = pointFromXonly('internalKey', opts.internalKey);
  const t = bytesToBigInt(tweak);
  const Q = t === 0n ? P : P.add(Point.BASE.multiply(t));
  if (Q.is0()) throw new InputError('taprootOutputKey', 'the output key is infinity');
  return xonlyBytes(Q);
}
