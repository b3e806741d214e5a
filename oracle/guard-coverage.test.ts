/**
 * Guard coverage in `apln conform`: which refusal guards of impl/node the oracle drove the implementation into,
 * counted from the refusals the runs met, with every other guard listed with why.
 */
import { describe, expect, it } from 'vitest';
import { GUARD_IDS } from '../impl/node/guards.ts';
import { conform, formatConformReport } from './conform.ts';
import { formatGuardCoverage, guardCoverage, UNREACHABLE_BY_CONSTRUCTION } from './guard-coverage.ts';
import { SCHEME1_BINDING } from './scheme1/binding.ts';

describe('guard coverage', () => {
  it('splits every guard into refused (with counts) and not reached (with why)', () => {
    const g = guardCoverage({ 'hub:invoice-bad-point': 2, 'node:envelope-seq-replayed': 1 }, 7);
    expect(g.exercised).toEqual({ 'hub:invoice-bad-point': 2, 'node:envelope-seq-replayed': 1 });
    expect(g.guards).toBe(GUARD_IDS.length);
    expect(Object.keys(g.notReached)).toHaveLength(GUARD_IDS.length - 2);
    expect(g.notReached['hub:invoice-amount']).toBe('no run of 7 provoked it');
    expect(g.notReached['node:envelope-not-for-us']).toBe(UNREACHABLE_BY_CONSTRUCTION['node:envelope-not-for-us']);
    const text = formatGuardCoverage(g).join('\n');
    expect(text).toMatch(/^guard coverage: 2 of \d+ refusal guards/);
    expect(text).toContain('hub:invoice-bad-point 2, node:envelope-seq-replayed 1');
    expect(text).toMatch(/not reached \(\d+\): no run of 7 provoked it: .*hub:invoice-amount/);
  });

  it('every reason by construction names a listed guard', () => {
    for (const id of Object.keys(UNREACHABLE_BY_CONSTRUCTION)) expect(GUARD_IDS).toContain(id);
  });

  it('a conform run reports the guards its runs refused with, in the text and the JSON', () => {
    const suite = SCHEME1_BINDING.suites.find((s) => s.name === 'direct, B deviating');
    if (suite === undefined) throw new Error('no suite "direct, B deviating"');
    const r = conform({ runs: 6, seed: 1, depth: 2, maxSteps: 20, suites: [suite] });
    const g = r.guardCoverage;
    if (g === undefined) throw new Error('no guard coverage');
    const refused = Object.values(g.exercised).reduce((n, k) => n + k, 0);
    expect(refused).toBeGreaterThan(0);
    expect(Object.values(r.suites[0]?.guards ?? {}).reduce((n, k) => n + k, 0)).toBe(refused);
    expect(Object.keys(g.exercised).length + Object.keys(g.notReached).length).toBe(GUARD_IDS.length);
    expect(formatConformReport(r)).toContain(
      `guard coverage: ${Object.keys(g.exercised).length} of ${GUARD_IDS.length}`,
    );
  });
});
