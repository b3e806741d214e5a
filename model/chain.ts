/**
 * The eltoo channel on chain, one set of rules for every machine: updates are numbered by state and any later
 * one spends an earlier one (rebinding); a settlement spends the confirmed update once its CSV delay passed.
 * A machine describes its channel through a `ChannelView` (who holds which complete update and settlement);
 * the publish steps, their urgency for honest parties and the rebinding window are decided here.
 */
import type { Candidate } from './time.ts';
import { inMask } from './parties.ts';

/** The channel on chain: the confirmed update's state number (−1 while the channel is open), its height, settled. */
export interface ChainChannel {
  /** The state number of the confirmed update (0 = the state before the payment, k = n+k), or −1 while open. */
  readonly update: number;
  /** The height at which that update confirmed (the settlement's CSV counts from here); −1 when none. */
  readonly updateHeight: number;
  /** A settlement spent the update: the channel is closed and its funds are on-chain outputs. */
  readonly settled: boolean;
  /**
   * `staleStates` only: the confirmed update is the stale U(n − stale) (then `update` is 0: a stale state pays as
   * state n does in the model). Absent (or 0) otherwise.
   */
  readonly stale?: number;
}

/**
 * Where an update stands in eltoo's order (a later one spends an earlier one): U(n+k) ranks k, the stale U(n − i)
 * ranks −i; an open channel ranks below every update.
 */
function updateRank(state: number, stale = 0): number {
  return state - stale;
}

/** The confirmed update's rank (`updateRank`), or −∞ while the channel is open. */
function chainRank(chain: ChainChannel): number {
  return chain.update < 0 ? Number.NEGATIVE_INFINITY : updateRank(chain.update, chain.stale);
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
  /** `staleStates` only: the stale U(n − stale) (state 0), or its settlement; absent otherwise. */
  readonly stale?: number;
  /** The height at which it was published. */
  readonly since: number;
}

/** No transaction waiting (always so with `inclusionDelayBlocks` 0: a published transaction confirms at once). */
export const EMPTY_MEMPOOL: readonly PendingTx[] = [];

/** `t` can confirm on `chain` at `height`: a later update of an unsettled channel, or the confirmed update's settlement after its CSV delay. */
function canConfirm(t: PendingTx, chain: ChainChannel, height: number, csvDelayBlocks: number): boolean {
  if (chain.settled) return false;
  if (t.tx === 'update') return updateRank(t.state, t.stale) > chainRank(chain);
  return (
    t.state === chain.update && (t.stale ?? 0) === (chain.stale ?? 0) && height >= chain.updateHeight + csvDelayBlocks
  );
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

function isPending(mempool: readonly PendingTx[], tx: PendingTx['tx'], state: number, stale = 0): boolean {
  for (const t of mempool) if (t.tx === tx && t.state === state && (t.stale ?? 0) === stale) return true;
  return false;
}

/** An update ranked below `k` waits in the mempool. */
function olderPending(mempool: readonly PendingTx[], k: number): boolean {
  for (const t of mempool) if (t.tx === 'update' && updateRank(t.state, t.stale) < k) return true;
  return false;
}

/** The defaults of the steps' options (made once: every state asks for its steps). */
const NEVER = (): boolean => false;
const ALWAYS = (): boolean => true;
const NO_LAG = (): number => 0;

/**
 * Where the publish rules below write the steps they find, in order, each with whether time waits for it: one call
 * per step, so that a machine listing every state's steps (scheme 1's enabled.ts) builds no array or object per step.
 * `channelSteps` collects them as candidates.
 */
export interface ChannelStepSink {
  publishUpdate(party: number, state: number, urgent: boolean): void;
  publishSettlement(party: number, urgent: boolean): void;
}

/** Where `publishStaleSteps` writes the stale updates a deviating party may publish (never urgent). */
export interface StaleStepSink {
  publishStale(party: number, depth: number, urgent: boolean): void;
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

/** A machine's channel in state `s` as the chain rules see it: who holds what of `s`, who is online in `s.online`. */
export function channelViewOf<S extends { readonly online: number }>(
  s: S,
  m: {
    readonly parties: number;
    readonly latest: number;
    readonly holdsUpdate: (s: S, party: number, k: number) => boolean;
    readonly holdsSettlement: (s: S, party: number, k: number) => boolean;
    readonly isHonest: (party: number) => boolean;
  },
): ChannelView {
  return {
    parties: m.parties,
    latest: m.latest,
    holdsUpdate: (p, k) => m.holdsUpdate(s, p, k),
    holdsSettlement: (p, k) => m.holdsSettlement(s, p, k),
    isHonest: m.isHonest,
    isOnline: (p) => inMask(s.online, p),
  };
}

/** The highest state `party` holds complete together with its settlement (what it can enforce alone), or −1. */
export function bestEnforceable(v: ChannelView, party: number): number {
  for (let k = v.latest; k >= 0; k--) if (v.holdsUpdate(party, k) && v.holdsSettlement(party, k)) return k;
  return -1;
}

/** The confirmed update's settlement spent it: `c`, settled (field by field: a spread would copy slower, into another shape). */
export function settledChain(c: ChainChannel): ChainChannel {
  return c.stale === undefined
    ? { update: c.update, updateHeight: c.updateHeight, settled: true }
    : { update: c.update, updateHeight: c.updateHeight, settled: true, stale: c.stale };
}

/** U(n+k) confirms at `height` (with `stale` i > 0: the stale U(n − i), k being 0). */
export function confirmUpdate(k: number, height: number, stale = 0): ChainChannel {
  return stale > 0
    ? { update: k, updateHeight: height, settled: false, stale }
    : { update: k, updateHeight: height, settled: false };
}

/** The channel's steps every eltoo machine has, as its actions: later updates, then the confirmed update's settlement. */
export type ChannelAction =
  | { readonly kind: 'PublishUpdate'; readonly party: number; readonly state: number }
  | { readonly kind: 'PublishSettlement'; readonly party: number };

/**
 * R-08-04, R-08-08, R-08-05, R-08-09, R-09-01: `PublishUpdate` steps (`publishUpdateSteps`), then `PublishSettlement`
 * steps once the CSV delay passed (`publishSettlementSteps`), with the machine's extras: `mustClose`, a mempool, an
 * eclipsed party's view (`seesUpdate`, `lagOf`).
 */
export function channelSteps(
  v: ChannelView,
  chain: ChainChannel,
  height: number,
  csvDelayBlocks: number,
  o: {
    readonly mustClose?: (party: number, k: number) => boolean;
    readonly mempool?: readonly PendingTx[];
    readonly seesUpdate?: (party: number) => boolean;
    readonly lagOf?: (party: number) => number;
  } = {},
): Candidate<ChannelAction>[] {
  const out = new ChannelCandidates();
  publishUpdateSteps(out, v, chain, o.mustClose, o.mempool, o.seesUpdate);
  publishSettlementSteps(out, v, chain, height, csvDelayBlocks, o.mempool, o.lagOf);
  return out.steps;
}

/** The steps as `channelSteps`' candidates, in order. */
class ChannelCandidates implements ChannelStepSink {
  readonly steps: Candidate<ChannelAction>[] = [];
  publishUpdate(party: number, state: number, urgent: boolean): void {
    this.steps.push({ action: { kind: 'PublishUpdate', party, state }, urgent });
  }
  publishSettlement(party: number, urgent: boolean): void {
    this.steps.push({ action: { kind: 'PublishSettlement', party }, urgent });
  }
}

/**
 * R-08-04, R-08-08, R-09-01: a party publishes a complete update later than the confirmed one. A deviating party
 * publishes any it holds, at any time; an honest one only its best state (whose settlement it holds), to answer
 * an older update on chain or in the mempool, or when `mustClose(party, k)` says it must close on its own (urgent
 * either way). Nobody publishes what is already waiting in the mempool. An eclipsed honest party answers a
 * confirmed update only once it sees it (`seesUpdate`, time dilation: R-09-15).
 */
export function publishUpdateSteps(
  out: ChannelStepSink,
  v: ChannelView,
  chain: ChainChannel,
  mustClose: (party: number, k: number) => boolean = NEVER,
  mempool: readonly PendingTx[] = EMPTY_MEMPOOL,
  seesUpdate: (party: number) => boolean = ALWAYS,
): void {
  if (chain.settled) return;
  // A confirmed stale update (staleStates) is spent by U(n) too.
  const first = (chain.stale ?? 0) > 0 ? chain.update : chain.update + 1;
  for (let p = 0; p < v.parties; p++) {
    if (!v.isOnline(p)) continue;
    if (!v.isHonest(p)) {
      for (let k = first; k <= v.latest; k++)
        if (v.holdsUpdate(p, k) && !isPending(mempool, 'update', k)) out.publishUpdate(p, k, false);
      continue;
    }
    // An honest party publishes only its best state (it holds that update), and only to answer an update or when it must.
    const best = bestEnforceable(v, p);
    if (
      best >= first &&
      !isPending(mempool, 'update', best) &&
      ((chain.update >= 0 && seesUpdate(p)) || olderPending(mempool, best) || mustClose(p, best))
    )
      out.publishUpdate(p, best, true);
  }
}

/**
 * R-08-05, R-08-09, R-09-01: once the CSV delay passed, a holder of the confirmed update's settlement publishes it;
 * an honest one (urgent) only when it has no later state to put on chain first, and once the CSV delay passed in
 * the chain it sees (`lagOf`: how many blocks late an eclipsed party sees it, R-09-15).
 */
export function publishSettlementSteps(
  out: ChannelStepSink,
  v: ChannelView,
  chain: ChainChannel,
  height: number,
  csvDelayBlocks: number,
  mempool: readonly PendingTx[] = EMPTY_MEMPOOL,
  lagOf: (party: number) => number = NO_LAG,
): void {
  if (chain.update < 0 || chain.settled || height < chain.updateHeight + csvDelayBlocks) return;
  if (isPending(mempool, 'settlement', chain.update, chain.stale)) return;
  for (let p = 0; p < v.parties; p++) {
    if (!v.isOnline(p) || !v.holdsSettlement(p, chain.update)) continue;
    if (!v.isHonest(p)) out.publishSettlement(p, false);
    // An honest party settles only its best state: a confirmed stale update it answers with U(n) first.
    else if (bestEnforceable(v, p) <= chainRank(chain) && height - lagOf(p) >= chain.updateHeight + csvDelayBlocks)
      out.publishSettlement(p, true);
  }
}

/**
 * R-08-04, R-09-01 (`staleStates` k): a deviating party that holds the k older fully signed states (`holders`)
 * publishes any stale U(n − i), i = 1..k, later than the confirmed update and not already waiting: the eltoo delay
 * attack, one stale update after another (each restarts the CSV window). Never urgent.
 */
export function publishStaleSteps(
  out: StaleStepSink,
  v: ChannelView,
  chain: ChainChannel,
  k: number,
  holders: readonly number[],
  mempool: readonly PendingTx[] = EMPTY_MEMPOOL,
): void {
  if (chain.settled || k === 0) return;
  for (const p of holders) {
    if (v.isHonest(p) || !v.isOnline(p)) continue;
    for (let i = k; i >= 1; i--)
      if (updateRank(0, i) > chainRank(chain) && !isPending(mempool, 'update', 0, i)) out.publishStale(p, i, false);
  }
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
