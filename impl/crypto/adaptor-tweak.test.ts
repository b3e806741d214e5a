import { describe, expect, it } from 'vitest';
import { CURVE_ORDER, scalarFromBytes, scalarToBytes } from './scalar.ts';
import { InputError } from '../../util/input-error.ts';
import fc from 'fast-check';
import { adapt, adaptorPointOf, extract, preSign } from './adaptor.ts';
import { tweakAdaptorPoint, tweakAdaptorSecret, untweakAdaptorSecret } from './adaptor-tweak.ts';
import { bytesToHex } from './bytes.ts';
import { xonlyPubKey } from './schnorr.ts';
import { runs, secKeyArb } from './arbitraries.ts';

/** x = n − t: the tweak that cancels the secret, so T + x⋅G is the point at infinity. */
function cancels(t: Uint8Array, x: Uint8Array): boolean {
  return (
    (scalarFromBytes('t', t, { allowZero: false }) + scalarFromBytes('x', x, { allowZero: false })) % CURVE_ORDER === 0n
  );
}

describe('decorrelated adaptor points: the tweak that cancels the secret', () => {
  // fast-check's bias found this one in CI (t = 60, x = n − 60): the result must be a named refusal, never a point.
  const t = scalarToBytes(60n);
  const x = scalarToBytes(CURVE_ORDER - 60n);

  it('refuses to tweak T by x = n − t, because T + x⋅G is the point at infinity', () => {
    expect(() => tweakAdaptorPoint({ adaptorPoint: adaptorPointOf(t), tweak: x })).toThrow(InputError);
    expect(() => tweakAdaptorPoint({ adaptorPoint: adaptorPointOf(t), tweak: x })).toThrow(/infinity/);
  });

  it('refuses to tweak the secret t by x = n − t, because t + x is zero', () => {
    expect(() => tweakAdaptorSecret({ secret: t, tweak: x })).toThrow(/t \+ x is zero/);
  });

  it('refuses to untweak t_i by x = t_i, because t_i − x is zero', () => {
    expect(() => untweakAdaptorSecret({ secret: t, tweak: t })).toThrow(/t_i − x is zero/);
  });
});

describe('decorrelated adaptor points (fast-check)', () => {
  it('the tweaked secret opens the tweaked point, and untweaking gives the original secret back', () => {
    fc.assert(
      fc.property(secKeyArb, secKeyArb, (t, x) => {
        fc.pre(!cancels(t, x));
        const ti = tweakAdaptorSecret({ secret: t, tweak: x });
        expect(bytesToHex(adaptorPointOf(ti))).toBe(
          bytesToHex(tweakAdaptorPoint({ adaptorPoint: adaptorPointOf(t), tweak: x })),
        );
        expect(bytesToHex(untweakAdaptorSecret({ secret: ti, tweak: x }))).toBe(bytesToHex(t));
        expect(bytesToHex(adaptorPointOf(ti))).not.toBe(bytesToHex(adaptorPointOf(t)));
      }),
      { numRuns: runs(20) },
    );
  });

  it('a hop locked to T + x⋅G is claimed with t + x, and the upstream hop recovers t', () => {
    fc.assert(
      fc.property(secKeyArb, secKeyArb, secKeyArb, (t, x, hopKey) => {
        fc.pre(!cancels(t, x));
        const Ti = tweakAdaptorPoint({ adaptorPoint: adaptorPointOf(t), tweak: x });
        const msg = new Uint8Array(32).fill(7);
        const preSig = preSign({ secKey: hopKey, msg, adaptorPoint: Ti, auxRand: new Uint8Array(32) });
        const sig = adapt({
          preSig,
          secret: tweakAdaptorSecret({ secret: t, tweak: x }),
          pubKey: xonlyPubKey(hopKey),
          msg,
        });
        const learned = extract({ sig, preSig, adaptorPoint: Ti });
        expect(bytesToHex(untweakAdaptorSecret({ secret: learned, tweak: x }))).toBe(bytesToHex(t));
      }),
      { numRuns: runs(10) },
    );
  });
});
