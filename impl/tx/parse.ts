/**
 * Transactions from outside (a message, a file, the adapter protocol): hex decoded with bitcoinjs-lib, and
 * any failure turned into `InputError(where, …)` instead of a library stack trace. The result re-serializes
 * to exactly the input, so nothing is silently dropped.
 */
import { Transaction } from 'bitcoinjs-lib';
import { InputError } from '../../util/input-error.ts';

export function parseTransaction(where: string, hex: string): Transaction {
  if (typeof hex !== 'string' || hex.length === 0 || hex.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(hex)) {
    throw new InputError(where, 'expected a non-empty even-length hex string');
  }
  let tx: Transaction;
  try {
    tx = Transaction.fromHex(hex);
  } catch (e) {
    throw new InputError(where, `not a transaction: ${(e as Error).message}`);
  }
  if (tx.toHex() !== hex.toLowerCase())
    throw new InputError(where, 'the transaction does not re-serialize to the same bytes');
  return tx;
}
