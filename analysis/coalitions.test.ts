import { describe, expect, it } from 'vitest';
import { clauseLine, coalitionResult, verdictChanges } from './coalitions.ts';
import { allCoalitions } from './parties.ts';
import type { PointOutcome } from './point.ts';

const parties = ['A', 'S', 'B', 'M'];
const coalitions = allCoalitions(parties);

/** A made-up outcome per coalition: `violated(c)` decides the clause the table protects S with. */
function outcomes(violated: (c: readonly string[]) => boolean): PointOutcome[] {
  return coalitions.map((c) => ({
    states: 10 + c.length,
    complete: true,
    clauses: [
      {
        clause: 'honestHubLosesNothing.notTooLate',
        kind: 'always',
        verdict: violated(c) ? 'violated' : 'holds',
        ...(violated(c) ? { steps: 5, traceFile: `t/${c.join('+')}` } : {}),
      },
      { clause: 'typeOk', kind: 'always', verdict: 'holds' },
    ],
  }));
}

describe('the coalition summary', () => {
  it('finds the minimal violating and maximal withstood coalitions, and never counts a vacuous hold', () => {
    const r = coalitionResult(
      'v',
      { hops: 0, deviating: ['S'] },
      parties,
      coalitions,
      outcomes((c) => c.includes('A') && c.includes('B')),
    );
    const s = r.clauses.find((x) => x.clause === 'honestHubLosesNothing.notTooLate')!;
    expect(s.minimalViolating).toEqual([['A', 'B']]);
    expect(s.maximalWithstood).toEqual([
      ['A', 'M'],
      ['B', 'M'],
    ]);
    // {A,S,B} and {A,S,B,M} violate it too, vacuously (S deviates): violations, never holds.
    expect([s.held, s.violated, s.vacuous]).toEqual([6, 4, 6]);
    expect(s.nonMonotone).toEqual([]);
    expect(r.config).toEqual({ hops: 0 });
    expect(r.partial).toBe(false);
    expect(clauseLine(s, parties)).toBe(
      'honestHubLosesNothing.notTooLate (protects S): violated by {A,B} (minimal); withstands at most {A,M}, {B,M} [6 held, 4 violated, 6 vacuous]',
    );
    const row = r.rows.find((x) => x.clause === 'honestHubLosesNothing.notTooLate' && x.coalition.join() === 'S')!;
    expect(row).toMatchObject({ verdict: 'vacuous', vacuous: true, states: 11 });
  });

  it('reports a coalition that breaks a clause a larger one withstands as a non-monotone finding', () => {
    // {A} violates, {A,B} (S still honest) does not.
    const r = coalitionResult(
      'v',
      {},
      parties,
      coalitions,
      outcomes((c) => c.length === 1 && c[0] === 'A'),
    );
    const s = r.clauses.find((x) => x.clause === 'honestHubLosesNothing.notTooLate')!;
    expect(s.minimalViolating).toEqual([['A']]);
    expect(s.nonMonotone).toEqual([{ violatedBy: ['A'], heldBy: ['A', 'B', 'M'] }]);
  });

  it('says "holds against every coalition without S" when only vacuous cells remain', () => {
    const r = coalitionResult(
      'v',
      {},
      parties,
      coalitions,
      outcomes(() => false),
    );
    expect(clauseLine(r.clauses[0]!, parties)).toBe(
      'honestHubLosesNothing.notTooLate (protects S): holds against every coalition without S [8 held, 0 violated, 8 vacuous]',
    );
    expect(clauseLine(r.clauses[1]!, parties)).toBe(
      'typeOk (protects nobody (global)): holds against every coalition [16 held, 0 violated, 0 vacuous]',
    );
  });

  it('marks a run with unchecked coalitions partial and summarises only what was checked', () => {
    const some = outcomes(() => false).map((o, i) => (i < 5 ? o : undefined));
    const r = coalitionResult('v', {}, parties, coalitions, some);
    expect([r.partial, r.checked, r.total]).toEqual([true, 5, 16]);
  });

  it('lists every verdict that changed between a stored result and a fresh one', () => {
    const a = coalitionResult(
      'v',
      {},
      parties,
      coalitions,
      outcomes(() => false),
    );
    const b = coalitionResult(
      'v',
      {},
      parties,
      coalitions,
      outcomes((c) => c.join() === 'B'),
    );
    expect(verdictChanges(a, a)).toEqual([]);
    expect(verdictChanges(a, b)).toEqual(['{B} honestHubLosesNothing.notTooLate: holds → violated']);
  });
});
