/**
 * The fixed parameters of an eltoo channel that every one of its transactions depends on.
 */
import { expectBytes } from '../crypto/index.ts';
import { InputError } from '../../util/input-error.ts';
import { checkCsv } from './scripts.ts';

export interface EltooChannelParams {
  /**
   * The channel's x-only 2-of-2 key: the BIP-327 (MuSig2) aggregate of A's and S's keys (impl/crypto
   * `musigKeyAgg(...).xonly`). Used as a BIP-118 key (`0x01‖P`) in the update and settlement leaves; update
   * and settlement signatures are MuSig2 signatures under it.
   */
  readonly channelKey: Uint8Array;
  /**
   * Q_s, the x-only key of the settlement leaf (spec 00 §3, 01 §1): a different aggregate key from Q_u
   * (`channelKey`, the update leaf's), so an update signature never verifies as a settlement one.
   */
  readonly settlementKey: Uint8Array;
  /** The funding amount; every update output carries it unchanged (update transactions pay no fee). */
  readonly capacitySat: bigint;
  /** Relative delay (blocks) between an update confirming and its settlement becoming valid. */
  readonly csvDelayBlocks: number;
}

/** Checks the parameters at the boundary; throws `InputError` naming the field. */
export function checkChannelParams(p: EltooChannelParams): EltooChannelParams {
  expectBytes('channel.channelKey', p.channelKey, 32);
  expectBytes('channel.settlementKey', p.settlementKey, 32);
  if (typeof p.capacitySat !== 'bigint' || p.capacitySat <= 0n || p.capacitySat > 21_000_000n * 100_000_000n) {
    throw new InputError('channel.capacitySat', `${String(p.capacitySat)} is not a positive amount of satoshi`);
  }
  checkCsv(p.csvDelayBlocks);
  return p;
}
