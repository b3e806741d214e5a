import { describe, expect, it } from 'vitest';
import { diffStates, formatChange, itfEqual } from './diff.ts';
import { formatValue } from './format-value.ts';

const big = (n: number) => ({ '#bigint': String(n) });

describe('diffStates', () => {
  it('reports only the leaves that changed, descending into records and maps', () => {
    const before = {
      a: big(1),
      r: { x: true, y: 'same' },
      m: {
        '#map': [
          ['A', big(5)],
          ['B', big(7)],
        ],
      },
    } as const;
    const after = {
      a: big(1),
      r: { x: false, y: 'same' },
      m: {
        '#map': [
          ['A', big(5)],
          ['B', big(8)],
        ],
      },
    } as const;
    expect(diffStates(before, after).map(formatChange)).toEqual(['r.x: true → false', 'm["B"]: 7 → 8']);
  });

  it('reports the elements that join or leave a set, lists whole, and fields that appear or vanish', () => {
    expect(diffStates({ s: { '#set': ['a', 'c'] } }, { s: { '#set': ['a', 'b'] }, t: [] }).map(formatChange)).toEqual([
      's: +"b" −"c"',
      't = [] (new)',
    ]);
    expect(diffStates({ l: [big(1)] }, { l: [big(1), big(2)] }).map(formatChange)).toEqual(['l: [1] → [1, 2]']);
    expect(diffStates({ s: 'x' }, {}).map(formatChange)).toEqual(['s removed (was "x")']);
  });

  it('descends into a variant whose tag stays, reports a changed tag whole', () => {
    const none = { tag: 'None', value: { '#tup': [] } };
    expect(
      diffStates({ v: { tag: 'Some', value: big(1) } }, { v: { tag: 'Some', value: big(2) } }).map(formatChange),
    ).toEqual(['v.Some: 1 → 2']);
    expect(diffStates({ v: none }, { v: { tag: 'Some', value: 'p' } }).map(formatChange)).toEqual([
      'v: None → Some("p")',
    ]);
  });

  it('compares records regardless of key order', () => {
    expect(itfEqual({ a: 1, b: [true] }, { b: [true], a: 1 })).toBe(true);
    expect(itfEqual({ a: 1 }, { a: 2 })).toBe(false);
  });
});

describe('formatValue', () => {
  it('prints ITF values the way Quint does', () => {
    expect(formatValue({ '#map': [[{ '#tup': [big(1), 'x'] }, { '#set': [] }]] })).toBe('Map((1, "x") -> Set())');
    expect(formatValue({ rec: [big(-3)], 'odd key': { '#unserializable': 'Int' } })).toBe(
      '{ rec: [-3], "odd key": <Int> }',
    );
  });
});
