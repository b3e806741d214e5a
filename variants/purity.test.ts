/**
 * Transitions are pure and action lists deterministic (STYLE.md 1-2), on random walks through random
 * variants and coalitions: `next` never mutates its input, the same state lists the same actions, equal
 * states encode equally, and money and typeOk hold along the way.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { WordSink } from '../checker/model.ts';
import { decodeConfig } from '../model/config.ts';
import { buildVariant } from './index.ts';
import { totalFunds, type ProtocolState } from '../model/scheme1/state.ts';
import { VARIANTS } from '../model/scheme1/variants.ts';

function deepFreeze<T>(x: T): T {
  if (typeof x === 'object' && x !== null && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
}

function encoded(m: { encode(s: ProtocolState, sink: WordSink): void }, s: ProtocolState): number[] {
  const words: number[] = [];
  m.encode(s, { word: (x) => void words.push(x | 0) });
  return words;
}

const walk = fc.record({
  variant: fc.constantFrom(...VARIANTS.map((v) => v.name)),
  coalition: fc.subarray(['A', 'S', 'B', 'M', 'P1', 'P2'], { maxLength: 3 }),
  hubMayCrash: fc.boolean(),
  choices: fc.array(fc.nat(), { minLength: 1, maxLength: 30 }),
});

describe('the scheme-1 machine', () => {
  test.prop([walk], { seed: 20261123, numRuns: 150 })(
    'is pure and deterministic along random walks',
    ({ variant, coalition, hubMayCrash, choices }) => {
      const v = VARIANTS.find((x) => x.name === variant)!;
      const deviating = coalition.filter((p) => !p.startsWith('P') || Number(p.slice(1)) <= v.defaults.hops);
      const m = buildVariant(variant, decodeConfig({ ...v.defaults, deviating, hubMayCrash }));
      const total = totalFunds(m.init()[0]!, v.defaults.hops);
      let s = deepFreeze(m.init()[0]!);
      for (const c of choices) {
        const acts = m.actions(s);
        expect(m.actions(s)).toEqual(acts);
        if (acts.length === 0) break;
        const a = acts[c % acts.length]!;
        const before = JSON.stringify(s);
        const next = m.next(s, a);
        expect(JSON.stringify(s)).toBe(before);
        expect(encoded(m, next)).toEqual(encoded(m, m.next(s, a)));
        expect(encoded(m, structuredClone(next))).toEqual(encoded(m, next));
        expect(totalFunds(next, v.defaults.hops)).toBe(total);
        const typeOk = m.properties.find((p) => p.name === 'typeOk');
        expect(typeOk?.kind === 'always' && typeOk.pred(next)).toBe(true);
        expect(Object.keys(m.toItf(next)).sort()).toEqual(Object.keys(m.toItf(s)).sort());
        s = deepFreeze(next);
      }
    },
  );
});
