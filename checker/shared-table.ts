/**
 * The parallel search's visited set: one open-addressing table of 64-bit fingerprints on a
 * `SharedArrayBuffer` that every worker thread inserts into at once (`parallel-worker.ts`), lock-free.
 *
 * A slot is (hi, lo) like `FingerprintTable`'s, and empty while hi is 0. A fingerprint's words are never 0
 * (`hash.ts`), so an insert claims a slot by compare-and-swap of hi from 0, then writes lo; a reader that
 * finds its hi in a slot whose lo is still 0 waits the few instructions until lo is written. Exactly one
 * inserter of a fingerprint is told it is new, whatever the interleaving.
 *
 * The table does not grow while anyone inserts: the workers reserve room before they insert
 * (`reserve`, chunks of a shared counter, so no cache line is written per state) and, when the room is
 * used up, stop at a level's pause, where one worker makes a table twice as big (`biggerTable`) and every
 * worker copies its part of the old one into it (`copyPart`) before anyone inserts again.
 */

/** The slots, capacity and room counter of a shared table, as sent between threads. */
export interface SharedTableView {
  readonly slots: Uint32Array;
  readonly capacity: number;
  /**
   * With ids (the liveness graph needs them): per slot, what the parallel search wrote there for the state,
   * 0 until written (`parallel-worker.ts`: a state id + 1, or a provisional tag while its level runs).
   */
  readonly ids?: Int32Array;
  /** [0]: slots reserved so far (stored + reserved by the workers, never more than the load limit). */
  readonly reserved: Int32Array;
}

/** The load a table is grown at (its reservations never pass it). */
const MAX_LOAD = 0.8;
/** Slots a worker reserves at once. */
export const RESERVE_CHUNK = 4096;

/** A new shared table of at least `capacity` slots holding `size` reservations, with an id per slot if `withIds`. */
export function sharedTable(capacity: number, size = 0, withIds = false): SharedTableView {
  const cap = Math.max(1024, Math.ceil(capacity));
  const reserved = new Int32Array(new SharedArrayBuffer(4));
  reserved[0] = size;
  const slots = new Uint32Array(new SharedArrayBuffer(cap * 8));
  return withIds
    ? { slots, capacity: cap, reserved, ids: new Int32Array(new SharedArrayBuffer(cap * 4)) }
    : { slots, capacity: cap, reserved };
}

/** The number of slots the table may fill before it must grow. */
export function loadLimit(view: SharedTableView): number {
  return Math.floor(view.capacity * MAX_LOAD);
}

/**
 * Reserves `RESERVE_CHUNK` inserts; false (and nothing reserved) when the table would pass its load limit.
 */
export function reserve(view: SharedTableView): boolean {
  const before = Atomics.add(view.reserved, 0, RESERVE_CHUNK);
  if (before + RESERVE_CHUNK <= loadLimit(view)) return true;
  Atomics.sub(view.reserved, 0, RESERVE_CHUNK);
  return false;
}

/**
 * Inserts (hi, lo) (unsigned words, both non-zero): its slot when this call stored it, `~slot` when it was
 * there already.
 */
export function sharedInsert(view: SharedTableView, hi: number, lo: number): number {
  const slots = view.slots;
  const cap = view.capacity;
  let i = ((hi * cap) / 4294967296) | 0;
  for (;;) {
    const j = i << 1;
    let h = slots[j]!;
    if (h === 0) {
      h = Atomics.compareExchange(slots, j, 0, hi);
      if (h === 0) {
        Atomics.store(slots, j + 1, lo);
        return i;
      }
    }
    if (h === hi) {
      let l = slots[j + 1]!;
      while (l === 0) l = Atomics.load(slots, j + 1);
      if (l === lo) return ~i;
    }
    if (++i === cap) i = 0;
  }
}

/** The id written for the state in `slot` (waits the few instructions until its inserter wrote it). */
export function sharedId(view: SharedTableView, slot: number): number {
  const ids = view.ids!;
  let v = ids[slot]!;
  while (v === 0) v = Atomics.load(ids, slot);
  return v;
}

/** An empty table of `factor` times `view`'s capacity with `size` reservations, to copy `view` into (`copyPart`). */
export function biggerTable(view: SharedTableView, size: number, factor = 2): SharedTableView {
  return sharedTable(view.capacity * factor, size, view.ids !== undefined);
}

/**
 * Copies part `part` of `parts` of `from`'s slots (a contiguous range) into `into`, with their ids. Every
 * worker copies its own part at once (inserts claim slots by compare-and-swap, and the fingerprints are
 * distinct); nobody may insert anything else until every part is copied.
 */
export function copyPart(from: SharedTableView, into: SharedTableView, part: number, parts: number): void {
  const old = from.slots;
  const first = Math.floor((from.capacity * part) / parts);
  const end = Math.floor((from.capacity * (part + 1)) / parts);
  const ids = into.ids;
  for (let k = first; k < end; k++) {
    const hi = old[k << 1]!;
    if (hi === 0) continue;
    const slot = sharedInsert(into, hi, old[(k << 1) + 1]!);
    if (ids !== undefined) ids[slot] = from.ids![k]!;
  }
}
