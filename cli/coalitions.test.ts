import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureIo } from './io.ts';
import { main } from './main.ts';

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'apln-coalitions-'));
  made.push(d);
  return d;
}

async function run(argv: string[], options: { interruptAtOnce?: boolean } = {}) {
  const io = captureIo({ interruptAtOnce: options.interruptAtOnce ?? false });
  const code = await main(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

// Four small coalitions of scheme1-direct (nobody, S, B, M): seconds, not minutes.
const SMALL = ['--coalition', '', '--coalition', 'S', '--coalition', 'B', '--coalition', 'M'];

describe('apln coalitions', () => {
  it('prints one line per clause and the JSON result with rows (coalition, clause, verdict, vacuous, states, trace)', async () => {
    const dir = tempDir();
    const text = await run(['coalitions', 'scheme1-direct', ...SMALL, '--workers', '1', '--out', dir]);
    expect(text.code).toBe(0);
    expect(text.out).toContain('parties A, S, B, M: 4 of 4 coalitions checked');
    expect(text.out).toContain(
      'honestHubLosesNothing.notTooLate (protects S): holds against every coalition without S [3 held, 0 violated, 1 vacuous]',
    );
    expect(text.out).toContain(
      'proofOfPayment.payerHoldsProof (protects A): violated by {} (minimal); withstands no coalition [0 held, 4 violated, 0 vacuous]',
    );
    const json = await run(['coalitions', 'scheme1-direct', ...SMALL, '--workers', '1', '--out', dir, '--json']);
    const r = JSON.parse(json.out);
    expect(r).toMatchObject({
      format: 'apln-coalitions',
      version: 1,
      variant: 'scheme1-direct',
      parties: ['A', 'S', 'B', 'M'],
      checked: 4,
      total: 4,
      partial: false,
    });
    const row = r.rows.find(
      (x: { coalition: string[]; clause: string }) =>
        x.coalition.join() === 'S' && x.clause === 'proofOfPayment.payerHoldsProof',
    );
    expect(row).toMatchObject({ verdict: 'violated', vacuous: false, steps: 9 });
    expect(readFileSync(row.traceFile, 'utf8')).toContain('"property":"proofOfPayment.payerHoldsProof"');
    expect(row.traceFile).toBe(
      join(dir, 'scheme1-direct', 'S', 'scheme1-direct.proofOfPayment.payerHoldsProof.itf.json'),
    );
  });

  it('gives the same result on 2 worker threads as in one thread', async () => {
    const dir = tempDir();
    const one = await run(['coalitions', 'scheme1-direct', ...SMALL, '--workers', '1', '--out', dir, '--json']);
    const two = await run(['coalitions', 'scheme1-direct', ...SMALL, '--workers', '2', '--out', dir, '--json']);
    expect(two.code).toBe(0);
    expect(two.out).toBe(one.out);
  });

  it('2 shards merged give exactly the unsharded result', async () => {
    const dir = tempDir();
    const whole = await run(['coalitions', 'scheme1-direct', ...SMALL, '--workers', '1', '--out', dir, '--json']);
    const p0 = join(dir, 'p0.json');
    const p1 = join(dir, 'p1.json');
    expect(
      (
        await run([
          'coalitions',
          'scheme1-direct',
          ...SMALL,
          '--workers',
          '1',
          '--out',
          dir,
          '--shard',
          '0/2',
          '--partial',
          p0,
        ])
      ).code,
    ).toBe(0);
    expect(
      (
        await run([
          'coalitions',
          'scheme1-direct',
          ...SMALL,
          '--workers',
          '1',
          '--out',
          dir,
          '--shard',
          '1/2',
          '--partial',
          p1,
        ])
      ).code,
    ).toBe(0);
    const merged = await run(['merge', p1, p0, '--json']);
    expect(merged.code).toBe(0);
    expect(merged.out).toBe(whole.out);
    const text = await run(['coalitions', 'scheme1-direct', ...SMALL, '--workers', '1', '--out', dir]);
    expect((await run(['merge', p0, p1])).out).toBe(text.out);
    // Bad partials: one shard missing, one given twice, corrupted, foreign.
    expect(await run(['merge', p0])).toMatchObject({ code: 2, err: expect.stringContaining('missing shard 1/2') });
    expect(await run(['merge', p0, p0])).toMatchObject({
      code: 2,
      err: expect.stringContaining('shard 0/2 is given twice'),
    });
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, readFileSync(p1, 'utf8').slice(0, 50));
    expect(await run(['merge', p0, broken])).toMatchObject({
      code: 2,
      err: expect.stringContaining(`${broken}: not JSON`),
    });
    const foreign = join(dir, 'foreign.json');
    writeFileSync(foreign, readFileSync(p1, 'utf8').replace('"maxHeight":5', '"maxHeight":6'));
    expect(await run(['merge', p0, foreign])).toMatchObject({
      code: 2,
      err: expect.stringContaining(`${foreign}: comes from another run`),
    });
    const trace = join(dir, 'x.json');
    writeFileSync(trace, '{"#meta":{}}');
    expect(await run(['merge', trace])).toMatchObject({
      code: 2,
      err: expect.stringContaining('not an apln partial file'),
    });
  });

  it('splits the shards by the states a stored result took (--costs); merged, still exactly the unsharded result', async () => {
    const dir = tempDir();
    const base = ['coalitions', 'scheme1-direct', ...SMALL, '--workers', '1', '--out', dir];
    const whole = await run([...base, '--json']);
    const costs = join(dir, 'costs.json');
    writeFileSync(costs, whole.out);
    const p = [join(dir, 'c0.json'), join(dir, 'c1.json')];
    for (const i of [0, 1])
      expect((await run([...base, '--costs', costs, '--shard', `${i}/2`, '--partial', p[i]!])).code).toBe(0);
    // {S} took 1,366 states, {}, {B} and {M} 486 together: {S} runs alone on one shard.
    const counts = p.map((f) => (JSON.parse(readFileSync(f, 'utf8')).data.items as unknown[]).length).sort();
    expect(counts).toEqual([1, 3]);
    expect((await run(['merge', p[0]!, p[1]!, '--json'])).out).toBe(whole.out);
    // A shard split by the estimate is another run.
    const e1 = join(dir, 'e1.json');
    expect((await run([...base, '--shard', '1/2', '--partial', e1])).code).toBe(0);
    expect(await run(['merge', p[0]!, e1])).toMatchObject({
      code: 2,
      err: expect.stringContaining('comes from another run'),
    });
    // A cost file that lacks a coalition, or is not a result, is bad input.
    const partialCosts = join(dir, 'two.json');
    writeFileSync(
      partialCosts,
      (
        await run([
          'coalitions',
          'scheme1-direct',
          '--coalition',
          '',
          '--coalition',
          'S',
          '--workers',
          '1',
          '--out',
          dir,
          '--json',
        ])
      ).out,
    );
    expect(await run([...base, '--costs', partialCosts, '--shard', '0/2'])).toMatchObject({
      code: 2,
      err: expect.stringContaining(`--costs ${partialCosts}: has no states for scheme1-direct {B}`),
    });
    expect(await run([...base, '--costs', join(dir, 'c0.json'), '--shard', '0/2'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('not an apln coalitions --json result or --all table'),
    });
  });

  it('re-verifies a stored result (check), and fails naming the cell whose verdict changed', async () => {
    const dir = tempDir();
    const json = await run([
      'coalitions',
      'scheme1-direct',
      '--coalition',
      'S',
      '--coalition',
      'B',
      '--workers',
      '1',
      '--out',
      dir,
      '--json',
    ]);
    const file = join(dir, 'result.json');
    writeFileSync(file, json.out);
    const ok = await run(['coalitions', 'check', file, '--workers', '1']);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/verdicts over 2 coalitions re-verified: none changed/);
    const r = JSON.parse(json.out);
    const i = r.rows.findIndex(
      (x: { coalition: string[]; clause: string }) =>
        x.coalition.join() === 'B' && x.clause === 'honestHubLosesNothing.notTooLate',
    );
    r.rows[i].verdict = 'violated';
    writeFileSync(file, JSON.stringify(r));
    const bad = await run(['coalitions', 'check', file, '--workers', '1']);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('{B} honestHubLosesNothing.notTooLate: violated → holds');
  });

  it('prints what it has, marked partial, when interrupted', async () => {
    const r = await run(['coalitions', 'scheme1-direct', ...SMALL, '--workers', '1', '--out', tempDir()], {
      interruptAtOnce: true,
    });
    expect(r.code).toBe(1);
    expect(r.out).toContain('0 of 4 coalitions checked (PARTIAL');
  });

  it('refuses bad input with exit 2, naming what is wrong', async () => {
    expect(await run(['coalitions', 'scheme1-direct', '--coalition', 'A,P3'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--coalition A,P3: scheme1-direct has no party "P3" (parties: A, S, B, M)'),
    });
    expect(await run(['coalitions', 'scheme1-direct', '--set', 'deviating=["S"]'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--set deviating: apln coalitions sets the coalition itself'),
    });
    expect(await run(['coalitions', 'scheme1-direct', '--set', 'hopz=1'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--set hopz: unknown parameter'),
    });
    expect(await run(['coalitions', 'nope'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('nope: unknown model'),
    });
    expect(await run(['coalitions', 'scheme1-direct', '--shard', '2/2'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--shard: expected i/N with 0 ≤ i < N'),
    });
    const dir = tempDir();
    writeFileSync(join(dir, 'r.json'), '{"format":"apln-simulate"}');
    expect(await run(['coalitions', 'check', join(dir, 'r.json')])).toMatchObject({
      code: 2,
      err: expect.stringContaining('not an apln coalitions result'),
    });
  });
});
