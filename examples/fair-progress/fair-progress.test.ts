import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import type { RunResult } from '../../checker/result.ts';
import { buildFairProgress, type FairProgressAction, type FairProgressState } from './model.ts';

const finishes = (r: RunResult<FairProgressState, FairProgressAction>) =>
  r.properties.find((p) => p.name === 'finishes')!;

describe('eventually under weak fairness (fair-progress)', () => {
  it('holds when the step action is weakly fair', () => {
    for (const strategy of ['bfs', 'dfs'] as const) {
      const r = check(buildFairProgress({ steps: 4, fairness: ['WorkerStep'] }), { strategy });
      expect(r.distinctStates).toBe(10);
      expect(finishes(r).verdict).toBe('holds');
      expect(finishes(r).meetsExpectation).toBe(true);
    }
  });

  it('is violated by the idle-forever lasso when only idling is fair', () => {
    const r = check(buildFairProgress({ steps: 4, fairness: ['WorkerIdle'] }));
    const p = finishes(r);
    expect(p.verdict).toBe('violated');
    expect(p.meetsExpectation).toBe(true);
    const path = p.path!;
    // init (0, false) → Idle → (0, true) → Idle → back to (0, false): the cycle closes on states[0].
    expect(path.loop).toBe(0);
    expect(path.states).toEqual([
      { done: 0, idle: false },
      { done: 0, idle: true },
      { done: 0, idle: false },
    ]);
    expect(path.actions.map((a) => a.kind)).toEqual(['WorkerIdle', 'WorkerIdle']);
  });

  it('is violated by stuttering in the initial state when nothing is fair', () => {
    const p = finishes(check(buildFairProgress({ steps: 4, fairness: [] })));
    expect(p.verdict).toBe('violated');
    expect(p.path!.states).toEqual([{ done: 0, idle: false }]);
    expect(p.path!.loop).toBe(0);
  });

  it('is unknown, never holds, when a bound cuts the run', () => {
    const byStates = check(buildFairProgress({ steps: 4, fairness: ['WorkerStep'] }), { maxStates: 5 });
    expect(finishes(byStates).verdict).toBe('unknown');
    const byDepth = check(buildFairProgress({ steps: 4, fairness: ['WorkerStep'] }), { maxDepth: 2 });
    expect(finishes(byDepth).verdict).toBe('unknown');
    // A violation among fully expanded states is still reported under a bound.
    const cut = check(buildFairProgress({ steps: 4, fairness: ['WorkerIdle'] }), { maxStates: 6 });
    expect(cut.complete).toBe(false);
    expect(finishes(cut).verdict).toBe('violated');
  });
});
