/**
 * A routing channel's PTLC as transactions (impl/tx/hop-channel.ts, impl/tx/ptlc.ts), built from what a node
 * holds (its seed, its ledger with the peer, its PTLC entry): the PTLC state transaction H (the receiver adds
 * its signature to the offerer's from the offer), the claim (the completed adaptor signature and the
 * receiver's own; it reveals the secret to the offerer), and the offerer's refund through the timeout leaf.
 */
import type { Transaction } from 'bitcoinjs-lib';
import { bytesToHex, schnorrSign } from '../crypto/index.ts';
import { buildPtlcStateTx, finishPtlcState, hopFundingOutput, PTLC_STATE_VOUT } from '../tx/hop-channel.ts';
import { keyPathOutput } from '../tx/keypath.ts';
import {
  buildPtlcRefundTx,
  claimSenderSig,
  finishPtlcClaim,
  finishPtlcRefund,
  ptlcClaimSighash,
  ptlcOutput,
  ptlcRefundSighash,
} from '../tx/ptlc.ts';
import type { BroadcastTx, SpendData } from './eltoo-txs.ts';
import type { ChainView } from './onchain.ts';
import { hopChannelKey } from './keys.ts';
import {
  claimTx,
  completeClaim,
  hopKeysOf,
  ptlcTerms,
  senderSecKey,
  signAccept,
  stateTerms,
  type Ledger,
  type PtlcEntry,
} from './ptlc.ts';
import { derive } from './rng.ts';
import { fromHex } from './wire.ts';

function spend(
  prevout: { txid: string; vout: number; amountSat: bigint; script: Uint8Array },
  leaf: { script: Uint8Array; controlBlock: Uint8Array },
): SpendData {
  return {
    inputIndex: 0,
    prevout: {
      txid: prevout.txid,
      vout: prevout.vout,
      amountSat: Number(prevout.amountSat),
      scriptPubKey: bytesToHex(prevout.script),
    },
    tapleafScript: bytesToHex(leaf.script),
    controlBlock: bytesToHex(leaf.controlBlock),
  };
}

function broadcast(name: string, tx: Transaction, spends: SpendData[]): BroadcastTx {
  return { name, txid: tx.getId(), hex: tx.toHex(), spends, tx };
}

const label = (e: PtlcEntry): string => `hop ${e.hop} of ${e.paymentId.slice(0, 8)}`;

/**
 * H of `entry`, complete: the receiver adds its signature to the offerer's from the offer; the offerer adds the
 * receiver's from its `PtlcAccept` to its own (throws if it has none yet).
 */
export function ptlcStateTx(seed: string, ledger: Ledger, entry: PtlcEntry): BroadcastTx {
  if (entry.direction === 'out' && entry.receiverStateSig === null)
    throw new Error(`ptlc-txs: the offerer holds no receiver's signature of H (${label(entry)})`);
  const keys = hopKeysOf(entry.direction, ledger);
  const st = stateTerms(entry, keys, ledger, entry.receiverSat);
  const tx = buildPtlcStateTx(st);
  const receiver = entry.direction === 'in' ? signAccept(seed, ledger, entry) : entry.receiverStateSig!;
  finishPtlcState(st, tx, { offerer: fromHex(entry.stateSig), receiver: fromHex(receiver) });
  const funding = hopFundingOutput(st.offerer.key, st.receiver.key);
  const leaf = funding.leaves[0]!;
  return broadcast(`H(${label(entry)})`, tx, [
    spend({ ...st.funding, amountSat: st.capacitySat, script: funding.scriptPubKey }, leaf),
  ]);
}

/** The PTLC's outpoint: output 0 of H. */
function ptlcOutpoint(ledger: Ledger, entry: PtlcEntry): { txid: string; vout: number } {
  const keys = hopKeysOf(entry.direction, ledger);
  return { txid: buildPtlcStateTx(stateTerms(entry, keys, ledger, entry.receiverSat)).getId(), vout: PTLC_STATE_VOUT };
}

/** The receiver's claim of `entry` (it must know the secret): completed adaptor signature + its own. */
export function ptlcClaimTx(seed: string, ledger: Ledger, entry: PtlcEntry): BroadcastTx {
  if (entry.direction !== 'in' || entry.secret === null)
    throw new Error(`ptlc-txs: the claim needs the receiver and the secret (${label(entry)})`);
  const keys = hopKeysOf('in', ledger);
  const terms = ptlcTerms(entry, keys);
  const outpoint = ptlcOutpoint(ledger, entry);
  const tx = claimTx(entry, keys, outpoint);
  const senderSig = fromHex(completeClaim({ entry, secret: entry.secret, ledger }));
  const receiverSig = schnorrSign({
    secKey: hopChannelKey(seed, ledger.peer).secKey,
    msg: ptlcClaimSighash({ terms, tx, signer: 'receiver' }),
    auxRand: derive(seed, `ptlc-claim-aux/${entry.paymentId}/${entry.hop}`),
  });
  finishPtlcClaim({ terms, tx, senderSig, receiverSig });
  const out = ptlcOutput(terms);
  return broadcast(`PtlcClaim(${label(entry)})`, tx, [
    spend({ ...outpoint, amountSat: terms.amountSat, script: out.scriptPubKey }, out.leaves[0]!),
  ]);
}

/** The offerer's refund of `entry` through the timeout leaf (valid once H is on chain and the tip reached the timeout). */
export function ptlcRefundTx(seed: string, ledger: Ledger, entry: PtlcEntry): BroadcastTx {
  if (entry.direction !== 'out') throw new Error(`ptlc-txs: only the offerer refunds (${label(entry)})`);
  const keys = hopKeysOf('out', ledger);
  const terms = ptlcTerms(entry, keys);
  const outpoint = ptlcOutpoint(ledger, entry);
  const tx = buildPtlcRefundTx({
    terms,
    outpoint,
    toScript: keyPathOutput({ internalKey: fromHex(keys.offererKey).slice(1) }).scriptPubKey,
  });
  // The timeout leaf's key is the per-payment sender key: the offerer's hop key plus the payment's tweak.
  const sig = schnorrSign({
    secKey: senderSecKey(seed, ledger.peer, entry),
    msg: ptlcRefundSighash({ terms, tx }),
    auxRand: derive(seed, `ptlc-refund-aux/${entry.paymentId}/${entry.hop}`),
  });
  finishPtlcRefund({ terms, tx, senderSig: sig });
  const out = ptlcOutput(terms);
  return broadcast(`PtlcRefund(${label(entry)})`, tx, [
    spend({ ...outpoint, amountSat: terms.amountSat, script: out.scriptPubKey }, out.leaves[1]!),
  ]);
}

/**
 * The receiver's completed adaptor signature, read from the chain: the sender signature of the confirmed claim
 * that spent `entry`'s PTLC (undefined while the channel's funding is unspent, H or the PTLC is not spent, or it
 * was spent by the refund).
 */
export function claimSigOnChain(chain: ChainView, ledger: Ledger, entry: PtlcEntry): string | undefined {
  if (chain.spender === undefined || !chain.isSpent({ txid: ledger.fundingTxid, vout: ledger.fundingVout }))
    return undefined;
  const tx = chain.spender(ptlcOutpoint(ledger, entry));
  if (tx === undefined || tx.ins[0]?.witness.length !== 4) return undefined;
  return bytesToHex(claimSenderSig(tx));
}
