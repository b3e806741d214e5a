import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { conformCommand } from '../cli/commands/conform.ts';
import { SUITES } from './conform.ts';
import { validateCommand } from '../cli/commands/validate.ts';
import type { Io } from '../cli/io.ts';
import type { Env } from '../cli/registry.ts';
import { buildVariant } from '../variants/index.ts';
import { toItfRecord } from '../traces/to-itf.ts';
import { InputError } from '../util/input-error.ts';

function capture(): { io: Io; out: () => string } {
  let text = '';
  return { io: { out: (t) => void (text += t), err: () => {}, onInterrupt: () => () => {} }, out: () => text };
}
const env = {} as Env;

describe('apln conform and apln validate', () => {
  it('conform --list-mutants names the seven scheme-1 mutants and the two scheme-2 ones', async () => {
    const c = capture();
    expect(await conformCommand.run(['--list-mutants', '--json'], c.io, env)).toBe(0);
    const listed = JSON.parse(c.out()) as { name: string; scheme: string }[];
    expect(listed.filter((m) => m.scheme === 'scheme1')).toHaveLength(7);
    expect(listed.filter((m) => m.scheme === 'scheme2').map((m) => m.name)).toEqual([
      'hub-sells-stale',
      'payer-ignores-chain',
    ]);
  });

  it('conform --mutant with a scheme-2 mutant runs only scheme 2, catches it (exit 1), and --replay reproduces its trace (exit 0)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apln-conform2-'));
    const c = capture();
    const suiteB = String(SUITES.findIndex((s) => s.name === 'scheme 2, B deviating') + 1);
    expect(
      await conformCommand.run(
        [
          '--mutant',
          'payer-ignores-chain',
          '--suite',
          suiteB,
          '--runs',
          '60',
          '--depth',
          '1',
          '--steps',
          '20',
          // The suite's world seed is this plus its place in the default list (seed 1 + place 13: caught in 60 runs).
          '--seed',
          '1',
          '--json',
          '--out',
          dir,
        ],
        c.io,
        env,
      ),
    ).toBe(1);
    const report = JSON.parse(c.out()) as {
      divergences: number;
      suites: { suite: string; failures: { text: string; trace?: string }[] }[];
    };
    expect(report.suites.map((s) => s.suite)).toEqual(['scheme 2, B deviating']);
    const failure = report.suites[0]!.failures[0]!;
    expect(failure.text).toBe(
      'divergence after step 7 (MailboxDeliver): ptlc.status is "none" in the model, "offered" in the implementation',
    );
    const r = capture();
    expect(await conformCommand.run(['--replay', failure.trace!, '--json'], r.io, env)).toBe(0);
    expect(JSON.parse(r.out())).toMatchObject({ reproduced: true, replayed: failure.text });
    rmSync(dir, { recursive: true, force: true });
  });

  it('conform --mutant catches the mutant (exit 1), writes a trace, and --replay reproduces it (exit 0)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apln-conform-'));
    const c = capture();
    expect(
      await conformCommand.run(
        [
          '--mutant',
          'restart-loses-state',
          '--suite',
          '2',
          '--runs',
          '2',
          '--depth',
          '1',
          '--steps',
          '8',
          '--json',
          '--out',
          dir,
        ],
        c.io,
        env,
      ),
    ).toBe(1);
    const report = JSON.parse(c.out()) as { divergences: number; suites: { failures: { trace?: string }[] }[] };
    expect(report.divergences).toBeGreaterThan(0);
    const trace = report.suites.flatMap((s) => s.failures).find((f) => f.trace !== undefined)?.trace;
    expect(trace).toBeDefined();
    expect(readdirSync(dir).length).toBeGreaterThan(0);
    const r = capture();
    expect(await conformCommand.run(['--replay', trace!, '--json'], r.io, env)).toBe(0);
    expect(JSON.parse(r.out())).toMatchObject({ reproduced: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('conform --suite N runs suite N with the seed it has in the full run (same figures)', async () => {
    const one = capture();
    // Small budgets (the whole run is every suite): the figures of suite 4 must be the same either way.
    const budget = ['--runs', '3', '--depth', '1', '--steps', '10', '--json'];
    expect(await conformCommand.run(['--suite', '4', ...budget], one.io, env)).toBe(0);
    const all = capture();
    expect(await conformCommand.run(budget, all.io, env)).toBe(0);
    const fourth = (JSON.parse(all.out()) as { suites: unknown[] }).suites[3];
    expect((JSON.parse(one.out()) as { suites: unknown[] }).suites).toEqual([fourth]);
  }, 180_000);

  it('conform rejects an unknown mutant or suite as bad input', async () => {
    await expect(conformCommand.run(['--mutant', 'nope'], capture().io, env)).rejects.toThrow(InputError);
    await expect(conformCommand.run(['--suite', '99'], capture().io, env)).rejects.toThrow(/--suite/);
  });

  it('validate accepts a model trace and rejects a tampered one (exit 1)', async () => {
    const model = buildVariant('scheme1-direct');
    let s = model.init()[0]!;
    const states: unknown[] = [toItfRecord(model.toItf(s))];
    for (const l of ['PayerHubSignSettlement', 'PayerSendBundle']) {
      s = model.next(s, model.actions(s).find((a) => model.describe(a).label === l)!);
      states.push({ ...toItfRecord(model.toItf(s)), 'mbt::actionTaken': l });
    }
    const dir = mkdtempSync(join(tmpdir(), 'apln-validate-'));
    const good = join(dir, 'good.itf.json');
    writeFileSync(good, JSON.stringify({ '#meta': { model: 'scheme1-direct', config: model.ctx.config }, states }));
    const c = capture();
    expect(await validateCommand.run([good], c.io, env)).toBe(0);
    expect(c.out()).toContain(
      'valid: 3 states, 2 steps of scheme1-direct allowed by the model, every property it is meant to keep holds',
    );
    (states[2] as Record<string, unknown>).bundleExpiry = { '#bigint': '9' };
    const bad = join(dir, 'bad.itf.json');
    writeFileSync(bad, JSON.stringify({ '#meta': { model: 'scheme1-direct', config: model.ctx.config }, states }));
    const b = capture();
    expect(await validateCommand.run([bad], b.io, env)).toBe(1);
    expect(b.out()).toContain('INVALID at state 2: no PayerSendBundle step leads from state 1 to state 2');
    expect(b.out()).toContain('bundleExpiry would be 3 (the trace has 9)');
    rmSync(dir, { recursive: true, force: true });
  });
});
