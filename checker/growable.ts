/**
 * A growable array of 32-bit integers over one typed array, reused from level to level by the parallel
 * search (no JS array of numbers per level, no boxing): `push`, `clear`, and `copy()` for a transferable
 * snapshot of the filled part.
 */
export class GrowableInt32 {
  private data: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Int32Array(Math.max(16, capacity));
  }

  push(x: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = x;
  }

  get(i: number): number {
    return this.data[i]!;
  }

  set(i: number, x: number): void {
    this.data[i] = x;
  }

  clear(): void {
    this.length = 0;
  }

  /** The filled part as a fresh `Int32Array` (safe to transfer). */
  copy(): Int32Array {
    return this.data.slice(0, this.length);
  }

  /** The filled part as a fresh `Uint32Array` (the same bits, read unsigned). */
  copyUnsigned(): Uint32Array {
    return new Uint32Array(this.data.buffer.slice(0, this.length * 4));
  }
}
