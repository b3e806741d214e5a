/**
 * Test-only helper: reads the BIP vectors IN PLACE from `$APLN_VECTORS` or `<repo>/../shared/vectors`
 * (never copied into the repo), decoding every file with io-ts. Not part of the public API.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as t from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either.js';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import { InputError } from '../../util/input-error.ts';

export const VECTORS_DIR: string =
  process.env.APLN_VECTORS ?? fileURLToPath(new URL('../../../shared/vectors', import.meta.url));

/** True when the vector file exists; logs a note naming the missing file otherwise (tests then skip). */
export function vectorsPresent(rel: string): boolean {
  const ok = existsSync(join(VECTORS_DIR, rel));
  if (!ok) console.warn(`[impl/crypto] skipping: vector file ${join(VECTORS_DIR, rel)} not found (set APLN_VECTORS)`);
  return ok;
}

/**
 * `readJsonVectors` when the file is present, else undefined (the caller's `describe.skipIf` then skips;
 * vitest still runs a skipped suite's body to collect it, so the body must not read a missing file).
 */
export function readJsonVectorsIfPresent<C extends t.Mixed>(rel: string, codec: C): t.TypeOf<C> | undefined {
  return existsSync(join(VECTORS_DIR, rel)) ? readJsonVectors(rel, codec) : undefined;
}

/** Reads and decodes a JSON vector file; a shape mismatch throws `InputError` with the io-ts path. */
export function readJsonVectors<C extends t.Mixed>(rel: string, codec: C): t.TypeOf<C> {
  const path = join(VECTORS_DIR, rel);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new InputError(path, `cannot read JSON: ${(e as Error).message}`);
  }
  const decoded = codec.decode(raw);
  if (isLeft(decoded)) throw new InputError(path, PathReporter.report(decoded).join('; '));
  return decoded.right;
}

/** Reads a CSV vector file with a header row and no quoted fields (the BIP-340 file's format). */
export function readCsvVectors(rel: string): Record<string, string>[] {
  const path = join(VECTORS_DIR, rel);
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  const header = (lines[0] ?? '').split(',');
  return lines.slice(1).map((line, i) => {
    const cells = line.split(',');
    if (cells.length !== header.length) {
      throw new InputError(`${path}: line ${i + 2}`, `expected ${header.length} fields, got ${cells.length}`);
    }
    return Object.fromEntries(header.map((h, j) => [h, cells[j] ?? '']));
  });
}

/** io-ts codecs shared by the BIP-327 files. */
export const Hex = t.string;
export const Indices = t.array(t.number);
export const VectorError = t.union([
  t.type({ type: t.literal('invalid_contribution'), signer: t.union([t.number, t.null]), contrib: t.string }),
  t.type({ type: t.literal('value'), message: t.string }),
]);
export type VectorError = t.TypeOf<typeof VectorError>;
