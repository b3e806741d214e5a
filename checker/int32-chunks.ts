/**
 * A growable array of 32-bit integers kept in fixed-size chunks: appending never copies what is stored.
 *
 * A flat typed array that grows by copying itself into a bigger one touches about three times its final size
 * in fresh memory (the old copies included), and on this project's machines the first touch of a page is what
 * costs: about 3 ms per MiB, some 70 times a second write of the same memory (`npm run bench -- fresh-memory`). The
 * liveness graph's edge arrays, the largest thing a protocol-model run keeps, grow this way instead: each
 * chunk is touched once, as it fills.
 */

const SHIFT = 16;
const CHUNK = 1 << SHIFT;
const MASK = CHUNK - 1;

export class Int32Chunks {
  private readonly chunks: Int32Array[] = [];
  private last: Int32Array = new Int32Array(0);
  length = 0;

  push(x: number): void {
    const i = this.length & MASK;
    if (i === 0) {
      this.last = new Int32Array(CHUNK);
      this.chunks.push(this.last);
    }
    this.last[i] = x;
    this.length++;
  }

  /** The value at `k` (0 ≤ k < length). */
  get(k: number): number {
    return this.chunks[k >>> SHIFT]![k & MASK]!;
  }

  /** Sets the value at `k` (0 ≤ k < length). */
  set(k: number, x: number): void {
    this.chunks[k >>> SHIFT]![k & MASK] = x;
  }

  /** Bytes held by the chunks. */
  get byteLength(): number {
    return this.chunks.length * CHUNK * 4;
  }
}
