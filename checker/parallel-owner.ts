/**
 * Which worker owns a fingerprint in the parallel search: its low word range-reduced to `count` (the
 * fingerprint table places entries by the high word, so ownership and placement do not correlate).
 */
export function ownerOf(lo: number, count: number): number {
  return ((lo * count) / 4294967296) | 0;
}
