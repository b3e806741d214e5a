/** Money, counted in small integer units in per-party arrays (wallets), the same for every machine. */

/** A copy of `arr` with `delta` added at index `i`. */
export function addTo(arr: readonly number[], i: number, delta: number): number[] {
  const out = [...arr];
  out[i] = (out[i] ?? 0) + delta;
  return out;
}

/** The sum of a per-party array. */
export function sum(arr: readonly number[]): number {
  return arr.reduce((a, b) => a + b, 0);
}
