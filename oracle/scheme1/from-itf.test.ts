import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check } from '../../checker/index.ts';
import { listModels } from '../../checker/registry.ts';
import { checkCommand } from '../../cli/commands/check.ts';
import { validateCommand } from '../../cli/commands/validate.ts';
import { registryOf } from '../../cli/registry.ts';
import { buildVariant } from '../../variants/index.ts';
import { buildTrace, serializeTrace } from '../../traces/write.ts';
import { toItfRecord } from '../../traces/to-itf.ts';
import { NO_PENDING, NO_RESALE } from '../../model/scheme1/state.ts';
import { stateFromItf } from './from-itf.ts';
import { decodeForeignTrace, validateTrace } from './validate.ts';

const VARIANTS = [
  'scheme1-direct',
  'scheme1-split-decorrelated',
  'scheme1-receipt',
  'flaw-nonce-reuse-on-resign',
  'flaw-hub-skips-state-check',
];

describe('ITF → model state', () => {
  test.prop([fc.constantFrom(...VARIANTS), fc.array(fc.nat({ max: 50 }), { maxLength: 14 })], { seed: 4, numRuns: 60 })(
    'reads back every state of a random model walk (through JSON text) to the same state',
    (variant, picks) => {
      const model = buildVariant(variant);
      let s = model.init()[0]!;
      for (const p of picks) {
        const as = model.actions(s);
        if (as.length === 0) break;
        s = model.next(s, as[p % as.length]!);
        const json = JSON.parse(JSON.stringify(toItfRecord(model.toItf(s)))) as unknown;
        expect(toItfRecord(model.toItf(stateFromItf(model, json, 's')))).toEqual(toItfRecord(model.toItf(s)));
      }
    },
  );

  it('refuses a missing variable, an unknown one, and a value out of range, naming the path', () => {
    const model = buildVariant('scheme1-direct');
    const good = JSON.parse(JSON.stringify(toItfRecord(model.toItf(model.init()[0]!)))) as Record<string, unknown>;
    const { height: _h, ...noHeight } = good;
    expect(() => stateFromItf(model, noHeight, 's')).toThrow(/s\.height: missing/);
    expect(() => stateFromItf(model, { ...good, extra: 1 }, 's')).toThrow(/s\.extra: unknown state variable/);
    expect(() => stateFromItf(model, { ...good, mailbox: 'lost' }, 's')).toThrow(
      /s\.mailbox: expected one of empty, held, delivered/,
    );
  });

  it('reads a trace that leaves out the optional fields as their defaults (written before the model wrote them)', () => {
    const model = buildVariant('scheme1-direct');
    const s0 = model.init()[0]!;
    const full = JSON.parse(JSON.stringify(toItfRecord(model.toItf(s0)))) as Record<string, unknown>;
    const { resale: _r, pending: _p, hubCrashed: _c, pendingReveal: _v, forged: _f, ...old } = full;
    const back = stateFromItf(model, old, 's');
    expect([back.resale, back.pending, back.hubCrashed, back.pendingReveal, back.forged]).toEqual([
      NO_RESALE,
      NO_PENDING,
      false,
      0,
      0,
    ]);
    expect(toItfRecord(model.toItf(back))).toEqual(full);
  });

  it('reads a second sale, a pending output and forgeries, and refuses bad ones naming the path', () => {
    const model = buildVariant('scheme1-timeout');
    const s0 = {
      ...model.init()[0]!,
      resale: { from: 2, paid: true },
      pending: { status: 'unspent' as const, since: 4 },
      forged: 3,
      nonceUses: [4, 2],
    };
    const json = JSON.parse(JSON.stringify(toItfRecord(model.toItf(s0)))) as Record<string, unknown>;
    expect([json.resale, json.pending, json.forged, json.nonceUses]).toEqual([
      { from: 'B', paid: true },
      { status: 'unspent', since: { '#bigint': '4' } },
      { '#set': ['bundle', 'invoice'] },
      [{ '#set': ['forged'] }, { '#set': ['U(n+3)'] }],
    ]);
    const back = stateFromItf(model, json, 's');
    expect([back.resale, back.pending, back.forged, back.nonceUses]).toEqual([
      { from: 2, paid: true },
      { status: 'unspent', since: 4 },
      3,
      [4, 2],
    ]);
    expect(() => stateFromItf(model, { ...json, forged: { '#set': ['receipt'] } }, 's')).toThrow(
      /s\.forged\.#set\.0: expected one of bundle, invoice/,
    );
    expect(() => stateFromItf(model, { ...json, resale: { from: 'X', paid: false } }, 's')).toThrow(
      /s\.resale\.from: expected one of none, A, S, B/,
    );
    expect(() => stateFromItf(model, { ...json, resale: { from: 'none', paid: true } }, 's')).toThrow(
      /s\.resale\.paid: a second sale that nobody sent/,
    );
    expect(() => stateFromItf(model, { ...json, resale: { from: 'B' } }, 's')).toThrow(
      /s\.resale\.paid: expected true or false/,
    );
    expect(() => stateFromItf(model, { ...json, pending: { status: 'spent', since: 4 } }, 's')).toThrow(
      /s\.pending\.status: expected one of none, unspent/,
    );
    expect(() => stateFromItf(model, { ...json, pending: { status: 'none', since: 4 } }, 's')).toThrow(
      /s\.pending\.since: expected -1/,
    );
    expect(() => stateFromItf(model, { ...json, pending: 7 }, 's')).toThrow(/s\.pending: expected a record/);
  });
});

describe("validate on the model's own counterexample with a second sale", () => {
  it("accepts flaw-hub-skips-state-check's notTwice counterexample (the resale step included): 10 states, 9 steps", () => {
    const model = buildVariant('flaw-hub-skips-state-check');
    const p = check(model, { links: 'memory' }).properties.find((x) => x.name === 'honestHubLosesNothing.notTwice')!;
    expect(p.verdict).toBe('violated');
    const trace = buildTrace(model, p.path!, {
      run: { model: model.name, config: model.ctx.config, strategy: 'bfs' },
      subject: { property: p.name, kind: 'always', verdict: 'violated' },
    });
    const json = JSON.parse(serializeTrace(trace)) as unknown;
    const states = (json as { states: Record<string, unknown>[] }).states;
    expect(states.map((s) => (s.resale as { from: string }).from)).toEqual([
      'none',
      'none',
      'none',
      'none',
      'none',
      'none',
      'none',
      'B',
      'B',
      'B',
    ]);
    expect(states[8]?.['mbt::actionTaken']).toBe('HubPayResale');
    expect(validateTrace(model, decodeForeignTrace(json, 't'), 't')).toEqual({
      ok: true,
      model: 'flaw-hub-skips-state-check',
      states: 10,
      checked: 9,
    });
  });

  it('is what the CLI does: apln check writes the trace, apln validate accepts it (exit 0) and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apln-resale-'));
    let text = '';
    const io = { out: (t: string) => void (text += t), err: () => {}, onInterrupt: () => () => {} };
    const env = { registry: registryOf(listModels()) };
    expect(await checkCommand.run(['flaw-hub-skips-state-check', '--out', dir], io, env)).toBe(0);
    const file = join(dir, 'flaw-hub-skips-state-check.honestHubLosesNothing.notTwice.itf.json');
    text = '';
    expect(await validateCommand.run([file], io, env)).toBe(0);
    expect(text).toBe(
      `${file}: valid: 10 states, 9 steps of flaw-hub-skips-state-check allowed by the model, every property it is meant to keep holds\n`,
    );
    rmSync(dir, { recursive: true, force: true });
  });
});
