import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildVariant } from '../model/index.ts';
import { toItfRecord } from '../traces/to-itf.ts';
import { stateFromItf } from './from-itf.ts';

const VARIANTS = ['scheme1-direct', 'scheme1-split-decorrelated', 'scheme1-receipt', 'flaw-nonce-reuse-on-resign'];

describe('ITF → model state', () => {
  test.prop([fc.constantFrom(...VARIANTS), fc.array(fc.nat({ max: 50 }), { maxLength: 14 })], { seed: 4, numRuns: 60 })(
    'reads back every state of a random model walk (through JSON text) to the same state',
    (variant, picks) => {
      const model = buildVariant(variant);
      let s = model.init()[0]!;
      for (const p of picks) {
        const as = model.actions(s);
        if (as.length === 0) break;
        s = model.next(s, as[p % as.length]!);
        const json = JSON.parse(JSON.stringify(toItfRecord(model.toItf(s)))) as unknown;
        expect(toItfRecord(model.toItf(stateFromItf(model, json, 's')))).toEqual(toItfRecord(model.toItf(s)));
      }
    },
  );

  it('refuses a missing variable, an unknown one, and a value out of range, naming the path', () => {
    const model = buildVariant('scheme1-direct');
    const good = JSON.parse(JSON.stringify(toItfRecord(model.toItf(model.init()[0]!)))) as Record<string, unknown>;
    const { height: _h, ...noHeight } = good;
    expect(() => stateFromItf(model, noHeight, 's')).toThrow(/s\.height: missing/);
    expect(() => stateFromItf(model, { ...good, extra: 1 }, 's')).toThrow(/s\.extra: unknown state variable/);
    expect(() => stateFromItf(model, { ...good, mailbox: 'lost' }, 's')).toThrow(/s\.mailbox: expected one of empty, held, delivered/);
  });
});
