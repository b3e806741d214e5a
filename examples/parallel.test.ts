import { describe, expect, it } from 'vitest';
import { check } from '../checker/check.ts';
import { findModel } from '../checker/registry.ts';
import { checkParallel } from '../checker/parallel.ts';
import type { CheckOptions, RunResult } from '../checker/result.ts';
import './index.ts';

const modules = [new URL('./index.ts', import.meta.url).href];

/** What must not change with the number of workers: counts, verdicts, and the length of every path (BFS: shortest). */
function summary(r: RunResult): unknown {
  return {
    distinct: r.distinctStates,
    generated: r.generatedStates,
    depth: r.maxDepth,
    complete: r.complete,
    deadlock: r.deadlock?.path.states.length,
    properties: r.properties.map((p) => [p.name, p.verdict, p.path?.states.length]),
  };
}

async function bothWays(
  name: string,
  config: Record<string, unknown>,
  options: CheckOptions = {},
  workers = 2,
): Promise<{ sequential: RunResult; parallel: RunResult }> {
  const entry = findModel(name)!;
  const full = { ...(entry.defaults as object), ...config };
  const model = entry.build(full);
  const sequential = check(model, options);
  // warmup 0: the workers take over at the first level boundary, so even a small model runs in parallel.
  const parallel = await checkParallel(model, options, {
    workers,
    warmup: 0,
    registered: { name, config: full, modules },
  });
  // The threads did search (a single-threaded fallback would pass every comparison below vacuously).
  expect(parallel.workers).toBe(workers);
  return { sequential, parallel };
}

describe('parallel BFS (2 workers) against the sequential search', () => {
  it('TwoPhase rm=6: the same 50,816 states, generated count, depth and witnesses, also under a depth bound', async () => {
    const { sequential, parallel } = await bothWays('two-phase', { rm: 6 });
    expect(sequential.distinctStates).toBe(50816);
    expect(summary(parallel)).toEqual(summary(sequential));
    // A depth bound cuts at the same level boundary: the same states, incomplete, stopped by max-depth.
    const cut = await bothWays('two-phase', { rm: 6 }, { maxDepth: 9 });
    expect(cut.parallel.stoppedBy).toBe('max-depth');
    expect(summary(cut.parallel)).toEqual(summary(cut.sequential));
  });

  it('TwoPhase rm=6 on 3 workers: the same counts and witnesses (the frontier slices are evened out between three)', async () => {
    const { sequential, parallel } = await bothWays('two-phase', { rm: 6 }, {}, 3);
    expect(summary(parallel)).toEqual(summary(sequential));
  });

  it("planted-bug: the same shortest counterexample length (6 steps) for Peterson's swapped entry", async () => {
    const { sequential, parallel } = await bothWays('planted-bug', { variant: 'swapped' });
    expect(summary(parallel)).toEqual(summary(sequential));
    expect(parallel.properties.find((p) => p.name === 'mutualExclusion')!.path!.choices.length).toBe(6);
  });

  it('fair-progress: the same eventually verdicts from the graph the workers report', async () => {
    const { sequential, parallel } = await bothWays('fair-progress', { steps: 30 });
    expect(summary(parallel)).toEqual(summary(sequential));
    expect(parallel.properties.some((p) => p.kind === 'eventually')).toBe(true);
  });

  it('fair-progress (1,000 steps) on 3 workers: the same graph verdicts while the shared table grows under the ids', async () => {
    const { sequential, parallel } = await bothWays('fair-progress', { steps: 1000 }, {}, 3);
    // More states than the first table's 819 slots of room: the workers pause, the table doubles, ids move.
    expect(sequential.distinctStates).toBeGreaterThan(1000);
    expect(summary(parallel)).toEqual(summary(sequential));
  });
});

describe('parallel BFS: when threads are not used, and when they must not be', () => {
  it('TwoPhase rm=6 (levels under 50,000 states) stays single-threaded on 2 workers by default, with the same result', async () => {
    const entry = findModel('two-phase')!;
    const config = { ...(entry.defaults as object), rm: 6 };
    const model = entry.build(config);
    const sequential = check(model, {});
    const parallel = await checkParallel(model, {}, { workers: 2, registered: { name: 'two-phase', config, modules } });
    expect(parallel.workers).toBe(1);
    expect(summary(parallel)).toEqual(summary(sequential));
    expect(sequential.distinctStates).toBe(50816);
  });

  it('an interruption stops the parallel search at a level boundary, with the figures so far', async () => {
    const entry = findModel('two-phase')!;
    const config = { ...(entry.defaults as object), rm: 6 };
    let asked = 0;
    const r = await checkParallel(
      entry.build(config),
      { shouldStop: () => ++asked >= 4 },
      { workers: 2, warmup: 0, registered: { name: 'two-phase', config, modules } },
    );
    expect(r.workers).toBe(2);
    expect(r.stoppedBy).toBe('interrupted');
    expect(r.complete).toBe(false);
    expect(r.distinctStates).toBeGreaterThan(0);
    expect(r.distinctStates).toBeLessThan(50816);
  });

  it("a worker whose model is not the main thread's (other config, as from another checkout) is an error, not a search", async () => {
    const entry = findModel('two-phase')!;
    const model = entry.build({ ...(entry.defaults as object), rm: 3 });
    const other = { ...(entry.defaults as object), rm: 4 };
    await expect(
      checkParallel(model, {}, { workers: 2, warmup: 0, registered: { name: 'two-phase', config: other, modules } }),
    ).rejects.toThrow(/parallel worker 1: model 'two-phase' here encodes its first states differently/);
  });
});
