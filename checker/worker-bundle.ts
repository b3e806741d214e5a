/**
 * The parallel search's worker, compiled once into one plain ES module by esbuild (the compiler tsx
 * itself runs on): the worker and the modules that register the models, bundled, with the npm packages
 * left as imports. Without it every worker thread would start its own tsx loader and compile every
 * module of the project again (seconds of CPU per worker on a busy machine).
 *
 * The bundle is bin/compiled.mjs's (`compiledSource`): written under `node_modules/.cache/apln/`, named by the
 * content of every file it was built from (and the checkout's root), so an unchanged project reuses it without
 * running esbuild, and two checkouts sharing one `node_modules` never use each other's. When esbuild is missing
 * or fails, or `APLN_TSX=1`, `workerEntry` answers the tsx-booted entry (`parallel-boot.mjs`) instead.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compiledSource } from '../bin/compiled.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = new Map<string, Promise<URL>>();

/**
 * The bundle of `source` (TypeScript importing project files by absolute path), through bin/compiled.mjs: named
 * by the content of every file it is built from, so an unchanged project reuses it without running esbuild.
 * Rejects when it cannot be built.
 */
export async function bundleModule(source: string, prefix: string): Promise<URL> {
  const url = await compiledSource(source, prefix);
  if (url === undefined) throw new Error(`no bundle for ${prefix} (esbuild missing or failing, or APLN_TSX=1)`);
  return url;
}

/** The project file `rel` (from the project's root) as an absolute path, for a bundle's source. */
export function projectFile(rel: string): string {
  return path.join(root, rel);
}

function bundle(modules: readonly string[]): Promise<URL> {
  const lines = [
    ...modules.map((m) => `import ${JSON.stringify(m.startsWith('file:') ? fileURLToPath(m) : m)};`),
    `import { startWorker } from ${JSON.stringify(path.join(root, 'checker', 'parallel-worker.ts'))};`,
    'startWorker();',
  ];
  return bundleModule(lines.join('\n'), 'worker');
}

/** The module a worker thread starts from: the bundle for `modules`, or the tsx boot when it cannot be built. */
export function workerEntry(modules: readonly string[]): Promise<URL> {
  const key = modules.join('\n');
  let p = built.get(key);
  if (p === undefined) {
    p = bundle(modules).catch(() => new URL('./parallel-boot.mjs', import.meta.url));
    built.set(key, p);
  }
  return p;
}
