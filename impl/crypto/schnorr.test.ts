import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { secp } from './setup.ts';
import { assertSchnorr, compressedPubKey, schnorrSign, schnorrVerify, xonlyPubKey } from './schnorr.ts';
import { msgArb, randArb, runs, secKeyArb } from './arbitraries.ts';
import { InputError } from '../../util/input-error.ts';

describe('BIP-340 Schnorr wrapper (fast-check)', () => {
  it('signs so that noble verifies, and our verify agrees', () => {
    fc.assert(
      fc.property(secKeyArb, msgArb, randArb, (secKey, msg, auxRand) => {
        const sig = schnorrSign({ secKey, msg, auxRand });
        const pubKey = xonlyPubKey(secKey);
        expect(secp.schnorr.verify(sig, msg, pubKey)).toBe(true);
        expect(schnorrVerify({ pubKey, msg, sig })).toBe(true);
        expect(compressedPubKey(secKey).subarray(1)).toEqual(pubKey);
      }),
      { numRuns: runs(30) },
    );
  });

  it('rejects any single-byte change to the signature or message', () => {
    fc.assert(
      fc.property(
        secKeyArb,
        msgArb,
        randArb,
        fc.nat({ max: 63 }),
        fc.integer({ min: 1, max: 255 }),
        (secKey, msg, auxRand, at, flip) => {
          const sig = schnorrSign({ secKey, msg, auxRand });
          const pubKey = xonlyPubKey(secKey);
          const bad = sig.slice();
          bad[at] = (bad[at] ?? 0) ^ flip;
          expect(schnorrVerify({ pubKey, msg, sig: bad })).toBe(false);
          expect(schnorrVerify({ pubKey, msg: new Uint8Array([...msg, flip]), sig })).toBe(false);
          expect(() => assertSchnorr('claim', { pubKey, msg, sig: bad })).toThrow(
            'claim: BIP-340 signature does not verify',
          );
        },
      ),
      { numRuns: runs(30) },
    );
  });
});

describe('BIP-340 Schnorr wrapper input checks', () => {
  it('names wrong lengths instead of returning false', () => {
    expect(() =>
      schnorrVerify({ pubKey: new Uint8Array(33), msg: new Uint8Array(32), sig: new Uint8Array(64) }),
    ).toThrow('pubKey: expected 32 bytes, got 33');
    expect(() =>
      schnorrVerify({ pubKey: new Uint8Array(32), msg: new Uint8Array(32), sig: new Uint8Array(63) }),
    ).toThrow('sig: expected 64 bytes, got 63');
    expect(() =>
      schnorrSign({ secKey: new Uint8Array(32).fill(1), msg: new Uint8Array(0), auxRand: new Uint8Array(31) }),
    ).toThrow('auxRand: expected 32 bytes, got 31');
  });

  it('refuses a zero or out-of-range secret key', () => {
    expect(() => xonlyPubKey(new Uint8Array(32))).toThrow(InputError);
    expect(() => xonlyPubKey(new Uint8Array(32).fill(0xff))).toThrow('secKey: scalar is not below the group order n');
  });
});

describe('remembered signatures (deterministic in key, aux and message)', () => {
  it("signing the same three again gives noble's signature, unchanged by a caller writing into the first", () => {
    const secKey = new Uint8Array(32).fill(7);
    const auxRand = new Uint8Array(32).fill(9);
    const msg = new Uint8Array(32).fill(1);
    const first = schnorrSign({ secKey, msg, auxRand });
    const expected = first.slice();
    first.fill(0);
    const again = schnorrSign({ secKey, msg, auxRand });
    expect(again).toEqual(expected);
    expect(again).toEqual(secp.schnorr.sign(msg, secKey, auxRand));
    expect(schnorrVerify({ pubKey: xonlyPubKey(secKey), msg, sig: again })).toBe(true);
  });

  it('another message or another aux gives another signature', () => {
    const secKey = new Uint8Array(32).fill(7);
    const auxRand = new Uint8Array(32).fill(9);
    const msg = new Uint8Array(32).fill(1);
    const base = schnorrSign({ secKey, msg, auxRand });
    expect(schnorrSign({ secKey, msg: msg.map((b) => b ^ 1), auxRand })).not.toEqual(base);
    expect(schnorrSign({ secKey, msg, auxRand: auxRand.map((b) => b ^ 1) })).not.toEqual(base);
  });
});
