/**
 * The MuSig2 flavour of adaptor signatures, for a PTLC whose output is a 2-of-2 MuSig2 key (both parties
 * co-sign the claim; completing it reveals t).
 *
 * Convention (ours, documented because BIP-327 has no adaptor mode): the session is an ordinary BIP-327
 * session run on the *adapted* aggregate nonce (R1 + T, R2), where (R1, R2) = NonceAgg(pubnonces). Hence
 * b = hash_MuSig/noncecoef((R1+T, R2) || xbytes(Q) || m) commits to T too, and the final nonce is
 * R = R1 + T + b⋅R2. Each signer signs with the unmodified library (`MusigSession` on the adapted nonce);
 * partial signatures are checked with `partialSigPoint` on the adapted nonce (the library's
 * `partialVerify` recomputes NonceAgg from the public nonces and so returns false here: do not use it).
 * Summing gives a pre-signature in adaptor.ts's 65-byte format under the aggregate x-only key, so `preVerify`,
 * `adapt` and `extract` apply unchanged. This differs from libsecp256k1-zkp's musig adaptor (which hashes b
 * over the unadapted nonce); both signers here use the same convention, which is all that matters.
 */
import { SIZES, concatBytes, expectBytes } from './bytes.ts';
import { MusigContributionError } from './errors.ts';
import { preVerify } from './adaptor.ts';
import {
  compressedBytes,
  compressedBytesExt,
  hasEvenY,
  pointFromCompressed,
  pointFromCompressedExt,
  xonlyBytes,
} from './point.ts';
import { CURVE_ORDER, bytesToBigInt, modN, scalarToBytes } from './scalar.ts';
import { sessionValues } from './session-values.ts';
import { partialSigHasPoint, partialSigPoint } from './partial-sig-point.ts';
import type { SessionParams } from './musig.ts';
import { InputError } from '../../util/input-error.ts';

/** The adapted aggregate nonce (R1 + T, R2) to build the adaptor `MusigSession` on. */
export function musigAdaptorAggNonce(opts: { aggNonce: Uint8Array; adaptorPoint: Uint8Array }): Uint8Array {
  const aggNonce = expectBytes('aggNonce', opts.aggNonce, SIZES.aggNonce);
  const T = pointFromCompressed('adaptorPoint', opts.adaptorPoint);
  let R1;
  try {
    R1 = pointFromCompressedExt('aggNonce R1', aggNonce.subarray(0, 33));
    pointFromCompressedExt('aggNonce R2', aggNonce.subarray(33, 66));
  } catch (e) {
    throw new MusigContributionError('aggNonce', null, 'aggnonce', (e as Error).message);
  }
  return concatBytes(compressedBytesExt(R1.add(T)), aggNonce.subarray(33, 66));
}

/** Is `partialSig` signer `signerPubKey`'s valid partial signature in the adaptor session `params`? */
export function musigAdaptorPartialVerify(opts: {
  params: SessionParams;
  partialSig: Uint8Array;
  pubNonce: Uint8Array;
  signerPubKey: Uint8Array;
}): boolean {
  const point = partialSigPoint({ ...opts.params, pubNonce: opts.pubNonce, signerPubKey: opts.signerPubKey });
  return partialSigHasPoint({ partialSig: opts.partialSig, point });
}

/**
 * BIP-327 PartialSigAgg on the adapted session, returned as a 65-byte pre-signature cbytes(R) || bytes(s')
 * with s' = Σ s_i + e⋅g⋅tacc (g = 1 if has_even_y(Q) else −1). Fails closed: it must pass `preVerify`
 * under the aggregate x-only key and `adaptorPoint`, else `InputError` (some partial signature is invalid).
 */
export function musigAdaptorPreSigAgg(opts: {
  params: SessionParams;
  adaptorPoint: Uint8Array;
  partialSigs: readonly Uint8Array[];
}): Uint8Array {
  const { params } = opts;
  if (opts.partialSigs.length !== params.publicKeys.length) {
    throw new InputError(
      'partialSigs',
      `expected ${params.publicKeys.length} partial signatures, got ${opts.partialSigs.length}`,
    );
  }
  const { Q, tacc, R, e } = sessionValues({ ...params, tweaks: params.tweaks ?? [] });
  let s = 0n;
  opts.partialSigs.forEach((psig, i) => {
    // PartialSigAgg: "Let s_i = int(psig_i); fail if s_i ≥ n and blame signer i for invalid partial signature".
    const si = bytesToBigInt(expectBytes(`partialSigs[${i}]`, psig, SIZES.partialSig));
    if (si >= CURVE_ORDER) throw new MusigContributionError(`partialSigs[${i}]`, i, 'psig', 'not below n');
    s = modN(s + si);
  });
  // PartialSigAgg: "Let g = 1 if has_even_y(Q), otherwise let g = -1 mod n"; "Let s = s_1 + ... + s_u + e⋅g⋅tacc mod n".
  const g = hasEvenY(Q) ? 1n : CURVE_ORDER - 1n;
  s = modN(s + e * g * tacc);
  const preSig = concatBytes(compressedBytes(R), scalarToBytes(s));
  if (!preVerify({ pubKey: xonlyBytes(Q), msg: params.msg, adaptorPoint: opts.adaptorPoint, preSig })) {
    throw new InputError(
      'musigAdaptorPreSigAgg',
      'the aggregate pre-signature does not verify: some partial signature is invalid',
    );
  }
  return preSig;
}
