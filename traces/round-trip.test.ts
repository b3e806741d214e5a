import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { ItfValue as ModelValue } from '../checker/model.ts';
import { itfEqual } from './diff.ts';
import { ItfValue } from './itf.ts';
import { itfInteger, toItfJson } from './to-itf.ts';

const key = fc.string({ maxLength: 6 }).filter((k) => !k.startsWith('#'));
const modelValue: fc.Arbitrary<ModelValue> = fc.letrec<{ v: ModelValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.boolean(),
    fc.string({ maxLength: 8 }),
    fc.integer(),
    fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }),
    fc.array(tie('v'), { maxLength: 3 }),
    fc.record({ '#set': fc.array(tie('v'), { maxLength: 3 }) }),
    fc.record({ '#tup': fc.array(tie('v'), { maxLength: 3 }) }),
    fc.record({ '#map': fc.array(fc.tuple(tie('v'), tie('v')), { maxLength: 3 }) }),
    fc.dictionary(key, tie('v'), { maxKeys: 3 }),
  ),
})).v;

describe('ITF values survive JSON', () => {
  test.prop([modelValue])('toItfJson → JSON text → the io-ts codec gives the same value back', (v) => {
    const json = toItfJson(v);
    const decoded = ItfValue.decode(JSON.parse(JSON.stringify(json)));
    expect(decoded._tag).toBe('Right');
    if (decoded._tag === 'Right') expect(itfEqual(decoded.right, json)).toBe(true);
  });

  test.prop([fc.bigInt({ min: -(2n ** 200n), max: 2n ** 200n })])(
    'integers of any size round-trip through #bigint exactly',
    (n) => {
      const text = JSON.stringify(toItfJson(n));
      expect(itfInteger(JSON.parse(text))).toBe(n);
    },
  );
});
