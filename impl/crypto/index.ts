/**
 * impl/crypto's public API: real secp256k1 cryptography for the async-payments implementation.
 * See README.md for the sale walk-through. Test helpers (test-vectors.ts, arbitraries.ts) are not exported.
 */
export { SIZES, bytesToHex, concatBytes, equalBytes, expectBytes, hexToBytes, utf8 } from './bytes.ts';
export { CURVE_ORDER, modN, scalarFromBytes, scalarToBytes, bytesToBigInt } from './scalar.ts';
export {
  Point,
  hasEvenY,
  xonlyBytes,
  compressedBytes,
  compressedBytesExt,
  pointFromCompressed,
  pointFromCompressedExt,
  pointFromXonly,
} from './point.ts';
export { taggedHash, taggedScalar } from './tagged-hash.ts';
export {
  AdaptorError,
  MailboxTamperedError,
  MusigContributionError,
  NonceReuseError,
  NonceUnknownError,
  type MusigContribution,
} from './errors.ts';
export { assertSchnorr, compressedPubKey, schnorrSign, schnorrVerify, xonlyPubKey } from './schnorr.ts';
export {
  MusigSession,
  musigDeterministicSign,
  musigKeyAgg,
  musigKeySort,
  musigNonceAgg,
  musigNonceGen,
  musigPartialSigVerify,
  type AggregateKey,
  type NoncePair,
  type SessionParams,
  type Tweak,
} from './musig.ts';
export { keyAggCoeff, keyGenContext, sessionValues, type KeyGenContext, type SessionValues } from './session-values.ts';
export {
  partialSigHasPoint,
  partialSigPoint,
  partialSigPointBytes,
  type PartialSigPointInput,
} from './partial-sig-point.ts';
export {
  ADAPTOR_NONCE_TAG,
  adapt,
  adaptorPointOf,
  extract,
  preSign,
  preVerify,
  secretMatchesPoint,
} from './adaptor.ts';
export { taprootOutputKey, taprootTweak } from './taproot-tweak.ts';
export { tweakAdaptorPoint, tweakAdaptorSecret, untweakAdaptorSecret } from './adaptor-tweak.ts';
export { musigAdaptorAggNonce, musigAdaptorPartialVerify, musigAdaptorPreSigAgg } from './adaptor-musig.ts';
export {
  MAILBOX_HEADER_BYTES,
  MAILBOX_HKDF_INFO,
  MAILBOX_NONCE_OFFSET,
  MAILBOX_SENDER_BYTES,
  MAILBOX_VERSION,
  openEnvelope,
  sealEnvelope,
} from './mailbox.ts';
export {
  NonceStore,
  SnapshotCodec as NonceStoreSnapshotCodec,
  type NonceStatus,
  type NonceStoreSnapshot,
} from './nonce-store.ts';
