import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureIo } from './io.ts';
import { main } from './main.ts';
import type { RunReport } from './run-report.ts';

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'apln-shard-'));
  made.push(d);
  return d;
}

async function apln(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo({ interruptAtOnce: false });
  const code = await main(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

/** The report without timings, each trace file replaced by its states. */
function comparable(r: RunReport): unknown {
  const states = (file: string | undefined) =>
    file === undefined ? undefined : (JSON.parse(readFileSync(file, 'utf8')) as { states: unknown }).states;
  return {
    ...r,
    seconds: 0,
    statesPerSecond: 0,
    properties: r.properties.map((p) => ({ ...p, traceFile: states(p.traceFile) })),
    deadlock: r.deadlock === undefined ? undefined : { ...r.deadlock, traceFile: states(r.deadlock.traceFile) },
    horizon: { ...r.horizon, raceOpenTraceFile: states(r.horizon.raceOpenTraceFile) },
  };
}

describe('apln simulate --shard i/N and apln merge', () => {
  for (const [model, sets] of [
    ['planted-bug', []],
    ['scheme1-split-same-point', ['--set', 'hubMayCrash=true']],
  ] as const) {
    it(`${model}: three shards merged print exactly what the unsharded run prints`, async () => {
      const args = ['simulate', model, ...sets, '--seed', '7', '--traces', '60', '--steps', '25', '--json'];
      const whole = await apln([...args, '--out', tempDir()]);
      const dir = tempDir();
      const files = [0, 1, 2].map((i) => join(dir, `part-${i}.json`));
      for (let i = 0; i < 3; i++) {
        const shard = await apln([...args, '--shard', `${i}/3`, '--partial', files[i]!]);
        expect(shard.err).toBe('');
        expect(shard.out).toMatch(new RegExp(`wrote .*part-${i}\\.json: shard ${i}/3, 20 traces`));
      }
      const merged = await apln(['merge', files[2]!, files[0]!, files[1]!, '--json', '--out', tempDir()]);
      expect(merged.err).toBe('');
      expect(merged.code).toBe(whole.code);
      const a = JSON.parse(whole.out) as RunReport;
      const b = JSON.parse(merged.out) as RunReport;
      expect(a.properties.some((p) => p.verdict === 'violated' || p.verdict === 'reached')).toBe(true);
      expect(comparable(b)).toEqual(comparable(a));
    });
  }

  it('refuses a merge with a shard missing, naming it (exit 2)', async () => {
    const dir = tempDir();
    const file = join(dir, 'p0.json');
    await apln(['simulate', 'planted-bug', '--traces', '10', '--shard', '0/2', '--partial', file]);
    const r = await apln(['merge', file]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/missing shard 1\/2/);
  });
});
