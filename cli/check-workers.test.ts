import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureIo } from './io.ts';
import { main } from './main.ts';
import type { RunReport } from './run-report.ts';

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function checkJson(args: string[]): Promise<RunReport> {
  const out = mkdtempSync(join(tmpdir(), 'apln-workers-'));
  made.push(out);
  const io = captureIo({ interruptAtOnce: false });
  const code = await main(['check', ...args, '--json', '--out', out], io);
  expect(io.stderr()).not.toMatch(/internal error/);
  expect(code).toBe(0);
  return JSON.parse(io.stdout()) as RunReport;
}

/** Counts, verdicts, deadlock depth and the number of states in every trace written (BFS: all shortest). */
function summary(r: RunReport): unknown {
  return {
    distinct: r.distinctStates,
    generated: r.generatedStates,
    depth: r.maxDepth,
    complete: r.complete,
    deadlock: r.deadlock?.depth,
    properties: r.properties.map((p) => [
      p.name,
      p.verdict,
      p.traceFile === undefined
        ? undefined
        : (JSON.parse(readFileSync(p.traceFile, 'utf8')) as { states: unknown[] }).states.length,
    ]),
  };
}

describe('apln check --workers 2 gives what one worker gives, on protocol variants', () => {
  // Each run starts two worker threads that load the models (seconds on a busy machine): one variant in
  // npm test, the other under APLN_LONG=1.
  for (const [name, sets, long] of [
    ['scheme1-split-same-point', [], false],
    ['scheme1-direct', ['--set', 'hubMayCrash=true'], true],
  ] as const) {
    it.skipIf(long && process.env.APLN_LONG !== '1')(
      `${name} ${sets.join(' ')}: same counts, verdicts and counterexample lengths`,
      async () => {
        const one = await checkJson([name, ...sets, '--workers', '1']);
        const two = await checkJson([name, ...sets, '--workers', '2', '--parallel-after', '0']);
        expect(one.distinctStates).toBeGreaterThan(1000);
        expect(summary(two)).toEqual(summary(one));
      },
    );
  }
});
