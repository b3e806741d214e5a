import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureIo } from './io.ts';
import { main } from './main.ts';

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'apln-synth-'));
  made.push(d);
  return d;
}

async function run(argv: string[]) {
  const io = captureIo();
  const code = await main(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

// Six points of scheme1-direct with A and B deviating and S's R-02-20 check ablated.
const GRID = [
  'synth',
  'scheme1-direct',
  '--range',
  'csvDelayBlocks=1..3',
  '--range',
  'ptlcTimeoutBlocks=1..2',
  '--set',
  'rebindMarginBlocks=1',
  '--set',
  'mailboxExpiryBlocks=4',
  '--set',
  'deviating=["A","B"]',
];

describe('apln synth', () => {
  it('derives R-02-20 (at margin 1) for an honest S from the grid with the guard ablated, with the nearest counterexample', async () => {
    const dir = tempDir();
    const r = await run([...GRID, '--set', 'hubTimeGuard=false', '--workers', '1', '--out', dir]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('6 points, 6 checked, 0 refused');
    expect(r.out).toContain(
      'honestHubLosesNothing.notTooLate: holds where ptlcTimeoutBlocks ≤ csvDelayBlocks − 1\n  exact on the grid (holds at 3, violated at 3 points)',
    );
    const boundary =
      /outside ptlcTimeoutBlocks ≤ csvDelayBlocks − 1: nearest failing point csvDelayBlocks=1,ptlcTimeoutBlocks=1, (\d+) steps: (\S+)/.exec(
        r.out,
      );
    expect(boundary).not.toBeNull();
    expect(boundary![1]).toBe('11');
    expect(existsSync(boundary![2]!)).toBe(true);
    expect(readFileSync(boundary![2]!, 'utf8')).toContain('"property":"honestHubLosesNothing.notTooLate"');
    expect(r.out).toContain('typeOk: holds at every checked point');
    expect(r.out).toMatch(/csvDelayBlocks \\ ptlcTimeoutBlocks\s+1\s+2\n1\s+✗\s+✗\n2\s+✓\s+✗\n3\s+✓\s+✓/);
  });

  it("derives the README's rule over three keys: notTooLate holds where margin ≥ 1 and PTLC ≤ csv − 1 (R-02-20 too loose at margin 0)", async () => {
    const dir = tempDir();
    const r = await run([
      'synth',
      'scheme1-direct',
      '--range',
      'csvDelayBlocks=2..3',
      '--range',
      'ptlcTimeoutBlocks=1..2',
      '--range',
      'rebindMarginBlocks=0..1',
      '--set',
      'mailboxExpiryBlocks=4',
      '--set',
      'deviating=["A","B"]',
      '--set',
      'hubTimeGuard=false',
      '--workers',
      '1',
      '--out',
      dir,
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('8 points, 8 checked, 0 refused');
    expect(r.out).toContain(
      'honestHubLosesNothing.notTooLate: holds where rebindMarginBlocks ≥ 1 and ptlcTimeoutBlocks ≤ csvDelayBlocks − 1\n  exact on the grid (holds at 3, violated at 5 points)',
    );
    expect(r.out).toContain(
      'outside rebindMarginBlocks ≥ 1: nearest failing point csvDelayBlocks=2,ptlcTimeoutBlocks=1,rebindMarginBlocks=0, 12 steps',
    );
    expect(r.out).toContain(
      'outside ptlcTimeoutBlocks ≤ csvDelayBlocks − 1: nearest failing point csvDelayBlocks=2,ptlcTimeoutBlocks=2,rebindMarginBlocks=1, 12 steps',
    );
    // csv 2, PTLC 2 fails at both margins: at margin 0 the spec's PTLC + margin ≤ csv allows it, and S loses.
    expect(r.out).toMatch(/csvDelayBlocks \\ ptlcTimeoutBlocks\s+1\s+2\n2\s+1\/2\s+✗\n3\s+1\/2\s+1\/2/);
  });

  it('derives the eclipse rule (R-09-15): S eclipsed against a deviating A needs eclipseBlocks ≤ rebindMarginBlocks', async () => {
    const dir = tempDir();
    const r = await run([
      'synth',
      'scheme1-direct',
      '--range',
      'eclipseBlocks=0..2',
      '--range',
      'rebindMarginBlocks=0..2',
      '--set',
      'deviating=["A"]',
      '--set',
      'csvDelayBlocks=3',
      '--set',
      'mailboxExpiryBlocks=5',
      '--set',
      'maxHeight=7',
      '--workers',
      '1',
      '--out',
      dir,
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('9 points, 9 checked, 0 refused');
    expect(r.out).toContain(
      'honestHubLosesNothing.notTooLate: holds where eclipseBlocks ≤ rebindMarginBlocks\n  exact on the grid (holds at 6, violated at 3 points)',
    );
    expect(r.out).toContain('nearest failing point eclipseBlocks=1,rebindMarginBlocks=0, 13 steps');
    expect(r.out).toMatch(
      /eclipseBlocks \\ rebindMarginBlocks\s+0\s+1\s+2\n0\s+✓\s+✓\s+✓\n1\s+✗\s+✓\s+✓\n2\s+✗\s+✗\s+✓/,
    );
    expect(r.out).toContain('typeOk: holds at every checked point');
  });

  it('derives the margin an eclipsed payee needs (R-09-15): against a stalling S, claimMarginBlocks > 2·eclipseBlocks', async () => {
    const dir = tempDir();
    const r = await run([
      'synth',
      'scheme1-direct',
      '--range',
      'eclipseBlocks=0..1',
      '--range',
      'claimMarginBlocks=1..3',
      '--set',
      'eclipsed=B',
      '--set',
      'claimSteps=2',
      '--set',
      'deviating=["S"]',
      '--set',
      'csvDelayBlocks=4',
      '--set',
      'ptlcTimeoutBlocks=3',
      '--set',
      'mailboxExpiryBlocks=5',
      '--set',
      'maxHeight=8',
      '--workers',
      '1',
      '--out',
      dir,
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('6 points, 6 checked, 0 refused');
    expect(r.out).toContain(
      'payeeNotCheated.secretOnlyForPayment: holds where 2·eclipseBlocks ≤ claimMarginBlocks − 1\n  exact on the grid (holds at 4, violated at 2 points)',
    );
    expect(r.out).toContain(
      'outside 2·eclipseBlocks ≤ claimMarginBlocks − 1: nearest failing point eclipseBlocks=1,claimMarginBlocks=2, 13 steps',
    );
    expect(r.out).toMatch(/eclipseBlocks \\ claimMarginBlocks\s+1\s+2\s+3\n0\s+✓\s+✓\s+✓\n1\s+✗\s+✗\s+✓/);
    expect(r.out).toContain('honestHubLosesNothing.notTooLate: holds at every checked point');
  });

  it('with the guard on, counts the points the decoder refuses and names the ablation', async () => {
    const r = await run([...GRID, '--workers', '1', '--out', tempDir()]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('6 points, 3 checked, 3 refused by the config decoder');
    expect(r.out).toContain('hubTimeGuard=false');
    expect(r.out).toContain('honestHubLosesNothing.notTooLate: holds at every checked point');
  });

  it('2 shards merged give exactly the unsharded result', async () => {
    const dir = tempDir();
    const args = [...GRID, '--set', 'hubTimeGuard=false', '--workers', '1', '--out', dir];
    const whole = await run([...args, '--json']);
    const p0 = join(dir, 'p0.json');
    const p1 = join(dir, 'p1.json');
    expect((await run([...args, '--shard', '0/2', '--partial', p0])).code).toBe(0);
    expect((await run([...args, '--shard', '1/2', '--partial', p1])).code).toBe(0);
    const merged = await run(['merge', p0, p1, '--json']);
    expect(merged.code).toBe(0);
    expect(merged.out).toBe(whole.out);
    expect(JSON.parse(whole.out)).toMatchObject({ format: 'apln-synth', total: 6, checked: 6, partial: false });
    expect((await run(['merge', p0, p1])).out).toBe((await run(args)).out);
  });

  it('a merge of shards run with --table prints the table the unsharded run prints (its keys travel in the partials)', async () => {
    const dir = tempDir();
    const args = [...GRID, '--set', 'hubTimeGuard=false', '--workers', '1', '--out', dir];
    const table = ['--table', 'ptlcTimeoutBlocks,csvDelayBlocks'];
    const whole = await run([...args, ...table]);
    expect(whole.out).toMatch(/ptlcTimeoutBlocks \\ csvDelayBlocks\s+1\s+2\s+3\n1\s+✗\s+✓\s+✓\n2\s+✗\s+✗\s+✓/);
    const p0 = join(dir, 't0.json');
    const p1 = join(dir, 't1.json');
    expect((await run([...args, ...table, '--shard', '0/2', '--partial', p0])).code).toBe(0);
    expect((await run([...args, ...table, '--shard', '1/2', '--partial', p1])).code).toBe(0);
    const merged = await run(['merge', p0, p1]);
    expect(merged.code).toBe(0);
    expect(merged.out).toBe(whole.out);
  });

  it('refuses bad input with exit 2, naming the key and what is wrong', async () => {
    const base = ['synth', 'scheme1-direct'];
    expect(await run([...base, '--range', 'csvDelay=1..3'])).toMatchObject({
      code: 2,
      err: expect.stringContaining("--range csvDelay=1..3: unknown parameter 'csvDelay' of scheme1-direct"),
    });
    expect(await run([...base, '--range', 'csvDelayBlocks=0..9'])).toMatchObject({
      code: 2,
      err: expect.stringContaining("0..9 is outside csvDelayBlocks's range 1..6"),
    });
    expect(await run([...base, '--range', 'csvDelayBlocks=4..2'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('empty range: 4 > 2'),
    });
    expect(await run([...base, '--range', 'hubMayCrash=0..1'])).toMatchObject({
      code: 2,
      err: expect.stringContaining("'hubMayCrash' is not an integer parameter"),
    });
    expect(await run([...base, '--range', 'csvDelayBlocks=1..2', '--set', 'csvDelayBlocks=2'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--set csvDelayBlocks: is also ranged'),
    });
    expect(await run([...base, '--range', 'csvDelayBlocks=1..2', '--set', 'hops=-1'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('the config decoder refuses every grid point'),
    });
    expect(await run([...base])).toMatchObject({
      code: 2,
      err: expect.stringContaining('expected at least one --range'),
    });
    expect(await run([...base, '--range', 'csvDelayBlocks=1..2', '--table', 'csvDelayBlocks,hops'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--table csvDelayBlocks,hops: expected two different ranged keys'),
    });
  });
});

describe.runIf(process.env.APLN_LONG === '1')('the R-02-20 synthesis of spec 11 §13 (APLN_LONG=1)', () => {
  it('derives PTLC ≤ csv − 1 and margin ≥ 1, exact on 64 points, with the guard ablated and A+B deviating', {
    timeout: 1_800_000,
  }, async () => {
    const r = await run([
      'synth',
      'scheme1-direct',
      '--range',
      'csvDelayBlocks=1..4',
      '--range',
      'ptlcTimeoutBlocks=1..4',
      '--range',
      'rebindMarginBlocks=0..3',
      '--set',
      'hubTimeGuard=false',
      '--set',
      'deviating=["A","B"]',
      '--set',
      'mailboxExpiryBlocks=5',
      '--workers',
      '2',
      '--out',
      tempDir(),
    ]);
    expect(r.out).toContain(
      'honestHubLosesNothing.notTooLate: holds where ptlcTimeoutBlocks ≤ csvDelayBlocks − 1 and rebindMarginBlocks ≥ 1\n  exact on the grid (holds at 18, violated at 46 points)',
    );
  });
});
