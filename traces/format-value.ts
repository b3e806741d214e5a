/**
 * ITF values as people read them, Quint-style: `12`, `"ping"`, `Set("a", "b")`, `Map("A" -> 1)`,
 * `(1, "x")`, `[1, 2]`, `{ a: 1, b: true }`, variants `Some("x")` / `None`.
 */
import type { ItfJson } from './itf.ts';

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The value as a JSON object (record, tagged form or variant), or undefined for scalars and lists. */
export function asObject(v: ItfJson): Readonly<Record<string, ItfJson>> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Readonly<Record<string, ItfJson>>) : undefined;
}

/** A variant is a record with exactly `tag` (a string) and `value`. */
export function asVariant(v: ItfJson): { tag: string; value: ItfJson } | undefined {
  const o = asObject(v);
  if (o === undefined) return undefined;
  const keys = Object.keys(o);
  const tag = o['tag'];
  const value = o['value'];
  if (keys.length === 2 && typeof tag === 'string' && value !== undefined) return { tag, value };
  return undefined;
}

export function formatValue(v: ItfJson): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  if (Array.isArray(v)) return `[${(v as readonly ItfJson[]).map(formatValue).join(', ')}]`;
  const o = v as Readonly<Record<string, ItfJson>>;
  if ('#bigint' in o) return String(o['#bigint']);
  if ('#set' in o) return `Set(${(o['#set'] as readonly ItfJson[]).map(formatValue).join(', ')})`;
  if ('#tup' in o) return `(${(o['#tup'] as readonly ItfJson[]).map(formatValue).join(', ')})`;
  if ('#map' in o) {
    const pairs = o['#map'] as unknown as readonly (readonly [ItfJson, ItfJson])[];
    return `Map(${pairs.map(([k, x]) => `${formatValue(k)} -> ${formatValue(x)}`).join(', ')})`;
  }
  if ('#unserializable' in o) return `<${String(o['#unserializable'])}>`;
  const variant = asVariant(v);
  if (variant !== undefined) {
    const empty = asEmptyTuple(variant.value);
    return empty ? variant.tag : `${variant.tag}(${formatValue(variant.value)})`;
  }
  const keys = Object.keys(o);
  if (keys.length === 0) return '{}';
  return `{ ${keys.map((k) => `${IDENT.test(k) ? k : JSON.stringify(k)}: ${formatValue(o[k] as ItfJson)}`).join(', ')} }`;
}

function asEmptyTuple(v: ItfJson): boolean {
  const o = asObject(v);
  if (o === undefined) return false;
  const t = o['#tup'];
  return (Array.isArray(t) && t.length === 0) || Object.keys(o).length === 0;
}
