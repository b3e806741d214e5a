/**
 * Outpoints as the rest of impl/ sees them: the txid in its usual display hex (byte-reversed relative to
 * the serialization) and the output index. `outpointKey` is the canonical string form used as a map key.
 */
import type { Transaction } from 'bitcoinjs-lib';
import { bytesToHex, hexToBytes } from '../crypto/index.ts';

export interface Outpoint {
  /** Display-order hex (what `Transaction.getId()` returns). */
  readonly txid: string;
  readonly vout: number;
}

/** `txid:vout`. */
export function outpointKey(o: Outpoint): string {
  return `${o.txid}:${o.vout}`;
}

/** The outpoint input `index` of `tx` spends. */
export function inputOutpoint(tx: Transaction, index: number): Outpoint {
  const input = tx.ins[index];
  if (input === undefined) throw new RangeError(`inputOutpoint: no input ${index}`);
  return { txid: bytesToHex(Uint8Array.from(input.hash).reverse()), vout: input.index };
}

/** The serialized (internal byte order) txid of an outpoint, as bitcoinjs-lib's `addInput` wants it. */
export function outpointHash(o: Outpoint): Uint8Array {
  return hexToBytes('outpoint.txid', o.txid, 32).reverse();
}

/** Points input `index` of `tx` at `o` (in place): how a transaction signed with ANYPREVOUT is rebound. */
export function setInputOutpoint(tx: Transaction, index: number, o: Outpoint): void {
  const input = tx.ins[index];
  if (input === undefined) throw new RangeError(`setInputOutpoint: no input ${index}`);
  input.hash = outpointHash(o);
  input.index = o.vout;
}
