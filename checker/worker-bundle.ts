/**
 * The parallel search's worker, compiled once into one plain ES module by esbuild (the compiler tsx
 * itself runs on): the worker and the modules that register the models, bundled, with the npm packages
 * left as imports. Without it every worker thread would start its own tsx loader and compile every
 * module of the project again (seconds of CPU per worker on a busy machine).
 *
 * The bundle is written under `node_modules/.cache/apln/`, named by the hash of its text, so an unchanged
 * project reuses the file and two checkouts sharing one `node_modules` never overwrite each other's. When
 * esbuild is missing or fails, `workerEntry` answers the tsx-booted entry (`parallel-boot.mjs`) instead.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = new Map<string, Promise<URL>>();

/**
 * `import.meta.url` as a pattern that does not spell it out: bin/compiled.mjs rewrites that text in every file of
 * the CLI's own bundle, and a string literal spelling it would be rewritten too (the point bundles built from
 * inside the compiled CLI then kept the bundle's URL: traces/version.ts read node_modules/.cache/package.json).
 */
const META_URL = /import\.meta\.url/g;

/**
 * Keeps `import.meta.url` what it is in the source tree: each bundled project file gets its own file's URL in
 * its place (traces/version.ts reads `../package.json` beside itself), not the bundle's.
 */
const sourceUrls = {
  name: 'apln-source-urls',
  setup(b: {
    onLoad: (o: { filter: RegExp }, f: (a: { path: string }) => { contents: string; loader: 'ts' }) => void;
  }) {
    b.onLoad({ filter: /\.ts$/ }, (a) => ({
      contents: fs.readFileSync(a.path, 'utf8').replaceAll(META_URL, JSON.stringify(pathToFileURL(a.path).href)),
      loader: 'ts',
    }));
  },
};

/**
 * Compiles `source` (TypeScript importing project files by absolute path) with everything it imports from the
 * project into one ES module under `node_modules/.cache/apln/`, named `<prefix>-<hash of its text>.mjs`.
 */
export async function bundleModule(source: string, prefix: string): Promise<URL> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    stdin: { contents: source, resolveDir: root, loader: 'ts', sourcefile: `apln-${prefix}.ts` },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    write: false,
    logLevel: 'silent',
    plugins: [sourceUrls],
  });
  const text = result.outputFiles[0]!.text;
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const dir = path.join(root, 'node_modules', '.cache', 'apln');
  const file = path.join(dir, `${prefix}-${hash}.mjs`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  }
  return pathToFileURL(file);
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
