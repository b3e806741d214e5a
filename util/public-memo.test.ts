import { afterEach, describe, expect, it, vi } from 'vitest';
import { PublicMemo } from './public-memo.ts';

describe('PublicMemo', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('computes a key once, and again after it was cleared for being full', () => {
    const memo = new PublicMemo<number>(2);
    let calls = 0;
    const make = () => ++calls;
    expect(memo.get('a', make)).toBe(1);
    expect(memo.get('a', make)).toBe(1);
    expect(memo.get('b', make)).toBe(2);
    expect(memo.get('c', make)).toBe(3); // full: cleared, then c remembered
    expect(memo.get('a', make)).toBe(4);
    expect(calls).toBe(4);
  });

  it('remembers nothing when the computation throws', () => {
    const memo = new PublicMemo<number>(8);
    expect(() =>
      memo.get('x', () => {
        throw new Error('bad point');
      }),
    ).toThrow('bad point');
    expect(memo.get('x', () => 5)).toBe(5);
  });

  it('computes every time with APLN_NO_MEMO=1', async () => {
    vi.stubEnv('APLN_NO_MEMO', '1');
    vi.resetModules();
    const { PublicMemo: Off } = await import('./public-memo.ts');
    const memo = new Off<number>(8);
    let calls = 0;
    memo.get('a', () => ++calls);
    memo.get('a', () => ++calls);
    expect(calls).toBe(2);
  });
});
