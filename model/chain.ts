/**
 * The eltoo channel on chain, one set of rules for every machine: updates are numbered by state and any later
 * one spends an earlier one (rebinding); a settlement spends the confirmed update once its CSV delay passed.
 * A machine describes its channel through a `ChannelView` (who holds which complete update and settlement);
 * the publish steps, their urgency for honest parties and the rebinding window are decided here.
 */
import type { Candidate } from './time.ts';

/** The channel on chain: the confirmed update's state number (−1 while the channel is open), its height, settled. */
export interface ChainChannel {
  /** The state number of the confirmed update (0 = the state before the payment, k = n+k), or −1 while open. */
  readonly update: number;
  /** The height at which that update confirmed (the settlement's CSV counts from here); −1 when none. */
  readonly updateHeight: number;
  /** A settlement spent the update: the channel is closed and its funds are on-chain outputs. */
  readonly settled: boolean;
}

export const OPEN_CHANNEL: ChainChannel = { update: -1, updateHeight: -1, settled: false };

/**
 * A published channel transaction waiting in the mempool (`inclusionDelayBlocks` > 0): U(n+state), or the
 * settlement of the confirmed U(n+state). Everyone sees it while it waits (honest parties react to it); the
 * adversary picks when it confirms, at the latest `inclusionDelayBlocks` after `since`, and which of two
 * conflicting spends confirms first (R-08-13: the other is dropped).
 */
export interface PendingTx {
  readonly tx: 'update' | 'settlement';
  readonly state: number;
  /** The height at which it was published. */
  readonly since: number;
}

/** No transaction waiting (always so with `inclusionDelayBlocks` 0: a published transaction confirms at once). */
export const EMPTY_MEMPOOL: readonly PendingTx[] = [];

/** `t` can confirm on `chain` at `height`: a later update of an unsettled channel, or the confirmed update's settlement after its CSV delay. */
function canConfirm(t: PendingTx, chain: ChainChannel, height: number, csvDelayBlocks: number): boolean {
  if (chain.settled) return false;
  if (t.tx === 'update') return t.state > chain.update;
  return t.state === chain.update && height >= chain.updateHeight + csvDelayBlocks;
}

/** The mempool after a confirmation: what can no longer confirm (a conflicting spend lost the race) is dropped. */
export function dropConflicts(
  mempool: readonly PendingTx[],
  chain: ChainChannel,
  height: number,
  csvDelayBlocks: number,
): readonly PendingTx[] {
  const kept = mempool.filter((t) => canConfirm(t, chain, height, csvDelayBlocks));
  return kept.length === 0 ? EMPTY_MEMPOOL : kept;
}

/**
 * R-08-07, R-08-13: the chain confirms a waiting transaction `i`, at any moment the adversary picks; it must by
 * `since + inclusionDelayBlocks` (urgent then: no block is mined past its deadline while it can still confirm).
 */
export function confirmPendingSteps(
  mempool: readonly PendingTx[],
  chain: ChainChannel,
  height: number,
  c: { readonly csvDelayBlocks: number; readonly inclusionDelayBlocks: number },
): Candidate<{ readonly index: number }>[] {
  const out: Candidate<{ readonly index: number }>[] = [];
  mempool.forEach((t, index) => {
    if (canConfirm(t, chain, height, c.csvDelayBlocks))
      out.push({ action: { index }, urgent: height >= t.since + c.inclusionDelayBlocks });
  });
  return out;
}

function isPending(mempool: readonly PendingTx[], tx: PendingTx['tx'], state: number): boolean {
  return mempool.some((t) => t.tx === tx && t.state === state);
}

/** What the chain rules need to know about a machine's channel in one state. */
export interface ChannelView {
  /** Parties 0..parties−1 may publish. */
  readonly parties: number;
  /** The highest state number a complete update can have. */
  readonly latest: number;
  readonly holdsUpdate: (party: number, k: number) => boolean;
  readonly holdsSettlement: (party: number, k: number) => boolean;
  readonly isHonest: (party: number) => boolean;
  readonly isOnline: (party: number) => boolean;
}

/** The highest state `party` holds complete together with its settlement (what it can enforce alone), or −1. */
export function bestEnforceable(v: ChannelView, party: number): number {
  for (let k = v.latest; k >= 0; k--) if (v.holdsUpdate(party, k) && v.holdsSettlement(party, k)) return k;
  return -1;
}

/** U(n+k) confirms at `height`. */
export function confirmUpdate(k: number, height: number): ChainChannel {
  return { update: k, updateHeight: height, settled: false };
}

/**
 * R-08-04, R-08-08, R-09-01: a party publishes a complete update later than the confirmed one. A deviating party
 * publishes any it holds, at any time; an honest one only its best state (whose settlement it holds), to answer
 * an older update on chain or in the mempool, or when `mustClose(party, k)` says it must close on its own (urgent
 * either way). Nobody publishes what is already waiting in the mempool. An eclipsed honest party answers a
 * confirmed update only once it sees it (`seesUpdate`, time dilation: R-09-15).
 */
export function publishUpdateSteps(
  v: ChannelView,
  chain: ChainChannel,
  mustClose: (party: number, k: number) => boolean = () => false,
  mempool: readonly PendingTx[] = EMPTY_MEMPOOL,
  seesUpdate: (party: number) => boolean = () => true,
): Candidate<{ readonly party: number; readonly state: number }>[] {
  const out: Candidate<{ readonly party: number; readonly state: number }>[] = [];
  if (chain.settled) return out;
  const olderPending = (k: number): boolean => mempool.some((t) => t.tx === 'update' && t.state < k);
  for (let p = 0; p < v.parties; p++) {
    if (!v.isOnline(p)) continue;
    const best = bestEnforceable(v, p);
    for (let k = chain.update + 1; k <= v.latest; k++) {
      if (!v.holdsUpdate(p, k) || isPending(mempool, 'update', k)) continue;
      if (!v.isHonest(p)) out.push({ action: { party: p, state: k }, urgent: false });
      else if (k === best && ((chain.update >= 0 && seesUpdate(p)) || olderPending(k) || mustClose(p, k)))
        out.push({ action: { party: p, state: k }, urgent: true });
    }
  }
  return out;
}

/**
 * R-08-05, R-08-09, R-09-01: once the CSV delay passed, a holder of the confirmed update's settlement publishes it;
 * an honest one (urgent) only when it has no later state to put on chain first, and once the CSV delay passed in
 * the chain it sees (`lagOf`: how many blocks late an eclipsed party sees it, R-09-15).
 */
export function publishSettlementSteps(
  v: ChannelView,
  chain: ChainChannel,
  height: number,
  csvDelayBlocks: number,
  mempool: readonly PendingTx[] = EMPTY_MEMPOOL,
  lagOf: (party: number) => number = () => 0,
): Candidate<{ readonly party: number }>[] {
  const out: Candidate<{ readonly party: number }>[] = [];
  if (chain.update < 0 || chain.settled || height < chain.updateHeight + csvDelayBlocks) return out;
  if (isPending(mempool, 'settlement', chain.update)) return out;
  for (let p = 0; p < v.parties; p++) {
    if (!v.isOnline(p) || !v.holdsSettlement(p, chain.update)) continue;
    if (!v.isHonest(p)) out.push({ action: { party: p }, urgent: false });
    else if (bestEnforceable(v, p) <= chain.update && height - lagOf(p) >= chain.updateHeight + csvDelayBlocks)
      out.push({ action: { party: p }, urgent: true });
  }
  return out;
}

/**
 * R-02-21, R-05-08: a PTLC of `ptlcTimeoutBlocks` offered at `height` leaves time to rebind: the channel is open,
 * or its confirmed update is unsettled and its CSV window outlasts the PTLC by `rebindMarginBlocks`.
 */
export function leavesTimeToRebind(
  chain: ChainChannel,
  height: number,
  c: { readonly ptlcTimeoutBlocks: number; readonly rebindMarginBlocks: number; readonly csvDelayBlocks: number },
): boolean {
  return (
    chain.update < 0 ||
    (!chain.settled && height + c.ptlcTimeoutBlocks + c.rebindMarginBlocks <= chain.updateHeight + c.csvDelayBlocks)
  );
}
