/**
 * The seam between the protocol and the transactions: the messages that update and settlement signatures of a
 * channel state sign. With impl/tx these are the BIP-118 ANYPREVOUT sighashes of U(n) and St(n); see
 * `eltoo-txs.ts` for the real transactions (built when impl/tx is available).
 */
import type { EltooChannel, PendingInfo } from './channel.ts';
import { eltooSighashes } from './eltoo-txs.ts';

export { aggregateXonly, channelKeys, keyTweaks, signerIndex } from './channel-keys.ts';

/** What U(state) is signed over. */
export function updateMsg(ch: EltooChannel, state: number): Uint8Array {
  return eltooSighashes(ch).update(state);
}

/** What St(state) with these balances is signed over. */
export function settleMsg(
  ch: EltooChannel,
  opts: { state: number; partySat: number; hubSat: number; pending?: PendingInfo | null },
): Uint8Array {
  return eltooSighashes(ch).settle(opts);
}
