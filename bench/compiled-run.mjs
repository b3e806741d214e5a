// Runs one bench helper (a TypeScript entry, e.g. bench/model-run.ts) in this process from its esbuild bundle,
// as bin/apln.js runs the CLI (bin/compiled.mjs), so the figures are those of the command users run; through
// tsx when no bundle can be built. Usage: node bench/compiled-run.mjs bench/model-run.ts ARGS…
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compiledEntry } from '../bin/compiled.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [entry] = process.argv.splice(2, 1);
const bundle = await compiledEntry(path.relative(root, path.resolve(entry)), 'bench');
if (bundle !== undefined) await import(bundle.href);
else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(path.resolve(entry)).href);
}
