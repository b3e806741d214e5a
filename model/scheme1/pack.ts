/**
 * A scheme-1 state as 32-bit words and back, losslessly (every field in a word of its own, optional fields behind
 * a presence word): the checker keeps a waiting BFS level in a typed array this way (checker/level.ts), so the
 * garbage collector has no level of objects to copy. Not the canonical encoding (encode.ts), which packs bits and
 * is only hashed; `unpack(pack(s))` equals `s` field for field (pack.test.ts checks every reachable state of
 * several variants).
 */
import type { WordSink } from '../../checker/model.ts';
import { EMPTY_MEMPOOL, OPEN_CHANNEL, type ChainChannel, type PendingTx } from '../chain.ts';
import {
  HOP_STATUSES,
  MAILBOXES,
  NO_PENDING,
  NO_RESALE,
  PENDING_STATUSES,
  PHASES,
  type Hop,
  type PendingOutput,
  type ProtocolState,
} from './state.ts';

function packList(sink: WordSink, xs: readonly number[]): void {
  sink.word(xs.length);
  for (const x of xs) sink.word(x);
}

/** `x`, or −1 for absent (every optional field packed this way is never negative when present). */
function optional(x: number | undefined): number {
  if (x !== undefined && x < 0) throw new Error(`pack: an optional field is negative (${x})`);
  return x ?? -1;
}

export function packState(s: ProtocolState, sink: WordSink): void {
  sink.word(s.height);
  sink.word(s.online);
  packList(sink, s.knows);
  sink.word(PHASES.indexOf(s.phase));
  sink.word(s.bundleExpiry);
  sink.word(MAILBOXES.indexOf(s.mailbox));
  sink.word(s.payeeCameInTime ? 1 : 0);
  sink.word(s.invoiceFrom);
  sink.word(s.hops.length);
  for (const h of s.hops) {
    sink.word(HOP_STATUSES.indexOf(h.status));
    sink.word(h.timeoutHeight);
    sink.word(optional(h.closedAt));
  }
  packList(sink, s.wallet);
  sink.word(s.channelSat);
  const c = s.chain;
  sink.word(c.update);
  sink.word(c.updateHeight);
  sink.word(c.settled ? 1 : 0);
  sink.word(optional(c.stale));
  packList(sink, s.nonceUses);
  sink.word((s.lockReleased ? 1 : 0) | (s.hubCrashed ? 2 : 0));
  sink.word(s.pendingReveal);
  sink.word(s.resale.from);
  sink.word(s.resale.paid ? 1 : 0);
  sink.word(PENDING_STATUSES.indexOf(s.pending.status));
  sink.word(s.pending.since);
  sink.word(s.forged);
  sink.word(s.mempool.length);
  for (const t of s.mempool) {
    sink.word(t.tx === 'update' ? 0 : 1);
    sink.word(t.state);
    sink.word(optional(t.stale));
    sink.word(t.since);
  }
  sink.word(s.eclipseLag);
  sink.word(s.hubUnpersisted);
}

export function unpackState(w: Int32Array, start: number): ProtocolState {
  // Read in the order packState writes; `i` walks the words (no closure: this runs once per expanded state).
  let i = start;
  const height = w[i++]!;
  const online = w[i++]!;
  const knows = new Array<number>(w[i++]!);
  for (let k = 0; k < knows.length; k++) knows[k] = w[i++]!;
  const phase = PHASES[w[i++]!]!;
  const bundleExpiry = w[i++]!;
  const mailbox = MAILBOXES[w[i++]!]!;
  const payeeCameInTime = w[i++] === 1;
  const invoiceFrom = w[i++]!;
  const hops = new Array<Hop>(w[i++]!);
  for (let k = 0; k < hops.length; k++) {
    const status = HOP_STATUSES[w[i++]!]!;
    const timeoutHeight = w[i++]!;
    const closedAt = w[i++]!;
    hops[k] = closedAt < 0 ? { status, timeoutHeight } : { status, timeoutHeight, closedAt };
  }
  const wallet = new Array<number>(w[i++]!);
  for (let k = 0; k < wallet.length; k++) wallet[k] = w[i++]!;
  const channelSat = w[i++]!;
  const update = w[i++]!;
  const updateHeight = w[i++]!;
  const settled = w[i++] === 1;
  const stale = w[i++]!;
  const chain: ChainChannel =
    stale >= 0
      ? { update, updateHeight, settled, stale }
      : update === -1 && updateHeight === -1 && !settled
        ? OPEN_CHANNEL
        : { update, updateHeight, settled };
  const nonceUses = new Array<number>(w[i++]!);
  for (let k = 0; k < nonceUses.length; k++) nonceUses[k] = w[i++]!;
  const flags = w[i++]!;
  const pendingReveal = w[i++]!;
  const from = w[i++]!;
  const paid = w[i++] === 1;
  const resale = from === -1 && !paid ? NO_RESALE : { from, paid };
  const pendingStatus = PENDING_STATUSES[w[i++]!]!;
  const since = w[i++]!;
  const pending: PendingOutput =
    pendingStatus === 'none' && since === -1 ? NO_PENDING : { status: pendingStatus, since };
  const forged = w[i++]!;
  const pooled = w[i++]!;
  let mempool: readonly PendingTx[] = EMPTY_MEMPOOL;
  if (pooled > 0) {
    const txs: PendingTx[] = [];
    for (let k = 0; k < pooled; k++) {
      const tx = w[i++] === 0 ? 'update' : 'settlement';
      const state = w[i++]!;
      const txStale = w[i++]!;
      const txSince = w[i++]!;
      txs.push(txStale < 0 ? { tx, state, since: txSince } : { tx, state, stale: txStale, since: txSince });
    }
    mempool = txs;
  }
  const eclipseLag = w[i++]!;
  const hubUnpersisted = w[i++]!;
  return {
    height,
    online,
    knows,
    phase,
    bundleExpiry,
    mailbox,
    payeeCameInTime,
    invoiceFrom,
    hops,
    wallet,
    channelSat,
    chain,
    nonceUses,
    lockReleased: (flags & 1) !== 0,
    hubCrashed: (flags & 2) !== 0,
    pendingReveal,
    resale,
    pending,
    forged,
    mempool,
    eclipseLag,
    hubUnpersisted,
  };
}
