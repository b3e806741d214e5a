import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../util/input-error.ts';
import { parseTrace, readTraceFile } from './read.ts';
import { buildPingModel, pingDefaults } from './testing/ping-model.ts';
import { pathOf } from './testing/path.ts';
import { buildTrace, serializeTrace } from './write.ts';

const model = buildPingModel(pingDefaults);
const good = serializeTrace(
  buildTrace(model, pathOf(model, 0, [0, 0, 1]), {
    run: { model: 'ping', config: pingDefaults, strategy: 'bfs' },
    subject: { property: 'fewPings', kind: 'always', verdict: 'violated', violationIndex: 3 },
  }),
);

function errorOf(text: string): string {
  try {
    parseTrace(text, 't.itf.json');
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).message;
  }
  return 'no error';
}

function edit(
  f: (o: Record<string, unknown> & { states: Record<string, unknown>[]; '#meta': Record<string, unknown> }) => void,
): string {
  const o = JSON.parse(good) as Parameters<typeof f>[0];
  f(o);
  return JSON.stringify(o);
}

describe('parseTrace rejects malformed input with the place named', () => {
  it('a truncated file: unexpected end with line and column', () => {
    const cut = good.slice(0, 200);
    const lines = cut.split('\n');
    expect(errorOf(cut)).toBe(
      `t.itf.json: unexpected end of JSON at line ${lines.length} column ${(lines.at(-1) ?? '').length + 1}`,
    );
  });

  it('a syntax error in the middle: its line and column', () => {
    expect(errorOf('{\n  "vars": [1,,2]\n}')).toBe('t.itf.json: unexpected "," at line 2 column 14');
    expect(errorOf('{"a": 1} x')).toBe(
      't.itf.json: unexpected "x" after the end of the JSON value at line 1 column 10',
    );
  });

  it('a wrong type in a state', () => {
    expect(
      errorOf(
        edit((o) => {
          (o.states[3] as Record<string, unknown>)['mbt::actionTaken'] = 7;
        }),
      ),
    ).toBe('t.itf.json: states[3]["mbt::actionTaken"]: expected string, got 7');
    expect(
      errorOf(
        edit((o) => {
          (o.states[1] as Record<string, unknown>).pings = { '#bigint': 'one' };
        }),
      ),
    ).toBe('t.itf.json: states[1].pings["#bigint"]: expected a decimal integer string, got "one"');
  });

  it('a missing vars list', () => {
    expect(
      errorOf(
        edit((o) => {
          delete o.vars;
        }),
      ),
    ).toBe('t.itf.json: vars: missing (expected Array<string>)');
  });

  it('a state without a listed variable, or without its action after the first', () => {
    expect(
      errorOf(
        edit((o) => {
          delete o.states[2]?.height;
        }),
      ),
    ).toBe("t.itf.json: states[2]: missing variable 'height' (listed in vars)");
    expect(
      errorOf(
        edit((o) => {
          delete o.states[2]?.['mbt::actionTaken'];
        }),
      ),
    ).toBe("t.itf.json: states[2]: missing variable 'mbt::actionTaken' (listed in vars)");
  });

  it('missing meta, or a trace from another tool', () => {
    expect(
      errorOf(
        edit((o) => {
          delete (o as Record<string, unknown>)['#meta'];
        }),
      ),
    ).toBe('t.itf.json: #meta: missing: not an apln trace (no "#meta")');
    expect(
      errorOf(
        edit((o) => {
          o['#meta'].tool = 'quint';
        }),
      ),
    ).toBe('t.itf.json: #meta.tool: expected "apln", got "quint"');
    expect(
      errorOf(
        edit((o) => {
          o['#meta'].choices = [0, -1, 1];
        }),
      ),
    ).toBe('t.itf.json: #meta.choices[1]: expected a non-negative integer, got -1');
  });

  it('choices that do not match the states', () => {
    expect(
      errorOf(
        edit((o) => {
          o['#meta'].choices = [0];
        }),
      ),
    ).toBe('t.itf.json: #meta.choices: has 1 choices for 4 states (expected 3)');
  });

  it('a file that is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'apln-read-'));
    expect(() => readTraceFile(join(dir, 'nope.itf.json'))).toThrow(`${join(dir, 'nope.itf.json')}: no such file`);
    writeFileSync(join(dir, 'ok.itf.json'), good);
    expect(readTraceFile(join(dir, 'ok.itf.json')).states).toHaveLength(4);
    rmSync(dir, { recursive: true, force: true });
  });
});
