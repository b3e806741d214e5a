import { describe, expect, it } from 'vitest';
import { balancedShards, coalitionCost, pointCost, shardTasks } from './shard-plan.ts';

// scheme1-direct's 16 coalitions in the order apln coalitions lists them, with the distinct states each took
// (`apln coalitions scheme1-direct --json`, session 5).
const DIRECT: readonly [string, number][] = [
  ['', 103],
  ['A', 1308],
  ['S', 1366],
  ['A,S', 17820],
  ['B', 268],
  ['A,B', 9455],
  ['S,B', 28032],
  ['A,S,B', 100420],
  ['M', 115],
  ['A,M', 11036],
  ['S,M', 6370],
  ['A,S,M', 97908],
  ['B,M', 706],
  ['A,B,M', 19180],
  ['S,B,M', 35008],
  ['A,S,B,M', 211976],
];
const coalitions = DIRECT.map(([c]) => (c === '' ? [] : c.split(',')));
const states = DIRECT.map(([, n]) => n);
const total = states.reduce((a, b) => a + b, 0);
const statesOf = (shardOf: readonly number[], s: number): number =>
  states.reduce((a, n, i) => a + (shardOf[i] === s ? n : 0), 0);

describe('the balanced shard split (--shard i/N)', () => {
  it('puts every task in exactly one shard, the same way every time', () => {
    const costs = coalitions.map(coalitionCost);
    for (const count of [1, 2, 3, 5]) {
      const seen = Array.from({ length: count }, (_, i) => shardTasks(costs, { index: i, count })).flat();
      expect(seen.sort((a, b) => a - b)).toEqual(costs.map((_, i) => i));
      expect(balancedShards(costs, count)).toEqual(balancedShards([...costs], count));
    }
    expect(shardTasks(costs, undefined)).toEqual(costs.map((_, i) => i));
  });

  it('keeps the shards within one task of each other on the estimate (LPT)', () => {
    const costs = coalitions.map(coalitionCost);
    const of = balancedShards(costs, 2);
    const load = [0, 1].map((s) => costs.reduce((a, c, i) => a + (of[i] === s ? c : 0), 0));
    expect(Math.abs(load[0]! - load[1]!)).toBeLessThanOrEqual(Math.max(...costs));
  });

  it("splits scheme1-direct's coalitions 43/57 by measured states where taking every other one gives 13/87", () => {
    const byIndex = states.map((_, i) => i % 2);
    expect(statesOf(byIndex, 1) / total).toBeGreaterThan(0.86);
    const balanced = balancedShards(coalitions.map(coalitionCost), 2);
    const heavier = Math.max(statesOf(balanced, 0), statesOf(balanced, 1));
    expect(heavier / total).toBeLessThan(0.58);
    // The largest coalition and the next two largest land on different shards.
    expect(balanced[15]).not.toBe(balanced[7]);
    expect(balanced[7]).toBe(balanced[11]);
  });

  it('estimates a grid point by its ranged values and a refused point at nothing', () => {
    expect(pointCost([2, 3], true)).toBe(6);
    expect(pointCost([2, 3], false)).toBe(0);
    expect(coalitionCost([])).toBe(1);
    expect(coalitionCost(['A', 'S'])).toBe(27);
    expect(coalitionCost(['S', 'B'])).toBe(9);
  });
});
