/**
 * A routing (hop) channel between two nodes and the transaction that puts one PTLC of it on chain.
 *
 * Funding output: NUMS internal key, one leaf `<K_1> OP_CHECKSIGVERIFY <K_2> OP_CHECKSIG` (the two nodes' x-only
 * hop-channel keys, K_1 < K_2 bytewise, so both sides build the same script without agreeing on an order).
 *
 * PTLC state transaction H (one per PTLC offered on the channel): spends the funding output through that leaf,
 * both signing with SIGHASH_DEFAULT; outputs, in this order: the PTLC (impl/tx/ptlc.ts), the offerer's balance
 * after the PTLC and the receiver's balance (each a key-path output to its hop key; an empty balance has no
 * output). nVersion 2, nLockTime 0, nSequence 0xfffffffd. The offerer signs H when it offers the PTLC and sends
 * the signature with the offer; the receiver adds its own whenever it wants the PTLC on chain (to claim it with
 * the completed adaptor signature when the offerer does not acknowledge an off-chain claim); once H confirms
 * and the PTLC times out unclaimed, the offerer refunds it through the timeout leaf.
 */
import { Transaction } from 'bitcoinjs-lib';
import { bytesToHex, expectBytes } from '../crypto/index.ts';
import { InputError } from '../../util/input-error.ts';
import { keyPathOutput } from './keypath.ts';
import { outpointHash, type Outpoint } from './outpoint.ts';
import { ptlcOutput, type PtlcTerms } from './ptlc.ts';
import { opcodes, script as bscript } from 'bitcoinjs-lib';
import { signatureHash, TAPSCRIPT_LEAF_VERSION } from './sighash-apo.ts';
import { NUMS_INTERNAL_KEY, taprootOutput, type TaprootOutput } from './taproot.ts';

/** nSequence of H's input: final for CLTV purposes, opts into BIP-125 replacement. */
const PTLC_STATE_SEQUENCE = 0xfffffffd;

/** The two x-only keys in script order (bytewise ascending). */
function sortedHopKeys(a: Uint8Array, b: Uint8Array): readonly [Uint8Array, Uint8Array] {
  expectBytes('hop key', a, 32);
  expectBytes('hop key', b, 32);
  const ha = bytesToHex(a);
  const hb = bytesToHex(b);
  if (ha === hb) throw new InputError('hop keys', 'the two sides have the same key');
  return ha < hb ? [a, b] : [b, a];
}

/** The funding leaf: both keys sign. */
function hopFundingLeaf(a: Uint8Array, b: Uint8Array): Uint8Array {
  const [k1, k2] = sortedHopKeys(a, b);
  return bscript.compile([k1, opcodes.OP_CHECKSIGVERIFY, k2, opcodes.OP_CHECKSIG]);
}

/** The hop channel's funding output. */
export function hopFundingOutput(a: Uint8Array, b: Uint8Array): TaprootOutput {
  return taprootOutput({ internalKey: NUMS_INTERNAL_KEY, tree: { script: hopFundingLeaf(a, b) } });
}

export interface PtlcStateTerms {
  readonly funding: Outpoint;
  readonly capacitySat: bigint;
  /** The PTLC; its senderKey/receiverKey are the per-payment keys, the balances pay the hop keys below. */
  readonly ptlc: PtlcTerms;
  /** x-only hop-channel keys (the funding leaf's) and the balances H pays them. */
  readonly offerer: { readonly key: Uint8Array; readonly sat: bigint };
  readonly receiver: { readonly key: Uint8Array; readonly sat: bigint };
}

function checkStateTerms(t: PtlcStateTerms): void {
  for (const [name, v] of [
    ['offerer.sat', t.offerer.sat],
    ['receiver.sat', t.receiver.sat],
  ] as const) {
    if (typeof v !== 'bigint' || v < 0n) throw new InputError(`ptlc state ${name}`, `${String(v)} is negative`);
  }
  if (t.offerer.sat + t.receiver.sat + t.ptlc.amountSat !== t.capacitySat)
    throw new InputError(
      'ptlc state',
      `balances ${t.offerer.sat} + ${t.receiver.sat} + PTLC ${t.ptlc.amountSat} ≠ capacity ${t.capacitySat}`,
    );
}

/** The unsigned H. Output 0 is the PTLC. */
export function buildPtlcStateTx(t: PtlcStateTerms): Transaction {
  checkStateTerms(t);
  const tx = new Transaction();
  tx.version = 2;
  tx.locktime = 0;
  tx.addInput(outpointHash(t.funding), t.funding.vout, PTLC_STATE_SEQUENCE);
  tx.addOutput(ptlcOutput(t.ptlc).scriptPubKey, t.ptlc.amountSat);
  if (t.offerer.sat > 0n) tx.addOutput(keyPathOutput({ internalKey: t.offerer.key }).scriptPubKey, t.offerer.sat);
  if (t.receiver.sat > 0n) tx.addOutput(keyPathOutput({ internalKey: t.receiver.key }).scriptPubKey, t.receiver.sat);
  return tx;
}

/** The PTLC's outpoint once H is known: output 0. */
export const PTLC_STATE_VOUT = 0;

/** What each side signs on H (BIP-342, SIGHASH_DEFAULT, the funding leaf). */
export function ptlcStateSighash(t: PtlcStateTerms, tx: Transaction): Uint8Array {
  const out = hopFundingOutput(t.offerer.key, t.receiver.key);
  const leaf = out.leaves[0]!;
  return signatureHash({
    tx,
    inputIndex: 0,
    prevouts: [{ value: t.capacitySat, script: out.scriptPubKey }],
    hashType: 0,
    path: { kind: 'script', leafScript: leaf.script, leafVersion: TAPSCRIPT_LEAF_VERSION, keyVersion: 0 },
  });
}

/** Puts H's witness on `tx` (in place): the two signatures in the leaf's key order, the leaf, the control block. */
export function finishPtlcState(
  t: PtlcStateTerms,
  tx: Transaction,
  sigs: { readonly offerer: Uint8Array; readonly receiver: Uint8Array },
): Transaction {
  const out = hopFundingOutput(t.offerer.key, t.receiver.key);
  const leaf = out.leaves[0]!;
  const o = expectBytes('ptlc state offerer signature', sigs.offerer, 64);
  const r = expectBytes('ptlc state receiver signature', sigs.receiver, 64);
  const [first] = sortedHopKeys(t.offerer.key, t.receiver.key);
  const offererFirst = bytesToHex(first) === bytesToHex(t.offerer.key);
  // The stack's top is checked first (K_1): the signature for K_1 is the last witness item before the leaf.
  tx.setWitness(0, offererFirst ? [r, o, leaf.script, leaf.controlBlock] : [o, r, leaf.script, leaf.controlBlock]);
  return tx;
}
