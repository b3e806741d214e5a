/**
 * What changed between two states: the leaves that differ, by path (`balances["A"]`, `channel.state`),
 * descending into records and maps with the same keys; anything else (lists, sets, tuples, variants whose
 * tag changed) is reported whole.
 */
import type { ItfJson } from './itf.ts';
import { appendPath } from './json-path.ts';
import { asObject, asVariant, formatValue } from './format-value.ts';

export interface Change {
  readonly path: string;
  /** Absent when the field appeared. */
  readonly before?: ItfJson;
  /** Absent when the field disappeared. */
  readonly after?: ItfJson;
  /** For two sets: the elements that joined and left (shown instead of the whole sets). */
  readonly added?: readonly ItfJson[];
  readonly removed?: readonly ItfJson[];
}

function setElements(v: ItfJson): readonly ItfJson[] | undefined {
  const o = asObject(v);
  if (o === undefined || Object.keys(o).length !== 1) return undefined;
  const els = o['#set'];
  return Array.isArray(els) ? (els as readonly ItfJson[]) : undefined;
}

/** Structural equality of ITF JSON values (record key order does not matter). */
export function itfEqual(a: ItfJson, b: ItfJson): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const x = a as readonly ItfJson[];
    const y = b as readonly ItfJson[];
    return x.length === y.length && x.every((v, i) => itfEqual(v, y[i] as ItfJson));
  }
  const x = a as Readonly<Record<string, ItfJson>>;
  const y = b as Readonly<Record<string, ItfJson>>;
  const kx = Object.keys(x);
  if (kx.length !== Object.keys(y).length) return false;
  return kx.every((k) => k in y && itfEqual(x[k] as ItfJson, y[k] as ItfJson));
}

function plainRecord(v: ItfJson): Readonly<Record<string, ItfJson>> | undefined {
  const o = asObject(v);
  if (o === undefined || Object.keys(o).some((k) => k.startsWith('#')) || asVariant(v) !== undefined) return undefined;
  return o;
}

function mapEntries(v: ItfJson): Map<string, { key: ItfJson; value: ItfJson }> | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || !('#map' in v)) return undefined;
  const out = new Map<string, { key: ItfJson; value: ItfJson }>();
  for (const [key, value] of (v as { '#map': readonly (readonly [ItfJson, ItfJson])[] })['#map']) {
    out.set(JSON.stringify(key), { key, value });
  }
  return out;
}

function diffInto(path: string, a: ItfJson | undefined, b: ItfJson | undefined, out: Change[]): void {
  if (a === undefined && b === undefined) return;
  if (a === undefined) {
    out.push({ path, after: b as ItfJson });
    return;
  }
  if (b === undefined) {
    out.push({ path, before: a });
    return;
  }
  if (itfEqual(a, b)) return;
  const ra = plainRecord(a);
  const rb = plainRecord(b);
  if (ra !== undefined && rb !== undefined) {
    const keys = [...new Set([...Object.keys(ra), ...Object.keys(rb)])].sort();
    for (const k of keys) diffInto(appendPath(path, k), ra[k], rb[k], out);
    return;
  }
  const ma = mapEntries(a);
  const mb = mapEntries(b);
  if (ma !== undefined && mb !== undefined) {
    const keys = [...new Set([...ma.keys(), ...mb.keys()])].sort();
    for (const k of keys) {
      const key = (ma.get(k) ?? mb.get(k))?.key as ItfJson;
      diffInto(`${path}[${formatValue(key)}]`, ma.get(k)?.value, mb.get(k)?.value, out);
    }
    return;
  }
  const sa = setElements(a);
  const sb = setElements(b);
  if (sa !== undefined && sb !== undefined) {
    const added = sb.filter((x) => !sa.some((y) => itfEqual(x, y)));
    const removed = sa.filter((x) => !sb.some((y) => itfEqual(x, y)));
    out.push({ path, before: a, after: b, added, removed });
    return;
  }
  const va = asVariant(a);
  const vb = asVariant(b);
  if (va !== undefined && vb !== undefined && va.tag === vb.tag) {
    diffInto(`${path}.${va.tag}`, va.value, vb.value, out);
    return;
  }
  out.push({ path, before: a, after: b });
}

/** The changes from `before` to `after`, variables in the given order. */
export function diffStates(
  before: Readonly<Record<string, ItfJson>>,
  after: Readonly<Record<string, ItfJson>>,
  vars: readonly string[] = [...new Set([...Object.keys(before), ...Object.keys(after)])],
): Change[] {
  const out: Change[] = [];
  for (const v of vars) diffInto(appendPath('', v), before[v], after[v], out);
  return out;
}

/** `path: old → new`; for sets `path: +a +b −c`; `path = new (new)`, `path removed (was old)`. */
export function formatChange(c: Change): string {
  if (c.added !== undefined && c.removed !== undefined) {
    const parts = [...c.added.map((x) => `+${formatValue(x)}`), ...c.removed.map((x) => `−${formatValue(x)}`)];
    return `${c.path}: ${parts.join(' ')}`;
  }
  if (c.before === undefined) return `${c.path} = ${formatValue(c.after as ItfJson)} (new)`;
  if (c.after === undefined) return `${c.path} removed (was ${formatValue(c.before)})`;
  return `${c.path}: ${formatValue(c.before)} → ${formatValue(c.after)}`;
}
