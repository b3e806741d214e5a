/**
 * The timeout variant's transactions (spec 06 §1, R-06-01): St(n+1) pays amt + fee not to S outright but to a
 * pending output under the NUMS internal key with two tapscript leaves,
 *
 *   claim leaf:    <claim_margin_blocks> OP_CHECKSEQUENCEVERIFY OP_DROP <xbytes(K_S)> OP_CHECKSIG
 *   timeout leaf:  <pending_timeout_height> OP_CHECKLOCKTIMEVERIFY OP_DROP <xbytes(K_A)> OP_CHECKSIG
 *
 * (K_S, K_A: S's and A's node keys), and the sweeps of that output through either leaf. impl/tx's settlement
 * builder takes balances and PTLC outputs only, so this file is the small adapter: the same St(n) layout
 * (version 2, nLockTime 500000000 + n, nSequence = CSV, key-path balance outputs) with the pending output
 * after the balances, and the same BIP-118 message (0x41, settlement leaf, key version 1).
 */
import { Transaction, opcodes, script as bscript } from 'bitcoinjs-lib';
import { concatBytes } from '../crypto/bytes.ts';
import { schnorrSign } from '../crypto/schnorr.ts';
import { SIGHASH } from '../tx/hash-type.ts';
import { keyPathOutput } from '../tx/keypath.ts';
import { outpointHash, type Outpoint } from '../tx/outpoint.ts';
import { settlementLeaf, stateLocktime } from '../tx/scripts.ts';
import { signatureHash, TAPSCRIPT_LEAF_VERSION } from '../tx/sighash-apo.ts';
import { NUMS_INTERNAL_KEY, leafOf, taprootOutput, type TaprootOutput } from '../tx/taproot.ts';
import { updateOutput } from '../tx/update.ts';
import type { EltooChannelParams } from '../tx/channel.ts';

export type PendingTerms = {
  readonly pendingSat: number;
  readonly pendingTimeoutHeight: number;
  readonly claimMarginBlocks: number;
  /** x-only keys: S's (claim leaf) and A's (timeout leaf). */
  readonly hubKey: Uint8Array;
  readonly payerKey: Uint8Array;
};

function pendingLeaves(t: PendingTerms): { claim: Uint8Array; timeout: Uint8Array } {
  return {
    claim: bscript.compile([
      bscript.number.encode(t.claimMarginBlocks),
      opcodes.OP_CHECKSEQUENCEVERIFY,
      opcodes.OP_DROP,
      t.hubKey,
      opcodes.OP_CHECKSIG,
    ]),
    timeout: bscript.compile([
      bscript.number.encode(t.pendingTimeoutHeight),
      opcodes.OP_CHECKLOCKTIMEVERIFY,
      opcodes.OP_DROP,
      t.payerKey,
      opcodes.OP_CHECKSIG,
    ]),
  };
}

export function pendingOutput(t: PendingTerms): TaprootOutput {
  const l = pendingLeaves(t);
  return taprootOutput({ internalKey: NUMS_INTERNAL_KEY, tree: [{ script: l.claim }, { script: l.timeout }] });
}

export type PendingSettlement = {
  readonly params: EltooChannelParams;
  readonly stateNumber: number;
  /** x-only keys and amounts of the two balance outputs (zero amounts are left out), party first. */
  readonly balances: readonly { key: Uint8Array; valueSat: bigint }[];
  readonly pending: PendingTerms;
};

/** St(n) with the pending output after the balances, spending U(n)'s output at `updateOutpoint`. */
function buildPendingSettlementTx(s: PendingSettlement & { readonly updateOutpoint: Outpoint }): Transaction {
  const tx = new Transaction();
  tx.version = 2;
  tx.locktime = stateLocktime(s.stateNumber);
  tx.addInput(outpointHash(s.updateOutpoint), s.updateOutpoint.vout, s.params.csvDelayBlocks);
  for (const b of s.balances)
    if (b.valueSat > 0n) tx.addOutput(keyPathOutput({ internalKey: b.key }).scriptPubKey, b.valueSat);
  tx.addOutput(pendingOutput(s.pending).scriptPubKey, BigInt(s.pending.pendingSat));
  return tx;
}

/** The pending output's index in St(n). */
export function pendingVout(s: PendingSettlement): number {
  return s.balances.filter((b) => b.valueSat > 0n).length;
}

const PLACEHOLDER: Outpoint = { txid: '00'.repeat(32), vout: 0 };

/** R-01-08: the BIP-118 message of St(n) (0x41, settlement leaf, key version 1), as impl/tx's settlementSighash. */
export function pendingSettlementSighash(s: PendingSettlement): Uint8Array {
  return signatureHash({
    tx: buildPendingSettlementTx({ ...s, updateOutpoint: PLACEHOLDER }),
    inputIndex: 0,
    prevouts: [{ value: s.params.capacitySat, script: updateOutput(s.params, s.stateNumber).scriptPubKey }],
    hashType: SIGHASH.ALL_ANYPREVOUT,
    path: {
      kind: 'script',
      leafScript: settlementLeaf({ channelKey: s.params.settlementKey, csvDelayBlocks: s.params.csvDelayBlocks }),
      leafVersion: TAPSCRIPT_LEAF_VERSION,
      keyVersion: 1,
    },
  });
}

export function bindPendingSettlement(
  s: PendingSettlement & { readonly signature: Uint8Array; readonly updateOutpoint: Outpoint },
): Transaction {
  const tx = buildPendingSettlementTx(s);
  const leaf = leafOf(
    updateOutput(s.params, s.stateNumber),
    settlementLeaf({ channelKey: s.params.settlementKey, csvDelayBlocks: s.params.csvDelayBlocks }),
  );
  tx.setWitness(0, [concatBytes(s.signature, Uint8Array.of(SIGHASH.ALL_ANYPREVOUT)), leaf.script, leaf.controlBlock]);
  return tx;
}

/**
 * Sweeps the pending output at `outpoint` to a key-path output of the sweeper: S through the claim leaf
 * (nSequence = claim margin, R-06-04) or A through the timeout leaf (nLockTime = pending timeout, R-06-05).
 */
export function sweepPending(o: {
  terms: PendingTerms;
  outpoint: Outpoint;
  by: 'hub' | 'payer';
  secKey: Uint8Array;
  auxRand: Uint8Array;
}): Transaction {
  const out = pendingOutput(o.terms);
  const leaves = pendingLeaves(o.terms);
  const leaf = leafOf(out, o.by === 'hub' ? leaves.claim : leaves.timeout);
  const tx = new Transaction();
  tx.version = 2;
  tx.locktime = o.by === 'hub' ? 0 : o.terms.pendingTimeoutHeight;
  tx.addInput(outpointHash(o.outpoint), o.outpoint.vout, o.by === 'hub' ? o.terms.claimMarginBlocks : 0xfffffffe);
  tx.addOutput(
    keyPathOutput({ internalKey: o.by === 'hub' ? o.terms.hubKey : o.terms.payerKey }).scriptPubKey,
    BigInt(o.terms.pendingSat),
  );
  const msg = signatureHash({
    tx,
    inputIndex: 0,
    prevouts: [{ value: BigInt(o.terms.pendingSat), script: out.scriptPubKey }],
    hashType: SIGHASH.DEFAULT,
    path: { kind: 'script', leafScript: leaf.script, leafVersion: TAPSCRIPT_LEAF_VERSION, keyVersion: 0 },
  });
  tx.setWitness(0, [schnorrSign({ secKey: o.secKey, msg, auxRand: o.auxRand }), leaf.script, leaf.controlBlock]);
  return tx;
}
