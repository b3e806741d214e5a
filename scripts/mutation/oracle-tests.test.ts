import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { guardRanges } from './guard-ranges.mjs';
import { budgetFromEnv, MUTATION_BUDGET, oracleTests } from './oracle-tests.ts';

describe('npm run mutation: what it mutates and what judges a mutant', () => {
  it('mutates each refusal guard of impl/node from its `if (` to its `return nodeError(`', () => {
    const ranges = guardRanges(process.cwd());
    expect(ranges.length).toBeGreaterThan(120);
    for (const r of ranges) {
      const [file, window] = r.split(':') as [string, string];
      const [from, to] = window.split('-').map(Number) as [number, number];
      const lines = readFileSync(file, 'utf8').split('\n');
      expect(lines[from - 1], r).toMatch(/\bif \(/);
      expect(lines[to - 1], r).toContain('return nodeError(');
    }
  });

  it('narrows to the lines APLN_MUTATE_FILES names', () => {
    const all = guardRanges(process.cwd()).filter((r) => r.startsWith('impl/node/hub.ts:'));
    const within = all.filter((r) => {
      const [a, b] = (r.split(':')[1] ?? '').split('-').map(Number) as [number, number];
      return a >= 150 && b <= 250;
    });
    expect(within.length).toBeGreaterThan(3);
    expect(guardRanges(process.cwd(), ['impl/node/hub.ts:150-250'])).toEqual(within);
  });

  it('judges by single oracle runs of a suite, named by suite and kind, each passing on the honest implementation', () => {
    const tests = oracleTests({ runs: 2, depth: 2, seed: 0, maxSteps: 4, suites: [1] });
    const ids = tests.map((t) => t.id);
    expect(ids.filter((id) => id.startsWith('s1/cov/')).length).toBeGreaterThan(0);
    expect(ids.filter((id) => id.startsWith('s1/rand/'))).toEqual(['s1/rand/0', 's1/rand/1']);
    expect(new Set(ids).size).toBe(ids.length);
    for (const t of tests) expect(t.run(), t.id).toBeUndefined();
  });

  it('takes its budget from APLN_MUTATION_BUDGET, field by field', () => {
    expect(budgetFromEnv(undefined)).toEqual(MUTATION_BUDGET);
    expect(budgetFromEnv('{"runs":3}')).toEqual({ ...MUTATION_BUDGET, runs: 3 });
  });
});
