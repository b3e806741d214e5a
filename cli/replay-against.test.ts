import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEME1_BINDING } from '../oracle/scheme1/binding.ts';
import { conformCommand } from './commands/conform.ts';
import { replayCommand } from './commands/replay.ts';
import type { Io } from './io.ts';
import type { Env } from './registry.ts';
import { InputError } from '../util/input-error.ts';
import { buildVariant } from '../variants/index.ts';
import { runOracle } from '../oracle/run.ts';
import { buildOracleTrace } from '../oracle/trace.ts';

function capture(): { io: Io; out: () => string } {
  let text = '';
  return { io: { out: (t) => void (text += t), err: () => {}, onInterrupt: () => () => {} }, out: () => text };
}
const env = {} as Env;

describe('apln replay FILE --against impl', () => {
  it('reruns a conform counterexample against the implementation and confirms it reproduces; plain replay points to the flag', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apln-replay-against-'));
    try {
      const c = capture();
      const args = [
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
      ];
      expect(await conformCommand.run(args, c.io, env)).toBe(1);
      const report = JSON.parse(c.out()) as { suites: { failures: { trace?: string }[] }[] };
      const trace = report.suites.flatMap((s) => s.failures).find((f) => f.trace !== undefined)?.trace;
      expect(trace).toBeDefined();

      const r = capture();
      expect(await replayCommand.run([trace!, '--against', 'impl', '--json'], r.io, env)).toBe(0);
      expect(JSON.parse(r.out())).toMatchObject({ reproduced: true });

      await expect(replayCommand.run([trace!], capture().io, env)).rejects.toThrow(/--against impl/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([-1, 1.5])('refuses a recorded model pick of %s as bad input naming the step, not a crash', async (pick) => {
    const dir = mkdtempSync(join(tmpdir(), 'apln-replay-pick-'));
    try {
      const model = buildVariant('scheme1-direct');
      const outcome = runOracle(SCHEME1_BINDING, { model, seed: 0 }, []);
      const failure = { kind: 'refusal', step: 0, label: 'init', detail: 'x' } as const;
      const trace = buildOracleTrace({
        model,
        configJson: model.ctx.config,
        outcome,
        failure,
        failureText: 'x',
        oracle: { variant: model.name, worldSeed: 0, steps: [], failure: 'x' },
      });
      const oracle = (trace['#meta'] as unknown as { oracle: { steps: unknown[] } }).oracle;
      oracle.steps = [
        { kind: 'model', pick: 0 },
        { kind: 'model', pick },
      ];
      const file = join(dir, 'bad-pick.itf.json');
      writeFileSync(file, JSON.stringify(trace));
      const run = replayCommand.run([file, '--against', 'impl'], capture().io, env);
      await expect(run).rejects.toThrow(InputError);
      await expect(run).rejects.toThrow(/#meta\.oracle\.steps\[1\]\.pick.*non-negative integer/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects any --against other than impl as bad input', async () => {
    await expect(replayCommand.run(['x.itf.json', '--against', 'model'], capture().io, env)).rejects.toThrow(
      InputError,
    );
  });
});
