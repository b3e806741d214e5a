/** An encoded state unpacks to the same state, field for field, over every reachable state of several variants. */
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { encodeState, encodeWords, unpackState } from './encode.ts';
import { changed, initialState } from './state.ts';
import { CASES, reachable } from './testing/reachable.ts';

/** Collects the words a state encodes to. */
class Words {
  data: number[] = [];
  word(x: number): void {
    this.data.push(x);
  }
}

describe('encodeState / unpackState', () => {
  for (const [name, over, optionalParts] of CASES) {
    it(`gives back every reachable state of ${name} ${JSON.stringify(over)}`, () => {
      const states = reachable(name, over).states;
      expect(states.length).toBeGreaterThan(100);
      let withOptionalParts = 0;
      for (const s of states) {
        const w = new Words();
        encodeState(s, w);
        // encodeWords writes the same words straight into an array (from an offset, after others' words).
        const into = new Int32Array(3 + w.data.length);
        expect(encodeWords(s, into, 3)).toBe(into.length);
        expect(Array.from(into.subarray(3))).toEqual(w.data);
        const back = unpackState(Int32Array.from([7, ...w.data]), 1);
        // Strict: the same values, and the same keys (an optional field present only where it was).
        if (!isDeepStrictEqual(back, s)) expect(back).toStrictEqual(s);
        // The same key order too (the ITF form and any JSON of a state list keys in this order).
        expect(JSON.stringify(back)).toBe(JSON.stringify(s));
        if (optionalParts(s)) withOptionalParts++;
      }
      expect(withOptionalParts).toBeGreaterThan(0);
    });
  }

  it('gives back negative amounts, and refuses a field that does not fit its bits rather than colliding', () => {
    const s0 = initialState({ hops: 2, publicTweaks: false });
    const negative = changed(s0, { wallet: s0.wallet.map((v, p) => v - 3 * p), channelSat: -7 });
    const w = new Words();
    encodeState(negative, w);
    expect(unpackState(Int32Array.from(w.data), 0)).toStrictEqual(negative);
    expect(() => encodeState(changed(s0, { height: 4095 }), new Words())).toThrow(/height is 4096/);
    expect(() => encodeState(changed(s0, { channelSat: 40000 }), new Words())).toThrow(/funds is 40000/);
  });

  it('refuses an array too short for the state rather than write past its end', () => {
    const s0 = initialState({ hops: 2, publicTweaks: false });
    const w = new Words();
    encodeState(s0, w);
    const short = new Int32Array(2 + w.data.length - 1);
    expect(() => encodeWords(s0, short, 2)).toThrow(/words do not fit after 2/);
    expect(short.every((x) => x === 0)).toBe(true);
  });
});
