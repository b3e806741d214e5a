/**
 * The adapter protocol (spec/12-adapter-protocol.md): JSON lines over the adapter's stdin/stdout, one request
 * from the oracle, one answer from the adapter. Every line is decoded with io-ts; anything else is a protocol
 * error naming the JSON path.
 */
import { MAX_JSON_DEPTH, jsonTextTooDeep } from '../../util/json-input.ts';
import * as t from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either.js';
import { firstProblem } from '../../traces/json-path.ts';

export const PROTOCOL = 'apln-adapter/1';

const ItfState = t.UnknownRecord;

export const Request = t.union([
  t.type({ type: t.literal('hello'), protocol: t.string, variant: t.string, config: t.unknown }),
  t.type({ type: t.literal('reset'), seed: t.number }),
  t.type({
    type: t.literal('step'),
    id: t.number,
    action: t.intersection([t.type({ kind: t.string }), t.UnknownRecord]),
  }),
  /** The command's own fields are the scheme's (the binding's codec decodes them). */
  t.type({
    type: t.literal('adversary'),
    id: t.number,
    command: t.intersection([t.type({ kind: t.string }), t.UnknownRecord]),
  }),
  t.type({ type: t.literal('bye') }),
]);
export type Request = t.TypeOf<typeof Request>;

export const Response = t.union([
  t.type({
    type: t.literal('hello'),
    protocol: t.string,
    implementation: t.string,
    /** The model action kinds the implementation can take; any other is reported as skipped. */
    capabilities: t.array(t.string),
    /** The adversarial commands it can take. */
    adversary: t.array(t.string),
  }),
  t.intersection([t.type({ type: t.literal('state'), state: ItfState }), t.partial({ id: t.number, note: t.string })]),
  t.type({ type: t.literal('refused'), id: t.number, detail: t.string }),
  t.type({ type: t.literal('unsupported'), id: t.number, detail: t.string }),
  t.type({ type: t.literal('noop'), id: t.number }),
  t.type({ type: t.literal('error'), detail: t.string }),
]);
export type Response = t.TypeOf<typeof Response>;

/** Parses one line as `codec`; returns the value or a problem (malformed JSON, or the path of the bad field). */
export function parseLine<A>(
  codec: t.Type<A, unknown, unknown>,
  line: string,
): { ok: true; value: A } | { ok: false; problem: string } {
  if (jsonTextTooDeep(line) !== undefined)
    return { ok: false, problem: `malformed: JSON nested deeper than ${MAX_JSON_DEPTH} levels: ${line.slice(0, 120)}` };
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (e) {
    return {
      ok: false,
      problem: `malformed JSON: ${e instanceof Error ? e.message : String(e)}: ${line.slice(0, 120)}`,
    };
  }
  const r = codec.decode(json);
  if (isLeft(r)) {
    const p = firstProblem(r.left);
    return { ok: false, problem: `not a valid message at ${p.path === '' ? '(root)' : p.path}: ${p.problem}` };
  }
  return { ok: true, value: r.right };
}
