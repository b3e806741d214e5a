/**
 * BIP-327's public session arithmetic re-derived with noble's `Point`, independently of the scure library:
 * KeyAgg (with KeyAggCoeff and GetSecondKey), ApplyTweak, and GetSessionValues. `partialSigPoint` and the
 * MuSig2 adaptor flavour build on it; the cross-checks against the library live in partial-sig-point.test.ts.
 * Every value here is public; variable-time multiplication (`multiplyUnsafe`, which maps 0 to infinity like
 * the reference `point_mul`) is therefore fine.
 */
import { SIZES, bytesToHex, concatBytes, equalBytes, expectBytes } from './bytes.ts';
import { MusigContributionError } from './errors.ts';
import { Point, hasEvenY, pointFromCompressed, pointFromCompressedExt, xonlyBytes } from './point.ts';
import { CURVE_ORDER, modN, scalarFromBytes } from './scalar.ts';
import { taggedHash, taggedScalar } from './tagged-hash.ts';
import { InputError } from '../../util/input-error.ts';

/** A BIP-327 tweak: `xOnly` for a taproot (BIP-341) tweak, plain for a BIP-32 style one. */
export type Tweak = { readonly tweak: Uint8Array; readonly xOnly: boolean };

/** BIP-327 KeyGen Context after tweaking: Q, gacc, tacc. */
export type KeyGenContext = { readonly Q: Point; readonly gacc: bigint; readonly tacc: bigint };

/** BIP-327 GetSessionValues: the key context plus b, the final nonce R and the challenge e. */
export type SessionValues = KeyGenContext & { readonly b: bigint; readonly R: Point; readonly e: bigint };

/** BIP-327 HashKeys: L = hash_KeyAgg list(pk1 || ... || pku). */
function hashKeys(publicKeys: readonly Uint8Array[]): Uint8Array {
  return taggedHash('KeyAgg list', ...publicKeys);
}

/** BIP-327 GetSecondKey: the first key differing from pk1, or bytes(33, 0) if all are equal. */
function secondKey(publicKeys: readonly Uint8Array[]): Uint8Array {
  const first = publicKeys[0];
  for (const pk of publicKeys.slice(1)) if (first !== undefined && !equalBytes(pk, first)) return pk;
  return new Uint8Array(SIZES.compressedPoint);
}

/**
 * BIP-327 KeyAggCoeff(pk1..u, pk'): 1 if pk' is the second distinct key, else
 * int(hash_KeyAgg coefficient(L || pk')) mod n.
 */
export function keyAggCoeff(publicKeys: readonly Uint8Array[], pk: Uint8Array): bigint {
  if (equalBytes(pk, secondKey(publicKeys))) return 1n;
  return taggedScalar('KeyAgg coefficient', hashKeys(publicKeys), pk);
}

/**
 * Memo of recent key contexts: a channel's key list is checked again for every update, and KeyAgg costs two
 * general point multiplications. A pure function of public inputs, so caching cannot change any result.
 */
const KEYGEN_CACHE_MAX = 64;
const keyGenCache = new Map<string, KeyGenContext>();

/** BIP-327 KeyAgg then ApplyTweak for each tweak, in order (memoised on the keys and tweaks). */
export function keyGenContext(opts: { publicKeys: readonly Uint8Array[]; tweaks: readonly Tweak[] }): KeyGenContext {
  opts.publicKeys.forEach((pk, i) => expectBytes(`publicKeys[${i}]`, pk, SIZES.compressedPoint));
  opts.tweaks.forEach((tw, i) => expectBytes(`tweaks[${i}].tweak`, tw.tweak, SIZES.scalar));
  const cacheKey = [
    ...opts.publicKeys.map(bytesToHex),
    '|',
    ...opts.tweaks.map((t) => `${t.xOnly ? 'x' : 'p'}${bytesToHex(t.tweak)}`),
  ].join(',');
  const hit = keyGenCache.get(cacheKey);
  if (hit !== undefined) return hit;
  const ctx = keyGenContextUncached(opts);
  if (keyGenCache.size >= KEYGEN_CACHE_MAX) {
    const oldest = keyGenCache.keys().next();
    if (oldest.done !== true) keyGenCache.delete(oldest.value);
  }
  keyGenCache.set(cacheKey, ctx);
  return ctx;
}

function keyGenContextUncached(opts: { publicKeys: readonly Uint8Array[]; tweaks: readonly Tweak[] }): KeyGenContext {
  const { publicKeys, tweaks } = opts;
  if (publicKeys.length === 0) throw new InputError('publicKeys', 'expected at least one public key');
  // KeyAgg: "Let P_i = cpoint(pk_i); fail if that fails and blame signer i for invalid pubkey".
  const points = publicKeys.map((pk, i) => {
    try {
      return pointFromCompressed(`publicKeys[${i}]`, pk);
    } catch (e) {
      throw new MusigContributionError(`publicKeys[${i}]`, i, 'pubkey', (e as Error).message);
    }
  });
  // KeyAgg: "Let a_i = KeyAggCoeffInternal(pk1..u, pk_i, pk2)"; "Let Q = a_1⋅P_1 + a_2⋅P_2 + ... + a_u⋅P_u".
  let Q = Point.ZERO;
  points.forEach((P, i) => {
    Q = Q.add(P.multiplyUnsafe(keyAggCoeff(publicKeys, publicKeys[i] as Uint8Array)));
  });
  // KeyAgg: "Fail if is_infinite(Q)"; "Let gacc = 1, tacc = 0".
  if (Q.is0()) throw new InputError('publicKeys', 'the aggregate key is the point at infinity');
  let gacc = 1n;
  let tacc = 0n;
  tweaks.forEach((tw, i) => {
    // ApplyTweak: "If is_xonly_t and not has_even_y(Q): Let g = -1 mod n, else: Let g = 1".
    const g = tw.xOnly && !hasEvenY(Q) ? CURVE_ORDER - 1n : 1n;
    // ApplyTweak: "Let t = int(tweak); fail if t ≥ n".
    const t = scalarFromBytes(`tweaks[${i}].tweak`, tw.tweak, { allowZero: true });
    // ApplyTweak: "Let Q' = g⋅Q + t⋅G"; "Fail if is_infinite(Q')".
    Q = Q.multiplyUnsafe(g).add(Point.BASE.multiplyUnsafe(t));
    if (Q.is0()) throw new InputError(`tweaks[${i}]`, 'the result of tweaking cannot be infinity');
    // ApplyTweak: "Let gacc' = g⋅gacc mod n"; "Let tacc' = t + g⋅tacc mod n".
    gacc = modN(g * gacc);
    tacc = modN(t + g * tacc);
  });
  return { Q, gacc, tacc };
}

/** BIP-327 GetSessionValues(session_ctx) for aggnonce, keys, tweaks and message. */
export function sessionValues(opts: {
  aggNonce: Uint8Array;
  publicKeys: readonly Uint8Array[];
  tweaks: readonly Tweak[];
  msg: Uint8Array;
}): SessionValues {
  const aggNonce = expectBytes('aggNonce', opts.aggNonce, SIZES.aggNonce);
  const msg = expectBytes('msg', opts.msg);
  // "Let keygen_ctx_0 = KeyAgg(pk1..u)"; "For i = 1 .. v: keygen_ctx_i = ApplyTweak(...)"; "(Q, gacc, tacc) = keygen_ctx_v".
  const { Q, gacc, tacc } = keyGenContext(opts);
  // "Let b = int(hash_MuSig/noncecoef(aggnonce || xbytes(Q) || m)) mod n".
  const b = taggedScalar('MuSig/noncecoef', aggNonce, xonlyBytes(Q), msg);
  // "Let R'1 = cpoint_ext(aggnonce[0:33]), R'2 = cpoint_ext(aggnonce[33:66]); fail if that fails and blame
  // nonce aggregator for invalid aggnonce".
  let R1: Point;
  let R2: Point;
  try {
    R1 = pointFromCompressedExt('aggNonce R1', aggNonce.subarray(0, 33));
    R2 = pointFromCompressedExt('aggNonce R2', aggNonce.subarray(33, 66));
  } catch (e) {
    throw new MusigContributionError('aggNonce', null, 'aggnonce', (e as Error).message);
  }
  // "Let R' = R'1 + b⋅R'2"; "If is_infinite(R'): Let final nonce R = G, else R = R'".
  const Rp = R1.add(R2.multiplyUnsafe(b));
  const R = Rp.is0() ? Point.BASE : Rp;
  // "Let e = int(hash_BIP0340/challenge(xbytes(R) || xbytes(Q) || m)) mod n".
  const e = taggedScalar('BIP0340/challenge', concatBytes(xonlyBytes(R), xonlyBytes(Q), msg));
  return { Q, gacc, tacc, b, R, e };
}
