/** A file the user asked for by a flag (`--junit FILE`, the report's `check.json`), written atomically. */
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../traces/atomic-write.ts';
import { InputError } from '../util/input-error.ts';

/** Writes a file the user asked for (atomically); a failure names the flag. */
export function writeOutput(file: string, text: string, flag: string): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomic(file, text);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') throw new InputError(`${flag} ${file}`, `cannot write (${code})`);
    throw e;
  }
}
