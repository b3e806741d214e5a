/**
 * ITF values as people read them, Quint-style: `12`, `"ping"`, `Set("a", "b")`, `Map("A" -> 1)`,
 * `(1, "x")`, `[1, 2]`, `{ a: 1, b: true }`, variants `Some("x")` / `None`.
 */
import type { ItfJson } from './itf.ts';

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The value as a JSON object (record, tagged form or variant), or undefined for scalars and lists. */
export function asObject(v: ItfJson): Readonly<Record<string, ItfJson>> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Readonly<Record<string, ItfJson>>)
    : undefined;
}

/** A variant is a record with exactly `tag` (a string) and `value`. */
export function asVariant(v: ItfJson): { tag: string; value: ItfJson } | undefined {
  const o = asObject(v);
  if (o === undefined) return undefined;
  const keys = Object.keys(o);
  const tag = o.tag;
  const value = o.value;
  if (keys.length === 2 && typeof tag === 'string' && value !== undefined) return { tag, value };
  return undefined;
}

/** A shown value longer than this is cut, with its full size shown (a 62 MB trace stays a readable page). */
export const MAX_VALUE_CHARS = 300;

/**
 * The value as people read it, at most `max` characters (then cut: `…` and the value's size in JSON
 * characters). Stops formatting once past the bound, so a huge value costs no more than a small one.
 */
export function formatValue(v: ItfJson, max = MAX_VALUE_CHARS): string {
  const out = formatBounded(v, max + 1);
  if (out.length <= max) return out;
  let size: string;
  try {
    size = `${(JSON.stringify(v)?.length ?? 0).toLocaleString('en-US')} characters of JSON`;
  } catch {
    size = 'too large to measure';
  }
  return `${out.slice(0, max)}… (${size})`;
}

/** Formats until `budget` characters are produced; the result may stop mid-value (the caller cuts it). */
function formatBounded(v: ItfJson, budget: number): string {
  const list = (
    xs: readonly ItfJson[],
    open: string,
    close: string,
    item: (x: ItfJson, room: number) => string = formatBounded,
  ): string => {
    let s = open;
    for (let i = 0; i < xs.length; i++) {
      if (s.length > budget) return s;
      s += (i === 0 ? '' : ', ') + item(xs[i] as ItfJson, budget - s.length);
    }
    return s + close;
  };
  if (typeof v === 'string') return JSON.stringify(v.length > budget ? v.slice(0, budget) : v);
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  if (Array.isArray(v)) return list(v as readonly ItfJson[], '[', ']');
  const o = v as Readonly<Record<string, ItfJson>>;
  if ('#bigint' in o) return String(o['#bigint']);
  if ('#set' in o) return list(o['#set'] as readonly ItfJson[], 'Set(', ')');
  if ('#tup' in o) return list(o['#tup'] as readonly ItfJson[], '(', ')');
  if ('#map' in o) {
    const pairs = o['#map'] as unknown as readonly ItfJson[];
    return list(pairs, 'Map(', ')', (p, room) => {
      const [k, x] = p as unknown as readonly [ItfJson, ItfJson];
      const key = formatBounded(k, room);
      return `${key} -> ${formatBounded(x, room - key.length)}`;
    });
  }
  if ('#unserializable' in o) return `<${String(o['#unserializable']).slice(0, budget)}>`;
  const variant = asVariant(v);
  if (variant !== undefined) {
    const empty = asEmptyTuple(variant.value);
    return empty ? variant.tag : `${variant.tag}(${formatBounded(variant.value, budget - variant.tag.length)})`;
  }
  const keys = Object.keys(o);
  if (keys.length === 0) return '{}';
  let s = '{ ';
  for (let i = 0; i < keys.length; i++) {
    if (s.length > budget) return s;
    const k = keys[i] as string;
    const label = `${IDENT.test(k) ? k : JSON.stringify(k)}: `;
    s += (i === 0 ? '' : ', ') + label + formatBounded(o[k] as ItfJson, budget - s.length - label.length);
  }
  return `${s} }`;
}

function asEmptyTuple(v: ItfJson): boolean {
  const o = asObject(v);
  if (o === undefined) return false;
  const t = o['#tup'];
  return (Array.isArray(t) && t.length === 0) || Object.keys(o).length === 0;
}
