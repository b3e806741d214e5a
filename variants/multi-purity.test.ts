/**
 * The two-payment machine's transitions are pure and its action lists deterministic (STYLE.md 1-2), on
 * random walks through both designs, one or two payments and random coalitions: `next` never mutates its
 * input, the same state lists the same actions, equal states encode equally, different states encode
 * differently, money is conserved and typeOk holds along the way. Seeded (vitest.setup.ts's fixed seed).
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { buildMultiVariant } from './index.ts';
import { multiConfigCodec } from '../model/multi/config.ts';
import { multiMachine } from '../model/multi/machine.ts';
import { totalFunds, type MultiState } from '../model/multi/state.ts';
import { MULTI_VARIANTS } from '../model/multi/variants.ts';

function deepFreeze<T>(x: T): T {
  if (typeof x === 'object' && x !== null && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
}

function encoded(s: MultiState): string {
  const words: number[] = [];
  multiMachine.parts.encode(s, { word: (x) => void words.push(x | 0) });
  return words.join(',');
}

const walk = fc.record({
  variant: fc.constantFrom(...MULTI_VARIANTS.map((v) => v.name)),
  payments: fc.constantFrom(1, 2),
  coalition: fc.subarray(['A', 'S', 'B1', 'B2'], { maxLength: 3 }),
  choices: fc.array(fc.nat(), { minLength: 1, maxLength: 40 }),
});

describe('the two-payment machine', () => {
  test.prop([walk], { numRuns: 200 })(
    'is pure and deterministic along random walks',
    ({ variant, payments, coalition, choices }) => {
      const v = MULTI_VARIANTS.find((x) => x.name === variant)!;
      const c = multiConfigCodec.decode({ ...v.defaults, payments, deviating: coalition });
      if (c._tag === 'Left') throw new Error(c.left[0]?.message);
      const m = buildMultiVariant(variant, c.right);
      const typeOk = m.properties.find((p) => p.name === 'typeOk');
      const total = totalFunds(m.init()[0]!);
      let s = deepFreeze(m.init()[0]!);
      for (const choice of choices) {
        const acts = m.actions(s);
        expect(m.actions(s)).toEqual(acts);
        if (acts.length === 0) break;
        const a = acts[choice % acts.length]!;
        const before = JSON.stringify(s);
        const next = m.next(s, a);
        expect(JSON.stringify(s)).toBe(before);
        expect(encoded(m.next(s, a))).toBe(encoded(next));
        expect(encoded(structuredClone(next))).toBe(encoded(next));
        // Every step changes something the encoding sees (no action is a silent self-loop).
        expect(encoded(next)).not.toBe(encoded(s));
        expect(totalFunds(next)).toBe(total);
        expect(typeOk?.kind === 'always' && typeOk.pred(next)).toBe(true);
        expect(Object.keys(m.toItf(next))).toEqual(Object.keys(m.toItf(s)));
        s = deepFreeze(next);
      }
    },
  );
});
