import { describe, expect, it } from 'vitest';
import { gridPoints } from './grid.ts';
import { formatInequality, inferRegion, inside } from './region.ts';

const KEYS = ['csv', 'ptlc', 'margin'];
const grid = gridPoints([
  { key: 'csv', lo: 1, hi: 6 },
  { key: 'ptlc', lo: 1, hi: 8 },
  { key: 'margin', lo: 0, hi: 3 },
]);

function split(rule: (x: readonly number[]) => boolean) {
  return { holds: grid.filter(rule), violated: grid.filter((x) => !rule(x)) };
}

describe('region inference over a grid', () => {
  it('finds R-02-20 (ptlc + margin ≤ csv) exactly from the points alone', () => {
    const { holds, violated } = split(([csv, ptlc, margin]) => ptlc! + margin! <= csv!);
    const r = inferRegion(holds, violated, 3);
    expect(r.exceptions).toEqual([]);
    expect(r.inequalities.map((q) => formatInequality(q, KEYS))).toEqual(['ptlc + margin ≤ csv']);
    expect(grid.every((x) => inside(r, x) === ptlc_margin_ok(x))).toBe(true);
  });

  it('finds a conjunction of two simple inequalities, and writes a lower bound as ≥', () => {
    const { holds, violated } = split(([csv, ptlc, margin]) => ptlc! + 1 <= csv! && margin! >= 1);
    const r = inferRegion(holds, violated, 3);
    expect(r.exceptions).toEqual([]);
    expect(r.inequalities.map((q) => formatInequality(q, KEYS)).sort()).toEqual(['margin ≥ 1', 'ptlc ≤ csv − 1']);
  });

  it('lists the violated points no conjunction of half-planes can cut away (a hole) as exceptions', () => {
    const hole = [3, 4, 1];
    const { holds, violated } = split((x) => x.join() !== hole.join());
    const r = inferRegion(holds, violated, 3);
    expect(r.exceptions).toEqual([hole]);
  });

  it('needs no inequality when nothing is violated', () => {
    expect(inferRegion(grid, [], 3)).toEqual({ inequalities: [], exceptions: [] });
  });
});

function ptlc_margin_ok([csv, ptlc, margin]: readonly number[]): boolean {
  return ptlc! + margin! <= csv!;
}
