/**
 * Taproot signature messages and hashes: BIP-341 `SigMsg` (key path, ext_flag 0), BIP-342 script path
 * (ext_flag 1, key_version 0x00) and BIP-118 `Msg118`/`Ext118` for BIP-118 public keys (key_version 0x01),
 * including SIGHASH_ANYPREVOUT (0x41..0x43) and SIGHASH_ANYPREVOUTANYSCRIPT (0xc1..0xc3), which no released
 * library computes. Each line cites the step of the BIP it implements. Checked against the 60 vectors of
 * `vectors/bip-0118/sighash-generated.json` and the BIP-341 wallet vectors, and cross-checked against
 * bitcoinjs-lib's `hashForWitnessV1` for the BIP-341 hash types.
 *
 * The message returned by `signatureMessage` includes the leading epoch byte 0x00, as in both vector files:
 * the signature hash is `hash_TapSighash(0x00 || SigMsg || ext)`.
 */
import type { Transaction } from 'bitcoinjs-lib';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, taggedHash } from '../crypto/index.ts';
import { InputError } from '../../util/input-error.ts';
import { outpoint, txOut, u32le, u64le, varSlice } from './encoding.ts';
import { hashTypeName, inputMode, isDefinedHashType, outputMode, type KeyKind } from './hash-type.ts';

/** What the signature message needs to know about a spent output. */
export interface SpentOutput {
  readonly value: bigint;
  readonly script: Uint8Array;
}

/** BIP-342 `OP_CODESEPARATOR` position when none was executed. */
export const NO_CODESEP = 0xffffffff;
/** BIP-342 tapscript leaf version. */
export const TAPSCRIPT_LEAF_VERSION = 0xc0;

/**
 * Which path the signature is for.
 * - `key`: a taproot key-path spend (BIP-341, ext_flag = 0).
 * - `script`: a tapscript signature opcode (ext_flag = 1). `keyVersion` 0 is a BIP-342 32-byte key, 1 a
 *   BIP-118 key (33 bytes starting 0x01, or the single byte 0x01); `codesepPos` defaults to 0xffffffff.
 */
export type SpendPath =
  | { readonly kind: 'key' }
  | {
      readonly kind: 'script';
      readonly leafScript: Uint8Array;
      readonly leafVersion: number;
      readonly keyVersion: 0 | 1;
      readonly codesepPos?: number;
    };

export interface SignatureMessageInput {
  readonly tx: Transaction;
  readonly inputIndex: number;
  /**
   * The outputs spent by the inputs, in input order. Modes that commit to every input (no ANYONECANPAY /
   * ANYPREVOUT bit) need all of them; ANYONECANPAY and ANYPREVOUT need this input's; ANYPREVOUTANYSCRIPT
   * needs none (pass `[]`).
   */
  readonly prevouts: readonly (SpentOutput | undefined)[];
  readonly hashType: number;
  readonly path: SpendPath;
  /** The annex including its 0x50 prefix, when the witness carries one. */
  readonly annex?: Uint8Array;
}

/** BIP-341 tapleaf hash: `hash_TapLeaf(leaf_version || compact_size(size of s) || s)`. */
export function tapleafHash(opts: { readonly script: Uint8Array; readonly leafVersion?: number }): Uint8Array {
  const v = opts.leafVersion ?? TAPSCRIPT_LEAF_VERSION;
  return taggedHash('TapLeaf', Uint8Array.of(v & 0xfe), varSlice(opts.script));
}

/** The signature message, epoch byte first: `0x00 || SigMsg(hash_type, ext_flag) || ext` (or Msg118/Ext118). */
export function signatureMessage(input: SignatureMessageInput): Uint8Array {
  const { tx, inputIndex, hashType, path } = input;
  const where = `sighash(input ${inputIndex})`;
  if (!Number.isInteger(inputIndex) || inputIndex < 0 || inputIndex >= tx.ins.length) {
    throw new InputError(where, `input index ${inputIndex} is outside the transaction's ${tx.ins.length} inputs`);
  }
  const keyKind: KeyKind = path.kind === 'key' ? 'taproot-key-path' : path.keyVersion === 1 ? 'bip118' : 'bip342';
  // BIP-341 / BIP-118: "Using any undefined hash_type" causes validation failure.
  if (!isDefinedHashType(hashType, { keyKind })) {
    throw new InputError(where, `hash type ${hashTypeName(hashType)} is not defined for a ${keyKind} signature`);
  }
  const out = outputMode(hashType);
  const inp = inputMode(hashType);
  // BIP-341 / BIP-118: "Using SIGHASH_SINGLE without a corresponding output" causes validation failure.
  if (out === 'single' && inputIndex >= tx.outs.length) {
    throw new InputError(where, `SIGHASH_SINGLE without a corresponding output (${tx.outs.length} outputs)`);
  }
  const txin = tx.ins[inputIndex]!;
  const parts: Uint8Array[] = [];
  // BIP-341: the signature hash is hash_TapSighash(0x00 || SigMsg(...)); 0x00 is the epoch.
  parts.push(Uint8Array.of(0x00));
  // Control: hash_type (1).
  parts.push(Uint8Array.of(hashType));
  // Transaction data: nVersion (4), nLockTime (4).
  parts.push(u32le(tx.version), u32le(tx.locktime));
  if (inp === 'all') {
    // BIP-341: if hash_type & 0x80 does not equal SIGHASH_ANYONECANPAY:
    const prevouts = allPrevouts(input, where);
    // sha_prevouts (32): the SHA256 of the serialization of all input outpoints.
    parts.push(sha256(concatBytes(...tx.ins.map((i) => outpoint(i)))));
    // sha_amounts (32): the SHA256 of the serialization of all spent output amounts.
    parts.push(sha256(concatBytes(...prevouts.map((p) => u64le(p.value)))));
    // sha_scriptpubkeys (32): the SHA256 of all spent outputs' scriptPubKeys, serialized as script inside CTxOut.
    parts.push(sha256(concatBytes(...prevouts.map((p) => varSlice(p.script)))));
    // sha_sequences (32): the SHA256 of the serialization of all input nSequence.
    parts.push(sha256(concatBytes(...tx.ins.map((i) => u32le(i.sequence)))));
  }
  if (out === 'all') {
    // If hash_type & 3 does not equal SIGHASH_NONE or SIGHASH_SINGLE: sha_outputs (32), all outputs in CTxOut format.
    parts.push(sha256(concatBytes(...tx.outs.map((o) => txOut(o)))));
  }
  // Data about this input: spend_type (1) = ext_flag * 2 + annex_present.
  const extFlag = path.kind === 'key' ? 0 : 1;
  parts.push(Uint8Array.of(extFlag * 2 + (input.annex === undefined ? 0 : 1)));
  if (inp === 'anyonecanpay') {
    const prev = thisPrevout(input, where);
    // BIP-341 ANYONECANPAY: outpoint (36), amount (8), scriptPubKey (35 for taproot; as script inside CTxOut), nSequence (4).
    parts.push(outpoint(txin), u64le(prev.value), varSlice(prev.script), u32le(txin.sequence));
  } else if (inp === 'anyprevout') {
    const prev = thisPrevout(input, where);
    // BIP-118 ANYPREVOUT: no outpoint; amount (8), scriptPubKey (as script inside CTxOut), nSequence (4).
    parts.push(u64le(prev.value), varSlice(prev.script), u32le(txin.sequence));
  } else if (inp === 'anyprevoutanyscript') {
    // BIP-118 ANYPREVOUTANYSCRIPT: no outpoint, amount or scriptPubKey; nSequence (4) only.
    parts.push(u32le(txin.sequence));
  } else {
    // BIP-341: otherwise input_index (4).
    parts.push(u32le(inputIndex));
  }
  if (input.annex !== undefined) {
    // If an annex is present: sha_annex (32), SHA256 of compact_size(size of annex) || annex.
    parts.push(sha256(varSlice(input.annex)));
  }
  if (out === 'single') {
    // Data about this output: if hash_type & 3 equals SIGHASH_SINGLE: sha_single_output (32).
    parts.push(sha256(txOut(tx.outs[inputIndex]!)));
  }
  if (path.kind === 'script') {
    // BIP-342 extension / BIP-118 Ext118.
    if (inp !== 'anyprevoutanyscript') {
      // tapleaf_hash (32), omitted by BIP-118 under ANYPREVOUTANYSCRIPT.
      parts.push(tapleafHash({ script: path.leafScript, leafVersion: path.leafVersion }));
    }
    // key_version (1): 0x00 for BIP-342 keys, the constant 0x01 for BIP-118 keys.
    parts.push(Uint8Array.of(path.keyVersion));
    // codesep_pos (4): position of the last executed OP_CODESEPARATOR, or 0xffffffff.
    parts.push(u32le(path.codesepPos ?? NO_CODESEP));
  }
  return concatBytes(...parts);
}

/** The BIP-341/BIP-118 signature hash: `hash_TapSighash(signatureMessage(...))` (32 bytes, what BIP-340 signs). */
export function signatureHash(input: SignatureMessageInput): Uint8Array {
  return taggedHash('TapSighash', signatureMessage(input));
}

function allPrevouts(input: SignatureMessageInput, where: string): SpentOutput[] {
  if (input.prevouts.length !== input.tx.ins.length) {
    throw new InputError(
      where,
      `expected ${input.tx.ins.length} spent outputs (one per input), got ${input.prevouts.length}`,
    );
  }
  return input.prevouts.map((p, i) => {
    if (p === undefined) throw new InputError(where, `spent output of input ${i} is missing`);
    return p;
  });
}

function thisPrevout(input: SignatureMessageInput, where: string): SpentOutput {
  const p = input.prevouts[input.inputIndex];
  if (p === undefined) throw new InputError(where, 'the spent output of this input is missing');
  return p;
}
