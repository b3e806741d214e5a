/**
 * The eltoo funding output and transaction.
 *
 * Design: the funding output is a taproot output with the unspendable NUMS internal key (BIP-341's H) and a
 * single leaf, the update leaf of "state 0": `<500000001> CLTV DROP <0x01‖P> CHECKSIG`. So the funding output
 * can only be spent by an update transaction (nLockTime ≥ 500000001, state ≥ 1) carrying a MuSig2 signature of
 * both parties — the same rule as every later update output's update leaf, which is what lets one ANYPREVOUT-
 * ANYSCRIPT signature spend either. There is no key path: a cooperative close is "the latest update, then its
 * settlement" (a key path under P would work too but is not needed by this project and would need a MuSig2
 * taproot tweak).
 */
import { Transaction } from 'bitcoinjs-lib';
import { InputError } from '../../util/input-error.ts';
import { checkChannelParams, type EltooChannelParams } from './channel.ts';
import { outpointHash, type Outpoint } from './outpoint.ts';
import { updateLeaf } from './scripts.ts';
import type { SpentOutput } from './sighash-apo.ts';
import { NUMS_INTERNAL_KEY, taprootOutput, type TaprootOutput } from './taproot.ts';

/** The funding output's taproot: NUMS internal key, one leaf (the update leaf of state 0). */
export function fundingOutput(params: EltooChannelParams): TaprootOutput {
  checkChannelParams(params);
  return taprootOutput({
    internalKey: NUMS_INTERNAL_KEY,
    tree: { script: updateLeaf({ channelKey: params.channelKey, stateNumber: 0 }) },
  });
}

/**
 * An unsigned funding transaction: spends `from` (one coin), pays `capacitySat` to the funding output at
 * vout 0 and the rest minus `feeSat` to `changeScript` (omitted when zero). Sign its input with the coin
 * owner's key (e.g. `signKeyPath`).
 */
export function buildFundingTx(opts: {
  readonly params: EltooChannelParams;
  readonly from: { readonly outpoint: Outpoint; readonly prevout: SpentOutput };
  readonly changeScript?: Uint8Array;
  readonly feeSat?: bigint;
}): Transaction {
  const { params, from } = opts;
  const fee = opts.feeSat ?? 0n;
  const change = from.prevout.value - params.capacitySat - fee;
  if (change < 0n) {
    throw new InputError(
      'funding.from',
      `the coin holds ${from.prevout.value} sat, less than capacity ${params.capacitySat} + fee ${fee}`,
    );
  }
  if (change > 0n && opts.changeScript === undefined) {
    throw new InputError('funding.changeScript', `${change} sat of change needs a change script`);
  }
  const tx = new Transaction();
  tx.version = 2;
  tx.addInput(outpointHash(from.outpoint), from.outpoint.vout, 0xffffffff);
  tx.addOutput(fundingOutput(params).scriptPubKey, params.capacitySat);
  if (change > 0n && opts.changeScript !== undefined) tx.addOutput(opts.changeScript, change);
  return tx;
}
