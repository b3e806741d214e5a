/**
 * Model ITF values (numbers and bigints as they are) → JSON ITF (`{"#bigint": "…"}`), with record keys in
 * a deterministic (sorted) order, so the same state always serialises to the same bytes.
 */
import type { ItfValue } from '../checker/model.ts';
import type { ItfJson } from './itf.ts';

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Converts one model value. A non-integer number is a bug in the model's `toItf`, not bad input. */
export function toItfJson(v: ItfValue): ItfJson {
  switch (typeof v) {
    case 'boolean':
    case 'string':
      return v;
    case 'number':
      if (!Number.isInteger(v)) throw new Error(`toItf produced a non-integer number ${v}`);
      return { '#bigint': String(v) };
    case 'bigint':
      return { '#bigint': v.toString() };
    default:
      break;
  }
  if (Array.isArray(v)) return (v as readonly ItfValue[]).map(toItfJson);
  const o = v as Readonly<Record<string, unknown>>;
  if ('#set' in o) return { '#set': (o['#set'] as readonly ItfValue[]).map(toItfJson) };
  if ('#tup' in o) return { '#tup': (o['#tup'] as readonly ItfValue[]).map(toItfJson) };
  if ('#map' in o) {
    return {
      '#map': (o['#map'] as readonly (readonly [ItfValue, ItfValue])[]).map(
        ([k, x]) => [toItfJson(k), toItfJson(x)] as const,
      ),
    };
  }
  return toItfRecord(o as Readonly<Record<string, ItfValue>>);
}

/** Converts a record of model values (a state's variables, an action's picks), keys sorted. */
export function toItfRecord(r: Readonly<Record<string, ItfValue>>): Record<string, ItfJson> {
  const out: Record<string, ItfJson> = {};
  for (const k of Object.keys(r).sort(byCodePoint)) out[k] = toItfJson(r[k] as ItfValue);
  return out;
}

/** Quint's `mbt::nondetPicks` shape: every pick wrapped in the option variant `Some`. */
export function toNondetPicks(picks: Readonly<Record<string, ItfValue>>): Record<string, ItfJson> {
  const out: Record<string, ItfJson> = {};
  for (const [k, v] of Object.entries(toItfRecord(picks))) out[k] = { tag: 'Some', value: v };
  return out;
}

/** The inverse of `toNondetPicks` on one pick: `Some(v)` → v, `None` → undefined, anything else as is. */
export function unwrapPick(v: ItfJson): ItfJson | undefined {
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const o = v as Readonly<Record<string, ItfJson>>;
    const keys = Object.keys(o);
    if (keys.length === 2 && 'tag' in o && 'value' in o) {
      if (o.tag === 'Some') return o.value;
      if (o.tag === 'None') return undefined;
    }
  }
  return v;
}

/** Converts a JSON ITF integer (`{"#bigint"}` or a plain JSON integer) back to a bigint, or undefined. */
export function itfInteger(v: ItfJson | undefined): bigint | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && '#bigint' in v)
    return BigInt((v as { '#bigint': string })['#bigint']);
  return undefined;
}
