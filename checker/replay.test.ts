import { describe, expect, it } from 'vitest';
import { isInputError } from '../util/input-error.ts';
import { replayChoices, ReplayError } from './replay.ts';
import { graphModel } from './testing/graph-model.ts';

const model = graphModel({
  init: [0, 5],
  edges: [
    [
      { to: 1, label: 'A' },
      { to: 2, label: 'B' },
    ],
    [{ to: 2, label: 'C' }],
    [],
    [],
    [],
    [{ to: 0, label: 'D' }],
  ],
});

describe('replayChoices', () => {
  it('rebuilds states and actions from an initial index and choices', () => {
    const p = replayChoices(model, 1, [0, 0, 0]);
    expect(p.states).toEqual([5, 0, 1, 2]);
    expect(p.actions.map((a) => a.label)).toEqual(['D', 'A', 'C']);
    expect(p.loop).toBeUndefined();
  });

  it('rejects an out-of-range choice, naming the step and the number of enabled actions', () => {
    let error: unknown;
    try {
      replayChoices(model, 0, [1, 0]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ReplayError);
    const r = error as ReplayError;
    expect(r.step).toBe(1);
    expect(r.enabled).toBe(0);
    expect(r.choice).toBe(0);
    expect(isInputError(r)).toBe(true);
    expect(r.message).toMatch(/choices\[1\]/);
  });

  it('rejects a choice beyond the enabled actions with the valid range in the message', () => {
    expect(() => replayChoices(model, 0, [2])).toThrow(
      /choice 2 at step 0 is out of range: 2 action\(s\) enabled \(0\.\.1\)/,
    );
    expect(() => replayChoices(model, 0, [-1])).toThrow(ReplayError);
    expect(() => replayChoices(model, 0, [0.5])).toThrow(ReplayError);
  });

  it('rejects an initial index that does not exist and a loop outside the path', () => {
    expect(() => replayChoices(model, 2, [])).toThrow(expect.objectContaining({ step: -1, enabled: 2 }));
    expect(() => replayChoices(model, 0, [0], 2)).toThrow(ReplayError);
    expect(replayChoices(model, 0, [0], 1).loop).toBe(1);
  });
});
