/**
 * A stored record with an integrity check: `{"format", "version", "sha256", "body"}`, where `sha256` is the
 * tagged hash (`APLN/node/record`) of the body's canonical JSON. Opening checks, in order, and refuses with an
 * `InputError` naming what is wrong: the text is whole JSON (a truncated record is named as such), nested at
 * most MAX_JSON_DEPTH, the envelope's fields, then the hash: any change to the body (a deleted `seqIn` entry, a
 * nonce-store record, a balance changed within its range) is refused. The hash finds corruption, not an
 * attacker who can rewrite the file and its hash: the store is as trusted as the node's seed it holds.
 */
import { bytesToHex, utf8 } from '../../crypto/bytes.ts';
import { taggedHash } from '../../crypto/tagged-hash.ts';
import { InputError } from '../../../util/input-error.ts';
import { checkJsonText } from '../../../util/json-input.ts';
import { canonicalJson } from '../canonical.ts';

const RECORD_TAG = 'APLN/node/record';
const VERSION = 1;

function recordHash(body: unknown): string {
  return bytesToHex(taggedHash(RECORD_TAG, utf8(canonicalJson(body))));
}

/** The record's text: `format` names what the body is (`apln-node-state`, `apln-nonce-mark`). */
export function sealRecord(format: string, body: unknown): string {
  return JSON.stringify({ format, version: VERSION, sha256: recordHash(body), body });
}

/** The body of a record of `format`, checked; `where` names it in errors (`store A/state`). */
export function openRecord(text: string, format: string, where: string): unknown {
  if (text.length === 0) throw new InputError(where, 'empty (0 bytes): the record was never written whole');
  checkJsonText(text, where);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new InputError(
      where,
      `not whole JSON (${text.length} bytes; truncated or corrupted): ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new InputError(where, 'expected a record object');
  const r = raw as Record<string, unknown>;
  const extra = Object.keys(r).filter((k) => !['format', 'version', 'sha256', 'body'].includes(k));
  if (extra.length > 0) throw new InputError(`${where}: ${extra[0]?.slice(0, 40)}`, 'unexpected field');
  if (r.format !== format)
    throw new InputError(
      `${where}: format`,
      `expected ${JSON.stringify(format)}, got ${JSON.stringify(r.format)?.slice(0, 60)}`,
    );
  if (r.version !== VERSION)
    throw new InputError(`${where}: version`, `expected ${VERSION}, got ${JSON.stringify(r.version)?.slice(0, 20)}`);
  const recorded = r.sha256;
  if (typeof recorded !== 'string' || !/^[0-9a-f]{64}$/.test(recorded))
    throw new InputError(`${where}: sha256`, 'expected 64 lower-case hex digits');
  if (!Object.hasOwn(r, 'body')) throw new InputError(`${where}: body`, 'missing');
  const actual = recordHash(r.body);
  if (actual !== recorded) {
    throw new InputError(
      `${where}: sha256`,
      `integrity check failed: the body hashes to ${actual.slice(0, 16)}…, the record says ${recorded.slice(0, 16)}… (changed or corrupted)`,
    );
  }
  return r.body;
}
