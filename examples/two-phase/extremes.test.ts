import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import type { Model } from '../../checker/model.ts';
import { buildTwoPhase, type TwoPhaseAction, type TwoPhaseState, unpack } from './model.ts';

/** |msgs| of TwoPhase.tla: one Prepared(r) per RM that prepared, plus Commit and Abort. */
function messages(s: TwoPhaseState): number {
  const { hi } = unpack(s);
  let n = 0;
  for (let b = 12; b < 24; b++) if (hi & (1 << b)) n++; // Prepared(r)
  if (hi & (1 << 26)) n++; // Commit
  if (hi & (1 << 27)) n++; // Abort
  return n;
}

function withMessages(rm: number): Model<TwoPhaseState, TwoPhaseAction> {
  return {
    ...buildTwoPhase({ rm }),
    quantities: [{ name: 'messages', description: '|msgs|: messages ever sent', value: messages }],
  };
}

describe('the quantitative query on TwoPhase', () => {
  // The TM decides once (Commit or Abort, never both) and each RM sends Prepared at most once, so
  // |msgs| ≤ rm + 1; the fewest steps to that many are rm RMPrepare and one TMAbort in some order
  // (TMCommit needs rm TMRcvPrepared steps first).
  it.each([3, 5])(
    'rm=%i: |msgs| peaks at rm + 1, reached in rm + 1 steps (rm RMPrepare and one TMAbort), and starts at 0',
    (rm) => {
      const r = check(withMessages(rm));
      expect(r.complete).toBe(true);
      const q = r.quantities![0]!;
      expect(q.name).toBe('messages');
      expect(q.max.value).toBe(rm + 1);
      expect(q.max.path.choices).toHaveLength(rm + 1);
      expect(messages(q.max.path.states.at(-1) as TwoPhaseState)).toBe(rm + 1);
      const model = withMessages(rm);
      const labels = q.max.path.actions.map((a) => model.describe(a as TwoPhaseAction).label).sort();
      expect(labels).toEqual([...Array(rm).fill('RMPrepare'), 'TMAbort']);
      expect(q.min.value).toBe(0);
      expect(q.min.path.choices).toHaveLength(0);
      expect(q.complete).toBe(true);
    },
  );

  it('gives the same counts as the run without the query, and no quantities field for a model without them', () => {
    const plain = check(buildTwoPhase({ rm: 5 }));
    const withQ = check(withMessages(5));
    expect(withQ.distinctStates).toBe(plain.distinctStates);
    expect(withQ.generatedStates).toBe(plain.generatedStates);
    expect(plain.quantities).toBeUndefined();
  });

  it('reports the extremes of what it explored, marked incomplete, when a bound stops the run', () => {
    const r = check(withMessages(5), { maxDepth: 2 });
    expect(r.complete).toBe(false);
    const q = r.quantities![0]!;
    expect(q.complete).toBe(false);
    expect(q.max.value).toBe(2); // two steps send at most two messages
  });
});
