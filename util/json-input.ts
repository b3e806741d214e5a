/**
 * JSON from outside, bounded: a nesting depth limit checked on the text before `JSON.parse` (and on values
 * already parsed, such as a wire message handed over as an object), so a hostile `[[[[…]]]]` is an
 * `InputError` naming the depth instead of a stack overflow in a recursive decoder; a byte-order mark named in
 * words; and `preview`, a short, safe rendering of any value for error messages (bounded, never recursing
 * without limit, never throwing).
 */
import { InputError } from './input-error.ts';

/**
 * Deepest nesting of arrays and objects accepted in any JSON input (traces, `--set` values, wire messages,
 * snapshots, result files). The deepest value apln itself writes is about 12 levels; the recursive decoders
 * behind it overflow the stack at a few thousand.
 */
export const MAX_JSON_DEPTH = 128;

/** The offset where `text` first nests deeper than `max` (strings skipped), or undefined. Linear, no recursion. */
export function jsonTextTooDeep(text: string, max = MAX_JSON_DEPTH): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > max) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return undefined;
}

function lineColumn(text: string, offset: number): string {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      start = i + 1;
    }
  }
  return `line ${line} column ${offset - start + 1}`;
}

/**
 * Checks the text of a JSON input before it is parsed: no byte-order mark, nesting at most `max` deep.
 * Throws `InputError` at `where`.
 */
export function checkJsonText(text: string, where: string, max = MAX_JSON_DEPTH): void {
  if (text.charCodeAt(0) === 0xfeff)
    throw new InputError(where, 'starts with a byte-order mark (U+FEFF); save the file as UTF-8 without a BOM');
  const at = jsonTextTooDeep(text, max);
  if (at !== undefined)
    throw new InputError(where, `JSON nested deeper than ${max} levels (at ${lineColumn(text, at)}); refused`);
}

/** How deep `value` nests, counted up to `max + 1` (iterative: safe on any depth). */
export function valueDepthExceeds(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  let visited = 0;
  while (stack.length > 0) {
    const [v, d] = stack.pop() as [unknown, number];
    if (typeof v !== 'object' || v === null) continue;
    if (d + 1 > max) return true;
    if (++visited > 1_000_000) return false; // large but shallow: the decoders handle breadth
    for (const x of Array.isArray(v) ? v : Object.values(v))
      if (typeof x === 'object' && x !== null) stack.push([x, d + 1]);
  }
  return false;
}

/** Throws `InputError` at `where` when `value` nests deeper than `max`. */
export function checkValueDepth(value: unknown, where: string, max = MAX_JSON_DEPTH): void {
  if (valueDepthExceeds(value, max)) throw new InputError(where, `nested deeper than ${max} levels; refused`);
}

/** Cuts `text` to `max` characters, saying how long it was: `abc… (1,234,567 characters)`. */
export function cutText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length.toLocaleString('en-US')} characters)`;
}

/**
 * A short rendering of any value for an error message: JSON-like, at most `max` characters, nested
 * values past a few levels shown as `[…]`/`{…}`; bigints as `12n`, non-finite numbers as themselves.
 */
export function preview(value: unknown, max = 60): string {
  let out = '';
  const emit = (s: string): boolean => {
    out += s;
    return out.length <= max;
  };
  const walk = (v: unknown, depth: number): boolean => {
    if (v === undefined) return emit('nothing');
    if (typeof v === 'bigint') return emit(`${v}n`);
    if (typeof v === 'number') return emit(String(v));
    if (typeof v === 'string') return emit(JSON.stringify(v.length > max ? v.slice(0, max) : v));
    if (typeof v !== 'object' || v === null) return emit(String(v));
    const list = Array.isArray(v);
    if (depth >= 3) return emit(list ? '[…]' : '{…}');
    if (!emit(list ? '[' : '{')) return false;
    let first = true;
    for (const [k, x] of list ? v.map((x, i) => [String(i), x] as const) : Object.entries(v)) {
      if (!first && !emit(',')) return false;
      first = false;
      if (!list && !emit(`${JSON.stringify(k)}:`)) return false;
      if (!walk(x, depth + 1)) return false;
    }
    return emit(list ? ']' : '}');
  };
  try {
    walk(value, 0);
  } catch {
    return '(unprintable)';
  }
  return out.length > max ? `${out.slice(0, max)}…` : out;
}
