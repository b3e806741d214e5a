import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import '../variants/index.ts';
import { findModel } from '../checker/registry.ts';
import { coalitionTasks } from './coalitions.ts';
import { compiledPointModule } from './compiled-point.ts';
import { runTasks } from './pool.ts';

const dir = mkdtempSync(join(tmpdir(), 'apln-compiled-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Five coalitions of scheme1-direct on its defaults, counterexamples written (their ITF files carry the tool's
// version, read from package.json beside the source: the bundle must not move that file).
const entry = findModel('scheme1-direct')!;
const config = { ...(entry.codec.encode(entry.defaults) as Record<string, unknown>) };
delete config.deviating;

describe('the compiled point checker', () => {
  it('is built, and gives the same outcomes (states, verdicts, steps, trace files) as the TypeScript modules', async () => {
    expect(await compiledPointModule()).toBeInstanceOf(URL);
    const only = [[], ['S'], ['B'], ['A', 'B'], ['S', 'M']];
    const mk = (sub: string) =>
      coalitionTasks('scheme1-direct', config, ['A', 'S', 'B', 'M'], { only, outDir: join(dir, sub) }).tasks;
    process.env.APLN_COMPILED = '0';
    const plain = await runTasks(mk('plain'), { workers: 1 });
    delete process.env.APLN_COMPILED;
    const one = await runTasks(mk('compiled'), { workers: 1 });
    const two = await runTasks(mk('compiled'), { workers: 2 });
    const strip = (o: typeof plain.outcomes) => JSON.stringify(o).replaceAll(`${dir}/plain`, `${dir}/compiled`);
    expect(strip(one.outcomes)).toBe(strip(plain.outcomes));
    expect(JSON.stringify(two.outcomes)).toBe(JSON.stringify(one.outcomes));
    const traced = one.outcomes.flatMap((o) => o?.clauses.filter((c) => c.traceFile !== undefined) ?? []);
    expect(traced.length).toBeGreaterThan(0);
    expect(readFileSync(traced[0]!.traceFile!, 'utf8')).toContain('"version"');
  }, 120_000);
});
