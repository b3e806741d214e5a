import { describe, expect, it } from 'vitest';
import { frontierCuts } from './parallel-protocol.ts';
import {
  biggerTable,
  copyPart,
  loadLimit,
  RESERVE_CHUNK,
  reserve,
  sharedId,
  sharedInsert,
  sharedTable,
  type SharedTableView,
} from './shared-table.ts';

/** `view` copied into a table twice as big, in `parts` parts (as the workers do, one part each). */
function grown(view: SharedTableView, size: number, parts = 1): SharedTableView {
  const g = biggerTable(view, size);
  for (let p = 0; p < parts; p++) copyPart(view, g, p, parts);
  return g;
}

describe('shared fingerprint table', () => {
  it('says new exactly once per fingerprint, and keeps every fingerprint when grown', () => {
    const t = sharedTable(1024);
    const keys: [number, number][] = [];
    for (let i = 1; i <= 700; i++) keys.push([Math.imul(i, 0x9e3779b1) >>> 0 || 1, i]);
    for (const [hi, lo] of keys) expect(sharedInsert(t, hi, lo)).toBeGreaterThanOrEqual(0);
    for (const [hi, lo] of keys) expect(sharedInsert(t, hi, lo)).toBeLessThan(0);
    // Same high word, other low word: a different fingerprint.
    expect(sharedInsert(t, keys[0]![0], 999_999)).toBeGreaterThanOrEqual(0);
    const g = grown(t, 701);
    expect(g.capacity).toBe(2048);
    expect(g.reserved[0]).toBe(701);
    for (const [hi, lo] of keys) expect(sharedInsert(g, hi, lo)).toBeLessThan(0);
    expect(sharedInsert(g, keys[0]![0], 999_999)).toBeLessThan(0);
    expect(sharedInsert(g, 12345, 67890)).toBeGreaterThanOrEqual(0);
  });

  it('holds the same fingerprints whether one worker copies the table or three copy a part each', () => {
    const t = sharedTable(4096, 0, true);
    for (let i = 1; i <= 3000; i++) {
      const slot = sharedInsert(t, Math.imul(i, 0x9e3779b1) >>> 0 || 1, i);
      t.ids![slot] = i;
    }
    const one = grown(t, 3000);
    const three = grown(t, 3000, 3);
    const content = (v: SharedTableView): string[] => {
      const out: string[] = [];
      for (let k = 0; k < v.capacity; k++)
        if (v.slots[k << 1] !== 0) out.push(`${v.slots[k << 1]}:${v.slots[(k << 1) + 1]}:${v.ids![k]}`);
      return out.sort();
    };
    expect(content(three)).toHaveLength(3000);
    expect(content(three)).toEqual(content(one));
    expect(content(one)).toEqual(content(t));
  });

  it('keeps the id written for each slot, across a growth', () => {
    const t = sharedTable(1024, 0, true);
    const slot = sharedInsert(t, 77, 88);
    t.ids![slot] = 5;
    expect(sharedId(t, ~sharedInsert(t, 77, 88))).toBe(5);
    const g = grown(t, 1);
    expect(sharedId(g, ~sharedInsert(g, 77, 88))).toBe(5);
  });

  it('reserves room in chunks up to the load limit, and no further', () => {
    const t = sharedTable(20_000);
    const chunks = Math.floor(loadLimit(t) / RESERVE_CHUNK);
    for (let i = 0; i < chunks; i++) expect(reserve(t)).toBe(true);
    expect(reserve(t)).toBe(false);
    expect(t.reserved[0]).toBe(chunks * RESERVE_CHUNK);
  });
});

describe('frontier slices of the parallel search', () => {
  it('leave the kept states where they are within the tolerance, and even out a larger imbalance', () => {
    // 1,000 states, equal share 500, tolerance 1/16 of it (31): 520 / 480 stays, 600 / 400 is cut at 531.
    expect(frontierCuts([520, 480])).toEqual([0, 520, 1000]);
    expect(frontierCuts([600, 400])).toEqual([0, 531, 1000]);
    expect(frontierCuts([100, 900])).toEqual([0, 469, 1000]);
    expect(frontierCuts([1000, 0, 0], 0)).toEqual([0, 333, 666, 1000]);
    expect(frontierCuts([0, 0])).toEqual([0, 0, 0]);
  });
});
