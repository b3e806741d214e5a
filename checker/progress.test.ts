import { describe, expect, it } from 'vitest';
import { Progress, progressLine } from './progress.ts';

describe('Progress', () => {
  it('stays quiet during the first second, then prints at most one line a second', () => {
    const lines: string[] = [];
    const p = new Progress((l) => lines.push(l));
    const figures = () => ({ distinct: 2_500_000, generated: 10_000_000, depth: 17, queue: 12_345 });
    p.maybe(0.5, figures);
    expect(lines).toEqual([]);
    p.maybe(1.2, figures);
    p.maybe(1.9, figures);
    p.maybe(2.05, figures);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(progressLine(figures(), 1.2));
  });

  it('names distinct and generated states, the rate, depth and queue', () => {
    expect(progressLine({ distinct: 2_000_000, generated: 9_000_000, depth: 12, queue: 345 }, 4)).toBe(
      'progress 4.0s: 2,000,000 distinct, 9,000,000 generated, 500,000 distinct/s, depth 12, queue 345',
    );
  });
});
