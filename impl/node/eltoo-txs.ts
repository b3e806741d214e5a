/**
 * Eltoo transactions of a channel. TEMPORARY until impl/tx lands: the sighashes are tagged hashes of the
 * fields the BIP-118 ANYPREVOUTANYSCRIPT message of each transaction commits to (state locktime, outputs),
 * not yet the transactions themselves.
 */
import { utf8 } from '../crypto/bytes.ts';
import { taggedHash } from '../crypto/tagged-hash.ts';
import { canonicalJson } from './canonical.ts';
import type { EltooChannel } from './channel.ts';

export function eltooSighashes(ch: EltooChannel): {
  update(state: number): Uint8Array;
  settle(opts: { state: number; partySat: number; hubSat: number }): Uint8Array;
} {
  const params = { party: ch.partyKey, hub: ch.hubKey, capacitySat: ch.capacitySat, csv: ch.csvDelayBlocks };
  return {
    update: (state) => taggedHash('APLN/tmp/update', utf8(canonicalJson({ ...params, locktime: 500_000_000 + state }))),
    settle: (o) => taggedHash('APLN/tmp/settle', utf8(canonicalJson({ ...params, ...o }))),
  };
}
