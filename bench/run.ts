/**
 * `npm run bench [-- NAME... [FLAGS]]`: runs every `bench/*.bench.ts` (in name order), or only those
 * named (`npm run bench -- checker`). Each file exports `run(args)`; the flags after the names (e.g.
 * `--big`) are passed to every selected benchmark. See README.md.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface BenchModule {
  run(args?: readonly string[]): Promise<void>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const names = argv.filter((a) => !a.startsWith('-'));
const flags = argv.filter((a) => a.startsWith('-'));
const available = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.slice(0, -'.bench.ts'.length))
  .sort();
const unknown = names.filter((n) => !available.includes(n));
if (unknown.length > 0) {
  process.stderr.write(`bench: unknown benchmark(s) ${unknown.join(', ')} (available: ${available.join(', ')})\n`);
  process.exit(2);
}
for (const name of names.length > 0 ? names : available) {
  process.stdout.write(`\n=== bench ${name} ===\n`);
  const mod = (await import(pathToFileURL(path.join(here, `${name}.bench.ts`)).href)) as BenchModule;
  await mod.run(flags);
}
