/**
 * A project entry (TypeScript) compiled by esbuild into one plain ES module, so a command runs without tsx's
 * loader: tsx compiles every module with `keepNames` (a `__name` call around every function, closures in hot
 * loops included) and source maps, which cost about half of a protocol check's CPU.
 *
 * `compiledEntry('cli/main.ts', 'cli')` answers the URL of the bundle of that entry and everything it imports
 * from the project (npm packages stay imports), written under `node_modules/.cache/apln/`. The bundle's name is
 * a hash of the CONTENT of every file it was built from (plus this checkout's root, which the bundle embeds
 * as the files' `import.meta.url`), so checkouts sharing one `node_modules` never use each other's bundles and
 * an edited source is always rebuilt. A small manifest per checkout and entry lists those files; a start reads
 * and hashes them (milliseconds) and builds only when no bundle has that hash. When esbuild is missing or
 * fails, or `APLN_TSX=1` is set, it answers `undefined` and the caller runs the sources through tsx.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/**
 * `import.meta.url` as a pattern that does not spell it out: this file is bundled too (checker/worker-bundle.ts
 * imports it), and the rewrite below would turn a string literal spelling it into this file's URL.
 */
const META_URL = /import\.meta\.url/g;
const LOADERS = { '.ts': 'ts', '.mjs': 'js', '.js': 'js', '.json': 'json' };

/** The hash naming a bundle: this file, the root, and each input's path and content, in the order given. */
function keyOf(root, inputs, read) {
  const h = createHash('sha256');
  h.update(fs.readFileSync(fileURLToPath(import.meta.url)));
  h.update(`\0${root}`);
  for (const rel of inputs) {
    h.update(`\0${rel}\0`);
    h.update(read(rel));
  }
  return h.digest('hex').slice(0, 24);
}

function writeAtomically(file, text) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/** The cached bundle for `entry` if the manifest's files still hash to an existing bundle's name. */
function cached(root, file0, manifest) {
  let inputs;
  try {
    inputs = JSON.parse(fs.readFileSync(manifest, 'utf8')).inputs;
  } catch {
    return undefined;
  }
  try {
    const file = `${file0}-${keyOf(root, inputs, (rel) => fs.readFileSync(path.join(root, rel)))}.mjs`;
    return fs.existsSync(file) ? file : undefined;
  } catch {
    return undefined; // an input was removed or renamed: rebuild
  }
}

async function build(root, entry, file0, manifest) {
  const esbuild = await import('esbuild');
  const read = new Map();
  // Every project file is read here (so the hash covers exactly what was compiled), with `import.meta.url`
  // replaced by the file's own URL: traces/version.ts reads `../package.json` beside itself, not the bundle.
  const project = {
    name: 'apln-project-files',
    setup(b) {
      b.onLoad({ filter: /\.(ts|mjs|js|json)$/ }, (a) => {
        const text = fs.readFileSync(a.path, 'utf8');
        read.set(path.relative(root, a.path), text);
        return {
          contents: text.replaceAll(META_URL, JSON.stringify(pathToFileURL(a.path).href)),
          loader: LOADERS[path.extname(a.path)],
        };
      });
    },
  };
  const result = await esbuild.build({
    entryPoints: [path.join(root, entry)],
    absWorkingDir: root,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    write: false,
    logLevel: 'silent',
    plugins: [project],
  });
  const inputs = [...read.keys()].sort();
  const file = `${file0}-${keyOf(root, inputs, (rel) => read.get(rel))}.mjs`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (!fs.existsSync(file)) writeAtomically(file, result.outputFiles[0].text);
  writeAtomically(manifest, JSON.stringify({ entry, root, inputs }));
  return file;
}

/**
 * The bundle of the project file `entry` (path from `root`, by default this project's), or `undefined`: run it
 * through tsx.
 */
export async function compiledEntry(entry, prefix, root = projectRoot) {
  if (process.env.APLN_TSX === '1') return undefined;
  const file0 = path.join(root, 'node_modules', '.cache', 'apln', prefix);
  const id = createHash('sha256').update(`${root}\0${entry}`).digest('hex').slice(0, 16);
  const manifest = `${file0}-${id}.manifest.json`;
  try {
    const file = cached(root, file0, manifest) ?? (await build(root, entry, file0, manifest));
    return pathToFileURL(file);
  } catch {
    return undefined;
  }
}

/**
 * The bundle of a generated `source` (TypeScript importing project files by absolute path), cached as
 * `compiledEntry`'s are: the source is written once under the cache folder, named by its own hash, and
 * bundled as the entry. `undefined` as for `compiledEntry`.
 */
export async function compiledSource(source, prefix, root = projectRoot) {
  if (process.env.APLN_TSX === '1') return undefined;
  const dir = path.join(root, 'node_modules', '.cache', 'apln');
  const file = path.join(dir, `${prefix}-source-${createHash('sha256').update(source).digest('hex').slice(0, 16)}.ts`);
  try {
    if (!fs.existsSync(file)) {
      fs.mkdirSync(dir, { recursive: true });
      writeAtomically(file, source);
    }
  } catch {
    return undefined;
  }
  return compiledEntry(path.relative(root, file), prefix, root);
}
