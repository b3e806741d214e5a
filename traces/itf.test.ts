import { describe, expect, it } from 'vitest';
import { ItfValue } from './itf.ts';
import { firstProblem } from './json-path.ts';

function problem(u: unknown): string {
  const r = ItfValue.decode(u);
  if (r._tag === 'Right') return 'ok';
  const p = firstProblem(r.left);
  return p.path === '' ? p.problem : `${p.path}: ${p.problem}`;
}

describe('the ItfValue codec', () => {
  it('accepts every ITF form', () => {
    const v = {
      b: true,
      s: 'x',
      n: 3,
      big: { '#bigint': '-123456789012345678901234567890' },
      set: { '#set': [{ '#bigint': '1' }] },
      map: { '#map': [['k', { '#tup': [] }]] },
      list: [[], {}],
      variant: { tag: 'Some', value: { '#unserializable': 'Int' } },
    };
    expect(problem(v)).toBe('ok');
  });

  it('names the path of the first bad sub-value', () => {
    expect(problem({ a: [1, { b: null }] })).toMatch(/^a\[1\]\.b: expected an ITF value .* got null$/);
    expect(problem({ m: { '#map': [['k']] } })).toBe('m["#map"][0]: expected a [key, value] pair, got a list');
    expect(problem({ '#bigint': '1.5' })).toBe('#bigint: expected a decimal integer string, got "1.5"');
    expect(problem({ x: 0.5 })).toBe('x: expected an integer, got 0.5');
    expect(problem({ '#sett': [] })).toBe("unknown ITF form '#sett'");
    expect(problem({ '#set': [], extra: 1 })).toBe("'#set' must be the only key, got #set, extra");
  });
});
