/**
 * Transaction-level timelocks: nLockTime finality (consensus `IsFinalTx`, BIP-113 median time past) and
 * BIP-68 relative locks (`SequenceLocks`), evaluated for inclusion in the block at `blockHeight`.
 */
import type { Transaction } from 'bitcoinjs-lib';
import { LOCKTIME_THRESHOLD } from '../tx/scripts.ts';
import type { Rejection } from './rejection.ts';
import type { ChainClock } from './time.ts';

export const SEQUENCE_FINAL = 0xffffffff;
/** BIP-68: bit 31 disables the relative lock of an input. */
export const SEQUENCE_DISABLE_FLAG = 0x80000000;
/** BIP-68: bit 22 makes the lock time-based, in units of 512 seconds. */
export const SEQUENCE_TYPE_FLAG = 0x00400000;
export const SEQUENCE_MASK = 0x0000ffff;
const GRANULARITY_SHIFT = 9;

/**
 * `IsFinalTx(tx, blockHeight, blockTime)` with blockTime = the MTP of the previous block (BIP-113): final
 * when nLockTime is 0, below the height (or time) it is compared with, or when every input is SEQUENCE_FINAL.
 */
export function checkFinality(
  tx: Transaction,
  ctx: { readonly blockHeight: number; readonly clock: ChainClock },
): Rejection | undefined {
  const lt = tx.locktime;
  if (lt === 0) return undefined;
  const timeBased = lt >= LOCKTIME_THRESHOLD;
  const against = timeBased ? ctx.clock.mtp(ctx.blockHeight - 1) : ctx.blockHeight;
  if (lt < against) return undefined;
  if (tx.ins.every((i) => i.sequence === SEQUENCE_FINAL)) return undefined;
  const detail = timeBased
    ? `a time-based lock, not below the median time past ${against}`
    : `a height-based lock, not below the next block's height ${against} (valid from height ${lt + 1})`;
  return { rule: 'locktime-not-reached', locktime: lt, detail };
}

/**
 * BIP-68 for transactions of version ≥ 2: each input whose nSequence has the disable flag clear may only be
 * included `value` blocks (or value·512 s) after the output it spends was confirmed.
 */
export function checkSequenceLocks(
  tx: Transaction,
  ctx: { readonly blockHeight: number; readonly clock: ChainClock; readonly coinHeights: readonly number[] },
): Rejection | undefined {
  if (tx.version < 2) return undefined;
  for (let i = 0; i < tx.ins.length; i++) {
    const seq = tx.ins[i]!.sequence;
    if ((seq & SEQUENCE_DISABLE_FLAG) !== 0) continue;
    const coinHeight = ctx.coinHeights[i]!;
    const value = seq & SEQUENCE_MASK;
    if ((seq & SEQUENCE_TYPE_FLAG) !== 0) {
      // nMinTime = MTP(coin's block − 1) + (value << 9) − 1; satisfied if nMinTime < MTP(tip).
      const minTime = ctx.clock.mtp(coinHeight - 1) + (value << GRANULARITY_SHIFT) - 1;
      const tipTime = ctx.clock.mtp(ctx.blockHeight - 1);
      if (minTime >= tipTime) {
        return {
          rule: 'csv-not-satisfied',
          input: i,
          detail: `relative time lock of ${value}×512 s not reached (need MTP > ${minTime}, tip ${tipTime})`,
        };
      }
    } else {
      // nMinHeight = coin height + value − 1; satisfied if nMinHeight < block height.
      const minHeight = coinHeight + value - 1;
      if (minHeight >= ctx.blockHeight) {
        return {
          rule: 'csv-not-satisfied',
          input: i,
          detail: `spent output confirmed at height ${coinHeight} needs ${value} blocks: valid from height ${minHeight + 1}, next block is ${ctx.blockHeight}`,
        };
      }
    }
  }
  return undefined;
}
