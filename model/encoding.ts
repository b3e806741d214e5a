/**
 * The words every machine writes for the parts of its state they all have (the checker's `WordSink`): the clock,
 * the parties, their money and the channel on chain. Each machine writes its own fields between the two.
 */
import type { WordSink } from '../checker/model.ts';
import type { ChainChannel } from './chain.ts';

/** The height, who is online, and what each of the `parties` knows. */
export function encodeParties(
  sink: WordSink,
  s: { readonly height: number; readonly online: number; readonly knows: readonly number[] },
  parties: number,
): void {
  sink.word(s.height);
  sink.word(s.online);
  for (let p = 0; p < parties; p++) sink.word(s.knows[p] ?? 0);
}

/** Each of the `parties`' wallet, the channel's off-chain amount, and the channel on chain (model/chain.ts). */
export function encodeFunds(
  sink: WordSink,
  s: { readonly wallet: readonly number[]; readonly channelSat: number; readonly chain: ChainChannel },
  parties: number,
): void {
  for (let p = 0; p < parties; p++) sink.word(s.wallet[p] ?? 0);
  sink.word(s.channelSat);
  const c = s.chain;
  sink.word((c.update + 1) | ((c.updateHeight + 1) << 4) | ((c.settled ? 1 : 0) << 12) | ((c.stale ?? 0) << 13));
}
