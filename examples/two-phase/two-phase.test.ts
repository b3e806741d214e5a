import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { replayChoices } from '../../checker/replay.ts';
import { simulate } from '../../checker/simulate.ts';
import { twoPhaseCodec, twoPhaseDefaults } from './config.ts';
import { buildTwoPhase } from './model.ts';

const verdicts = (r: { properties: readonly { name: string; verdict: string }[] }) =>
  Object.fromEntries(r.properties.map((p) => [p.name, p.verdict]));

describe('two-phase (TwoPhase.tla)', () => {
  // TLC's figures: 288 (rm=3, stateright's 2pc pins the same), 8,832 (rm=5), 50,816 (rm=6, in the
  // comment at the end of TwoPhase.tla).
  it.each([
    [3, 288, 1_146],
    [5, 8_832, 58_146],
    [6, 50_816, 402_306],
  ])(
    'rm=%i has %i distinct states (%i generated), BFS and DFS alike, and keeps TPTypeOK and TCConsistent',
    (rm, count, generated) => {
      const model = buildTwoPhase({ rm });
      const bfs = check(model);
      const dfs = check(model, { strategy: 'dfs' });
      expect(bfs.distinctStates).toBe(count);
      expect(dfs.distinctStates).toBe(count);
      expect(dfs.generatedStates).toBe(bfs.generatedStates);
      // Spin 6.5.2's pan on bench/two-phase-promela.ts reports the same number of transitions.
      expect(bfs.generatedStates).toBe(generated);
      expect(bfs.complete).toBe(true);
      expect(bfs.deadlock).toBeUndefined(); // receiving Commit/Abort stays enabled, as in the TLA+ spec
      expect(verdicts(bfs)).toEqual({
        tpTypeOk: 'holds',
        tcConsistent: 'holds',
        allCommitted: 'reached',
        allAborted: 'reached',
      });
      expect(bfs.properties.every((p) => p.meetsExpectation)).toBe(true);
    },
  );

  it('rm=8 has 1,745,408 distinct states', () => {
    const r = check(buildTwoPhase({ rm: 8 }));
    expect(r.distinctStates).toBe(1_745_408);
    expect(r.generatedStates).toBe(18_507_778); // Spin's pan: 18,507,778 transitions
    expect(r.maxDepth).toBe(25);
  });

  it.runIf(process.env.APLN_LONG)('rm=8 by DFS has 1,745,408 distinct states too', () => {
    expect(check(buildTwoPhase({ rm: 8 }), { strategy: 'dfs' }).distinctStates).toBe(1_745_408);
  });

  it('finds the shortest witnesses: all commit in 3·rm + 1 steps, all abort in rm steps', () => {
    for (const rm of [1, 2, 3, 4]) {
      const r = check(buildTwoPhase({ rm }));
      const committed = r.properties.find((p) => p.name === 'allCommitted')!.path!;
      const aborted = r.properties.find((p) => p.name === 'allAborted')!.path!;
      expect(committed.choices.length).toBe(3 * rm + 1);
      expect(aborted.choices.length).toBe(rm);
      const model = buildTwoPhase({ rm });
      const labels = committed.actions.map((a) => model.describe(a).label);
      expect(labels.filter((l) => l === 'TMCommit')).toHaveLength(1);
      expect(replayChoices(model, committed.initIndex, committed.choices).states).toEqual(committed.states);
    }
  });

  it('writes ITF states and action descriptions', () => {
    const model = buildTwoPhase({ rm: 2 });
    const r = check(model);
    const path = r.properties.find((p) => p.name === 'allCommitted')!.path!;
    expect(model.toItf(path.states[0]!)).toEqual({
      rmState: {
        '#map': [
          ['r1', 'working'],
          ['r2', 'working'],
        ],
      },
      tmState: 'init',
      tmPrepared: { '#set': [] },
      msgs: { '#set': [] },
    });
    expect(model.toItf(path.states.at(-1)!)).toEqual({
      rmState: {
        '#map': [
          ['r1', 'committed'],
          ['r2', 'committed'],
        ],
      },
      tmState: 'committed',
      tmPrepared: { '#set': ['r1', 'r2'] },
      msgs: { '#set': [{ type: 'Commit' }, { type: 'Prepared', rm: 'r1' }, { type: 'Prepared', rm: 'r2' }] },
    });
    expect(model.describe(path.actions.at(-1)!)).toEqual({
      label: 'RMRcvCommitMsg',
      picks: { actor: 'TM', to: expect.stringMatching(/^r[12]$/), msg: 'Commit', rm: expect.stringMatching(/^r[12]$/) },
    });
    expect(model.terminal!(path.states.at(-1)!)).toBe(true);
    expect(model.terminal!(path.states[0]!)).toBe(false);
  });

  it('catches a broken variant: committing without every Prepared violates TCConsistent', () => {
    const model = buildTwoPhase({ rm: 3 });
    const broken = {
      ...model,
      // TMCommit enabled as soon as the TM is in init (the guard tmPrepared = RM dropped).
      actions: (s: number) => {
        const acts = model.actions(s);
        return acts.includes(16) && !acts.includes(0) ? [0, ...acts] : acts;
      },
    };
    const r = check(broken);
    const tc = r.properties.find((p) => p.name === 'tcConsistent')!;
    expect(tc.verdict).toBe('violated');
    expect(tc.message).toMatch(/committed while r\d aborted/);
    expect(tc.path!.choices.length).toBe(3); // RMChooseToAbort, TMCommit, RMRcvCommitMsg
  });

  it('simulates reproducibly', () => {
    const a = simulate(buildTwoPhase({ rm: 4 }), { seed: 3, traces: 20, steps: 40 });
    const b = simulate(buildTwoPhase({ rm: 4 }), { seed: 3, traces: 20, steps: 40 });
    expect(b.traces).toEqual(a.traces);
    expect(verdicts(a).tcConsistent).toBe('unknown');
  });

  it('decodes its config exactly: rm 1..12, no unknown keys', () => {
    expect(twoPhaseCodec.decode(twoPhaseDefaults)).toEqual({ _tag: 'Right', right: { rm: 3 } });
    expect(isRight(twoPhaseCodec.decode({ rm: 12 }))).toBe(true);
    for (const bad of [{ rm: 0 }, { rm: 13 }, { rm: 2.5 }, { rm: '3' }, {}, { rm: 3, extra: 1 }, null, [3]]) {
      expect(isLeft(twoPhaseCodec.decode(bad)), JSON.stringify(bad)).toBe(true);
    }
    expect(() => buildTwoPhase({ rm: 13 })).toThrow(RangeError);
  });
});
