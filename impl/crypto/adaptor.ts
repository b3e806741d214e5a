/**
 * Schnorr adaptor signatures compatible with BIP-340 (PTLCs, PROTOCOL.md scheme 1 steps 7–8).
 *
 * A pre-signature under adaptor point T = t⋅G is `cbytes(R) || bytes(s')` (65 bytes), where R = R' + T is the
 * nonce the final signature will carry and R' = k'⋅G the signer's own nonce point. BIP-340 needs an even-y
 * nonce, so the signer uses k = k' if has_even_y(R), else k = n − k' (then the final nonce is −R, with the
 * same x). Consequently:
 *   - even R:  s'⋅G = R' + e⋅P,   and the signature is (x(R), s' + t);
 *   - odd R:   s'⋅G = −R' + e⋅P,  and the signature is (x(R), s' − t).
 * In both cases the completed s satisfies BIP-340: s⋅G = ±R + e⋅P with e = hash_BIP0340/challenge(x(R)||x(P)||m),
 * so noble's own `schnorr.verify` accepts it. R is sent compressed so the verifier and `adapt`/`extract` know
 * the parity (x(R) alone would not say whether to add or subtract t).
 *
 * `adapt` completes with t; `extract` recovers t from the pre-signature and the completed signature.
 * The MuSig2 flavour (a 2-of-2 PTLC output) lives in adaptor-musig.ts and produces the same 65-byte format.
 */
import { SIZES, concatBytes, equalBytes, expectBytes } from './bytes.ts';
import { AdaptorError } from './errors.ts';
import { Point, compressedBytes, hasEvenY, pointFromCompressed, xonlyBytes } from './point.ts';
import { CURVE_ORDER, bytesToBigInt, modN, scalarFromBytes, scalarToBytes } from './scalar.ts';
import { schnorrVerify } from './schnorr.ts';
import { taggedHash, taggedScalar } from './tagged-hash.ts';
import { InputError } from '../../util/input-error.ts';

/** Tag of our adaptor nonce derivation (not BIP-340's "BIP0340/nonce": the input also commits to T). */
export const ADAPTOR_NONCE_TAG = 'APLN/adaptor/nonce';

/** T = t⋅G as a 33-byte compressed point, for an adaptor secret t in [1, n). */
export function adaptorPointOf(secret: Uint8Array): Uint8Array {
  const t = scalarFromBytes('adaptorSecret', secret, { allowZero: false });
  return compressedBytes(Point.BASE.multiply(t));
}

/**
 * Pre-signs `msg` under adaptor point T. Deterministic given `auxRand` (injected, 32 bytes), BIP-340 style:
 *   d' = int(sk); P = d'⋅G; d = d' if has_even_y(P) else n − d'
 *   rand = hash_APLN/adaptor/nonce((bytes(d) xor hash_BIP0340/aux(a)) || bytes(P) || cbytes(T) || m)
 *   k' = int(rand) mod n (fail if 0); R' = k'⋅G; R = R' + T (fail if infinite)
 *   k = k' if has_even_y(R) else n − k'; e = int(hash_BIP0340/challenge(bytes(R) || bytes(P) || m)) mod n
 *   s' = k + e⋅d mod n; pre-signature = cbytes(R) || bytes(s')
 * The nonce commits to T: two pre-signatures of one message under different points must not share k, or
 * the two equations s'_i = k + e_i⋅d would reveal d. Self-verified with `preVerify` before returning.
 */
export function preSign(opts: {
  secKey: Uint8Array;
  msg: Uint8Array;
  adaptorPoint: Uint8Array;
  auxRand: Uint8Array;
}): Uint8Array {
  const dp = scalarFromBytes('secKey', opts.secKey, { allowZero: false });
  const msg = expectBytes('msg', opts.msg);
  const T = pointFromCompressed('adaptorPoint', opts.adaptorPoint);
  const aux = expectBytes('auxRand', opts.auxRand, SIZES.rand);
  const P = Point.BASE.multiply(dp);
  const d = hasEvenY(P) ? dp : CURVE_ORDER - dp;
  const px = xonlyBytes(P);
  const auxHash = taggedHash('BIP0340/aux', aux);
  const masked = scalarToBytes(d).map((byte, i) => byte ^ (auxHash[i] ?? 0));
  const kp = modN(bytesToBigInt(taggedHash(ADAPTOR_NONCE_TAG, masked, px, compressedBytes(T), msg)));
  if (kp === 0n) throw new Error('preSign: derived nonce is zero (negligible probability)');
  const R = Point.BASE.multiply(kp).add(T);
  if (R.is0()) throw new AdaptorError('adaptorPoint', 'R = k⋅G + T is infinity; choose other auxRand');
  const k = hasEvenY(R) ? kp : CURVE_ORDER - kp;
  const e = taggedScalar('BIP0340/challenge', xonlyBytes(R), px, msg);
  const preSig = concatBytes(compressedBytes(R), scalarToBytes(modN(k + e * d)));
  // STYLE 11: verify what we hand out.
  if (!preVerify({ pubKey: px, msg, adaptorPoint: opts.adaptorPoint, preSig })) {
    throw new Error('preSign: produced pre-signature does not verify');
  }
  return preSig;
}

/**
 * Is `preSig` a valid pre-signature of `msg` by x-only `pubKey` under adaptor point T? Checks
 * s'⋅G == (R − T if has_even_y(R) else −(R − T)) + e⋅P. Wrong lengths throw `InputError`; anything else
 * that is invalid (off-curve points, s' ≥ n, R = T) returns false.
 */
export function preVerify(opts: {
  pubKey: Uint8Array;
  msg: Uint8Array;
  adaptorPoint: Uint8Array;
  preSig: Uint8Array;
}): boolean {
  const pubKey = expectBytes('pubKey', opts.pubKey, SIZES.xonlyPubKey);
  const msg = expectBytes('msg', opts.msg);
  const preSig = expectBytes('preSig', opts.preSig, SIZES.preSignature);
  expectBytes('adaptorPoint', opts.adaptorPoint, SIZES.compressedPoint);
  let P: Point;
  let T: Point;
  let R: Point;
  try {
    P = pointFromCompressed('pubKey', concatBytes(Uint8Array.of(0x02), pubKey)); // BIP-340 lift_x
    T = pointFromCompressed('adaptorPoint', opts.adaptorPoint);
    R = pointFromCompressed('preSig R', preSig.subarray(0, 33));
  } catch {
    return false;
  }
  const sp = bytesToBigInt(preSig.subarray(33, 65));
  if (sp >= CURVE_ORDER) return false;
  const Rp = R.subtract(T); // the signer's own nonce point R' = k'⋅G
  if (Rp.is0()) return false;
  const e = taggedScalar('BIP0340/challenge', xonlyBytes(R), pubKey, msg);
  const expected = (hasEvenY(R) ? Rp : Rp.negate()).add(P.multiplyUnsafe(e));
  return Point.BASE.multiplyUnsafe(sp).equals(expected);
}

/**
 * Completes a pre-signature with the adaptor secret t into a BIP-340 signature (x(R), s' ± t). Fails closed:
 * the result must verify under `pubKey` for `msg` (noble's `schnorr.verify`), else `AdaptorError` (a wrong
 * secret, or a pre-signature for another key or message).
 */
export function adapt(opts: {
  preSig: Uint8Array;
  secret: Uint8Array;
  pubKey: Uint8Array;
  msg: Uint8Array;
}): Uint8Array {
  const preSig = expectBytes('preSig', opts.preSig, SIZES.preSignature);
  const t = scalarFromBytes('adaptorSecret', opts.secret, { allowZero: false });
  const R = pointFromCompressed('preSig R', preSig.subarray(0, 33));
  const sp = scalarFromBytes('preSig s', preSig.subarray(33, 65), { allowZero: true });
  const s = hasEvenY(R) ? modN(sp + t) : modN(sp - t);
  const sig = concatBytes(xonlyBytes(R), scalarToBytes(s));
  if (!schnorrVerify({ pubKey: opts.pubKey, msg: opts.msg, sig })) {
    throw new AdaptorError('adapt', 'the completed signature does not verify: wrong adaptor secret, key or message');
  }
  return sig;
}

/**
 * Recovers the adaptor secret t from a completed BIP-340 signature and its pre-signature:
 * t = s − s' if has_even_y(R) else s' − s. Requires T (stricter than optional: a t that does not match T is
 * an `AdaptorError`, never returned), and that the signature carries the pre-signature's nonce.
 */
export function extract(opts: { sig: Uint8Array; preSig: Uint8Array; adaptorPoint: Uint8Array }): Uint8Array {
  const sig = expectBytes('sig', opts.sig, SIZES.signature);
  const preSig = expectBytes('preSig', opts.preSig, SIZES.preSignature);
  const T = pointFromCompressed('adaptorPoint', opts.adaptorPoint);
  const R = pointFromCompressed('preSig R', preSig.subarray(0, 33));
  if (!equalBytes(sig.subarray(0, 32), xonlyBytes(R))) {
    throw new AdaptorError(
      'extract',
      'the signature’s nonce is not the pre-signature’s: it completes another pre-signature',
    );
  }
  const s = scalarFromBytes('sig s', sig.subarray(32, 64), { allowZero: true });
  const sp = scalarFromBytes('preSig s', preSig.subarray(33, 65), { allowZero: true });
  const t = hasEvenY(R) ? modN(s - sp) : modN(sp - s);
  if (t === 0n || !Point.BASE.multiply(t).equals(T)) {
    throw new AdaptorError('extract', 'the extracted secret t does not satisfy t⋅G = T');
  }
  return scalarToBytes(t);
}

/** Does the 32-byte secret t satisfy t⋅G = T? (B checks s_A against its invoice point; false on any bad input.) */
export function secretMatchesPoint(opts: { secret: Uint8Array; adaptorPoint: Uint8Array }): boolean {
  const t = bytesToBigInt(expectBytes('adaptorSecret', opts.secret, SIZES.scalar));
  if (t === 0n || t >= CURVE_ORDER) return false;
  try {
    return Point.BASE.multiply(t).equals(pointFromCompressed('adaptorPoint', opts.adaptorPoint));
  } catch (e) {
    if (e instanceof InputError) return false;
    throw e;
  }
}
