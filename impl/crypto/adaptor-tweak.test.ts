import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { adapt, adaptorPointOf, extract, preSign } from './adaptor.ts';
import { tweakAdaptorPoint, tweakAdaptorSecret, untweakAdaptorSecret } from './adaptor-tweak.ts';
import { bytesToHex } from './bytes.ts';
import { xonlyPubKey } from './schnorr.ts';
import { runs, secKeyArb } from './arbitraries.ts';

describe('decorrelated adaptor points (fast-check)', () => {
  it('the tweaked secret opens the tweaked point, and untweaking gives the original secret back', () => {
    fc.assert(
      fc.property(secKeyArb, secKeyArb, (t, x) => {
        const ti = tweakAdaptorSecret({ secret: t, tweak: x });
        expect(bytesToHex(adaptorPointOf(ti))).toBe(bytesToHex(tweakAdaptorPoint({ adaptorPoint: adaptorPointOf(t), tweak: x })));
        expect(bytesToHex(untweakAdaptorSecret({ secret: ti, tweak: x }))).toBe(bytesToHex(t));
        expect(bytesToHex(adaptorPointOf(ti))).not.toBe(bytesToHex(adaptorPointOf(t)));
      }),
      { numRuns: runs(20) },
    );
  });

  it('a hop locked to T + x⋅G is claimed with t + x, and the upstream hop recovers t', () => {
    fc.assert(
      fc.property(secKeyArb, secKeyArb, secKeyArb, (t, x, hopKey) => {
        const Ti = tweakAdaptorPoint({ adaptorPoint: adaptorPointOf(t), tweak: x });
        const msg = new Uint8Array(32).fill(7);
        const preSig = preSign({ secKey: hopKey, msg, adaptorPoint: Ti, auxRand: new Uint8Array(32) });
        const sig = adapt({ preSig, secret: tweakAdaptorSecret({ secret: t, tweak: x }), pubKey: xonlyPubKey(hopKey), msg });
        const learned = extract({ sig, preSig, adaptorPoint: Ti });
        expect(bytesToHex(untweakAdaptorSecret({ secret: learned, tweak: x }))).toBe(bytesToHex(t));
      }),
      { numRuns: runs(10) },
    );
  });
});
