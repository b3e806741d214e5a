import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import '../examples/index.ts';
import '../variants/index.ts';
import { findModel, type ModelEntry } from '../checker/registry.ts';
import { captureIo } from './io.ts';
import { main } from './main.ts';
import { registryOf } from './registry.ts';

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'apln-table-'));
  made.push(d);
  return d;
}

// A small registry: plain-lightning (16 coalitions, 12,000 states in all) and scheme1-direct with its horizon cut to
// height 1 (its defaults are what --all takes; the worker threads find it by name and get the config in the task),
// and a classic model without coalitions, which the table leaves out.
const direct = findModel('scheme1-direct')!;
const short = { ...direct, defaults: { ...(direct.defaults as object), maxHeight: 1 } } as ModelEntry<unknown>;
const registry = registryOf([findModel('plain-lightning')!, short, findModel('two-phase')!]);

async function run(argv: string[], interruptAtOnce = false) {
  const io = captureIo({ interruptAtOnce });
  const code = await main(argv, io, { registry });
  return { code, out: io.stdout(), err: io.stderr() };
}

describe('apln coalitions --all (the whole table in one pool)', () => {
  it('gives, per variant, exactly what apln coalitions VARIANT gives, on 1 and 2 workers and as 2 shards merged', async () => {
    const dir = tempDir();
    const one = await run(['coalitions', '--all', '--workers', '1', '--out', dir, '--json']);
    expect(one.code).toBe(0);
    const t = JSON.parse(one.out);
    expect(t).toMatchObject({ format: 'apln-coalition-table', version: 1, checked: 32, total: 32, partial: false });
    expect(t.variants.map((v: { variant: string }) => v.variant)).toEqual(['plain-lightning', 'scheme1-direct']);
    const alone = await run(['coalitions', 'plain-lightning', '--workers', '1', '--out', dir, '--json']);
    expect(JSON.stringify(t.variants[0])).toBe(alone.out.trim());
    const direct1 = await run([
      'coalitions',
      'scheme1-direct',
      '--set',
      'maxHeight=1',
      '--workers',
      '1',
      '--out',
      dir,
      '--json',
    ]);
    expect(JSON.stringify(t.variants[1])).toBe(direct1.out.trim());
    const two = await run(['coalitions', '--all', '--workers', '2', '--out', dir, '--json']);
    expect(two.out).toBe(one.out);
    const p = [0, 1].map((i) => join(dir, `s${i}.json`));
    for (const i of [0, 1])
      expect(
        (await run(['coalitions', '--all', '--workers', '1', '--out', dir, '--shard', `${i}/2`, '--partial', p[i]!]))
          .code,
      ).toBe(0);
    expect((await run(['merge', p[1]!, p[0]!, '--json'])).out).toBe(one.out);
    const text = await run(['merge', p[0]!, p[1]!]);
    expect(text.out).toContain('coalition table: 2 variants, 32 of 32 coalitions checked');
    expect(text.out).toBe((await run(['coalitions', '--all', '--workers', '1', '--out', dir])).out);
  }, 120_000);

  it('prints what it has, marked partial, when interrupted (Ctrl-C)', async () => {
    const r = await run(['coalitions', '--all', '--workers', '1', '--out', tempDir()], true);
    expect(r.code).toBe(1);
    expect(r.out).toContain('coalition table: 2 variants, 0 of 32 coalitions checked');
    expect(r.out).toContain('PARTIAL');
  });

  it('refuses a VARIANT, --set or --coalition beside --all (exit 2, naming the flag)', async () => {
    expect(await run(['coalitions', '--all', 'plain-lightning'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--all: checks every protocol variant: give no VARIANT'),
    });
    expect(await run(['coalitions', '--all', '--set', 'maxHeight=2'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--set: cannot be combined with --all'),
    });
    expect(await run(['coalitions', '--all', '--coalition', 'A'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--coalition: cannot be combined with --all'),
    });
  });
});
