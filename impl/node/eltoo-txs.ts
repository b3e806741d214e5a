/**
 * The real eltoo transactions of a channel, built with impl/tx: the BIP-118 messages U(n) and St(n) are signed
 * over (ANYPREVOUTANYSCRIPT for updates, ANYPREVOUT for settlements), and the signed transactions bound to what
 * they spend, with what checking the spend needs (prevout amount and script, tapleaf script, control block).
 *
 * The update key Q_u is the BIP-327 aggregate (KeySort, KeyAgg) of the two channel keys, the settlement key Q_s
 * the same aggregate tweaked (channel-keys.ts); settlement balances pay key-path taproot outputs of each side's
 * x-only channel key (node/keys.ts).
 */
import type { Transaction } from 'bitcoinjs-lib';
import { aggregateXonly } from './channel-keys.ts';
import type { EltooChannelParams } from '../tx/channel.ts';
import { fundingOutput } from '../tx/funding.ts';
import type { Outpoint } from '../tx/outpoint.ts';
import { bindSettlement, settlementSighash, type SettlementTerms } from '../tx/settlement.ts';
import { bindUpdate, updateOutput, updateSighash, updateSpendLeaf, type UpdateSpendTarget } from '../tx/update.ts';
import { settlementLeaf } from '../tx/scripts.ts';
import { leafOf } from '../tx/taproot.ts';
import type { EltooChannel, PendingInfo } from './channel.ts';
import { bindPendingSettlement, pendingSettlementSighash, type PendingSettlement } from './pending.ts';
import { fromHex, toHex } from './wire.ts';

export function channelParams(ch: EltooChannel): EltooChannelParams {
  return {
    channelKey: aggregateXonly(ch, 'update'),
    settlementKey: aggregateXonly(ch, 'settle'),
    capacitySat: BigInt(ch.capacitySat),
    csvDelayBlocks: ch.csvDelayBlocks,
  };
}

function settlementTerms(ch: EltooChannel, o: { state: number; partySat: number; hubSat: number }): SettlementTerms {
  return {
    params: channelParams(ch),
    stateNumber: o.state,
    balances: [
      { key: fromHex(ch.partyKey).slice(1), valueSat: BigInt(o.partySat) },
      { key: fromHex(ch.hubKey).slice(1), valueSat: BigInt(o.hubSat) },
    ],
    ptlcs: [],
  };
}

// The messages are pure functions of public channel data; nodes ask for them often, so remember them.
const memo = new Map<string, Uint8Array>();
function remember(key: string, f: () => Uint8Array): Uint8Array {
  let v = memo.get(key);
  if (v === undefined) {
    v = f();
    if (memo.size > 10_000) memo.clear();
    memo.set(key, v);
  }
  return v;
}

/** The timeout variant's St(n) (with the pending output), as pending.ts builds it. */
export function pendingSettlement(
  ch: EltooChannel,
  o: { state: number; partySat: number; hubSat: number; pending: PendingInfo },
): PendingSettlement {
  const terms = settlementTerms(ch, o);
  return {
    params: terms.params,
    stateNumber: o.state,
    balances: terms.balances,
    pending: {
      pendingSat: o.pending.pendingSat,
      pendingTimeoutHeight: o.pending.pendingTimeoutHeight,
      claimMarginBlocks: o.pending.claimMarginBlocks,
      hubKey: fromHex(ch.hubKey).slice(1),
      payerKey: fromHex(ch.partyKey).slice(1),
    },
  };
}

export function eltooSighashes(ch: EltooChannel): {
  update(state: number): Uint8Array;
  settle(opts: { state: number; partySat: number; hubSat: number; pending?: PendingInfo | null }): Uint8Array;
} {
  const id = `${ch.partyKey}/${ch.hubKey}/${ch.capacitySat}/${ch.csvDelayBlocks}`;
  return {
    // R-01-11: U(n) is signed with SIGHASH_ANYPREVOUTANYSCRIPT|ALL over its BIP-118 message.
    update: (state) =>
      remember(`${id}/U/${state}`, () => updateSighash({ params: channelParams(ch), stateNumber: state })),
    // R-01-08: St(n) is signed with SIGHASH_ANYPREVOUT|ALL over its BIP-118 message.
    settle: (o) => {
      const pending = o.pending ?? null;
      if (pending === null)
        return remember(`${id}/St/${o.state}/${o.partySat}/${o.hubSat}`, () =>
          settlementSighash(settlementTerms(ch, o)),
        );
      const key = `${id}/StP/${o.state}/${o.partySat}/${o.hubSat}/${pending.pendingSat}/${pending.pendingTimeoutHeight}/${pending.claimMarginBlocks}`;
      return remember(key, () => pendingSettlementSighash(pendingSettlement(ch, { ...o, pending })));
    },
  };
}

/** What checking one input's spend needs. */
export type SpendData = {
  readonly inputIndex: number;
  readonly prevout: {
    readonly txid: string;
    readonly vout: number;
    readonly amountSat: number;
    readonly scriptPubKey: string;
  };
  readonly tapleafScript: string;
  readonly controlBlock: string;
};

export type BroadcastTx = {
  readonly name: string;
  readonly txid: string;
  readonly hex: string;
  readonly spends: readonly SpendData[];
  readonly tx: Transaction;
};

/** The funding outpoint of the channel. */
export function fundingOutpoint(ch: EltooChannel): Outpoint {
  return { txid: ch.fundingTxid, vout: ch.fundingVout };
}

/** U(state) with its complete signature, bound to the funding output or to U(from)'s output. */
export function boundUpdate(
  ch: EltooChannel,
  o: {
    state: number;
    updateSig: string;
    spends: { kind: 'funding' } | { kind: 'update'; state: number; txid: string };
  },
): BroadcastTx {
  const params = channelParams(ch);
  const target: UpdateSpendTarget =
    o.spends.kind === 'funding'
      ? { kind: 'funding', outpoint: fundingOutpoint(ch) }
      : { kind: 'update', stateNumber: o.spends.state, outpoint: { txid: o.spends.txid, vout: 0 } };
  const tx = bindUpdate({ params, stateNumber: o.state, signature: fromHex(o.updateSig), spends: target });
  const leaf = updateSpendLeaf({ params, stateNumber: o.state, target });
  const prevScript =
    target.kind === 'funding'
      ? fundingOutput(params).scriptPubKey
      : updateOutput(params, target.stateNumber).scriptPubKey;
  return {
    name: `U(${o.state})`,
    txid: tx.getId(),
    hex: tx.toHex(),
    tx,
    spends: [
      {
        inputIndex: 0,
        prevout: {
          txid: target.outpoint.txid,
          vout: target.outpoint.vout,
          amountSat: ch.capacitySat,
          scriptPubKey: toHex(prevScript),
        },
        tapleafScript: toHex(leaf.script),
        controlBlock: toHex(leaf.controlBlock),
      },
    ],
  };
}

/** St(state) with its complete signature, spending U(state)'s output (txid `updateTxid`, vout 0). */
export function boundSettlement(
  ch: EltooChannel,
  o: {
    state: number;
    partySat: number;
    hubSat: number;
    settleSig: string;
    updateTxid: string;
    pending?: PendingInfo | null;
  },
): BroadcastTx {
  const terms = settlementTerms(ch, o);
  const updateOutpoint = { txid: o.updateTxid, vout: 0 };
  const pending = o.pending ?? null;
  const tx =
    pending === null
      ? bindSettlement({ ...terms, signature: fromHex(o.settleSig), updateOutpoint })
      : bindPendingSettlement({
          ...pendingSettlement(ch, { ...o, pending }),
          signature: fromHex(o.settleSig),
          updateOutpoint,
        });
  const out = updateOutput(terms.params, o.state);
  const leaf = leafOf(
    out,
    settlementLeaf({ channelKey: terms.params.settlementKey, csvDelayBlocks: terms.params.csvDelayBlocks }),
  );
  return {
    name: `St(${o.state})`,
    txid: tx.getId(),
    hex: tx.toHex(),
    tx,
    spends: [
      {
        inputIndex: 0,
        prevout: { txid: o.updateTxid, vout: 0, amountSat: ch.capacitySat, scriptPubKey: toHex(out.scriptPubKey) },
        tapleafScript: toHex(leaf.script),
        controlBlock: toHex(leaf.controlBlock),
      },
    ],
  };
}
