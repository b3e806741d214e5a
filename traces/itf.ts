/**
 * The Informal Trace Format (Apalache ADR-015, as Quint writes it): JSON types and io-ts codecs.
 *
 * A trace file is `{ "#meta", "vars", "states", "loop"? }`. Values are JSON with tagged forms for what JSON
 * lacks: integers `{"#bigint": "-12"}` (plain JSON integers are accepted on reading, never written), sets
 * `{"#set": [...]}`, maps `{"#map": [[k, v], ...]}`, tuples `{"#tup": [...]}`, `{"#unserializable": "…"}`;
 * lists are arrays, records plain objects, variants records `{ "tag": …, "value": … }`.
 *
 * Each state carries `"#meta": {"index": i}` (as Apalache writes it) and, as Quint's `--mbt` output does,
 * `"mbt::actionTaken"` (a string; `"init"` for the first state) and `"mbt::nondetPicks"` (a record whose
 * every field is an option variant: `{"tag": "Some", "value": v}` or `{"tag": "None", "value": {"#tup": []}}`).
 */
import * as t from 'io-ts';

/** An ITF value as it appears in JSON (after `to-itf.ts`, or as read back). */
export type ItfJson =
  | boolean
  | string
  | number
  | readonly ItfJson[]
  | ItfBigint
  | { readonly '#set': readonly ItfJson[] }
  | { readonly '#map': readonly (readonly [ItfJson, ItfJson])[] }
  | { readonly '#tup': readonly ItfJson[] }
  | { readonly '#unserializable': string }
  | { readonly [field: string]: ItfJson };

export interface ItfBigint {
  readonly '#bigint': string;
}

export const ACTION_TAKEN = 'mbt::actionTaken';
export const NONDET_PICKS = 'mbt::nondetPicks';
/** Quint's label for the step that produces the first state. */
export const INIT_ACTION = 'init';

const BIGINT_DIGITS = /^-?(0|[1-9][0-9]*)$/;
const TAGS = new Set(['#bigint', '#set', '#map', '#tup', '#unserializable']);

function show(u: unknown): string {
  if (u === undefined) return 'nothing';
  if (u === null) return 'null';
  if (typeof u === 'string') return JSON.stringify(u.length > 40 ? `${u.slice(0, 40)}…` : u);
  if (Array.isArray(u)) return 'a list';
  if (typeof u === 'object') return 'an object';
  return String(u);
}

function validateValue(u: unknown, c: t.Context): t.Validation<ItfJson> {
  if (typeof u === 'boolean' || typeof u === 'string') return t.success(u);
  if (typeof u === 'number') {
    return Number.isSafeInteger(u) ? t.success(u) : t.failure(u, c, `expected an integer, got ${u}`);
  }
  if (Array.isArray(u)) return validateList(u, c);
  if (typeof u === 'object' && u !== null) {
    const o = u as Record<string, unknown>;
    const keys = Object.keys(o);
    const tag = keys.find((k) => k.startsWith('#'));
    if (tag !== undefined) {
      if (!TAGS.has(tag)) return t.failure(u, c, `unknown ITF form '${tag}'`);
      if (keys.length !== 1) return t.failure(u, c, `'${tag}' must be the only key, got ${keys.join(', ')}`);
      const inner = o[tag];
      const cc = t.appendContext(c, tag, ItfValue, inner);
      switch (tag) {
        case '#bigint':
          return typeof inner === 'string' && BIGINT_DIGITS.test(inner)
            ? t.success(u as ItfBigint)
            : t.failure(inner, cc, `expected a decimal integer string, got ${show(inner)}`);
        case '#unserializable':
          return typeof inner === 'string'
            ? t.success(u as ItfJson)
            : t.failure(inner, cc, `expected a string, got ${show(inner)}`);
        case '#set':
        case '#tup': {
          if (!Array.isArray(inner)) return t.failure(inner, cc, `expected a list, got ${show(inner)}`);
          const r = validateList(inner, cc);
          return r._tag === 'Left' ? r : t.success(u as ItfJson);
        }
        case '#map': {
          if (!Array.isArray(inner))
            return t.failure(inner, cc, `expected a list of [key, value] pairs, got ${show(inner)}`);
          for (let i = 0; i < inner.length; i++) {
            const pair: unknown = inner[i];
            const pc = t.appendContext(cc, String(i), ItfValue, pair);
            if (!Array.isArray(pair) || pair.length !== 2)
              return t.failure(pair, pc, `expected a [key, value] pair, got ${show(pair)}`);
            const r = validateList(pair, pc);
            if (r._tag === 'Left') return r;
          }
          return t.success(u as ItfJson);
        }
        default:
          return t.failure(u, c, `unknown ITF form '${tag}'`);
      }
    }
    for (const k of keys) {
      const r = validateValue(o[k], t.appendContext(c, k, ItfValue, o[k]));
      if (r._tag === 'Left') return r;
    }
    return t.success(u as ItfJson);
  }
  return t.failure(
    u,
    c,
    `expected an ITF value (boolean, string, integer, list, record or #bigint/#set/#map/#tup), got ${show(u)}`,
  );
}

function validateList(u: readonly unknown[], c: t.Context): t.Validation<ItfJson> {
  for (let i = 0; i < u.length; i++) {
    const r = validateValue(u[i], t.appendContext(c, String(i), ItfValue, u[i]));
    if (r._tag === 'Left') return r;
  }
  return t.success(u as ItfJson);
}

/** Any ITF value (recursive). Reports the first offending sub-value with its exact path. */
export const ItfValue: t.Type<ItfJson, ItfJson, unknown> = new t.Type<ItfJson, ItfJson, unknown>(
  'ItfValue',
  (u): u is ItfJson => validateValue(u, [])._tag === 'Right',
  validateValue,
  t.identity,
);

const Nat = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 0, 'a non-negative integer');

/** The `#meta` of one state, as Apalache writes it. */
export const StateMeta = t.partial({ index: Nat });

/** One state: every variable, plus `#meta` and (Quint `--mbt`) the action taken and its picks. */
export const ItfState = t.intersection([
  t.record(t.string, ItfValue),
  t.partial({
    '#meta': StateMeta,
    [ACTION_TAKEN]: t.string,
    [NONDET_PICKS]: t.record(t.string, ItfValue),
  }),
]);
export type ItfState = Readonly<Record<string, ItfJson>> & {
  readonly '#meta'?: { readonly index?: number };
  readonly [ACTION_TAKEN]?: string;
  readonly [NONDET_PICKS]?: Readonly<Record<string, ItfJson>>;
};

/** What `#meta.kind` may say: a property kind, or `deadlock` for a deadlock trace. */
export const TraceKind = t.keyof({ always: null, sometimes: null, eventually: null, transition: null, deadlock: null });
export type TraceKind = t.TypeOf<typeof TraceKind>;

export const TraceVerdict = t.keyof({
  holds: null,
  violated: null,
  reached: null,
  unreached: null,
  unknown: null,
  deadlock: null,
});
export type TraceVerdict = t.TypeOf<typeof TraceVerdict>;

export const TraceStrategy = t.keyof({ bfs: null, dfs: null, simulate: null, oracle: null });
export type TraceStrategy = t.TypeOf<typeof TraceStrategy>;

/**
 * The trace's `#meta`. Extra fields are kept (the oracle adds its fast-check seed and path). No timestamp:
 * the same run writes the same bytes.
 */
export const TraceMeta = t.intersection([
  t.type({
    format: t.literal('ITF'),
    tool: t.literal('apln'),
    version: t.string,
    model: t.string,
    config: t.unknown,
    property: t.string,
    kind: TraceKind,
    verdict: TraceVerdict,
    initIndex: Nat,
    choices: t.array(Nat),
  }),
  t.partial({
    'format-description': t.string,
    source: t.string,
    description: t.string,
    strategy: TraceStrategy,
    seed: t.number,
    expected: t.string,
    message: t.string,
    violationIndex: Nat,
  }),
]);
export type TraceMeta = t.TypeOf<typeof TraceMeta>;

export const ItfTrace = t.intersection([
  t.type({
    '#meta': TraceMeta,
    vars: t.array(t.string),
    states: t.array(ItfState),
  }),
  t.partial({ params: t.array(t.string), loop: Nat }),
]);
export interface ItfTrace {
  readonly '#meta': TraceMeta;
  readonly vars: readonly string[];
  readonly states: readonly ItfState[];
  readonly params?: readonly string[];
  readonly loop?: number;
}

export const ITF_FORMAT_DESCRIPTION = 'https://apalache-mc.org/docs/adr/015adr-trace.html';
