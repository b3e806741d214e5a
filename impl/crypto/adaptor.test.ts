import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { secp } from './setup.ts';
import { adapt, adaptorPointOf, extract, preSign, preVerify, secretMatchesPoint } from './adaptor.ts';
import { bytesToHex } from './bytes.ts';
import { AdaptorError } from './errors.ts';
import { pointFromCompressed, hasEvenY } from './point.ts';
import { scalarToBytes } from './scalar.ts';
import { xonlyPubKey } from './schnorr.ts';
import { msgArb, randArb, runs, secKeyArb } from './arbitraries.ts';

const caseArb = fc.record({ secKey: secKeyArb, msg: msgArb, secret: secKeyArb, auxRand: randArb });

function presigned(c: { secKey: Uint8Array; msg: Uint8Array; secret: Uint8Array; auxRand: Uint8Array }) {
  const adaptorPoint = adaptorPointOf(c.secret);
  const pubKey = xonlyPubKey(c.secKey);
  const preSig = preSign({ secKey: c.secKey, msg: c.msg, adaptorPoint, auxRand: c.auxRand });
  return { adaptorPoint, pubKey, preSig };
}

describe('Schnorr adaptor signatures (fast-check)', () => {
  it('a pre-signature verifies, adapts into a signature noble’s schnorr.verify accepts, and yields t back', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { adaptorPoint, pubKey, preSig } = presigned(c);
        expect(preVerify({ pubKey, msg: c.msg, adaptorPoint, preSig })).toBe(true);
        const sig = adapt({ preSig, secret: c.secret, pubKey, msg: c.msg });
        expect(secp.schnorr.verify(sig, c.msg, pubKey)).toBe(true);
        expect(bytesToHex(extract({ sig, preSig, adaptorPoint }))).toBe(bytesToHex(c.secret));
      }),
      { numRuns: runs(40) },
    );
  });

  it('a pre-signature alone is not a valid BIP-340 signature', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { pubKey, preSig } = presigned(c);
        const asSig = new Uint8Array([...preSig.subarray(1, 33), ...preSig.subarray(33)]);
        expect(secp.schnorr.verify(asSig, c.msg, pubKey)).toBe(false);
      }),
      { numRuns: runs(15) },
    );
  });

  it('rejects adapting with a wrong secret', () => {
    fc.assert(
      fc.property(caseArb, secKeyArb, (c, wrong) => {
        fc.pre(bytesToHex(wrong) !== bytesToHex(c.secret));
        const { pubKey, preSig } = presigned(c);
        expect(() => adapt({ preSig, secret: wrong, pubKey, msg: c.msg })).toThrow(AdaptorError);
      }),
      { numRuns: runs(15) },
    );
  });

  it('rejects a pre-signature checked against a wrong adaptor point, and extraction against it', () => {
    fc.assert(
      fc.property(caseArb, secKeyArb, (c, other) => {
        fc.pre(bytesToHex(other) !== bytesToHex(c.secret));
        const { pubKey, preSig } = presigned(c);
        const wrongPoint = adaptorPointOf(other);
        expect(preVerify({ pubKey, msg: c.msg, adaptorPoint: wrongPoint, preSig })).toBe(false);
        const sig = adapt({ preSig, secret: c.secret, pubKey, msg: c.msg });
        expect(() => extract({ sig, preSig, adaptorPoint: wrongPoint })).toThrow(AdaptorError);
      }),
      { numRuns: runs(15) },
    );
  });

  it('rejects a tampered pre-signature, message or key', () => {
    fc.assert(
      fc.property(caseArb, fc.nat({ max: 64 }), fc.integer({ min: 1, max: 255 }), (c, at, flip) => {
        const { adaptorPoint, pubKey, preSig } = presigned(c);
        const tampered = preSig.slice();
        tampered[at] = (tampered[at] ?? 0) ^ flip;
        expect(preVerify({ pubKey, msg: c.msg, adaptorPoint, preSig: tampered })).toBe(false);
        const otherMsg = new Uint8Array([...c.msg, 0]);
        expect(preVerify({ pubKey, msg: otherMsg, adaptorPoint, preSig })).toBe(false);
        const otherKey = xonlyPubKey(c.secret);
        fc.pre(bytesToHex(otherKey) !== bytesToHex(pubKey));
        expect(preVerify({ pubKey: otherKey, msg: c.msg, adaptorPoint, preSig })).toBe(false);
      }),
      { numRuns: runs(25) },
    );
  });

  it('refuses to extract from a signature that completes a different pre-signature', () => {
    fc.assert(
      fc.property(caseArb, randArb, (c, aux2) => {
        fc.pre(bytesToHex(aux2) !== bytesToHex(c.auxRand));
        const { adaptorPoint, pubKey, preSig } = presigned(c);
        const other = preSign({ secKey: c.secKey, msg: c.msg, adaptorPoint, auxRand: aux2 });
        const sig = adapt({ preSig: other, secret: c.secret, pubKey, msg: c.msg });
        expect(() => extract({ sig, preSig, adaptorPoint })).toThrow(AdaptorError);
      }),
      { numRuns: runs(10) },
    );
  });
});

describe('Schnorr adaptor signatures: nonce parity', () => {
  it('covers both parities of R = R′ + T (t added for even R, subtracted for odd R)', () => {
    const secKey = scalarToBytes(7n);
    const secret = scalarToBytes(11n);
    const msg = new Uint8Array(32).fill(0x42);
    const pubKey = xonlyPubKey(secKey);
    const adaptorPoint = adaptorPointOf(secret);
    const parities = new Set<boolean>();
    for (let i = 0; i < 16; i++) {
      const preSig = preSign({ secKey, msg, adaptorPoint, auxRand: new Uint8Array(32).fill(i) });
      parities.add(hasEvenY(pointFromCompressed('R', preSig.subarray(0, 33))));
      const sig = adapt({ preSig, secret, pubKey, msg });
      expect(secp.schnorr.verify(sig, msg, pubKey), `aux ${i}`).toBe(true);
      expect(bytesToHex(extract({ sig, preSig, adaptorPoint })), `aux ${i}`).toBe(bytesToHex(secret));
    }
    expect([...parities].sort()).toEqual([false, true]);
  });

  it('is deterministic in its injected randomness and commits to the adaptor point', () => {
    const secKey = scalarToBytes(5n);
    const msg = new Uint8Array(32);
    const auxRand = new Uint8Array(32).fill(9);
    const T1 = adaptorPointOf(scalarToBytes(3n));
    const T2 = adaptorPointOf(scalarToBytes(4n));
    const a = preSign({ secKey, msg, adaptorPoint: T1, auxRand });
    expect(bytesToHex(preSign({ secKey, msg, adaptorPoint: T1, auxRand }))).toBe(bytesToHex(a));
    const b = preSign({ secKey, msg, adaptorPoint: T2, auxRand });
    // Different points must not reuse the signer's nonce R' = R - T (that would leak the key).
    const Rp = (p: Uint8Array, T: Uint8Array) =>
      pointFromCompressed('R', p.subarray(0, 33)).subtract(pointFromCompressed('T', T)).toHex();
    expect(Rp(a, T1)).not.toBe(Rp(b, T2));
  });

  it('secretMatchesPoint says whether t⋅G = T', () => {
    const T = adaptorPointOf(scalarToBytes(3n));
    expect(secretMatchesPoint({ secret: scalarToBytes(3n), adaptorPoint: T })).toBe(true);
    expect(secretMatchesPoint({ secret: scalarToBytes(4n), adaptorPoint: T })).toBe(false);
    expect(secretMatchesPoint({ secret: new Uint8Array(32), adaptorPoint: T })).toBe(false);
  });

  it('names the field when a length is wrong', () => {
    expect(() =>
      preVerify({
        pubKey: new Uint8Array(32),
        msg: new Uint8Array(32),
        adaptorPoint: new Uint8Array(33),
        preSig: new Uint8Array(64),
      }),
    ).toThrow('preSig: expected 65 bytes, got 64');
  });
});
