// bin/compiled.mjs: a command's bundle is named by the content it was built from, reused while that content is
// unchanged, rebuilt when a source changes, and skipped (tsx) with APLN_TSX=1.
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module without declarations (bin/ is not type-checked)
import { compiledEntry, compiledSource } from './compiled.mjs';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A throw-away project: main.ts imports value.ts, which holds `value`. */
function project(value: string): string {
  const root = mkdtempSync(join(tmpdir(), 'apln-compiled-'));
  dirs.push(root);
  mkdirSync(join(root, 'node_modules'));
  writeFileSync(join(root, 'main.ts'), "import { value } from './value.ts';\nexport const answer: string = value;\n");
  setValue(root, value);
  return root;
}
const setValue = (root: string, value: string) =>
  writeFileSync(join(root, 'value.ts'), `export const value: string = ${JSON.stringify(value)};\n`);
const build = (root: string): Promise<URL | undefined> => compiledEntry('main.ts', 'test', root);
const answer = async (url: URL | undefined): Promise<string> =>
  ((await import(url!.href)) as { answer: string }).answer;

describe('compiledEntry', () => {
  it('reuses the bundle while the sources are unchanged and rebuilds when an imported file changes', async () => {
    const root = project('one');
    const first = await build(root);
    expect(await answer(first)).toBe('one');
    const built = statSync(fileURLToPath(first!)).mtimeMs;
    expect((await build(root))!.href).toBe(first!.href);
    expect(statSync(fileURLToPath(first!)).mtimeMs).toBe(built);

    setValue(root, 'two');
    const second = await build(root);
    expect(second!.href).not.toBe(first!.href);
    expect(await answer(second)).toBe('two');

    setValue(root, 'one'); // back to the first content: the first bundle again, by its content's name
    expect((await build(root))!.href).toBe(first!.href);
  });

  it('answers undefined (run through tsx) when the entry does not compile or APLN_TSX=1 is set', async () => {
    const root = project('x');
    writeFileSync(join(root, 'value.ts'), 'export const value: string = ;\n');
    expect(await build(root)).toBeUndefined();
    setValue(root, 'x');
    process.env.APLN_TSX = '1';
    try {
      expect(await build(root)).toBeUndefined();
    } finally {
      delete process.env.APLN_TSX;
    }
    expect(await answer(await build(root))).toBe('x');
  });

  it('bundles a generated source (the worker and point bundles) once, and again only when a file it imports changes', async () => {
    const root = project('one');
    const source = `import { value } from ${JSON.stringify(join(root, 'value.ts'))};\nexport const answer = value;\n`;
    const first = await compiledSource(source, 'gen', root);
    expect(await answer(first)).toBe('one');
    const built = statSync(fileURLToPath(first!)).mtimeMs;
    expect((await compiledSource(source, 'gen', root))!.href).toBe(first!.href);
    expect(statSync(fileURLToPath(first!)).mtimeMs).toBe(built);
    setValue(root, 'two');
    const second = await compiledSource(source, 'gen', root);
    expect(second!.href).not.toBe(first!.href);
    expect(await answer(second)).toBe('two');
  });
});
