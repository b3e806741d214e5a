import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureIo } from './io.ts';
import { main } from './main.ts';

// The analysis commands' bad input (issue 11 item 5) beyond what cli/coalitions.test.ts and cli/synth.test.ts
// cover: a malformed range, an interrupted synthesis, and partial files whose items or key are damaged.
const dir = mkdtempSync(join(tmpdir(), 'apln-analysis-bad-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[], options: { interruptAtOnce?: boolean } = {}) {
  const io = captureIo({ interruptAtOnce: options.interruptAtOnce ?? false });
  const code = await main(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

// Two points of scheme1-direct at height 1: a shard of it is written in a second.
const TINY = [
  'synth',
  'scheme1-direct',
  '--range',
  'csvDelayBlocks=2..3',
  '--set',
  'maxHeight=1',
  '--workers',
  '1',
  '--out',
  dir,
];

describe('bad input of the analysis commands: exit 2 naming what and where, never a stack trace', () => {
  it('a range that is not KEY=LO..HI', async () => {
    expect(await run(['synth', 'scheme1-direct', '--range', 'csvDelayBlocks=1-3'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--range csvDelayBlocks=1-3: expected KEY=LO..HI'),
    });
  });

  it('an interrupted synthesis prints what it has, marked partial (exit 1)', async () => {
    const r = await run(TINY, { interruptAtOnce: true });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/PARTIAL/);
    expect(r.err).not.toMatch(/at .*\.ts:\d+/);
  });

  it('a partial whose item index is out of range, whose item is not a checked point, or whose key is damaged', async () => {
    const p = join(dir, 'whole.json');
    expect((await run([...TINY, '--shard', '0/1', '--partial', p])).code).toBe(0);
    const good = JSON.parse(readFileSync(p, 'utf8'));
    const write = (name: string, f: (x: typeof good) => void): string => {
      const x = structuredClone(good);
      f(x);
      const file = join(dir, name);
      writeFileSync(file, JSON.stringify(x));
      return file;
    };
    const outOfRange = write('index.json', (x) => (x.data.items[0].index = 7));
    expect(await run(['merge', outOfRange])).toMatchObject({
      code: 2,
      err: expect.stringContaining(`${outOfRange}: bad item index 7 (expected 0..1)`),
    });
    const notPoint = write('item.json', (x) => (x.data.items[1].outcome = { states: 'many' }));
    expect(await run(['merge', notPoint])).toMatchObject({
      code: 2,
      err: expect.stringContaining(`${notPoint}: item 1: not a checked point`),
    });
    const noItems = write('items.json', (x) => delete x.data.items);
    expect(await run(['merge', noItems])).toMatchObject({
      code: 2,
      err: expect.stringContaining(`${noItems}: data.items is missing`),
    });
    const badKey = write('key.json', (x) => (x.key = { variant: 7 }));
    expect(await run(['merge', badKey])).toMatchObject({
      code: 2,
      err: expect.stringContaining(`${badKey}: its key is not a synth key`),
    });
    const badTable = write('table.json', (x) => (x.key.table = ['csvDelayBlocks', 'csvDelayBlocks']));
    expect(await run(['merge', badTable])).toMatchObject({
      code: 2,
      err: expect.stringContaining("its key's table"),
    });
    const badAll = write('all.json', (x) => {
      x.command = 'coalitions';
      x.key = { all: true, parts: [{ variant: 'scheme1-direct' }] };
    });
    expect(await run(['merge', badAll])).toMatchObject({
      code: 2,
      err: expect.stringContaining(`${badAll}: its key is not a coalition-table key`),
    });
    const otherCommand = write('cmd.json', (x) => (x.command = 'prove'));
    expect(await run(['merge', otherCommand])).toMatchObject({
      code: 2,
      err: expect.stringContaining('apln merge cannot join partials of apln prove'),
    });
  });
});
