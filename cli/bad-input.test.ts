// Issue 12's reproducers, each a clear exit 2 (or a normal end), never exit 3 or a stack trace.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelEntry } from '../checker/index.ts';
import { pingEntry } from '../traces/testing/ping-model.ts';
import { MAX_JSON_DEPTH } from '../util/json-input.ts';
import { captureIo } from './io.ts';
import { main } from './main.ts';
import { registryOf } from './registry.ts';

const env = { registry: registryOf([pingEntry() as unknown as ModelEntry<unknown>]) };
const BIN = fileURLToPath(new URL('../bin/apln.js', import.meta.url));

let dir = '';
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'apln-bad-'));
  expect((await run(['check', 'ping', '--out', dir])).code).toBe(0); // writes ping.fewPings (always, violated) and ping.ponged (sometimes, reached)
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[]) {
  const io = captureIo();
  const code = await main(argv, io, env);
  return { code, out: io.stdout(), err: io.stderr() };
}

function file(name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

function traceJson(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dir, name), 'utf8')) as Record<string, unknown>;
}

const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('JSON nesting depth is bounded on every JSON input (exit 2 naming the depth)', () => {
  const deep = nested(20_000);

  it.each(['replay', 'show', 'validate'])('apln %s of a 20,000-deep trace', async (cmd) => {
    const f = file(`deep-${cmd}.json`, `{"#meta": ${deep}, "vars": [], "states": []}`);
    const r = await run([cmd, f]);
    expect(r).toMatchObject({ code: 2, out: '' });
    expect(r.err).toBe(
      `apln: ${f}: JSON nested deeper than ${MAX_JSON_DEPTH} levels (at line 1 column ${10 + MAX_JSON_DEPTH}); refused\n`,
    );
  });

  it('a trace nested exactly to the limit is not refused for its depth', async () => {
    const f = file('at-limit.json', `{"#meta": {}, "vars": [], "states": [${nested(MAX_JSON_DEPTH - 2)}]}`);
    const r = await run(['show', f]);
    expect(r.code).toBe(2);
    expect(r.err).not.toContain('nested deeper');
  });

  it('a --set value', async () => {
    const r = await run(['check', 'ping', '--set', `limit=${deep}`]);
    expect(r).toMatchObject({
      code: 2,
      err: `apln: --set limit: JSON nested deeper than ${MAX_JSON_DEPTH} levels (at line 1 column ${MAX_JSON_DEPTH + 1}); refused\n`,
    });
  });

  it('a replay --against impl result file', async () => {
    const f = file('deep-oracle.json', `{"#meta": {"oracle": {"steps": ${deep}}}}`);
    expect((await run(['replay', f, '--against', 'impl'])).err).toContain(
      `nested deeper than ${MAX_JSON_DEPTH} levels`,
    );
  });
});

describe("config keys are own properties of the model's parameters", () => {
  it.each(['toString', '__proto__', 'constructor', 'valueOf', 'hasOwnProperty'])(
    '--set %s=1 is an unknown parameter',
    async (key) => {
      const r = await run(['check', 'ping', '--set', `${key}=1`]);
      expect(r.code).toBe(2);
      expect(r.err).toBe(`apln: --set ${key}: unknown parameter of ping (known: limit, maxPings, maxHeight)\n`);
    },
  );

  it('a number too large for a double is shown as Infinity, not null', async () => {
    const r = await run(['check', 'ping', '--set', 'limit=1e400']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('got Infinity');
  });
});

describe('--out is checked before any work', () => {
  it('a directory under /proc is refused at once, naming the file system', async () => {
    const r = await run(['check', 'ping', '--out', '/proc/nope/deeper']);
    expect(r).toMatchObject({
      code: 2,
      out: '',
      err: 'apln: --out /proc/nope/deeper: /proc is on procfs, a kernel file system; choose a directory on disk\n',
    });
  });

  it('missing levels under an ordinary directory are created', async () => {
    const out = join(dir, 'a', 'b');
    expect((await run(['check', 'ping', '--out', out])).code).toBe(0);
    expect(readFileSync(join(out, 'ping.fewPings.itf.json'), 'utf8')).toContain('"#meta"');
  });
});

describe("a replayed verdict must fit its property's kind", () => {
  it('a sometimes witness relabelled violated is refused, not reproduced', async () => {
    const t = traceJson('ping.ponged.itf.json');
    const f = file(
      'relabelled-witness.json',
      JSON.stringify({ ...t, '#meta': { ...(t['#meta'] as object), verdict: 'violated' } }),
    );
    const r = await run(['replay', f]);
    expect(r).toMatchObject({
      code: 2,
      err: `apln: ${f}: #meta.verdict: 'ponged' is a sometimes property: its trace can only be reached, the trace says violated\n`,
    });
  });

  it('an always counterexample relabelled reached is refused', async () => {
    const t = traceJson('ping.fewPings.itf.json');
    const f = file(
      'relabelled-cex.json',
      JSON.stringify({ ...t, '#meta': { ...(t['#meta'] as object), verdict: 'reached' } }),
    );
    const r = await run(['replay', f]);
    expect(r).toMatchObject({
      code: 2,
      err: `apln: ${f}: #meta.verdict: 'fewPings' is a always property: its trace can only be violated, the trace says reached\n`,
    });
  });

  it('the unchanged traces still reproduce (exit 0)', async () => {
    expect((await run(['replay', join(dir, 'ping.ponged.itf.json')])).code).toBe(0);
    expect((await run(['replay', join(dir, 'ping.fewPings.itf.json')])).code).toBe(0);
  });
});

describe('output is bounded', () => {
  it('a 1.7 MB value is shown cut, with its size', async () => {
    const t = traceJson('ping.ponged.itf.json') as { states: Record<string, unknown>[] };
    const states = t.states.map((s, i) =>
      i === 0 ? { ...s, pings: { '#set': Array.from({ length: 200_000 }, (_, k) => `v${k}`) } } : s,
    );
    const f = file('big-value.json', JSON.stringify({ ...t, states }));
    const r = await run(['show', f]);
    expect(r.code).toBe(0);
    expect(r.out.length).toBeLessThan(20_000);
    expect(r.out).toMatch(/pings = Set\("v0", "v1", .*… \(\d,\d{3},\d{3} characters of JSON\)/);
  });

  it('an error line is cut with its length shown', async () => {
    const r = await run(['check', 'ping', '--set', `${'k'.repeat(100_000)}=1`]);
    expect(r.code).toBe(2);
    expect(r.err.length).toBeLessThan(2100);
    expect(r.err).toMatch(/… \(100,\d{3} characters\)\n$/);
  });

  it('replay --against impl refuses more steps than --max-steps before running them', async () => {
    const t = traceJson('ping.fewPings.itf.json');
    const steps = Array.from({ length: 1001 }, () => ({ kind: 'model', pick: 0 }));
    const f = file(
      'long-oracle.json',
      JSON.stringify({ ...t, '#meta': { ...(t['#meta'] as object), oracle: { steps } } }),
    );
    const r = await run(['replay', f, '--against', 'impl']);
    expect(r).toMatchObject({
      code: 2,
      err: `apln: ${f}: #meta.oracle.steps: 1001 steps, more than --max-steps 1000; raise --max-steps to run it\n`,
    });
    expect((await run(['replay', f, '--against', 'impl', '--max-steps', '999'])).err).toContain(
      'more than --max-steps 999',
    );
  });
});

describe('small things', () => {
  it('a byte-order mark is named in words', async () => {
    const f = file('bom.json', `\uFEFF${readFileSync(join(dir, 'ping.ponged.itf.json'), 'utf8')}`);
    const r = await run(['show', f]);
    expect(r).toMatchObject({
      code: 2,
      err: `apln: ${f}: starts with a byte-order mark (U+FEFF); save the file as UTF-8 without a BOM\n`,
    });
  });
});

describe('a closed pipe is a normal end (the real process)', () => {
  it('apln show BIG | head -c 100: exit 0, no stack trace', () => {
    const t = traceJson('ping.ponged.itf.json') as { states: unknown[]; '#meta': { choices: number[] } };
    // A long trace whose rendering is far more than a pipe buffer: the same two steps 1,000 times.
    const states = Array.from(
      { length: 2001 },
      (_, i) => t.states[i === 0 ? 0 : 1 + ((i - 1) % (t.states.length - 1))],
    );
    const f = file(
      'long.json',
      JSON.stringify({ ...t, states, '#meta': { ...t['#meta'], choices: Array.from({ length: 2000 }, () => 0) } }),
    );
    const r = spawnSync('bash', ['-c', `set -o pipefail; node ${BIN} show ${f} | head -c 100 >/dev/null`], {
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('a partial file for apln merge', () => {
  it('nested too deep is refused naming the depth', async () => {
    const f = file('deep.partial.json', `{"format":"apln-partial","data":${nested(5000)}}`);
    const r = await run(['merge', f]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  });
});

describe('integers read from traces are integers', () => {
  it('#meta.oracle.worldSeed −1 or 1.5 is refused by replay --against impl', async () => {
    const t = traceJson('ping.fewPings.itf.json');
    for (const worldSeed of [-1, 1.5]) {
      const f = file(
        `seed${worldSeed}.json`,
        JSON.stringify({
          ...t,
          '#meta': {
            ...(t['#meta'] as object),
            oracle: { variant: 'scheme1-direct', worldSeed, steps: [], failure: 'x' },
          },
        }),
      );
      const r = await run(['replay', f, '--against', 'impl']);
      expect(r.code).toBe(2);
      expect(r.err).toContain('worldSeed');
    }
  });

  it('validate refuses {"#bigint":"007"} as replay does', async () => {
    const { globalRegistry } = await import('./registry.ts');
    const out = join(dir, 'direct');
    const io = captureIo();
    await main(['check', 'scheme1-direct', '--out', out], io, { registry: globalRegistry });
    const f = join(out, 'scheme1-direct.conservation.witnessFundsMoved.itf.json');
    expect((await run(['validate', f])).code).toBe(0);
    const t = JSON.parse(readFileSync(f, 'utf8')) as { states: Record<string, unknown>[] };
    const bad = file(
      'bigint007.json',
      JSON.stringify({
        ...t,
        states: t.states.map((s, i) => (i === 0 ? { ...s, channelSat: { '#bigint': '020' } } : s)),
      }),
    );
    const r = await run(['validate', bad]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('020');
  });
});
