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
  let i = start;
  const next = (): number => w[i++]!;
  const list = (): number[] => {
    const n = next();
    const out = new Array<number>(n);
    for (let k = 0; k < n; k++) out[k] = next();
    return out;
  };
  const height = next();
  const online = next();
  const knows = list();
  const phase = PHASES[next()]!;
  const bundleExpiry = next();
  const mailbox = MAILBOXES[next()]!;
  const payeeCameInTime = next() === 1;
  const invoiceFrom = next();
  const hops: Hop[] = new Array<Hop>(next());
  for (let k = 0; k < hops.length; k++) {
    const status = HOP_STATUSES[next()]!;
    const timeoutHeight = next();
    const closedAt = next();
    hops[k] = closedAt < 0 ? { status, timeoutHeight } : { status, timeoutHeight, closedAt };
  }
  const wallet = list();
  const channelSat = next();
  const update = next();
  const updateHeight = next();
  const settled = next() === 1;
  const stale = next();
  const chain: ChainChannel =
    stale >= 0
      ? { update, updateHeight, settled, stale }
      : update === -1 && updateHeight === -1 && !settled
        ? OPEN_CHANNEL
        : { update, updateHeight, settled };
  const nonceUses = list();
  const flags = next();
  const pendingReveal = next();
  const from = next();
  const paid = next() === 1;
  const resale = from === -1 && !paid ? NO_RESALE : { from, paid };
  const pendingStatus = PENDING_STATUSES[next()]!;
  const since = next();
  const pending: PendingOutput =
    pendingStatus === 'none' && since === -1 ? NO_PENDING : { status: pendingStatus, since };
  const forged = next();
  const pooled = next();
  let mempool: readonly PendingTx[] = EMPTY_MEMPOOL;
  if (pooled > 0) {
    const txs: PendingTx[] = [];
    for (let k = 0; k < pooled; k++) {
      const tx = next() === 0 ? 'update' : 'settlement';
      const state = next();
      const txStale = next();
      const txSince = next();
      txs.push(txStale < 0 ? { tx, state, since: txSince } : { tx, state, stale: txStale, since: txSince });
    }
    mempool = txs;
  }
  const eclipseLag = next();
  const hubUnpersisted = next();
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
