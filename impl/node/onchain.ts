/**
 * The eltoo channels on the simulated chain (impl/chain): where a channel stands on chain (its funding output
 * unspent, an update confirmed, or settled), which complete states a node holds, and the transactions it can
 * broadcast from its own snapshot, bound to the channel's current on-chain tip. The chain validates them all
 * (signatures under the BIP-118 sighash, CLTV, CSV, double spends).
 */
import type { Chain } from '../chain/chain.ts';
import { LOCKTIME_THRESHOLD } from '../tx/scripts.ts';
import type { EltooChannel, PendingInfo } from './channel.ts';
import { pendingSettlement } from './eltoo-txs.ts';
import { pendingVout, sweepPending } from './pending.ts';
import { derive } from './rng.ts';
import type { Transaction } from 'bitcoinjs-lib';
import { boundSettlement, boundUpdate, fundingOutpoint, type BroadcastTx } from './eltoo-txs.ts';

/** Where the channel stands on chain. */
export type ChannelTip =
  | { readonly kind: 'unfunded' }
  | { readonly kind: 'funding' }
  | { readonly kind: 'update'; readonly state: number; readonly txid: string; readonly height: number }
  | { readonly kind: 'settled'; readonly state: number; readonly updateTxid: string; readonly txid: string };

export function channelTip(chain: Chain, ch: EltooChannel): ChannelTip {
  const funding = fundingOutpoint(ch);
  if (chain.utxo(funding) === undefined && chain.spentBy(funding) === undefined) return { kind: 'unfunded' };
  let spender = chain.spentBy(funding);
  if (spender === undefined) return { kind: 'funding' };
  for (;;) {
    const tx = chain.transaction(spender);
    if (tx === undefined) throw new Error(`onchain: confirmed ${spender} is unknown`);
    const state = tx.locktime - LOCKTIME_THRESHOLD;
    const next = chain.spentBy({ txid: spender, vout: 0 });
    if (next === undefined)
      return { kind: 'update', state, txid: spender, height: chain.confirmationHeight(spender) ?? 0 };
    const nextTx = chain.transaction(next);
    // A settlement spends through the settlement leaf with nSequence = CSV; an update has nSequence 0xfffffffd.
    if (nextTx !== undefined && nextTx.ins[0]?.sequence === ch.csvDelayBlocks)
      return { kind: 'settled', state, updateTxid: spender, txid: next };
    spender = next;
  }
}

/** A complete state a node holds: both signatures of U(n) and St(n). */
export type HeldState = {
  readonly state: number;
  readonly partySat: number;
  readonly hubSat: number;
  readonly pending: PendingInfo | null;
  readonly updateSig: string;
  readonly settleSig: string;
};

/** A settlement a node holds complete: the terms of St(state) and both its signatures. */
export type HeldSettlement = Omit<HeldState, 'updateSig'>;

/** Every complete state in a node's view of the channel, oldest first (the latest is the last). */
export function heldStates(ch: EltooChannel): HeldState[] {
  const out = new Map<number, HeldState>();
  for (const p of ch.proposals) {
    if (p.updateSig !== null && p.settleSig !== null) {
      out.set(p.state, {
        state: p.state,
        partySat: p.partySat,
        hubSat: p.hubSat,
        pending: p.pending,
        updateSig: p.updateSig,
        settleSig: p.settleSig,
      });
    }
  }
  const l = ch.latest;
  if (l.updateSig !== null && l.settleSig !== null) {
    out.set(l.state, {
      state: l.state,
      partySat: l.partySat,
      hubSat: l.hubSat,
      pending: l.pending,
      updateSig: l.updateSig,
      settleSig: l.settleSig,
    });
  }
  return [...out.values()].sort((a, b) => a.state - b.state);
}

/** U(s.state) bound to the channel's tip (the funding output, or an earlier update's output). */
export function updateOnTip(ch: EltooChannel, s: HeldState, tip: ChannelTip): BroadcastTx | undefined {
  if (tip.kind === 'funding' || tip.kind === 'unfunded')
    return boundUpdate(ch, { state: s.state, updateSig: s.updateSig, spends: { kind: 'funding' } });
  if (tip.kind === 'update' && tip.state < s.state)
    return boundUpdate(ch, {
      state: s.state,
      updateSig: s.updateSig,
      spends: { kind: 'update', state: tip.state, txid: tip.txid },
    });
  return undefined;
}

/** St(s.state) spending U(s.state) at `updateTxid`. */
export function settlementOf(ch: EltooChannel, s: HeldSettlement, updateTxid: string): BroadcastTx {
  return boundSettlement(ch, {
    state: s.state,
    partySat: s.partySat,
    hubSat: s.hubSat,
    pending: s.pending,
    settleSig: s.settleSig,
    updateTxid,
  });
}

/**
 * What the holder of `ch` could broadcast now for its latest complete state: U(n) bound to the tip (unless U(n)
 * is already confirmed), and St(n) spending that U(n) (valid once U(n) has `csvDelayBlocks` confirmations).
 */
export function broadcastableTxs(chain: Chain, ch: EltooChannel): BroadcastTx[] {
  const held = heldStates(ch);
  const latest = held[held.length - 1];
  if (latest === undefined) return [];
  const tip = channelTip(chain, ch);
  if (tip.kind === 'settled') return [];
  if (tip.kind === 'update' && tip.state === latest.state) return [settlementOf(ch, latest, tip.txid)];
  const u = updateOnTip(ch, latest, tip);
  return u === undefined ? [] : [u, settlementOf(ch, latest, u.txid)];
}

/** What a node reads of the chain: where each of its channels stands. */
export interface ChainView {
  channelTip(ch: EltooChannel): ChannelTip;
  /** Whether a confirmed transaction spent `outpoint`. */
  isSpent(outpoint: { txid: string; vout: number }): boolean;
  /** The confirmed transaction that spent `outpoint` (an offerer reads a PTLC claim from it); absent in views without it. */
  spender?(outpoint: { txid: string; vout: number }): Transaction | undefined;
}

export function chainView(chain: Chain): ChainView {
  return {
    channelTip: (ch) => channelTip(chain, ch),
    isSpent: (o) => chain.spentBy(o) !== undefined,
    spender: (o) => {
      const id = chain.spentBy(o);
      return id === undefined ? undefined : chain.transaction(id);
    },
  };
}

/**
 * The settlement St(state) a node holds complete (both signatures of St, U's not needed), from its latest state
 * or a proposal: after the sale A holds St(n+1) without U(n+1), which S completes alone (02 §5, step 9).
 */
export function heldSettlement(ch: EltooChannel, state: number): HeldSettlement | undefined {
  const l = ch.latest;
  const s =
    l.state === state && l.settleSig !== null ? l : ch.proposals.find((p) => p.state === state && p.settleSig !== null);
  if (s === undefined || s.settleSig === null) return undefined;
  return { state, partySat: s.partySat, hubSat: s.hubSat, pending: s.pending, settleSig: s.settleSig };
}

/**
 * A watching node's duty for one channel at height `height` (R-08-08, R-08-09, R-08-10): when an update older
 * than its latest complete state k is confirmed, broadcast U(k) bound to it; once the confirmed update U(j) is
 * CSV-deep (its settlement can enter the next block) and the node holds St(j) complete, broadcast St(j). j may
 * be above k: S put U(n+1) on chain, and A holds St(n+1) without U(n+1) (R-08-09).
 */
export function watchChannel(ch: EltooChannel, tip: ChannelTip, height: number): { txs: BroadcastTx[]; note?: string } {
  if (tip.kind !== 'update') return { txs: [] };
  const held = heldStates(ch);
  const latest = held[held.length - 1];
  if (latest !== undefined && tip.state < latest.state) {
    const u = updateOnTip(ch, latest, tip);
    return u === undefined
      ? { txs: [] }
      : {
          txs: [u],
          note: `stale U(${tip.state}) of ${ch.party}–${ch.hub} on chain: broadcast U(${latest.state}) bound to it`,
        };
  }
  const settle = heldSettlement(ch, tip.state);
  if (settle !== undefined && height + 1 >= tip.height + ch.csvDelayBlocks) {
    return {
      txs: [settlementOf(ch, settle, tip.txid)],
      note: `U(${tip.state}) of ${ch.party}–${ch.hub} is ${ch.csvDelayBlocks} blocks deep: broadcast St(${tip.state})`,
    };
  }
  return { txs: [] };
}

/**
 * Timeout variant (R-06-04, R-06-05): when the channel settled with a state that has a pending output still
 * unspent, the sweep this side may broadcast: S through the claim leaf, A (the party) through the timeout
 * leaf. The chain refuses it until its CSV / CLTV allows, so a watcher may simply offer it every block.
 */
export function pendingSweep(o: {
  ch: EltooChannel;
  tip: ChannelTip;
  isSpent: (outpoint: { txid: string; vout: number }) => boolean;
  side: 'hub' | 'party';
  seed: string;
  secKey: Uint8Array;
}): BroadcastTx | undefined {
  if (o.tip.kind !== 'settled') return undefined;
  const tip = o.tip;
  // The terms of the settled state: A may hold St(n+1) without U(n+1) (S completed it alone after the sale).
  const l = o.ch.latest;
  const s = l.state === tip.state ? l : o.ch.proposals.find((p) => p.state === tip.state && p.settleSig !== null);
  if (s === undefined || s.pending === null) return undefined;
  const ps = pendingSettlement(o.ch, { state: tip.state, partySat: s.partySat, hubSat: s.hubSat, pending: s.pending });
  const outpoint = { txid: tip.txid, vout: pendingVout(ps) };
  if (o.isSpent(outpoint)) return undefined;
  const tx: Transaction = sweepPending({
    terms: ps.pending,
    outpoint,
    by: o.side === 'hub' ? 'hub' : 'payer',
    secKey: o.secKey,
    auxRand: derive(o.seed, `sweep/${tip.txid}`),
  });
  return {
    name: o.side === 'hub' ? 'claim-sweep' : 'timeout-sweep',
    txid: tx.getId(),
    hex: tx.toHex(),
    tx,
    spends: [],
  };
}
