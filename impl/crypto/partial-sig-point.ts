/**
 * The partial-signature point: from public data only, the point s_i⋅G that signer i's BIP-327 partial
 * signature s_i must have. This is what S checks before buying A's partial signature (PROTOCOL.md scheme 1,
 * step 6): B's payment point T must equal it, so paying the PTLC locked to T buys exactly a valid s_A.
 *
 * Derived from BIP-327 PartialSigVerifyInternal, whose final step is "return success iff s⋅G = Re⋅ + e⋅a⋅g'⋅P":
 * we compute the right-hand side without knowing s. Our own code (session-values.ts) with noble's `Point`,
 * cross-checked against @scure/btc-signer's partial-signature verification in the tests.
 */
import { SIZES, equalBytes, expectBytes } from './bytes.ts';
import { MusigContributionError } from './errors.ts';
import { Point, compressedBytes, hasEvenY, pointFromCompressed } from './point.ts';
import { CURVE_ORDER, modN, scalarFromBytes } from './scalar.ts';
import { keyAggCoeff, sessionValues } from './session-values.ts';
import type { Tweak } from './musig.ts';
import { InputError } from '../../util/input-error.ts';

/** The public data S needs: everything in B's bundle except s_A itself. */
export type PartialSigPointInput = {
  /** The signer's 66-byte public nonce (R*1, R*2). */
  readonly pubNonce: Uint8Array;
  /** The 66-byte aggregate nonce of the session (for a MuSig2 adaptor session: the adapted one). */
  readonly aggNonce: Uint8Array;
  /** All individual 33-byte keys, in the order they were aggregated. */
  readonly publicKeys: readonly Uint8Array[];
  /** The signer's 33-byte key; must be one of `publicKeys`. */
  readonly signerPubKey: Uint8Array;
  readonly tweaks?: readonly Tweak[];
  /** The message signed (for an eltoo update: its BIP-118 sighash). */
  readonly msg: Uint8Array;
};

/** s_i⋅G for the signer's partial signature, per BIP-327 PartialSigVerifyInternal. May be infinity (s_i = 0). */
export function partialSigPoint(input: PartialSigPointInput): Point {
  const pk = expectBytes('signerPubKey', input.signerPubKey, SIZES.compressedPoint);
  const pubNonce = expectBytes('pubNonce', input.pubNonce, SIZES.pubNonce);
  const signerIndex = input.publicKeys.findIndex((k) => equalBytes(k, pk));
  // GetSessionKeyAggCoeff: "Fail if pk ∉ {pk1, ..., pku}".
  if (signerIndex < 0) throw new InputError('signerPubKey', 'the signer’s key is not one of the session’s public keys');
  // "Let (Q, gacc, _, b, R, e) = GetSessionValues(session_ctx); fail if that fails".
  const { Q, gacc, b, R, e } = sessionValues({
    aggNonce: input.aggNonce,
    publicKeys: input.publicKeys,
    tweaks: input.tweaks ?? [],
    msg: input.msg,
  });
  // "Let R*1 = cpoint(pubnonce[0:33]), R*2 = cpoint(pubnonce[33:66])" (fail: blame the signer, invalid pubnonce).
  let Rs1: Point;
  let Rs2: Point;
  try {
    Rs1 = pointFromCompressed('pubNonce R1', pubNonce.subarray(0, 33));
    Rs2 = pointFromCompressed('pubNonce R2', pubNonce.subarray(33, 66));
  } catch (err) {
    throw new MusigContributionError('pubNonce', signerIndex, 'pubnonce', (err as Error).message);
  }
  // "Let Re*' = R*1 + b⋅R*2".
  const ReP = Rs1.add(Rs2.multiplyUnsafe(b));
  // "Let Re* = Re*' if has_even_y(R), otherwise let Re* = -Re*'".
  const Re = hasEvenY(R) ? ReP : ReP.negate();
  // "Let g = 1 if has_even_y(Q), otherwise let g = -1 mod n"; "Let g' = g⋅gacc mod n".
  const g = hasEvenY(Q) ? 1n : CURVE_ORDER - 1n;
  const gp = modN(g * gacc);
  // "Let P = cpoint(pk); fail if that fails"; "Let a = GetSessionKeyAggCoeff(session_ctx, P)".
  const P = pointFromCompressed('signerPubKey', pk);
  const a = keyAggCoeff(input.publicKeys, pk);
  // "Return success iff s⋅G = Re* + e⋅a⋅g'⋅P": the right-hand side is the point s must have.
  return Re.add(P.multiplyUnsafe(modN(e * a * gp)));
}

/**
 * `partialSigPoint` as a 33-byte compressed point: the payment point T S expects in B's invoice. Throws if
 * the point is infinity (only a partial signature s_i = 0 could match it; no PTLC can be locked to it).
 */
export function partialSigPointBytes(input: PartialSigPointInput): Uint8Array {
  const p = partialSigPoint(input);
  if (p.is0())
    throw new InputError(
      'partialSigPoint',
      'the expected partial-signature point is infinity; refuse to lock a PTLC to it',
    );
  return compressedBytes(p);
}

/** Does `partialSig` (32 bytes, a scalar < n) have the point `point`, i.e. s⋅G == point? */
export function partialSigHasPoint(opts: { partialSig: Uint8Array; point: Point }): boolean {
  const s = scalarFromBytes('partialSig', opts.partialSig, { allowZero: true });
  return Point.BASE.multiplyUnsafe(s).equals(opts.point);
}
