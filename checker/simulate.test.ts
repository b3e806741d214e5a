import { describe, expect, it } from 'vitest';
import { simulate, simulateAsync } from './simulate.ts';
import { graphModel } from './testing/graph-model.ts';

// A grid walk: node = 10 * y + x on a 10 × 10 grid, moves Right and Up; 99 is a dead end.
const edges = Array.from({ length: 100 }, (_, v) => [
  ...(v % 10 < 9 ? [{ to: v + 1, label: 'Right' }] : []),
  ...(v < 90 ? [{ to: v + 10, label: 'Up' }] : []),
]);
const model = graphModel({
  edges,
  init: [0, 1],
  properties: [
    { kind: 'always', name: 'avoids55', description: 'never at 55', pred: (v) => v !== 55 || 'at 55' },
    { kind: 'sometimes', name: 'reachesCorner', description: 'reaches 99', pred: (v) => v === 99 },
    { kind: 'always', name: 'inGrid', description: 'stays in the grid', pred: (v) => v < 100 },
    {
      kind: 'eventually',
      name: 'reaches98',
      description: 'reaches 98',
      pred: (v) => v === 98,
      weakFairness: ['Right'],
    },
  ],
});

describe('simulate', () => {
  it('replays the same traces from the same seed, byte for byte', async () => {
    const a = simulate(model, { seed: 12345, traces: 50, steps: 30 });
    const b = simulate(model, { seed: 12345, traces: 50, steps: 30 });
    const c = await simulateAsync(model, { seed: 12345, traces: 50, steps: 30 });
    const strip = (r: typeof a) => JSON.stringify({ ...r, seconds: 0 });
    expect(strip(b)).toBe(strip(a));
    expect(strip(c)).toBe(strip(a));
    expect(b.traces).toEqual(a.traces);
    const d = simulate(model, { seed: 54321, traces: 50, steps: 30 });
    expect(d.traces).not.toEqual(a.traces);
  });

  it('finds violations, witnesses and deadlocks on the traces it walks, and leaves the rest unknown', () => {
    const r = simulate(model, { seed: 1, traces: 200, steps: 30 });
    expect(r.traces).toHaveLength(200);
    expect(r.strategy).toBe('simulate');
    expect(r.complete).toBe(false);
    const verdicts = Object.fromEntries(r.properties.map((p) => [p.name, p.verdict]));
    expect(verdicts).toEqual({
      avoids55: 'violated',
      reachesCorner: 'reached',
      inGrid: 'unknown',
      reaches98: 'violated',
    });
    const bad = r.properties[0]!;
    expect(bad.path!.states.at(-1)).toBe(55);
    expect(bad.message).toBe('at 55');
    // Every trace that reached 99 stopped there: a deadlock (no terminal states in this model).
    expect(r.deadlock!.path.states.at(-1)).toBe(99);
    // reaches98 is violated by a trace that ends in 99 without passing 98: no fair action there.
    const ev = r.properties[3]!.path!;
    expect(ev.states).not.toContain(98);
    expect(ev.loop).toBe(ev.states.length - 1);
    for (const t of r.traces) {
      expect(t.states.length).toBeLessThanOrEqual(31);
      expect(t.choices.length).toBe(t.states.length - 1);
    }
    expect(r.distinctStates).toBeLessThanOrEqual(100);
    expect(r.maxDepth).toBe(18);
  });

  it('stops on shouldStop with the traces walked so far', () => {
    let polls = 0;
    const r = simulate(model, { seed: 9, traces: 1_000_000, steps: 30, shouldStop: () => ++polls >= 2 });
    expect(r.stoppedBy).toBe('interrupted');
    expect(r.traces.length).toBeGreaterThan(0);
    expect(r.traces.length).toBeLessThan(1_000_000);
  });

  it('rejects nonsense options', () => {
    expect(() => simulate(model, { seed: 1, traces: -1, steps: 3 })).toThrow(/traces/);
    expect(() => simulate(model, { seed: Number.NaN, traces: 1, steps: 3 })).toThrow(/seed/);
  });
});
