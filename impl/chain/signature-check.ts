/**
 * One BIP-340 signature check as BIP-341 (key path), BIP-342 (32-byte tapscript keys) and BIP-118
 * (0x01-prefixed keys) define it: the signature's length decides its hash type (64 bytes: SIGHASH_DEFAULT;
 * 65: the last byte, which must not be 0x00), the key kind decides which hash types are allowed, and the
 * signature must verify against the matching signature hash.
 */
import type { Transaction } from 'bitcoinjs-lib';
import { schnorrVerify } from '../crypto/index.ts';
import { isInputError } from '../../util/input-error.ts';
import { hashTypeName, isDefinedHashType, type KeyKind } from '../tx/hash-type.ts';
import { signatureHash, type SpendPath, type SpentOutput } from '../tx/sighash-apo.ts';
import type { Rejection } from './rejection.ts';

export interface SigCheckContext {
  readonly tx: Transaction;
  readonly inputIndex: number;
  readonly prevouts: readonly SpentOutput[];
  readonly annex: Uint8Array | undefined;
}

export function checkSignature(
  ctx: SigCheckContext,
  opts: { readonly sig: Uint8Array; readonly pubKey: Uint8Array; readonly keyKind: KeyKind; readonly path: SpendPath },
): Rejection | undefined {
  const input = ctx.inputIndex;
  const { sig } = opts;
  let hashType: number;
  if (sig.length === 64) hashType = 0x00;
  else if (sig.length === 65) {
    hashType = sig[64]!;
    // BIP-341: "if the signature is 65 bytes ... hash_type = sig[64] ≠ 0x00", else fail.
    if (hashType === 0x00)
      return { rule: 'wrong-sighash-type', input, hashType, detail: 'SIGHASH_DEFAULT must be a 64-byte signature' };
  } else {
    return { rule: 'bad-signature', input, detail: `a signature is 64 or 65 bytes, got ${sig.length}` };
  }
  if (!isDefinedHashType(hashType, { keyKind: opts.keyKind })) {
    return {
      rule: 'wrong-sighash-type',
      input,
      hashType,
      detail: `${hashTypeName(hashType)} is not allowed for a ${opts.keyKind} key`,
    };
  }
  let msg: Uint8Array;
  try {
    msg = signatureHash({
      tx: ctx.tx,
      inputIndex: input,
      prevouts: ctx.prevouts,
      hashType,
      path: opts.path,
      ...(ctx.annex === undefined ? {} : { annex: ctx.annex }),
    });
  } catch (e) {
    // The only refusals left here are SIGHASH_SINGLE without a corresponding output.
    if (isInputError(e)) return { rule: 'wrong-sighash-type', input, hashType, detail: e.problem };
    throw e;
  }
  if (!schnorrVerify({ pubKey: opts.pubKey, msg, sig: sig.slice(0, 64) })) {
    return {
      rule: 'bad-signature',
      input,
      detail: `BIP-340 signature (${hashTypeName(hashType)}, ${opts.keyKind} key) does not verify`,
    };
  }
  return undefined;
}
