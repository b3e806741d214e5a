/**
 * eltoo update transactions U(n).
 *
 * U(n): version 2, nLockTime = 500000000 + n, one input with nSequence 0xfffffffd (not final, so CLTV can
 * be checked; below 0xfffffffe, so BIP-125 replaceable by a later state in a mempool; bit 31 set, so no BIP-68
 * relative lock), one output: the update output of state n carrying
 * the whole capacity (no fee). The update output has two leaves under the NUMS internal key:
 *   - the update leaf of state n: any U(m) with m > n may spend it (CLTV 500000000 + n + 1);
 *   - the settlement leaf: St(n) may spend it after `csvDelayBlocks` (CSV).
 *
 * The MuSig2 signature on U(n) is under SIGHASH_ALL|ANYPREVOUTANYSCRIPT (0xc1): its message commits to
 * neither the outpoint, the amount, the scriptPubKey nor the leaf, so the same 64 bytes let U(n) spend the
 * funding output or any earlier update output (`bindUpdate` only re-points the input and swaps in the right
 * leaf script and control block). The settlement leaf accepts that signature too, but it cannot be used
 * there: U(n)'s nSequence has the disable bit set, so the settlement leaf's CSV fails.
 */
import { Transaction } from 'bitcoinjs-lib';
import { concatBytes, expectBytes } from '../crypto/index.ts';
import { InputError } from '../../util/input-error.ts';
import { checkChannelParams, type EltooChannelParams } from './channel.ts';
import { fundingOutput } from './funding.ts';
import { SIGHASH } from './hash-type.ts';
import { outpointHash, type Outpoint } from './outpoint.ts';
import { settlementLeaf, stateLocktime, updateLeaf } from './scripts.ts';
import { signatureHash, TAPSCRIPT_LEAF_VERSION } from './sighash-apo.ts';
import { NUMS_INTERNAL_KEY, leafOf, taprootOutput, type TapLeafSpend, type TaprootOutput } from './taproot.ts';

/** nSequence of an update transaction's input. */
export const UPDATE_SEQUENCE = 0xfffffffd;
/** Hash type of update signatures. */
export const UPDATE_HASH_TYPE = SIGHASH.ALL_ANYPREVOUTANYSCRIPT;

/** The update output of state n (n ≥ 1): NUMS internal key, leaves [update leaf of n, settlement leaf]. */
export function updateOutput(params: EltooChannelParams, stateNumber: number): TaprootOutput {
  checkChannelParams(params);
  if (stateNumber < 1) throw new InputError('stateNumber', `update states start at 1, got ${stateNumber}`);
  return taprootOutput({
    internalKey: NUMS_INTERNAL_KEY,
    tree: [
      { script: updateLeaf({ channelKey: params.channelKey, stateNumber }) },
      { script: settlementLeaf({ channelKey: params.settlementKey, csvDelayBlocks: params.csvDelayBlocks }) },
    ],
  });
}

/** What an update transaction spends: the funding output, or the update output of an earlier state. */
export type UpdateSpendTarget =
  | { readonly kind: 'funding'; readonly outpoint: Outpoint }
  | { readonly kind: 'update'; readonly stateNumber: number; readonly outpoint: Outpoint };

/** The unsigned U(n) spending `outpoint` (which outpoint does not change its signature message). */
export function buildUpdateTx(opts: {
  readonly params: EltooChannelParams;
  readonly stateNumber: number;
  readonly spends: Outpoint;
}): Transaction {
  const { params, stateNumber } = opts;
  const tx = new Transaction();
  tx.version = 2;
  tx.locktime = stateLocktime(stateNumber);
  tx.addInput(outpointHash(opts.spends), opts.spends.vout, UPDATE_SEQUENCE);
  tx.addOutput(updateOutput(params, stateNumber).scriptPubKey, params.capacitySat);
  return tx;
}

const PLACEHOLDER: Outpoint = { txid: '00'.repeat(32), vout: 0 };

/**
 * The 32-byte BIP-118 message A and S co-sign for U(n) (hash type 0xc1, key version 0x01, no codeseparator).
 * It does not depend on what U(n) spends.
 */
export function updateSighash(opts: { readonly params: EltooChannelParams; readonly stateNumber: number }): Uint8Array {
  const tx = buildUpdateTx({ ...opts, spends: PLACEHOLDER });
  // ANYPREVOUTANYSCRIPT omits amount, scriptPubKey and tapleaf_hash, so the leaf passed here is not hashed.
  return signatureHash({
    tx,
    inputIndex: 0,
    prevouts: [],
    hashType: UPDATE_HASH_TYPE,
    path: { kind: 'script', leafScript: new Uint8Array(0), leafVersion: TAPSCRIPT_LEAF_VERSION, keyVersion: 1 },
  });
}

/** The leaf of `target` that U(n) uses, checking that n is later than the state it spends. */
export function updateSpendLeaf(opts: {
  readonly params: EltooChannelParams;
  readonly stateNumber: number;
  readonly target: UpdateSpendTarget;
}): TapLeafSpend {
  const { params, stateNumber, target } = opts;
  if (target.kind === 'funding') {
    const out = fundingOutput(params);
    return leafOf(out, updateLeaf({ channelKey: params.channelKey, stateNumber: 0 }));
  }
  if (target.stateNumber >= stateNumber) {
    throw new InputError(
      'bindUpdate.spends',
      `U(${stateNumber}) cannot spend the output of U(${target.stateNumber}): states only move forward`,
    );
  }
  return leafOf(
    updateOutput(params, target.stateNumber),
    updateLeaf({ channelKey: params.channelKey, stateNumber: target.stateNumber }),
  );
}

/**
 * U(n), signed and bound to `spends`: witness `[sig ‖ 0xc1, update leaf script, control block]`. Call again with
 * another target to rebind the same signature (ANYPREVOUT) to the funding output or any earlier update output.
 */
export function bindUpdate(opts: {
  readonly params: EltooChannelParams;
  readonly stateNumber: number;
  /** The 64-byte BIP-340 (MuSig2 aggregate) signature on `updateSighash`. */
  readonly signature: Uint8Array;
  readonly spends: UpdateSpendTarget;
}): Transaction {
  const sig = expectBytes('bindUpdate.signature', opts.signature, 64);
  const leaf = updateSpendLeaf({ params: opts.params, stateNumber: opts.stateNumber, target: opts.spends });
  const tx = buildUpdateTx({ params: opts.params, stateNumber: opts.stateNumber, spends: opts.spends.outpoint });
  tx.setWitness(0, [concatBytes(sig, Uint8Array.of(UPDATE_HASH_TYPE)), leaf.script, leaf.controlBlock]);
  return tx;
}
