/**
 * A scheme-1 state as 32-bit words, and back: the canonical encoding the checker hashes, and lossless (every field
 * in a word of its own in a fixed order, optional fields behind a presence word), so that the checker keeps a
 * waiting BFS level as these words in a typed array (checker/level.ts) and the garbage collector has no level of
 * objects to copy. Equal states write equal words: the fields hold no sets or maps, only numbers, strings from
 * fixed lists, and arrays in their own order. `unpackState(encodeState(s))` equals `s` field for field
 * (encode.test.ts checks every reachable state of several variants).
 */
import { encodeWith, type WordSink } from '../../checker/model.ts';
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

/**
 * `x` checked to fit in `width` bits (the words below hold several small fields each): the encoding is lossless only
 * while every field fits, so a value outside its field is an error, never a silent collision.
 */
function bits(x: number, width: number, what: string): number {
  if (x < 0 || x >= 1 << width) throw new Error(`encode: ${what} is ${x}, outside 0..${(1 << width) - 1}`);
  return x;
}

/** A height-like field (−1 for none, or absent) as 1 + x in 12 bits. */
function height(x: number | undefined, what: string): number {
  return bits((x ?? -1) + 1, 12, what);
}

/** A signed amount in 16 bits (two to a word). */
function amount(x: number, what: string): number {
  if (!(x >= -0x8000 && x < 0x8000)) throw new Error(`encode: ${what} is ${x}, outside a 16-bit amount`);
  return x & 0xffff;
}

/** Wallet `i`, or channelSat after the last wallet. */
function fundAt(s: ProtocolState, i: number): number {
  return i < s.wallet.length ? s.wallet[i]! : s.channelSat;
}

/**
 * The word layout's positions that more than one reader needs (`encodeWords` and `unpackState` here, and
 * successor-words.ts, which writes a successor's words from its parent's): word 1's fields, word 2's, the chain,
 * lag, unpersisted and nonce words, and a hop word's timeout. The comment on `encodeWords` gives the whole layout.
 */
export const HEIGHT_MASK = 0xfff;
export const ONLINE_SHIFT = 12;
export const PHASE_SHIFT = 19;
export const MAILBOX_SHIFT = 21;
export const PAYEE_CAME_IN_TIME = 1 << 23;
export const LOCK_RELEASED = 1 << 24;
export const HUB_CRASHED = 1 << 25;
export const CHAIN_SETTLED = 1 << 26;
export const RESALE_PAID = 1 << 27;
/** Word 2: invoiceFrom + 1 (4 bits), resale.from + 1 (4 bits). */
export const INVOICE_FROM_SHIFT = 12;
export const RESALE_FROM_SHIFT = 16;
/** Words 4 to 7 (indexes from a state's first word). */
export const CHAIN_WORD = 3;
export const LAG_WORD = 4;
export const LAG_SHIFT = 12;
export const UNPERSISTED_WORD = 5;
export const NONCE_USES_WORD = 6;
/** A hop word: status (3 bits), then timeoutHeight + 1 (12 bits). */
export const HOP_TIMEOUT_SHIFT = 3;

/**
 * The words, in order (`unpackState` reads them back in the same order):
 * 1. height 12 | online 7 | phase 2 | mailbox 2 | payeeCameInTime, lockReleased, hubCrashed, chain.settled,
 *    resale.paid 1 each | pending.status 2;
 * 2. bundleExpiry + 1 12 | invoiceFrom + 1 4 | resale.from + 1 4 | forged 2 | pendingReveal 8;
 * 3. the lengths of knows, wallet, hops, nonceUses 4 each | mempool 8;
 * 4. chain.update + 1 3 | chain.updateHeight + 1 12 | chain.stale + 1 8 (0: absent);
 * 5. pending.since + 1 12 | eclipseLag 12;  6. hubUnpersisted;  7. nonceUses, 8 bits each;
 * then one word per party's knowledge; the wallets and channelSat, two 16-bit amounts to a word; one word per hop
 * (status 3 | timeoutHeight + 1 12 | closedAt + 1 12, 0: absent); one word per mempool entry (settlement 1 |
 * state + 1 4 | stale + 1 8 | since + 1 12).
 *
 * `encodeWords` writes them into `w` from `at` (the caller leaves `MAX_WORDS` of room; a state that does not fit is
 * an error, nothing written) and returns where they end.
 */
export function encodeWords(s: ProtocolState, w: Int32Array, at: number): number {
  const { knows, wallet, hops, nonceUses, mempool } = s;
  // The wallets and channelSat go two to a word.
  const funds = wallet.length + 1;
  const end = at + wordCount(knows.length, wallet.length, hops.length, mempool.length);
  if (end > w.length) throw new Error(`encode: ${end - at} words do not fit after ${at} in ${w.length}`);
  const c = s.chain;
  const r = s.resale;
  let i = at;
  w[i++] =
    height(s.height, 'height') |
    (bits(s.online, 7, 'online') << ONLINE_SHIFT) |
    (PHASES.indexOf(s.phase) << PHASE_SHIFT) |
    (MAILBOXES.indexOf(s.mailbox) << MAILBOX_SHIFT) |
    (s.payeeCameInTime ? PAYEE_CAME_IN_TIME : 0) |
    (s.lockReleased ? LOCK_RELEASED : 0) |
    (s.hubCrashed ? HUB_CRASHED : 0) |
    (c.settled ? CHAIN_SETTLED : 0) |
    (r.paid ? RESALE_PAID : 0) |
    (PENDING_STATUSES.indexOf(s.pending.status) << 28);
  w[i++] =
    height(s.bundleExpiry, 'bundleExpiry') |
    (bits(s.invoiceFrom + 1, 4, 'invoiceFrom') << INVOICE_FROM_SHIFT) |
    (bits(r.from + 1, 4, 'resale.from') << RESALE_FROM_SHIFT) |
    (bits(s.forged, 2, 'forged') << 20) |
    (bits(s.pendingReveal, 8, 'pendingReveal') << 22);
  w[i++] =
    bits(knows.length, 4, 'knows.length') |
    (bits(wallet.length, 4, 'wallet.length') << 4) |
    (bits(hops.length, 4, 'hops.length') << 8) |
    (bits(nonceUses.length, 4, 'nonceUses.length') << 12) |
    (bits(mempool.length, 8, 'mempool.length') << 16);
  w[i++] =
    bits(c.update + 1, 3, 'chain.update') |
    (height(c.updateHeight, 'chain.updateHeight') << 3) |
    (bits((c.stale ?? -1) + 1, 8, 'chain.stale') << 15);
  w[i++] = height(s.pending.since, 'pending.since') | (bits(s.eclipseLag, 12, 'eclipseLag') << LAG_SHIFT);
  w[i++] = s.hubUnpersisted;
  let uses = 0;
  for (let k = 0; k < nonceUses.length; k++) uses |= bits(nonceUses[k]!, 8, 'nonceUses') << (8 * k);
  w[i++] = uses;
  for (let p = 0; p < knows.length; p++) w[i++] = knows[p]!;
  for (let k = 0; k < funds; k += 2)
    w[i++] = amount(fundAt(s, k), 'funds') | (k + 1 < funds ? amount(fundAt(s, k + 1), 'funds') << 16 : 0);
  for (let k = 0; k < hops.length; k++) {
    const h = hops[k]!;
    w[i++] =
      HOP_STATUSES.indexOf(h.status) |
      (height(h.timeoutHeight, 'hop timeoutHeight') << HOP_TIMEOUT_SHIFT) |
      (height(h.closedAt, 'hop closedAt') << 15);
  }
  for (let k = 0; k < mempool.length; k++) {
    const t = mempool[k]!;
    w[i++] =
      (t.tx === 'update' ? 0 : 1) |
      (bits(t.state + 1, 4, 'mempool state') << 1) |
      (bits((t.stale ?? -1) + 1, 8, 'mempool stale') << 5) |
      (height(t.since, 'mempool since') << 13);
  }
  return i;
}

/** The words before the per-party arrays (the first party's knowledge is word `HEADER_WORDS`). */
export const HEADER_WORDS = 7;

/** How many words the state encoded at `w[at]` takes (from its lengths word). */
export function encodedLength(w: Int32Array, at: number): number {
  const lengths = w[at + 2]!;
  return wordCount(lengths & 15, (lengths >>> 4) & 15, (lengths >>> 8) & 15, (lengths >>> 16) & 255);
}

/** The words of a state with these array lengths: the header, one per party's knowledge, the wallets and channelSat
 * two to a word, one per hop and per mempool entry. */
function wordCount(knows: number, wallets: number, hops: number, mempool: number): number {
  return HEADER_WORDS + knows + ((wallets + 2) >> 1) + hops + mempool;
}

/** The most words a state takes: the header, then as many as its length fields (4 bits each, mempool 8) can say. */
export const MAX_WORDS = HEADER_WORDS + 15 + 8 + 15 + 255;

/** The same words, handed to a sink (the checker's `encode`). */
export const encodeState: (s: ProtocolState, sink: WordSink) => void = encodeWith(encodeWords, MAX_WORDS);

/** The low 16 bits of `x` as a signed amount. */
function signed16(x: number): number {
  return (x << 16) >> 16;
}

/** The hop a hop word says (`encodeWords`' layout: status 3 | timeoutHeight + 1 12 | closedAt + 1 12, 0: absent). */
function hopOf(h: number): Hop {
  const status = HOP_STATUSES[h & 7]!;
  const timeoutHeight = ((h >>> HOP_TIMEOUT_SHIFT) & HEIGHT_MASK) - 1;
  const closedAt = ((h >>> 15) & 0xfff) - 1;
  return closedAt < 0 ? { status, timeoutHeight } : { status, timeoutHeight, closedAt };
}

/**
 * The hops without `closedAt` (word below 2^15), one shared value per word, made on first use: a hop is readonly
 * data, and unpacking every expanded state's hops anew was most of `unpackState`'s allocation.
 */
const OPEN_HOPS: (Hop | undefined)[] = new Array<Hop | undefined>(1 << 15).fill(undefined);

export function unpackState(w: Int32Array, start: number): ProtocolState {
  // Read in the order encodeState writes; `i` walks the words (no closure: this runs once per expanded state).
  let i = start;
  const w1 = w[i++]!;
  const w2 = w[i++]!;
  const lengths = w[i++]!;
  const w4 = w[i++]!;
  const w5 = w[i++]!;
  const hubUnpersisted = w[i++]!;
  const uses = w[i++]!;
  const nonceUses = new Array<number>((lengths >>> 12) & 15);
  for (let k = 0; k < nonceUses.length; k++) nonceUses[k] = (uses >>> (8 * k)) & 255;
  const knows = new Array<number>(lengths & 15);
  for (let k = 0; k < knows.length; k++) knows[k] = w[i++]!;
  const wallet = new Array<number>((lengths >>> 4) & 15);
  // The wallets, then channelSat, two to a word (the high half's sign comes back with the arithmetic shift).
  const funds = wallet.length + 1;
  let channelSat = 0;
  for (let k = 0; k < funds; k += 2) {
    const pair = w[i++]!;
    if (k < wallet.length) wallet[k] = signed16(pair);
    else channelSat = signed16(pair);
    if (k + 1 < wallet.length) wallet[k + 1] = pair >> 16;
    else if (k + 1 === wallet.length) channelSat = pair >> 16;
  }
  const hops = new Array<Hop>((lengths >>> 8) & 15);
  for (let k = 0; k < hops.length; k++) {
    const h = w[i++]!;
    hops[k] = h >>> 15 === 0 ? (OPEN_HOPS[h] ??= hopOf(h)) : hopOf(h);
  }
  const pooled = (lengths >>> 16) & 255;
  let mempool: readonly PendingTx[] = EMPTY_MEMPOOL;
  if (pooled > 0) {
    const txs: PendingTx[] = [];
    for (let k = 0; k < pooled; k++) {
      const t = w[i++]!;
      const tx = (t & 1) === 0 ? 'update' : 'settlement';
      const state = ((t >>> 1) & 15) - 1;
      const stale = ((t >>> 5) & 255) - 1;
      const since = ((t >>> 13) & 0xfff) - 1;
      txs.push(stale < 0 ? { tx, state, since } : { tx, state, stale, since });
    }
    mempool = txs;
  }
  const update = (w4 & 7) - 1;
  const updateHeight = ((w4 >>> 3) & 0xfff) - 1;
  const settled = (w1 & CHAIN_SETTLED) !== 0;
  const stale = ((w4 >>> 15) & 255) - 1;
  const chain: ChainChannel =
    stale >= 0
      ? { update, updateHeight, settled, stale }
      : update === -1 && updateHeight === -1 && !settled
        ? OPEN_CHANNEL
        : { update, updateHeight, settled };
  const from = ((w2 >>> RESALE_FROM_SHIFT) & 15) - 1;
  const paid = (w1 & RESALE_PAID) !== 0;
  const resale = from === -1 && !paid ? NO_RESALE : { from, paid };
  const pendingStatus = PENDING_STATUSES[(w1 >>> 28) & 3]!;
  const since = (w5 & 0xfff) - 1;
  const pending: PendingOutput =
    pendingStatus === 'none' && since === -1 ? NO_PENDING : { status: pendingStatus, since };
  return {
    height: (w1 & HEIGHT_MASK) - 1,
    online: (w1 >>> ONLINE_SHIFT) & 127,
    knows,
    phase: PHASES[(w1 >>> PHASE_SHIFT) & 3]!,
    bundleExpiry: (w2 & 0xfff) - 1,
    mailbox: MAILBOXES[(w1 >>> MAILBOX_SHIFT) & 3]!,
    payeeCameInTime: (w1 & PAYEE_CAME_IN_TIME) !== 0,
    invoiceFrom: ((w2 >>> INVOICE_FROM_SHIFT) & 15) - 1,
    hops,
    wallet,
    channelSat,
    chain,
    nonceUses,
    lockReleased: (w1 & LOCK_RELEASED) !== 0,
    hubCrashed: (w1 & HUB_CRASHED) !== 0,
    pendingReveal: (w2 >>> 22) & 255,
    resale,
    pending,
    forged: (w2 >>> 20) & 3,
    mempool,
    eclipseLag: (w5 >>> 12) & 0xfff,
    hubUnpersisted,
  };
}
