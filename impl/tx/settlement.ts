/**
 * eltoo settlement transactions St(n).
 *
 * St(n): version 2 (BIP-68 applies), nLockTime = 500000000 + n (informative; always final on a chain whose
 * median time past is past 500000000 + n), one input spending U(n)'s update output through the settlement
 * leaf with nSequence = csvDelayBlocks (so it is valid `csvDelayBlocks` blocks after U(n) confirms), outputs:
 * the balances (key-path taproot outputs of each party's x-only key; zero balances are left out), then the
 * PTLC outputs, in the order given. Outputs sum to the capacity exactly (no fee).
 *
 * The MuSig2 signature on St(n) is under SIGHASH_ALL|ANYPREVOUT (0x41): it commits to U(n)'s scriptPubKey
 * (which contains n) and amount and to the settlement leaf, so it spends only state n's update output — but
 * not to the outpoint, which changes whenever U(n) is rebound to another predecessor.
 */
import { Transaction } from 'bitcoinjs-lib';
import { concatBytes, expectBytes } from '../crypto/index.ts';
import { InputError } from '../../util/input-error.ts';
import type { EltooChannelParams } from './channel.ts';
import { SIGHASH } from './hash-type.ts';
import { keyPathOutput } from './keypath.ts';
import { outpointHash, type Outpoint } from './outpoint.ts';
import { checkPtlcTerms, ptlcOutput, type PtlcTerms } from './ptlc.ts';
import { settlementLeaf, stateLocktime } from './scripts.ts';
import { signatureHash, TAPSCRIPT_LEAF_VERSION } from './sighash-apo.ts';
import { leafOf } from './taproot.ts';
import { updateOutput } from './update.ts';

/** Hash type of settlement signatures. */
export const SETTLEMENT_HASH_TYPE = SIGHASH.ALL_ANYPREVOUT;

/** A party's balance in a settlement: paid to a key-path taproot output of `key`. */
export interface Balance {
  readonly key: Uint8Array;
  readonly valueSat: bigint;
}

export interface SettlementTerms {
  readonly params: EltooChannelParams;
  readonly stateNumber: number;
  readonly balances: readonly Balance[];
  readonly ptlcs: readonly PtlcTerms[];
}

/** Checks that the outputs sum to the capacity; throws `InputError` otherwise. */
export function checkSettlementTerms(t: SettlementTerms): SettlementTerms {
  let sum = 0n;
  t.balances.forEach((b, i) => {
    expectBytes(`settlement.balances[${i}].key`, b.key, 32);
    if (b.valueSat < 0n) throw new InputError(`settlement.balances[${i}].valueSat`, `${b.valueSat} is negative`);
    sum += b.valueSat;
  });
  t.ptlcs.forEach((p) => {
    checkPtlcTerms(p);
    sum += p.amountSat;
  });
  if (sum !== t.params.capacitySat) {
    throw new InputError('settlement', `balances and PTLCs sum to ${sum} sat, the capacity is ${t.params.capacitySat}`);
  }
  return t;
}

/** The unsigned St(n) spending U(n)'s output at `updateOutpoint` (vout 0 of U(n)). */
export function buildSettlementTx(opts: SettlementTerms & { readonly updateOutpoint: Outpoint }): Transaction {
  checkSettlementTerms(opts);
  const tx = new Transaction();
  tx.version = 2;
  tx.locktime = stateLocktime(opts.stateNumber);
  tx.addInput(outpointHash(opts.updateOutpoint), opts.updateOutpoint.vout, opts.params.csvDelayBlocks);
  for (const b of opts.balances)
    if (b.valueSat > 0n) tx.addOutput(keyPathOutput({ internalKey: b.key }).scriptPubKey, b.valueSat);
  for (const p of opts.ptlcs) tx.addOutput(ptlcOutput(p).scriptPubKey, p.amountSat);
  return tx;
}

/** Index of the first PTLC output of a settlement built from `terms` (after the non-zero balances). */
export function firstPtlcVout(terms: SettlementTerms): number {
  return terms.balances.filter((b) => b.valueSat > 0n).length;
}

const PLACEHOLDER: Outpoint = { txid: '00'.repeat(32), vout: 0 };

/** The 32-byte BIP-118 message A and S co-sign for St(n) (0x41, settlement leaf, key version 0x01). */
export function settlementSighash(terms: SettlementTerms): Uint8Array {
  const tx = buildSettlementTx({ ...terms, updateOutpoint: PLACEHOLDER });
  return signatureHash({
    tx,
    inputIndex: 0,
    prevouts: [{ value: terms.params.capacitySat, script: updateOutput(terms.params, terms.stateNumber).scriptPubKey }],
    hashType: SETTLEMENT_HASH_TYPE,
    path: {
      kind: 'script',
      leafScript: settlementLeaf({
        channelKey: terms.params.settlementKey,
        csvDelayBlocks: terms.params.csvDelayBlocks,
      }),
      leafVersion: TAPSCRIPT_LEAF_VERSION,
      keyVersion: 1,
    },
  });
}

/** St(n), signed and bound to U(n)'s output at `updateOutpoint`: witness `[sig ‖ 0x41, settlement leaf, control block]`. */
export function bindSettlement(
  opts: SettlementTerms & { readonly signature: Uint8Array; readonly updateOutpoint: Outpoint },
): Transaction {
  const sig = expectBytes('bindSettlement.signature', opts.signature, 64);
  const tx = buildSettlementTx(opts);
  const leaf = leafOf(
    updateOutput(opts.params, opts.stateNumber),
    settlementLeaf({ channelKey: opts.params.settlementKey, csvDelayBlocks: opts.params.csvDelayBlocks }),
  );
  tx.setWitness(0, [concatBytes(sig, Uint8Array.of(SETTLEMENT_HASH_TYPE)), leaf.script, leaf.controlBlock]);
  return tx;
}
