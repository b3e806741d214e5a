import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from './check.ts';
import { replayChoices } from './replay.ts';
import { graphModel } from './testing/graph-model.ts';

const graphArb = fc.integer({ min: 1, max: 12 }).chain((n) =>
  fc.record({
    edges: fc.array(
      fc.array(fc.record({ to: fc.integer({ min: 0, max: n - 1 }), label: fc.constantFrom('A', 'B', 'C') }), {
        maxLength: 3,
      }),
      { minLength: n, maxLength: n },
    ),
    goal: fc.integer({ min: 0, max: n }),
    fair: fc.subarray(['A', 'B', 'C']),
  }),
);

describe('eventually on random graphs', () => {
  it('gives BFS and DFS the same verdict, and every counterexample is a valid fair lasso where the goal never holds', () => {
    fc.assert(
      fc.property(graphArb, ({ edges, goal, fair }) => {
        const spec = {
          edges,
          init: [0],
          properties: [
            {
              kind: 'eventually' as const,
              name: 'reachesGoal',
              description: 'reaches the goal',
              pred: (v: number) => v === goal,
              weakFairness: fair,
            },
          ],
        };
        const model = graphModel(spec);
        const bfs = check(model, { checkDeadlock: false }).properties[0]!;
        const dfs = check(model, { strategy: 'dfs', checkDeadlock: false }).properties[0]!;
        expect(dfs.verdict).toBe(bfs.verdict);
        expect(bfs.verdict).not.toBe('unknown');
        if (bfs.verdict !== 'violated') return;
        const path = bfs.path!;
        const loop = path.loop!;
        expect(replayChoices(model, path.initIndex, path.choices, loop).states).toEqual(path.states);
        expect(path.states.every((v) => v !== goal)).toBe(true);
        expect(path.states.at(-1)).toBe(path.states[loop]);
        const enabled = (v: number): Set<string> => new Set((edges[v] ?? []).map((e) => e.label));
        if (loop === path.states.length - 1) {
          // Stuttering: no fair action is enabled in the last state.
          for (const f of fair) expect(enabled(path.states[loop]!).has(f)).toBe(false);
        } else {
          const cycleStates = path.states.slice(loop);
          const taken = new Set(path.actions.slice(loop).map((a) => a.label));
          for (const f of fair) expect(taken.has(f) || cycleStates.some((v) => !enabled(v).has(f))).toBe(true);
        }
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('under any maxStates bound, says unknown or what the full run says, never the opposite', () => {
    fc.assert(
      fc.property(
        graphArb,
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom('bfs' as const, 'dfs' as const),
        ({ edges, goal, fair }, bound, strategy) => {
          const model = graphModel({
            edges,
            init: [0],
            properties: [
              {
                kind: 'eventually' as const,
                name: 'reachesGoal',
                description: 'reaches the goal',
                pred: (v: number) => v === goal,
                weakFairness: fair,
              },
            ],
          });
          const full = check(model, { checkDeadlock: false, strategy }).properties[0]!;
          const bounded = check(model, { checkDeadlock: false, strategy, maxStates: bound }).properties[0]!;
          if (bounded.verdict !== 'unknown') expect(bounded.verdict).toBe(full.verdict);
          if (bounded.verdict === 'violated') {
            const p = bounded.path!;
            expect(replayChoices(model, p.initIndex, p.choices, p.loop).states).toEqual(p.states);
            expect(p.states.at(-1)).toBe(p.states[p.loop!]);
          }
        },
      ),
      { numRuns: 300, seed: 5 },
    );
  });

  it('holds on a fair ring to the goal and is violated once fairness is dropped (a lasso with a real cycle)', () => {
    // 0 ⇄ 1 with label Idle, 1 → 2 (goal) with label Go.
    const edges = [
      [{ to: 1, label: 'Idle' }],
      [
        { to: 0, label: 'Idle' },
        { to: 2, label: 'Go' },
      ],
      [{ to: 2, label: 'Idle' }],
    ];
    const prop = (fair: string[]) => ({
      kind: 'eventually' as const,
      name: 'goes',
      description: 'reaches 2',
      pred: (v: number) => v === 2,
      weakFairness: fair,
    });
    // Go is enabled only in state 1, so a cycle 0 ⇄ 1 is weakly fair to Go (Go is disabled in 0): violated.
    const weak = check(graphModel({ edges, init: [0], properties: [prop(['Go', 'Idle'])] })).properties[0]!;
    expect(weak.verdict).toBe('violated');
    expect(weak.path!.states).toEqual([0, 1, 0]);
    expect(weak.path!.loop).toBe(0);
    // Make Go enabled in both states: now weak fairness forces it.
    const edges2 = [
      [
        { to: 1, label: 'Idle' },
        { to: 2, label: 'Go' },
      ],
      edges[1]!,
      edges[2]!,
    ];
    const strong = check(graphModel({ edges: edges2, init: [0], properties: [prop(['Go'])] })).properties[0]!;
    expect(strong.verdict).toBe('holds');
    const unfair = check(graphModel({ edges: edges2, init: [0], properties: [prop(['Idle'])] })).properties[0]!;
    expect(unfair.verdict).toBe('violated');
  });

  it('is unknown when the boundary cuts states where the predicate is false, and holds when it cuts none', () => {
    // A chain 0 → 1 → … → 9 under fair Step; the goal is 9.
    const edges = Array.from({ length: 10 }, (_, v) =>
      v < 9 ? [{ to: v + 1, label: 'Step' }] : [{ to: 9, label: 'Stay' }],
    );
    const prop = {
      kind: 'eventually' as const,
      name: 'ends',
      description: 'reaches 9',
      pred: (v: number) => v === 9,
      weakFairness: ['Step'],
    };
    const cut = check(graphModel({ edges, init: [0], properties: [prop], within: (v) => v < 5 }));
    expect(cut.complete).toBe(true);
    expect(cut.properties[0]!.verdict).toBe('unknown');
    expect(cut.properties[0]!.message).toMatch(/not expanded/);
    const whole = check(graphModel({ edges, init: [0], properties: [prop] }));
    expect(whole.properties[0]!.verdict).toBe('holds');
  });
});
