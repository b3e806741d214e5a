/**
 * Test-only: reads the public BIP vectors IN PLACE from `$APLN_VECTORS` or `<repo>/../shared/vectors` (never
 * copied into the repository), decoding every JSON file with io-ts. Suites skip with a note when a file is
 * absent (`describe.skipIf(!vectorsPresent(…))`); vitest still runs a skipped suite's body to collect it, so
 * bodies read through `readJsonVectorsIfPresent`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as t from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either.js';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import { InputError } from './input-error.ts';

const VECTORS_DIR: string = process.env.APLN_VECTORS ?? fileURLToPath(new URL('../../shared/vectors', import.meta.url));

/** True when the vector file exists; otherwise logs a note naming the missing file (the suite then skips). */
export function vectorsPresent(rel: string, who = 'vectors'): boolean {
  const ok = existsSync(join(VECTORS_DIR, rel));
  if (!ok) console.warn(`[${who}] skipping: vector file ${join(VECTORS_DIR, rel)} not found (set APLN_VECTORS)`);
  return ok;
}

/** `readJsonVectors` when the file is present, else undefined. */
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
  const lines = readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.length > 0);
  const header = (lines[0] ?? '').split(',');
  return lines.slice(1).map((line, i) => {
    const cells = line.split(',');
    if (cells.length !== header.length) {
      throw new InputError(`${path}: line ${i + 2}`, `expected ${header.length} fields, got ${cells.length}`);
    }
    return Object.fromEntries(header.map((h, j) => [h, cells[j] ?? '']));
  });
}
