import { describe, expect, it } from 'vitest';
import { itfInteger, toItfJson, toItfRecord, toNondetPicks, unwrapPick } from './to-itf.ts';

describe('toItfJson', () => {
  it('writes every integer as a #bigint string, beyond 2^53 too', () => {
    expect(toItfJson(42)).toEqual({ '#bigint': '42' });
    expect(toItfJson(-7)).toEqual({ '#bigint': '-7' });
    expect(toItfJson(2n ** 64n + 1n)).toEqual({ '#bigint': '18446744073709551617' });
  });

  it('converts inside sets, maps, tuples, lists and variants', () => {
    expect(toItfJson({ '#map': [['A', { '#set': [1, 2] }]] })).toEqual({
      '#map': [['A', { '#set': [{ '#bigint': '1' }, { '#bigint': '2' }] }]],
    });
    expect(toItfJson({ '#tup': [[3n], true] })).toEqual({ '#tup': [[{ '#bigint': '3' }], true] });
    expect(toItfJson({ tag: 'Some', value: 5 })).toEqual({ tag: 'Some', value: { '#bigint': '5' } });
  });

  it('sorts record keys so the same state gives the same bytes', () => {
    expect(JSON.stringify(toItfRecord({ b: 1, a: { z: true, y: false } }))).toBe(
      '{"a":{"y":false,"z":true},"b":{"#bigint":"1"}}',
    );
  });

  it('refuses a non-integer number (a bug in the model, not a value)', () => {
    expect(() => toItfJson(1.5)).toThrow(/non-integer number 1.5/);
  });

  it('wraps picks as Quint option variants and unwraps them', () => {
    const picks = toNondetPicks({ actor: 'A', n: 2 });
    expect(picks).toEqual({ actor: { tag: 'Some', value: 'A' }, n: { tag: 'Some', value: { '#bigint': '2' } } });
    expect(unwrapPick(picks.actor ?? false)).toBe('A');
    expect(unwrapPick({ tag: 'None', value: { '#tup': [] } })).toBeUndefined();
    expect(itfInteger({ '#bigint': '-12' })).toBe(-12n);
    expect(itfInteger(3)).toBe(3n);
    expect(itfInteger('3')).toBeUndefined();
  });
});
