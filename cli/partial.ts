/**
 * Sharded runs (`--shard i/N`) and their partial files, joined by `apln merge` (agreed with engineer "speed":
 * one envelope for every sharded command). A partial file is one JSON object:
 *
 *   { "format": "apln-partial", "version": 1, "command": "coalitions",
 *     "key": {…},                        // what every shard of one run shares (model, config, …)
 *     "shard": { "index": 0, "count": 2 },
 *     "data": {…} }                      // the command's partial result
 *
 * Shard i of N (0-based) takes the work items whose index is i modulo N. `joinPartials` checks that the files
 * are partials of one command with one key and one count, every index 0..N−1 exactly once; anything else is an
 * InputError naming the file and what is wrong.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../traces/atomic-write.ts';
import { InputError } from '../util/input-error.ts';
import { checkJsonText } from '../util/json-input.ts';
import { ensureOutDir } from '../traces/out-dir.ts';

export interface Shard {
  readonly index: number;
  readonly count: number;
}

export interface PartialFile {
  readonly format: 'apln-partial';
  readonly version: 1;
  readonly command: string;
  readonly key: unknown;
  readonly shard: Shard;
  readonly data: unknown;
}

/** `i/N` with 0 ≤ i < N. */
export function parseShard(raw: string): Shard {
  const m = /^([0-9]+)\/([0-9]+)$/.exec(raw);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (m === null || !Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || index >= count) {
    throw new InputError('--shard', `expected i/N with 0 ≤ i < N (e.g. 0/2), got '${raw}'`);
  }
  return { index, count };
}

/** Where a shard's partial goes when `--partial` is not given. */
export function defaultPartialName(command: string, s: Shard): string {
  return `apln-${command}.shard-${s.index}-of-${s.count}.json`;
}

export function writePartial(file: string, p: PartialFile): void {
  try {
    ensureOutDir(dirname(file), '--partial');
    writeFileAtomic(file, `${JSON.stringify(p)}\n`);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') throw new InputError(`--partial ${file}`, `cannot write the partial file (${code})`);
    throw e;
  }
}

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);

/** Reads and checks one partial file's envelope. */
export function readPartial(file: string): PartialFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(file, `cannot read (${(e as { code?: string }).code ?? 'error'})`);
  }
  checkJsonText(text, file);
  let u: unknown;
  try {
    u = JSON.parse(text);
  } catch {
    throw new InputError(file, 'not JSON (a corrupted or truncated partial file?)');
  }
  if (!isObject(u) || u.format !== 'apln-partial')
    throw new InputError(file, 'not an apln partial file (expected "format": "apln-partial")');
  if (u.version !== 1)
    throw new InputError(file, `partial format version ${JSON.stringify(u.version)} is not supported (expected 1)`);
  if (typeof u.command !== 'string') throw new InputError(file, 'missing "command"');
  const shard = u.shard;
  if (
    !isObject(shard) ||
    !Number.isSafeInteger(shard.index) ||
    !Number.isSafeInteger(shard.count) ||
    (shard.count as number) < 1 ||
    (shard.index as number) < 0 ||
    (shard.index as number) >= (shard.count as number)
  ) {
    throw new InputError(file, 'bad "shard" (expected {index, count} with 0 ≤ index < count)');
  }
  if (!('key' in u) || !('data' in u)) throw new InputError(file, 'missing "key" or "data"');
  return u as unknown as PartialFile;
}

/** Reads the files and checks they are the N shards of one run; returned in shard order. */
export function joinPartials(files: readonly string[]): {
  command: string;
  key: unknown;
  parts: { file: string; partial: PartialFile }[];
} {
  if (files.length === 0) throw new InputError('apln merge', 'expected one or more partial files');
  const parts = files.map((file) => ({ file, partial: readPartial(file) }));
  const first = parts[0]!;
  const keyText = JSON.stringify(first.partial.key);
  const count = first.partial.shard.count;
  const seen = new Map<number, string>();
  for (const { file, partial } of parts) {
    if (partial.command !== first.partial.command)
      throw new InputError(
        file,
        `is a partial of apln ${partial.command}, ${first.file} of apln ${first.partial.command}`,
      );
    if (JSON.stringify(partial.key) !== keyText)
      throw new InputError(
        file,
        `comes from another run than ${first.file} (its key differs: ${JSON.stringify(partial.key)})`,
      );
    if (partial.shard.count !== count)
      throw new InputError(
        file,
        `is shard ${partial.shard.index}/${partial.shard.count}, ${first.file} has ${count} shards`,
      );
    const other = seen.get(partial.shard.index);
    if (other !== undefined)
      throw new InputError(file, `shard ${partial.shard.index}/${count} is given twice (also ${other})`);
    seen.set(partial.shard.index, file);
  }
  const missing: number[] = [];
  for (let i = 0; i < count; i++) if (!seen.has(i)) missing.push(i);
  if (missing.length > 0)
    throw new InputError(
      'apln merge',
      `missing shard${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${count}`).join(', ')}`,
    );
  parts.sort((a, b) => a.partial.shard.index - b.partial.shard.index);
  return { command: first.partial.command, key: first.partial.key, parts };
}
