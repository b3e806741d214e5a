import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { conformViaAdapter } from './conform-adapter.ts';
import { loopback } from './transport.ts';
import type { Suite } from '../conform.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ONE: readonly Suite[] = [{ name: 'direct, all honest', variant: 'scheme1-direct', deviating: [] }];
const base = { runs: 3, seed: 3, depth: 3, maxSteps: 12, suites: ONE, timeoutMs: 20_000 };

describe('the adapter protocol (JSON lines), end to end', () => {
  it('drives impl/ through the in-process adapter, every message through JSON text', async () => {
    const r = await conformViaAdapter({ ...base, command: loopback });
    expect(r.ok, JSON.stringify(r.suites[0]?.failures)).toBe(true);
    expect(r.runs).toBeGreaterThan(3);
    expect(r.suites[0]?.coverage.transitionsCovered).toBe(r.suites[0]?.coverage.transitions);
    expect(r.kindsCovered).toContain('PayerHubSignSettlement');
  });

  it('drives impl/ through the adapter as a child process (node oracle/adapter/main.ts)', async () => {
    const command = `node --import tsx ${JSON.stringify(join(ROOT, 'oracle', 'adapter', 'main.ts'))}`;
    const r = await conformViaAdapter({ ...base, runs: 2, depth: 2, command });
    expect(r.ok, JSON.stringify(r.suites[0]?.failures)).toBe(true);
    expect(r.steps).toBeGreaterThan(0);
  });

  it('reports an adapter that crashes', async () => {
    const r = await conformViaAdapter({ ...base, command: `node -e "process.stdin.once('data', () => process.exit(3))"` });
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
    const r = await conformViaAdapter({ ...base, command: `node -e "process.stdin.on('data', () => process.stdout.write('{not json\\n'))"` });
    expect(r.suites[0]?.failures[0]?.text).toMatch(/malformed: the adapter answered a malformed line: malformed JSON/);
  });
});
