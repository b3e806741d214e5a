/**
 * The mutation score over the non-equivalent mutants (score.ts): what a row of equivalents.ts counts, what it
 * does not, and a bad report refused with the place named.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GUARD_IDS } from '../../impl/node/guards.ts';
import { EQUIVALENT_MUTANTS } from './equivalents.ts';
import { formatScore, mutationScore, parseReport } from './score.ts';

const SOURCE = [
  'function f(ch, p) {',
  "  if (ch === undefined || p === undefined) return nodeError('x', 'no', 'hub:invoice-no-payment');",
  "  if (p.amount < 1) return nodeError('x', 'short', 'hub:invoice-amount');",
  '}',
].join('\n');
const at = (line: number, from: number, to: number) => ({
  start: { line, column: from },
  end: { line, column: to },
});
/** Mutants of SOURCE: `ch === undefined` -> false (argued: EQUIVALENTS.md 17), the amount check -> false and -> true. */
const report = (statuses: readonly [string, string, string]) =>
  parseReport(
    {
      files: {
        'impl/node/hub.ts': {
          source: SOURCE,
          mutants: [
            { status: statuses[0], replacement: 'false', location: at(2, 7, 23) },
            { status: statuses[1], replacement: 'false', location: at(3, 7, 19) },
            { status: statuses[2], replacement: 'true', location: at(3, 7, 19) },
          ],
        },
      },
    },
    'test.json',
  );

describe('the mutation score over non-equivalent mutants', () => {
  it('leaves an argued survivor out of the count and names every unargued one', () => {
    const s = mutationScore(report(['Survived', 'Survived', 'Killed']), EQUIVALENT_MUTANTS);
    expect(s.all).toMatchObject({ killed: 1, survived: 2, noCoverage: 0, equivalent: 1 });
    expect(s.all.score).toBe(1 / 2);
    expect(s.unargued.map((m) => `${m.at} ${m.guard} ${m.operand} -> ${m.to}`)).toEqual([
      'impl/node/hub.ts:3:7 hub:invoice-amount p.amount < 1 -> false',
    ]);
    expect(s.killedButListed).toEqual([]);
  });

  it('reports a row that matched a killed mutant (its argument is wrong, or a kill is spurious)', () => {
    const s = mutationScore(report(['Killed', 'Killed', 'Killed']), EQUIVALENT_MUTANTS);
    expect(s.all.score).toBe(1);
    expect(s.killedButListed.map((m) => m.entry)).toEqual([17]);
    expect(formatScore(s).join('\n')).toContain('listed as equivalent but killed (1)');
  });

  it('counts a mutant no run reached as not killed unless argued', () => {
    const s = mutationScore(report(['NoCoverage', 'NoCoverage', 'Killed']), EQUIVALENT_MUTANTS);
    expect(s.all).toMatchObject({ killed: 1, noCoverage: 2, equivalent: 1 });
    expect(s.unargued).toHaveLength(1);
  });

  it('refuses a report without sources or statuses, naming the place', () => {
    expect(() => parseReport({ files: { 'a.ts': { source: 'x' } } }, 'r.json')).toThrow(
      'r.json: files.a.ts: expected "source" (string) and "mutants" (array)',
    );
    expect(() =>
      parseReport({ files: { 'a.ts': { source: 'x', mutants: [{ status: 'Killed' }] } } }, 'r.json'),
    ).toThrow('r.json: files.a.ts.mutants.0');
    expect(() => parseReport([], 'r.json')).toThrow('r.json: not a Stryker JSON report');
  });

  it('every equivalence row names a guard of impl/node and an entry of EQUIVALENTS.md that names that guard', () => {
    const md = readFileSync(new URL('./EQUIVALENTS.md', import.meta.url), 'utf8');
    const entries = new Map(
      md.split(/\n(?=\d+\. \*\*)/).flatMap((block) => {
        const n = /^(\d+)\. \*\*/.exec(block);
        return n === null ? [] : [[Number(n[1]), block] as const];
      }),
    );
    for (const row of EQUIVALENT_MUTANTS) {
      expect(GUARD_IDS).toContain(row.guard);
      expect(entries.get(row.entry) ?? '', `entry ${row.entry} for ${row.guard}`).toContain(row.guard);
    }
  });
});
