import { describe, expect, it } from 'vitest';
import { FingerprintTable } from './fingerprint-table.ts';
import { FingerprintSink } from './hash.ts';
import { Sfc32 } from './prng.ts';

describe('FingerprintTable', () => {
  it('finds every one of 1e6 random keys after inserting them across many growths (no false negatives)', () => {
    const rng = new Sfc32(42);
    const n = 1_000_000;
    const keys = new Uint32Array(2 * n);
    for (let i = 0; i < 2 * n; i++) keys[i] = rng.nextU32();
    const table = new FingerprintTable();
    let inserted = 0;
    for (let i = 0; i < n; i++) {
      const hi = keys[2 * i]!;
      const lo = keys[2 * i + 1]! || 1;
      if (table.insert(hi, lo) >= 0) inserted++;
    }
    expect(table.capacity).toBeGreaterThan(n);
    expect(inserted).toBe(n); // 1e6 random 64-bit keys: a duplicate has probability ~3e-8
    let missing = 0;
    for (let i = 0; i < n; i++) if (!table.has(keys[2 * i]!, keys[2 * i + 1]! || 1)) missing++;
    expect(missing).toBe(0);
    // and says "absent" for keys never inserted
    let falsePositives = 0;
    for (let i = 0; i < 100_000; i++) if (table.has(rng.nextU32(), rng.nextU32() | 1)) falsePositives++;
    expect(falsePositives).toBe(0);
  });

  it('returns new ids in insertion order and reports a key already present', () => {
    const table = new FingerprintTable();
    expect(table.insert(1, 2)).toBe(0);
    expect(table.insert(3, 4)).toBe(1);
    expect(table.insert(1, 2)).toBe(-1);
    expect(table.size).toBe(2);
  });

  it('add gives a new key the next id and a present one -1 without its id, and insert still finds ids added that way', () => {
    const table = new FingerprintTable({ withIds: true });
    expect(table.add(1, 2)).toBe(0);
    expect(table.insert(3, 4)).toBe(1);
    expect(table.add(3, 4)).toBe(-1);
    expect(table.add(1, 2)).toBe(-1);
    expect(table.insert(1, 2)).toBe(~0);
    expect(table.add(5, 6)).toBe(2);
    expect(table.find(5, 6)).toBe(2);
    expect(table.size).toBe(3);
  });

  it('keeps ids across growth when asked to', () => {
    const table = new FingerprintTable({ withIds: true });
    const sink = new FingerprintSink();
    const fp = (i: number): [number, number] => {
      sink.reset();
      sink.word(i);
      sink.finish();
      return [sink.hi, sink.lo];
    };
    for (let i = 0; i < 50_000; i++) expect(table.insert(...fp(i))).toBe(i);
    for (let i = 0; i < 50_000; i += 997) {
      expect(table.insert(...fp(i))).toBe(~i);
      expect(table.find(...fp(i))).toBe(i);
    }
    expect(table.find(...fp(50_001))).toBe(-2);
  });

  it('keeps the load between 0.53 and 0.8, so a fingerprint costs 10 to 15 bytes', () => {
    const table = new FingerprintTable();
    for (let i = 1; i <= 300_000; i++) {
      table.insert(Math.imul(i, 0x9e3779b1) >>> 0, i);
      if (i % 1000 === 0) {
        const load = table.size / table.capacity;
        expect(load).toBeLessThanOrEqual(0.8);
        if (table.capacity > 1024) expect(load).toBeGreaterThan(0.53);
        expect(table.byteLength / table.size).toBeLessThanOrEqual(15.1);
      }
    }
  });
});

describe('FingerprintSink', () => {
  it('gives different fingerprints to different word sequences and the same to equal ones', () => {
    const sink = new FingerprintSink();
    const fp = (words: number[]): string => {
      sink.reset();
      for (const w of words) sink.word(w);
      sink.finish();
      return `${sink.hi}:${sink.lo}`;
    };
    expect(fp([1, 2])).toBe(fp([1, 2]));
    expect(fp([1, 2])).not.toBe(fp([2, 1]));
    expect(fp([0])).not.toBe(fp([0, 0]));
    expect(fp([])).not.toBe(fp([0]));
    const seen = new Set<string>();
    for (let a = 0; a < 300; a++) for (let b = 0; b < 300; b++) seen.add(fp([a, b]));
    expect(seen.size).toBe(90_000);
  });
});
