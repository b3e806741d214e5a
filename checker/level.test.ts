import { describe, expect, it } from 'vitest';
import { FingerprintSink } from './hash.ts';
import { newLevel, partTransfer } from './level.ts';
import { encodeWith, type WordSink } from './model.ts';

interface Pt {
  readonly xs: readonly number[];
}
const packing = {
  encode: (s: Pt, sink: WordSink): void => {
    sink.word(s.xs.length);
    for (const x of s.xs) sink.word(x);
  },
  unpack: (w: Int32Array, start: number): Pt => ({ xs: Array.from(w.subarray(start + 1, start + 1 + w[start]!)) }),
};

/** The same encoding, without `unpack`: its levels keep the objects. */
const plain = { encode: packing.encode };

/** The same encoding written once, into a caller's array (`encodeInto`), at most 13 words a state here. */
const encodeInto = (s: Pt, w: Int32Array, at: number): number => {
  w[at] = s.xs.length;
  for (let k = 0; k < s.xs.length; k++) w[at + 1 + k] = s.xs[k]!;
  return at + 1 + s.xs.length;
};
const direct = { encode: encodeWith(encodeInto, 13), unpack: packing.unpack, encodeInto, maxWords: 13 };

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

  it('keeps the objects themselves for a model without unpack', () => {
    const level = newLevel<Pt>(plain);
    const s = { xs: [1] };
    level.push(s);
    expect(level.get(0)).toBe(s);
  });

  it('sends a run of its states to another level as packed words, and they come back equal', () => {
    const level = newLevel(packing);
    const states: Pt[] = Array.from({ length: 600 }, (_, i) => ({
      xs: Array.from({ length: i % 5 }, (_, k) => i + k),
    }));
    for (const s of states) level.push(s);
    const part = level.part(250, 600);
    expect('words' in part).toBe(true);
    expect(partTransfer(part)).toHaveLength(2);
    const there = newLevel(packing, part);
    expect(there.length).toBe(350);
    expect(there.toArray()).toEqual(states.slice(250));
    there.push({ xs: [7, 8] });
    expect(there.get(350)).toEqual({ xs: [7, 8] });
    expect(newLevel(packing, level.part(600, 600)).length).toBe(0);
  });

  it('sends the states themselves for a model without unpack, and refuses a part of the other kind', () => {
    const level = newLevel<Pt>(plain);
    for (let i = 0; i < 5; i++) level.push({ xs: [i] });
    const part = level.part(1, 3);
    expect(partTransfer(part)).toEqual([]);
    expect(newLevel<Pt>(plain, part).toArray()).toEqual([{ xs: [1] }, { xs: [2] }]);
    expect(() => newLevel(packing, part)).toThrow(/unpacked states/);
    expect(() => newLevel<Pt>(plain, newLevel(packing).part(0, 0))).toThrow(/packed words/);
  });

  it('fingerprints a staged state as the model encodes it, and keeps only the states kept', () => {
    for (const model of [packing, plain, direct]) {
      const level = newLevel<Pt>(model);
      const staged = new FingerprintSink();
      const direct = new FingerprintSink();
      const kept: Pt[] = [];
      for (let i = 0; i < 600; i++) {
        const s = { xs: Array.from({ length: i % 7 }, (_, k) => (i * 7919) ^ (k << 20)) };
        level.stage(s, staged);
        direct.reset();
        packing.encode(s, direct);
        direct.finish();
        expect([staged.hi, staged.lo]).toEqual([direct.hi, direct.lo]);
        if (i % 3 === 0) {
          level.keep();
          kept.push(s);
        }
      }
      expect(level.length).toBe(200);
      expect(level.toArray()).toEqual(kept);
      expect(newLevel(model, level.part(10, 20)).toArray()).toEqual(kept.slice(10, 20));
      level.clear();
      expect(level.length).toBe(0);
      level.push(kept[5]!);
      expect(level.toArray()).toEqual([kept[5]]);
    }
  });

  it('writes a state through encodeInto as the word-by-word encoding would, past its first buffer', () => {
    const byWord = newLevel(packing);
    const into = newLevel(direct);
    const a = new FingerprintSink();
    const b = new FingerprintSink();
    for (let i = 0; i < 1500; i++) {
      const s = { xs: Array.from({ length: i % 13 }, (_, k) => i * 31 - k) };
      byWord.stage(s, a);
      into.stage(s, b);
      expect([b.hi, b.lo]).toEqual([a.hi, a.lo]);
      byWord.keep();
      into.keep();
    }
    expect(into.toArray()).toEqual(byWord.toArray());
    // encodeWith feeds a sink without `words` word by word: the same fingerprint.
    const sink = new FingerprintSink();
    const wordOnly = { word: (x: number) => sink.word(x) };
    sink.reset();
    direct.encode({ xs: [5, -6, 7] }, wordOnly);
    sink.finish();
    a.reset();
    packing.encode({ xs: [5, -6, 7] }, a);
    a.finish();
    expect([sink.hi, sink.lo]).toEqual([a.hi, a.lo]);
  });

  it('refuses a model that gives encodeInto without maxWords', () => {
    expect(() => newLevel({ ...packing, encodeInto })).toThrow(/encodeInto and maxWords together/);
  });
});
