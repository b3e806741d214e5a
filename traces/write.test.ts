import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic-write.ts';
import { ACTION_TAKEN, NONDET_PICKS } from './itf.ts';
import { parseTrace, readTraceFile } from './read.ts';
import { buildPingModel, pingDefaults } from './testing/ping-model.ts';
import { pathOf } from './testing/path.ts';
import { buildTrace, serializeTrace, traceFileName, writeTrace } from './write.ts';
import { toolVersion } from './version.ts';

const model = buildPingModel(pingDefaults);
const path = pathOf(model, 0, [0, 0, 1]); // ping, pong, ping → pings = 2 violates fewPings
const run = { model: 'ping', config: pingDefaults, strategy: 'bfs' as const };
const subject = {
  property: 'fewPings',
  kind: 'always' as const,
  verdict: 'violated' as const,
  expected: 'violated',
  message: 'pings = 2 reached the limit 2',
  violationIndex: 3,
};

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'apln-traces-'));
  made.push(d);
  return d;
}

describe('buildTrace', () => {
  const trace = buildTrace(model, path, { run, subject });

  it('records the meta that replay needs, and no timestamp', () => {
    const meta = trace['#meta'];
    expect(meta).toMatchObject({
      format: 'ITF',
      tool: 'apln',
      version: toolVersion(),
      model: 'ping',
      config: pingDefaults,
      strategy: 'bfs',
    });
    expect(meta).toMatchObject({
      property: 'fewPings',
      kind: 'always',
      verdict: 'violated',
      violationIndex: 3,
      initIndex: 0,
      choices: [0, 0, 1],
    });
    expect(Object.keys(meta)).not.toContain('timestamp');
    expect(meta.description).toBe('Counterexample to fewPings in ping: 3 steps, found by apln bfs');
  });

  it("writes the variables sorted, then Quint's mbt:: fields, in every state", () => {
    expect(trace.vars).toEqual([
      'balances',
      'height',
      'last',
      'pair',
      'pings',
      'pongs',
      'seen',
      ACTION_TAKEN,
      NONDET_PICKS,
    ]);
    expect(trace.states[0]).toMatchObject({ '#meta': { index: 0 }, [ACTION_TAKEN]: 'init', [NONDET_PICKS]: {} });
    expect(trace.states[2]).toMatchObject({
      '#meta': { index: 2 },
      pongs: { '#bigint': '1' },
      [ACTION_TAKEN]: 'PayeePong',
      [NONDET_PICKS]: {
        actor: { tag: 'Some', value: 'B' },
        msg: { tag: 'Some', value: 'pong' },
        n: { tag: 'Some', value: { '#bigint': '1' } },
        to: { tag: 'Some', value: 'A' },
      },
    });
  });

  it('serialises the same run to the same bytes', () => {
    expect(serializeTrace(buildTrace(model, path, { run, subject }))).toBe(serializeTrace(trace));
  });
});

describe('writeTrace and readTraceFile', () => {
  it('round-trips: what is read back deep-equals what was written', () => {
    const dir = tempDir();
    const trace = buildTrace(model, path, { run, subject });
    const file = writeTrace({ dir: join(dir, 'out'), trace });
    expect(file).toBe(join(dir, 'out', 'ping.fewPings.itf.json'));
    expect(readTraceFile(file)).toEqual(trace);
    expect(parseTrace(readFileSync(file, 'utf8'), 'x')).toEqual(JSON.parse(readFileSync(file, 'utf8')));
  });

  it('names files after model and property, replacing unsafe characters', () => {
    expect(traceFileName('scheme1-direct', 'hubCannotSteal')).toBe('scheme1-direct.hubCannotSteal.itf.json');
    expect(traceFileName('a/b', 'p q')).toBe('a_b.p_q.itf.json');
  });
});

describe('writeFileAtomic', () => {
  it('leaves only the finished file, no temporary file', () => {
    const dir = tempDir();
    writeFileAtomic(join(dir, 't.json'), '{"a":1}\n');
    expect(readdirSync(dir)).toEqual(['t.json']);
    expect(readFileSync(join(dir, 't.json'), 'utf8')).toBe('{"a":1}\n');
  });

  it('never exposes a half file: the target keeps its old content until the complete new one is renamed in', () => {
    const dir = tempDir();
    const file = join(dir, 't.json');
    writeFileSync(file, 'old');
    const big = 'x'.repeat(1 << 20);
    writeFileAtomic(file, big, {
      beforeRename: (temp) => {
        expect(readFileSync(file, 'utf8')).toBe('old');
        expect(readFileSync(temp, 'utf8').length).toBe(big.length);
      },
    });
    expect(readFileSync(file, 'utf8')).toBe(big);
    expect(readdirSync(dir)).toEqual(['t.json']);
  });

  it('removes the temporary file and keeps the old content when the write fails', () => {
    const dir = tempDir();
    const file = join(dir, 't.json');
    writeFileSync(file, 'old');
    expect(() =>
      writeFileAtomic(file, 'new', {
        beforeRename: () => {
          throw new Error('disk full');
        },
      }),
    ).toThrow('disk full');
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['t.json']);
    expect(existsSync(join(dir, 'nope'))).toBe(false);
  });
});
