import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { conformViaAdapter } from './conform-adapter.ts';
import { loopback } from './transport.ts';
import { conformCommand } from '../../cli/commands/conform.ts';
import type { Env } from '../../cli/registry.ts';
import { InputError } from '../../util/input-error.ts';
import type { Suite } from '../binding.ts';
import { SCHEME1_BINDING } from '../scheme1/binding.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ONE: readonly Suite[] = [{ name: 'direct, all honest', variant: 'scheme1-direct', deviating: [] }];
const base = { runs: 3, seed: 3, depth: 3, maxSteps: 12, suites: ONE, timeoutMs: 20_000 };

/** Whether process `pid` has ended (gone, or a zombie no one reaped yet) within two seconds. */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 20; i++) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      return true;
    }
    if (/^\d+ \(.*\) Z/.test(stat)) return true;
    await new Promise((res) => setTimeout(res, 100));
  }
  return false;
}

describe('the adapter protocol (JSON lines), end to end', () => {
  it('drives impl/ through the in-process adapter, every message through JSON text', async () => {
    const r = await conformViaAdapter({ ...base, command: loopback });
    expect(r.ok, JSON.stringify(r.suites[0]?.failures)).toBe(true);
    expect(r.runs).toBeGreaterThan(3);
    expect(r.suites[0]?.coverage.transitionsCovered).toBe(r.suites[0]?.coverage.transitions);
    expect(r.schemes.find((k) => k.scheme === 'scheme1')?.kindsCovered).toContain('PayerHubSignSettlement');
  });

  it('drives impl/ through the adapter as a child process, from its compiled bundle (node bin/apln-adapter.js)', async () => {
    const command = `node ${JSON.stringify(join(ROOT, 'bin', 'apln-adapter.js'))}`;
    const r = await conformViaAdapter({ ...base, runs: 2, depth: 2, command });
    expect(r.ok, JSON.stringify(r.suites[0]?.failures)).toBe(true);
    expect(r.steps).toBeGreaterThan(0);
  });

  it('drives scheme 2 through the in-process adapter and as a child process: the handshake names the variant, 0 divergences', async () => {
    const TWO: readonly Suite[] = [
      { name: 'scheme 2, B deviating', variant: 'scheme2-payee-presigned', deviating: ['B'] },
    ];
    const inProcess = await conformViaAdapter({ ...base, suites: TWO, runs: 3, depth: 3, command: loopback });
    expect(inProcess.ok, JSON.stringify(inProcess.suites[0]?.failures)).toBe(true);
    expect(inProcess.suites[0]?.coverage.transitionsCovered).toBe(inProcess.suites[0]?.coverage.transitions);
    expect(inProcess.schemes.map((k) => k.scheme)).toEqual(['scheme2']);
    expect(inProcess.schemes[0]?.kindsCovered).toEqual(
      expect.arrayContaining(['PayeeHubSignSettlement', 'PayerOfferPtlc', 'HubClaimPtlc']),
    );
    const command = `node --import tsx ${JSON.stringify(join(ROOT, 'oracle', 'adapter', 'main.ts'))}`;
    const child = await conformViaAdapter({ ...base, suites: TWO, runs: 2, depth: 2, command });
    expect(child.ok, JSON.stringify(child.suites[0]?.failures)).toBe(true);
    expect(child.steps).toBeGreaterThan(0);
  });

  it("runs a suite's deep paths through the adapter, each after its own handshake (A's timeout-leaf sweep, S's crash on)", async () => {
    const timeout = SCHEME1_BINDING.suites.filter((x) => x.variant === 'scheme1-timeout' && x.sample === undefined);
    expect(timeout.map((x) => x.name)).toEqual(['timeout, B deviating']);
    const r = await conformViaAdapter({ ...base, suites: timeout, runs: 1, depth: 1, command: loopback });
    expect(r.ok, JSON.stringify(r.suites[0]?.failures)).toBe(true);
    expect(r.runs).toBe(1 + (r.suites[0]?.coverage.paths ?? 0) + (timeout[0]?.paths?.length ?? 0));
    expect(r.schemes[0]?.kindsCovered).toEqual(expect.arrayContaining(['HubSweepClaimLeaf', 'PayerSweepTimeoutLeaf']));
  });

  it('reports a scheme-2 state that differs from the model in ITF as a divergence naming the field', async () => {
    const TWO: readonly Suite[] = [
      { name: 'scheme 2, B deviating', variant: 'scheme2-payee-presigned', deviating: ['B'] },
    ];
    const lying = (): ReturnType<typeof loopback> => {
      const real = loopback();
      return {
        async request(req) {
          const res = await real.request(req);
          return res.type === 'state' && req.type === 'step' ? { ...res, state: { ...res.state, height: 99 } } : res;
        },
        close: () => real.close(),
      };
    };
    const r = await conformViaAdapter({ ...base, suites: TWO, runs: 1, depth: 1, command: lying });
    expect(r.divergences).toBeGreaterThan(0);
    expect(r.suites[0]?.failures[0]?.text).toMatch(
      /divergence after step 1 \(\w+\): height is .+ in the model, 99 in the implementation/,
    );
  });

  it('reports an adapter that crashes', async () => {
    const r = await conformViaAdapter({
      ...base,
      command: `node -e "process.stdin.once('data', () => process.exit(3))"`,
    });
    expect(r.adapterFailures).toBe(1);
    expect(r.suites[0]?.failures[0]?.text).toMatch(/crash: the adapter exited \(code 3\)/);
  });

  it('reports an adapter that hangs past the per-step timeout', async () => {
    const r = await conformViaAdapter({ ...base, timeoutMs: 300, command: `node -e "setInterval(() => {}, 1000)"` });
    expect(r.suites[0]?.failures[0]?.text).toMatch(/hang: the adapter did not answer hello within 300 ms/);
  });

  it('reports an adapter whose state is not a state the model can hold, naming the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apln-adapter-'));
    const script = join(dir, 'bad-state.cjs');
    writeFileSync(
      script,
      [
        "const rl = require('node:readline').createInterface({ input: process.stdin });",
        'rl.on("line", (l) => {',
        '  const m = JSON.parse(l);',
        "  if (m.type === 'hello') console.log(JSON.stringify({ type: 'hello', protocol: 'apln-adapter/1', implementation: 'bad', capabilities: ['ChainAdvance'], adversary: [] }));",
        "  else if (m.type === 'reset') console.log(JSON.stringify({ type: 'state', state: { height: 0, phase: 'paying' } }));",
        '});',
      ].join('\n'),
    );
    const r = await conformViaAdapter({ ...base, command: `node ${JSON.stringify(script)}` });
    rmSync(dir, { recursive: true, force: true });
    expect(r.adapterFailures).toBeGreaterThan(0);
    expect(r.suites[0]?.failures[0]?.text).toMatch(/malformed: the adapter's state: reset\.state\.\w+/);
  });

  it('reports an adapter that speaks malformed JSON', async () => {
    const r = await conformViaAdapter({
      ...base,
      command: `node -e "process.stdin.on('data', () => process.stdout.write('{not json\\n'))"`,
    });
    expect(r.suites[0]?.failures[0]?.text).toMatch(/malformed: the adapter answered a malformed line: malformed JSON/);
  });

  it('refuses an empty adapter command as bad input (exit 2), before spawning anything', async () => {
    const io = { out: () => {}, err: () => {}, onInterrupt: () => () => {} };
    await expect(conformCommand.run(['--adapter', '', '--suite', '1'], io, {} as Env)).rejects.toThrow(InputError);
    await expect(conformViaAdapter({ ...base, command: '  ' })).rejects.toThrow(/--adapter.*empty/);
  });

  it('kills the whole process group of an adapter that hangs: the shell and what it started', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apln-adapter-hang-'));
    const pidFile = join(dir, 'pid');
    const script = join(dir, 'hang.cjs');
    writeFileSync(
      script,
      `require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setInterval(() => {}, 1000);`,
    );
    try {
      // `; true` keeps the shell as the adapter's parent, so killing only the shell would orphan it.
      const r = await conformViaAdapter({ ...base, timeoutMs: 1500, command: `node ${JSON.stringify(script)}; true` });
      expect(r.suites[0]?.failures[0]?.text).toMatch(/hang: the adapter did not answer hello/);
      const pid = Number(readFileSync(pidFile, 'utf8'));
      expect(await gone(pid)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reports an adapter whose answer carries another request's id", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apln-adapter-id-'));
    const script = join(dir, 'wrong-id.cjs');
    // A proxy in front of the real adapter that rewrites every answer's id.
    const real = `node --import tsx ${JSON.stringify(join(ROOT, 'oracle', 'adapter', 'main.ts'))}`;
    writeFileSync(
      script,
      [
        "const { spawn } = require('node:child_process');",
        `const child = spawn(${JSON.stringify(real)}, { shell: true, stdio: ['pipe', 'pipe', 'inherit'] });`,
        'process.stdin.pipe(child.stdin);',
        "require('node:readline').createInterface({ input: child.stdout }).on('line', (l) => { const m = JSON.parse(l); if (typeof m.id === 'number') m.id += 1000; console.log(JSON.stringify(m)); });",
        "child.on('exit', () => process.exit(0));",
      ].join('\n'),
    );
    try {
      const r = await conformViaAdapter({ ...base, runs: 1, depth: 1, command: `node ${JSON.stringify(script)}` });
      expect(r.ok).toBe(false);
      expect(r.suites[0]?.failures[0]?.text).toMatch(/protocol: the adapter answered step 1 with id 1001/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
