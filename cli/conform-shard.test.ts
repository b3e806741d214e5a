import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SUITES, formatConformReport, type ConformReport } from '../oracle/conform.ts';
import { SCHEME2_BINDING } from '../oracle/scheme2/binding.ts';
import { captureIo } from './io.ts';
import { main } from './main.ts';

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function apln(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo({ interruptAtOnce: false });
  const code = await main(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

describe('apln conform --shard i/N and apln merge', () => {
  it('one shard more than the suites of a run (one shard empty) merge into exactly the unsharded report, as JSON and as text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apln-conform-shard-'));
    made.push(dir);
    // The scheme-2 mutant's run: its scheme's suites (small budgets keep it to seconds), over n + 1 shards.
    const names = SUITES.filter((s) => SCHEME2_BINDING.serves(s.variant)).map((s) => s.name);
    const n = names.length;
    expect(n).toBeGreaterThanOrEqual(3);
    const base = ['conform', '--mutant', 'payer-ignores-chain', '--runs', '3', '--depth', '2', '--steps', '8'];
    const whole = await apln([...base, '--json', '--out', join(dir, 'out')]);
    expect(whole.err).not.toMatch(/internal error/);
    const report = JSON.parse(whole.out) as ConformReport;
    expect(report.suites.map((s) => s.suite)).toEqual(names);
    const files: string[] = [];
    for (let i = 0; i <= n; i++) {
      const file = join(dir, `part-${i}.json`);
      const r = await apln([...base, '--shard', `${i}/${n + 1}`, '--partial', file, '--out', join(dir, 'out')]);
      expect(r.code).toBe(0);
      expect(r.out).toContain(`wrote ${file}: shard ${i}/${n + 1}, ${i < n ? 1 : 0} suite(s)`);
      files.push(file);
    }
    // Given in any order.
    const merged = await apln(['merge', ...[...files].reverse(), '--json']);
    expect(merged.code).toBe(whole.code);
    expect(JSON.parse(merged.out)).toEqual(report);
    expect(merged.out).toBe(whole.out);
    const text = await apln(['merge', ...files]);
    expect(text.out).toBe(formatConformReport(report));
    // A missing shard is bad input, not a smaller report.
    const missing = await apln(['merge', ...files.slice(1)]);
    expect(missing.code).toBe(2);
  });

  it('refuses --shard with --mutants and --partial without --shard (exit 2)', async () => {
    expect((await apln(['conform', '--mutants', '--shard', '0/2'])).code).toBe(2);
    expect((await apln(['conform', '--partial', 'x.json'])).code).toBe(2);
    expect((await apln(['conform', '--shard', '2/2'])).code).toBe(2);
  });
});
