/**
 * The visited set: 64-bit fingerprints in an open-addressing table over one `Uint32Array` (hi, lo
 * interleaved, so a probe touches one cache line), with linear probing.
 *
 * Memory is the point (≤ 16 bytes per stored state, all told): the capacity is not a power of two. It
 * grows by 1.5× when the load passes 0.8, so the load stays in (0.53, 0.8] and a fingerprint costs
 * 8 / load = 10 to 15 bytes. The home slot is chosen by "fast range reduction" of the high word,
 * ⌊hi × capacity / 2^32⌋, which needs no power-of-two mask. (0, 0) marks an empty slot; the hash never
 * produces it (see `hash.ts`).
 *
 * With `withIds`, a parallel `Int32Array` keeps each entry's state id, so a lookup of a state already
 * present tells which state it is (the liveness graph needs that; plain safety checking does not, and
 * saves the 4 bytes).
 */

const MAX_LOAD = 0.8;
const GROWTH = 1.5;

export interface FingerprintTableOptions {
  /** Initial capacity in slots (rounded up to at least 1024). */
  readonly capacity?: number;
  /** Keep each entry's id beside it (4 more bytes per slot). */
  readonly withIds?: boolean;
}

export class FingerprintTable {
  private slots: Uint32Array;
  private ids: Int32Array | undefined;
  private cap: number;
  private limit: number;
  /** Number of fingerprints stored; ids are 0, 1, … in insertion order. */
  size = 0;

  constructor(options: FingerprintTableOptions = {}) {
    this.cap = Math.max(1024, Math.ceil(options.capacity ?? 1024));
    this.slots = new Uint32Array(this.cap * 2);
    this.ids = options.withIds ? new Int32Array(this.cap) : undefined;
    this.limit = Math.floor(this.cap * MAX_LOAD);
  }

  get capacity(): number {
    return this.cap;
  }

  /** Calls `f(hi, lo)` for every stored fingerprint (in slot order). */
  forEach(f: (hi: number, lo: number) => void): void {
    const slots = this.slots;
    for (let k = 0; k < this.cap; k++) {
      const hi = slots[k << 1]!;
      const lo = slots[(k << 1) + 1]!;
      if (hi !== 0 || lo !== 0) f(hi, lo);
    }
  }

  /** Bytes held by the table's typed arrays. */
  get byteLength(): number {
    return this.slots.byteLength + (this.ids?.byteLength ?? 0);
  }

  /**
   * Inserts the fingerprint (hi, lo) (unsigned 32-bit words, not both 0). Returns the new entry's id
   * (≥ 0, equal to the size before insertion) when it was absent; when it was present, returns
   * `~id` of the existing entry with `withIds`, or `-1` without.
   */
  insert(hi: number, lo: number): number {
    return this.put(hi, lo, true);
  }

  /**
   * As `insert`, but a fingerprint already present gives −1 without its id: a caller that does not need the id
   * saves the id lane's read, a second cache miss on a large table (the explorer, for the states whose out-edges
   * the liveness graph does not keep).
   */
  add(hi: number, lo: number): number {
    return this.put(hi, lo, false);
  }

  private put(hi: number, lo: number, wantId: boolean): number {
    if (this.size >= this.limit) this.grow();
    const slots = this.slots;
    const cap = this.cap;
    let i = ((hi * cap) / 4294967296) | 0;
    for (;;) {
      const j = i << 1;
      const h = slots[j]!;
      const l = slots[j + 1]!;
      if (h === 0 && l === 0) {
        slots[j] = hi;
        slots[j + 1] = lo;
        const id = this.size++;
        if (this.ids !== undefined) this.ids[i] = id;
        return id;
      }
      if (h === hi && l === lo) return wantId && this.ids !== undefined ? ~this.ids[i]! : -1;
      if (++i === cap) i = 0;
    }
  }

  /** True when the fingerprint is stored. */
  has(hi: number, lo: number): boolean {
    return this.find(hi, lo) !== -2;
  }

  /** The id of a stored fingerprint (needs `withIds`; -1 without), or -2 when absent. */
  find(hi: number, lo: number): number {
    const slots = this.slots;
    const cap = this.cap;
    let i = ((hi * cap) / 4294967296) | 0;
    for (;;) {
      const j = i << 1;
      const h = slots[j]!;
      const l = slots[j + 1]!;
      if (h === 0 && l === 0) return -2;
      if (h === hi && l === lo) return this.ids !== undefined ? this.ids[i]! : -1;
      if (++i === cap) i = 0;
    }
  }

  private grow(): void {
    const oldSlots = this.slots;
    const oldIds = this.ids;
    const oldCap = this.cap;
    const cap = Math.ceil(oldCap * GROWTH);
    if (cap * 2 > 2 ** 32 - 1) throw new Error(`fingerprint table cannot grow past ${oldCap} slots`);
    const slots = new Uint32Array(cap * 2);
    const ids = oldIds !== undefined ? new Int32Array(cap) : undefined;
    for (let k = 0; k < oldCap; k++) {
      const hi = oldSlots[k << 1]!;
      const lo = oldSlots[(k << 1) + 1]!;
      if (hi === 0 && lo === 0) continue;
      let i = ((hi * cap) / 4294967296) | 0;
      while (slots[i << 1] !== 0 || slots[(i << 1) + 1] !== 0) if (++i === cap) i = 0;
      slots[i << 1] = hi;
      slots[(i << 1) + 1] = lo;
      if (ids !== undefined) ids[i] = oldIds![k]!;
    }
    this.slots = slots;
    this.ids = ids;
    this.cap = cap;
    this.limit = Math.floor(cap * MAX_LOAD);
  }
}
