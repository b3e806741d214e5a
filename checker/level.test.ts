import { describe, expect, it } from 'vitest';
import { newLevel } from './level.ts';
import type { WordSink } from './model.ts';

interface Pt {
  readonly xs: readonly number[];
}
const packing = {
  pack: (s: Pt, sink: WordSink): void => {
    sink.word(s.xs.length);
    for (const x of s.xs) sink.word(x);
  },
  unpack: (w: Int32Array, start: number): Pt => ({ xs: Array.from(w.subarray(start + 1, start + 1 + w[start]!)) }),
};

describe('a BFS level', () => {
  it('gives back packed states in order, past its first buffers (4,096 words, 256 states)', () => {
    const level = newLevel(packing);
    const states: Pt[] = Array.from({ length: 1000 }, (_, i) => ({
      xs: Array.from({ length: i % 13 }, (_, k) => i * 31 - k),
    }));
    for (const s of states) level.push(s);
    expect(level.length).toBe(1000);
    expect(level.get(999)).toEqual(states[999]);
    expect(level.toArray()).toEqual(states);
  });

  it('keeps the objects themselves for a model without pack and unpack', () => {
    const level = newLevel<Pt>({});
    const s = { xs: [1] };
    level.push(s);
    expect(level.get(0)).toBe(s);
  });
});
