/**
 * The seam between the protocol and the transactions: the messages that update and settlement signatures of a
 * channel state sign. With impl/tx these are the BIP-118 ANYPREVOUT sighashes of U(n) and St(n); see
 * `eltoo-txs.ts` for the real transactions (built when impl/tx is available).
 */
import { musigKeyAgg, musigKeySort } from '../crypto/musig.ts';
import type { EltooChannel, PendingInfo } from './channel.ts';
import { fromHex } from './wire.ts';
import { eltooSighashes } from './eltoo-txs.ts';

/** The channel's two keys in BIP-327 KeySort order (both sides agree on it without talking). */
export function channelKeys(ch: EltooChannel): Uint8Array[] {
  return musigKeySort([fromHex(ch.partyKey), fromHex(ch.hubKey)]);
}

/** Index of `keyHex` in the sorted key list (the signer index for partial-signature checks). */
export function signerIndex(ch: EltooChannel, keyHex: string): number {
  const keys = channelKeys(ch).map((k) => Array.from(k, (b) => b.toString(16).padStart(2, '0')).join(''));
  return keys.indexOf(keyHex);
}

export function aggregateXonly(ch: EltooChannel): Uint8Array {
  return musigKeyAgg(channelKeys(ch)).xonly;
}

/** What U(state) is signed over. */
export function updateMsg(ch: EltooChannel, state: number): Uint8Array {
  return eltooSighashes(ch).update(state);
}

/** What St(state) with these balances is signed over. */
export function settleMsg(ch: EltooChannel, opts: { state: number; partySat: number; hubSat: number; pending?: PendingInfo | null }): Uint8Array {
  return eltooSighashes(ch).settle(opts);
}
