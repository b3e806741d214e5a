/**
 * Comparing the model's state with the abstraction of the implementation's: both as ITF values (the model's
 * `toItf`), walked in key order; the first differing field is reported with both values.
 */
import type { ItfValue } from '../checker/model.ts';

export interface FieldDifference {
  /** Dotted path, e.g. `knows.S` or `hops.0.status`. */
  readonly field: string;
  readonly model: string;
  readonly impl: string;
}

function show(v: ItfValue | undefined): string {
  return v === undefined
    ? '(absent)'
    : JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
}

type Rec = Readonly<Record<string, ItfValue | undefined>>;

function asRecord(v: ItfValue): Rec | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : undefined;
}

function firstDiff(path: string, a: ItfValue | undefined, b: ItfValue | undefined): FieldDifference | undefined {
  if (a === undefined || b === undefined) return a === b ? undefined : { field: path, model: show(a), impl: show(b) };
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = firstDiff(`${path}.${i}`, a[i] as ItfValue | undefined, b[i] as ItfValue | undefined);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  const ra = asRecord(a);
  const rb = asRecord(b);
  if (ra !== undefined && rb !== undefined) {
    // Maps (`#map` of [key, value] pairs) name their entries by key; sets compare whole.
    const am = ra['#map'];
    const bm = rb['#map'];
    if (Array.isArray(am) && Array.isArray(bm)) {
      for (let i = 0; i < Math.max(am.length, bm.length); i++) {
        const ea = am[i] as readonly [ItfValue, ItfValue] | undefined;
        const eb = bm[i] as readonly [ItfValue, ItfValue] | undefined;
        const key = String(ea?.[0] ?? eb?.[0] ?? i);
        const d = firstDiff(`${path}.${key}`, ea?.[1], eb?.[1]);
        if (d !== undefined) return d;
      }
      return undefined;
    }
    const keys = [...new Set([...Object.keys(ra), ...Object.keys(rb)])];
    for (const k of keys) {
      if (k === '#set') return show(ra[k]) === show(rb[k]) ? undefined : { field: path, model: show(a), impl: show(b) };
      const d = firstDiff(path === '' ? k : `${path}.${k}`, ra[k], rb[k]);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  return show(a) === show(b) ? undefined : { field: path, model: show(a), impl: show(b) };
}

/** The first field where `model` and `impl` (ITF records of the same model) differ, or `undefined`. */
export function firstDifference(
  model: Readonly<Record<string, ItfValue>>,
  impl: Readonly<Record<string, ItfValue>>,
): FieldDifference | undefined {
  return firstDiff('', model, impl);
}
