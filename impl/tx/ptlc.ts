/**
 * PTLC outputs of a settlement transaction, and the two ways to spend one.
 *
 * Output: NUMS internal key, leaves [claim, timeout]:
 *   claim:   <0x01‖Ks> OP_CHECKSIGVERIFY <Kr> OP_CHECKSIG   — sender's and receiver's signatures
 *   timeout: <timeoutHeight> OP_CHECKLOCKTIMEVERIFY OP_DROP <Ks> OP_CHECKSIG   — the sender alone, once the tip reaches timeoutHeight
 *
 * The claim is the classic two-signature PTLC: the sender hands the receiver an *adaptor pre-signature* on the
 * claim transaction under the payment point T (impl/crypto `preSign`); the receiver completes it with t
 * (`adapt`) — to the chain an ordinary BIP-340 signature — and adds its own signature. Publishing the claim
 * reveals t to the sender (`extract`). The sender's key is a BIP-118 key and its signature uses
 * SIGHASH_ALL|ANYPREVOUT (0x41): the claim transaction's outpoint is not known when the sender pre-signs
 * (the settlement's txid changes whenever its update is rebound), and ANYPREVOUT still binds the signature
 * to this PTLC's scriptPubKey, amount and claim leaf. The receiver signs at claim time with SIGHASH_DEFAULT.
 */
import { Transaction } from 'bitcoinjs-lib';
import { concatBytes, expectBytes } from '../crypto/index.ts';
import { InputError } from '../../util/input-error.ts';
import { SIGHASH } from './hash-type.ts';
import { outpointHash, type Outpoint } from './outpoint.ts';
import { checkHeight, ptlcClaimLeaf, ptlcTimeoutLeaf } from './scripts.ts';
import { signatureHash, TAPSCRIPT_LEAF_VERSION } from './sighash-apo.ts';
import { NUMS_INTERNAL_KEY, taprootOutput, type TaprootOutput } from './taproot.ts';

export interface PtlcTerms {
  /** x-only key of the party that offers (pays) the PTLC. */
  readonly senderKey: Uint8Array;
  /** x-only key of the party that may claim it. */
  readonly receiverKey: Uint8Array;
  readonly amountSat: bigint;
  /**
   * Absolute block height of the timeout: the refund (nLockTime = timeoutHeight, CLTV timeoutHeight) is valid
   * in blocks above it, i.e. once the chain's tip has reached timeoutHeight.
   */
  readonly timeoutHeight: number;
}

/** Hash type of the sender's (adaptor) claim signature. */
export const PTLC_SENDER_HASH_TYPE = SIGHASH.ALL_ANYPREVOUT;
/** nSequence of claim and refund inputs: not final (CLTV), no relative lock. */
export const PTLC_SEQUENCE = 0xfffffffe;

export function checkPtlcTerms(t: PtlcTerms): PtlcTerms {
  expectBytes('ptlc.senderKey', t.senderKey, 32);
  expectBytes('ptlc.receiverKey', t.receiverKey, 32);
  if (typeof t.amountSat !== 'bigint' || t.amountSat <= 0n)
    throw new InputError('ptlc.amountSat', `${String(t.amountSat)} is not positive`);
  checkHeight(t.timeoutHeight);
  return t;
}

export function ptlcLeaves(t: PtlcTerms): { readonly claim: Uint8Array; readonly timeout: Uint8Array } {
  checkPtlcTerms(t);
  return {
    claim: ptlcClaimLeaf({ senderKey: t.senderKey, receiverKey: t.receiverKey }),
    timeout: ptlcTimeoutLeaf({ senderKey: t.senderKey, timeoutHeight: t.timeoutHeight }),
  };
}

/** The PTLC's taproot output (leaves in order: claim, timeout). */
export function ptlcOutput(t: PtlcTerms): TaprootOutput {
  const { claim, timeout } = ptlcLeaves(t);
  return taprootOutput({ internalKey: NUMS_INTERNAL_KEY, tree: [{ script: claim }, { script: timeout }] });
}

function spendTx(opts: { outpoint: Outpoint; toScript: Uint8Array; valueSat: bigint; locktime: number }): Transaction {
  const tx = new Transaction();
  tx.version = 2;
  tx.locktime = opts.locktime;
  tx.addInput(outpointHash(opts.outpoint), opts.outpoint.vout, PTLC_SEQUENCE);
  tx.addOutput(opts.toScript, opts.valueSat);
  return tx;
}

function valueAfterFee(t: PtlcTerms, feeSat: bigint | undefined): bigint {
  const v = t.amountSat - (feeSat ?? 0n);
  if (v <= 0n) throw new InputError('ptlc.feeSat', `fee ${feeSat} leaves nothing of ${t.amountSat} sat`);
  return v;
}

/** The unsigned claim transaction: spends the PTLC at `outpoint`, pays the amount minus `feeSat` to `toScript`. */
export function buildPtlcClaimTx(opts: {
  readonly terms: PtlcTerms;
  readonly outpoint: Outpoint;
  readonly toScript: Uint8Array;
  readonly feeSat?: bigint;
}): Transaction {
  checkPtlcTerms(opts.terms);
  return spendTx({
    outpoint: opts.outpoint,
    toScript: opts.toScript,
    valueSat: valueAfterFee(opts.terms, opts.feeSat),
    locktime: 0,
  });
}

/** The unsigned refund transaction: nLockTime = timeoutHeight, pays the amount minus `feeSat` to `toScript`. */
export function buildPtlcRefundTx(opts: {
  readonly terms: PtlcTerms;
  readonly outpoint: Outpoint;
  readonly toScript: Uint8Array;
  readonly feeSat?: bigint;
}): Transaction {
  checkPtlcTerms(opts.terms);
  return spendTx({
    outpoint: opts.outpoint,
    toScript: opts.toScript,
    valueSat: valueAfterFee(opts.terms, opts.feeSat),
    locktime: opts.terms.timeoutHeight,
  });
}

/**
 * The message a signer signs on the claim transaction `tx`: the sender (BIP-118 key, 0x41, independent of
 * the outpoint — what it adaptor-pre-signs) or the receiver (BIP-342 key, SIGHASH_DEFAULT).
 */
export function ptlcClaimSighash(opts: {
  readonly terms: PtlcTerms;
  readonly tx: Transaction;
  readonly signer: 'sender' | 'receiver';
}): Uint8Array {
  const out = ptlcOutput(opts.terms);
  const { claim } = ptlcLeaves(opts.terms);
  const prevout = { value: opts.terms.amountSat, script: out.scriptPubKey };
  const sender = opts.signer === 'sender';
  return signatureHash({
    tx: opts.tx,
    inputIndex: 0,
    prevouts: [prevout],
    hashType: sender ? PTLC_SENDER_HASH_TYPE : SIGHASH.DEFAULT,
    path: { kind: 'script', leafScript: claim, leafVersion: TAPSCRIPT_LEAF_VERSION, keyVersion: sender ? 1 : 0 },
  });
}

/** The sender's message on the refund transaction `tx` (BIP-342 key, SIGHASH_DEFAULT). */
export function ptlcRefundSighash(opts: { readonly terms: PtlcTerms; readonly tx: Transaction }): Uint8Array {
  const { timeout } = ptlcLeaves(opts.terms);
  return signatureHash({
    tx: opts.tx,
    inputIndex: 0,
    prevouts: [{ value: opts.terms.amountSat, script: ptlcOutput(opts.terms).scriptPubKey }],
    hashType: SIGHASH.DEFAULT,
    path: { kind: 'script', leafScript: timeout, leafVersion: TAPSCRIPT_LEAF_VERSION, keyVersion: 0 },
  });
}

/**
 * Puts the claim witness on `tx` (in place) and returns it: `[receiverSig, senderSig ‖ 0x41, claim leaf, control block]`.
 * `senderSig` is the completed adaptor signature (64 bytes), `receiverSig` the receiver's own (64 bytes).
 */
export function finishPtlcClaim(opts: {
  readonly terms: PtlcTerms;
  readonly tx: Transaction;
  readonly senderSig: Uint8Array;
  readonly receiverSig: Uint8Array;
}): Transaction {
  const out = ptlcOutput(opts.terms);
  const leaf = out.leaves[0]!;
  const s = expectBytes('ptlc.senderSig', opts.senderSig, 64);
  const r = expectBytes('ptlc.receiverSig', opts.receiverSig, 64);
  opts.tx.setWitness(0, [r, concatBytes(s, Uint8Array.of(PTLC_SENDER_HASH_TYPE)), leaf.script, leaf.controlBlock]);
  return opts.tx;
}

/** Puts the refund witness on `tx` (in place) and returns it: `[senderSig, timeout leaf, control block]`. */
export function finishPtlcRefund(opts: {
  readonly terms: PtlcTerms;
  readonly tx: Transaction;
  readonly senderSig: Uint8Array;
}): Transaction {
  const leaf = ptlcOutput(opts.terms).leaves[1]!;
  opts.tx.setWitness(0, [expectBytes('ptlc.senderSig', opts.senderSig, 64), leaf.script, leaf.controlBlock]);
  return opts.tx;
}

/** The claim witness's sender signature (64 bytes, hash type stripped): what the sender `extract`s t from. */
export function claimSenderSig(tx: Transaction): Uint8Array {
  const w = tx.ins[0]?.witness;
  const s = w?.[1];
  if (w === undefined || w.length !== 4 || s === undefined || s.length !== 65) {
    throw new InputError('ptlc claim witness', 'expected [receiverSig, senderSig‖0x41, leaf, control block]');
  }
  return s.slice(0, 64);
}
