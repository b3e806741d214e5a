/**
 * The quantitative query: the maximum and the minimum, over every reachable state, of each numeric
 * function a model declares (`Model.quantities`), with a path that reaches each. In BFS the path is a
 * shortest one to the first state met with that value (ties keep the earlier state). The explorer calls
 * `see` on each newly discovered state (one hook in `explore.ts`) and `results` once at the end; a run
 * that stopped early reports the extremes of what it explored, `complete: false`.
 *
 * With no quantities the explorer never builds a tracker, so a model without them pays nothing.
 */
import type { Quantity } from './model.ts';
import type { Extreme, Path, QuantityResult } from './result.ts';

export type { Extreme, Quantity, QuantityResult };

/** Follows the running maximum and minimum of each quantity and the id of the state that first had it. */
export class ExtremeTracker<S> {
  private readonly quantities: readonly Quantity<S>[];
  private readonly max: Float64Array;
  private readonly min: Float64Array;
  private readonly maxId: Int32Array;
  private readonly minId: Int32Array;

  constructor(quantities: readonly Quantity<S>[]) {
    this.quantities = quantities;
    const n = quantities.length;
    this.max = new Float64Array(n).fill(-Infinity);
    this.min = new Float64Array(n).fill(Infinity);
    this.maxId = new Int32Array(n).fill(-1);
    this.minId = new Int32Array(n).fill(-1);
  }

  /** Records state `id`'s values; a non-finite value is the model's error, named. */
  see(state: S, id: number): void {
    const qs = this.quantities;
    for (let k = 0; k < qs.length; k++) {
      const v = qs[k]!.value(state);
      if (!Number.isFinite(v)) throw new Error(`quantity '${qs[k]!.name}' gave ${v}, not a finite number`);
      if (v > this.max[k]!) {
        this.max[k] = v;
        this.maxId[k] = id;
      }
      if (v < this.min[k]!) {
        this.min[k] = v;
        this.minId[k] = id;
      }
    }
  }

  /** The results, rebuilding each path with `pathTo` (the explorer's). Empty when no state was seen. */
  results<A>(pathTo: (id: number) => Path<S, A>, complete: boolean): QuantityResult<S, A>[] {
    if (this.quantities.some((_, k) => this.maxId[k]! < 0)) return [];
    return this.quantities.map((q, k) => ({
      name: q.name,
      description: q.description,
      max: { value: this.max[k]!, path: pathTo(this.maxId[k]!) },
      min: { value: this.min[k]!, path: pathTo(this.minId[k]!) },
      complete,
    }));
  }
}
