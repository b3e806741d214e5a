import { describe, expect, it } from 'vitest';
import { LinkStore } from './links.ts';

describe.each(['memory', 'disk'] as const)('LinkStore (%s)', (mode) => {
  it('reads back every link across chunk boundaries, including huge choices and initial states', () => {
    const store = new LinkStore(mode);
    const n = 200_000; // more than three chunks of 65,536
    const parentOf = (i: number): number => (i < 3 ? -1 : (i * 7919) % i);
    const choiceOf = (i: number): number =>
      i % 1000 === 0 ? 70_000 + i : i % 997 === 0 ? 255 : i % 256 === 7 ? 254 : i % 50;
    for (let i = 0; i < n; i++) store.append(parentOf(i), choiceOf(i));
    try {
      for (const i of [0, 1, 2, 3, 7, 997, 1000, 65_535, 65_536, 65_537, 131_072, 150_000, 199_999]) {
        expect(store.link(i)).toEqual({ parent: parentOf(i), choice: choiceOf(i) });
      }
      for (let i = 0; i < n; i += 1237) expect(store.link(i).choice).toBe(choiceOf(i));
      if (mode === 'disk') {
        expect(store.diskBytes).toBe(3 * 65_536 * 5);
        expect(store.memoryBytes).toBe(65_536 * 5);
      } else {
        expect(store.diskBytes).toBe(0);
        expect(store.memoryBytes).toBe(4 * 65_536 * 5);
      }
      expect(() => store.link(n)).toThrow(RangeError);
    } finally {
      store.close();
    }
  });
});
