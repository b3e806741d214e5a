/**
 * `npm run lint` must fail on a planted violation, not only pass on a clean tree: each rule family is shown
 * failing on a small tree written to a temporary folder (the project's own configs, copied beside it).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name: string): string => join(root, 'node_modules', '.bin', name);
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'apln-lint-'));
  dirs.push(dir);
  for (const config of ['.dependency-cruiser.cjs', 'tsconfig.json', 'biome.jsonc', 'knip.json'])
    copyFileSync(join(root, config), join(dir, config));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function depcruise(dir: string, folders: string[]): { code: number | null; out: string } {
  const r = spawnSync(bin('depcruise'), ['--config', '.dependency-cruiser.cjs', '--no-progress', ...folders], {
    cwd: dir,
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

describe('the dependency rules fail on a planted violation', () => {
  it('refuses checker/ importing protocol code, and passes the same tree without that import', () => {
    const bad = tree({
      'checker/search.ts': "import { x } from '../model/m.ts';\nexport const y = x;\n",
      'model/m.ts': 'export const x = 1;\n',
    });
    const r = depcruise(bad, ['checker', 'model']);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('checker-is-generic');
    const good = tree({
      'checker/search.ts': 'export const y = 1;\n',
      'model/m.ts': "import { y } from '../checker/search.ts';\nexport const x = y;\n",
    });
    expect(depcruise(good, ['checker', 'model'])).toMatchObject({ code: 0 });
  });

  it('refuses an import cycle, model/ importing properties/, impl/ importing model/ and a library file importing cli/', () => {
    const r = depcruise(
      tree({
        'model/a.ts': "import { b } from './b.ts';\nimport { p } from '../properties/p.ts';\nexport const a = b + p;\n",
        'model/b.ts': "import type { A } from './c.ts';\nexport const b = 1;\nexport type B = A;\n",
        'model/c.ts': "import type { B } from './b.ts';\nexport type A = number;\nexport type C = B;\n",
        'properties/p.ts': 'export const p = 1;\n',
        'impl/n.ts': "import { a } from '../model/a.ts';\nimport { c } from '../cli/c.ts';\nexport const n = a + c;\n",
        'cli/c.ts': 'export const c = 1;\n',
      }),
      ['model', 'properties', 'impl', 'cli'],
    );
    expect(r.code).not.toBe(0);
    for (const rule of ['no-circular', 'model-imports-no-properties', 'impl-knows-no-model', 'nothing-imports-cli'])
      expect(r.out).toContain(rule);
  });
});

describe('Biome fails on a planted violation', () => {
  it('refuses a lint error and a file that is not formatted', () => {
    const dir = tree({
      'util/a.ts': 'export function f(x: number) {\n  debugger;\n  return x;\n}\n',
      'util/b.ts': 'export const b  =  [1,2] ;\n',
    });
    const r = spawnSync(bin('biome'), ['check', '--vcs-enabled=false', 'util'], { cwd: dir, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    const out = r.stdout + r.stderr;
    expect(out).toContain('noDebugger');
    expect(out).toMatch(/format/i);
  });
});

describe('knip fails on a planted unused export', () => {
  it('refuses an export nothing imports, and passes the same tree without it', () => {
    const files = (a: string): Record<string, string> => ({
      'package.json': '{ "name": "planted", "private": true, "type": "module" }\n',
      'cli/main.ts': "import { a } from '../util/a.ts';\nconsole.log(a);\n",
      'util/a.ts': a,
    });
    const knip = (dir: string) => spawnSync(bin('knip'), ['--no-progress'], { cwd: dir, encoding: 'utf8' });
    const bad = knip(tree(files('export const a = 1;\nexport const b = 2;\n')));
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toMatch(/Unused exports \(1\)\s+b\s+util\/a\.ts/);
    expect(knip(tree(files('export const a = 1;\n'))).status).toBe(0);
  });
});
