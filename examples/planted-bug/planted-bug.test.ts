import { isLeft } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import type { Model } from '../../checker/model.ts';
import { plantedBugCodec } from './config.ts';
import { buildPlantedBug, type PetersonAction, type PetersonState } from './model.ts';

/** A plain BFS over JSON-serialised states: the reference count, independent of fingerprints. */
function referenceCount(model: Model<PetersonState, PetersonAction>): number {
  const seen = new Set<string>();
  const queue = [...model.init()];
  for (const s of queue) seen.add(JSON.stringify(s));
  for (let h = 0; h < queue.length; h++) {
    for (const a of model.actions(queue[h]!)) {
      const t = model.next(queue[h]!, a);
      const key = JSON.stringify(t);
      if (!seen.has(key)) {
        seen.add(key);
        queue.push(t);
      }
    }
  }
  return seen.size;
}

describe('planted-bug (Peterson with the turn given before the flag)', () => {
  it('violates mutual exclusion, with a shortest counterexample of 6 steps', () => {
    const model = buildPlantedBug({ variant: 'swapped' });
    const r = check(model);
    expect(r.distinctStates).toBe(32);
    expect(r.distinctStates).toBe(referenceCount(model));
    const mutex = r.properties.find((p) => p.name === 'mutualExclusion')!;
    expect(mutex.verdict).toBe('violated');
    expect(mutex.meetsExpectation).toBe(true); // the variant declares the violation
    expect(mutex.path!.choices.length).toBe(6);
    expect(mutex.path!.states.at(-1)!.pc).toEqual([3, 3]);
    expect(mutex.message).toBe('P0 and P1 are both in the critical section');
  });

  it('is found by DFS too, which explores the same states', () => {
    const r = check(buildPlantedBug({ variant: 'swapped' }), { strategy: 'dfs' });
    expect(r.distinctStates).toBe(32);
    const mutex = r.properties.find((p) => p.name === 'mutualExclusion')!;
    expect(mutex.verdict).toBe('violated');
    expect(mutex.path!.choices.length).toBeGreaterThanOrEqual(6);
  });

  it('keeps mutual exclusion in the correct variant, without deadlock', () => {
    const model = buildPlantedBug({ variant: 'correct' });
    const r = check(model);
    expect(r.distinctStates).toBe(referenceCount(model));
    expect(r.distinctStates).toBe(20);
    expect(r.deadlock).toBeUndefined();
    expect(r.properties.map((p) => [p.name, p.verdict])).toEqual([
      ['typeOk', 'holds'],
      ['mutualExclusion', 'holds'],
      ['someoneEnters', 'reached'],
    ]);
  });

  it('rejects an unknown variant or key', () => {
    expect(isLeft(plantedBugCodec.decode({ variant: 'other' }))).toBe(true);
    expect(isLeft(plantedBugCodec.decode({ variant: 'correct', x: 1 }))).toBe(true);
  });
});
