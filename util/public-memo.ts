/**
 * A bounded memo for a pure, deterministic function whose results are public (keys, points, outputs,
 * signatures: never a secret, never a nonce), keyed by a string of the inputs' bytes (or, where an input is
 * secret, of their hash), cleared when full. `APLN_NO_MEMO=1` in the environment turns every
 * such memo off (each call computes), so a benchmark can time the same work with and without them.
 */
const enabled = process.env.APLN_NO_MEMO !== '1';

export class PublicMemo<V> {
  readonly #map = new Map<string, V>();

  constructor(private readonly limit: number) {}

  /** The value remembered for `key`, else `make()` (remembered unless it throws). */
  get(key: string, make: () => V): V {
    if (!enabled) return make();
    let v = this.#map.get(key);
    if (v === undefined) {
      v = make();
      if (this.#map.size >= this.limit) this.#map.clear();
      this.#map.set(key, v);
    }
    return v;
  }
}
