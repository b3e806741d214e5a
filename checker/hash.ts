/**
 * The 64-bit state fingerprint: a murmur3-style hash in two 32-bit lanes over the words a model's
 * `encode` writes, computed as the words arrive (no buffer, no allocation per state), or over words already
 * in a typed array (`words`: a packed BFS level hashes a successor where it wrote it).
 *
 * Each word is mixed into both lanes with different multipliers (murmur3 x86 constants for lane 1,
 * xxhash32 primes for lane 2), the length is folded in, and the lanes are finalised with murmur3's
 * `fmix32` and cross-added, as murmur3's x86_128 variant does. Neither word is ever 0 (a 0 word becomes
 * 1): (0, 0) marks an empty slot in the fingerprint tables, and the shared table of the parallel search
 * needs both words non-zero.
 */
import type { WordSink } from './model.ts';

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;
const P1 = 0x9e3779b1;
const P2 = 0x85ebca77;
const P3 = 0xc2b2ae3d;

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/** The checker's one reusable sink: `reset()`, let the model `encode` into it, then `finish()`. */
export class FingerprintSink implements WordSink {
  private h1 = 0;
  private h2 = 0;
  private n = 0;
  /** High word of the last finished fingerprint (unsigned 32-bit). */
  hi = 0;
  /** Low word of the last finished fingerprint (unsigned 32-bit). */
  lo = 0;

  reset(): void {
    this.h1 = 0x2545f491;
    this.h2 = 0x7f4a7c15;
    this.n = 0;
  }

  word(x: number): void {
    let k = Math.imul(x | 0, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    let h1 = this.h1 ^ k;
    h1 = (h1 << 13) | (h1 >>> 19);
    this.h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;

    let h2 = (this.h2 + Math.imul(x | 0, P2)) | 0;
    h2 = (h2 << 13) | (h2 >>> 19);
    this.h2 = Math.imul(h2, P1);
    this.n++;
  }

  /** Mixes `w[from..to)` in, as `word` on each of them would (the checker hashes a packed state in place this way). */
  words(w: Int32Array, from: number, to: number): void {
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = from; i < to; i++) {
      const x = w[i]!;
      let k = Math.imul(x, C1);
      k = (k << 15) | (k >>> 17);
      k = Math.imul(k, C2);
      h1 ^= k;
      h1 = (h1 << 13) | (h1 >>> 19);
      h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
      h2 = (h2 + Math.imul(x, P2)) | 0;
      h2 = (h2 << 13) | (h2 >>> 19);
      h2 = Math.imul(h2, P1);
    }
    this.h1 = h1;
    this.h2 = h2;
    this.n += to - from;
  }

  /** Finalises the fingerprint into `hi` and `lo`. */
  finish(): void {
    let h1 = this.h1 ^ this.n;
    let h2 = this.h2 ^ Math.imul(this.n, P3);
    h1 = (h1 + h2) | 0;
    h2 = (h2 + h1) | 0;
    h1 = fmix32(h1);
    h2 = fmix32(h2);
    h1 = (h1 + h2) | 0;
    h2 = (h2 + h1) | 0;
    this.hi = h1 >>> 0;
    this.lo = h2 >>> 0;
    // Neither word is 0: (0, 0) marks an empty slot, and the parallel search's shared table claims a slot
    // by its high word and waits for the low one (`shared-table.ts`).
    if (this.hi === 0) this.hi = 1;
    if (this.lo === 0) this.lo = 1;
  }
}

/**
 * TLC's optimistic estimate of the chance that two of the `distinct` states shared a fingerprint, with
 * `generated` states hashed in all: P ≈ distinct × (generated − distinct) / 2^64 (each of the
 * generated − distinct lookups that found a state already present could have been a different state
 * whose 64-bit fingerprint equals one of `distinct` stored ones).
 */
export function collisionProbability(distinct: number, generated: number): number {
  return Math.min(1, (distinct * Math.max(0, generated - distinct)) / 2 ** 64);
}
