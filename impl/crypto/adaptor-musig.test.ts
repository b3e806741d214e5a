import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { secp } from './setup.ts';
import { adapt, adaptorPointOf, extract, preVerify } from './adaptor.ts';
import { musigAdaptorAggNonce, musigAdaptorPartialVerify, musigAdaptorPreSigAgg } from './adaptor-musig.ts';
import { bytesToHex } from './bytes.ts';
import { MusigSession, musigKeyAgg, musigKeySort, musigNonceAgg, musigNonceGen } from './musig.ts';
import { CURVE_ORDER, bytesToBigInt, scalarToBytes } from './scalar.ts';
import { compressedPubKey } from './schnorr.ts';
import { msgArb, randArb, runs, secKeyArb, tweaksArb } from './arbitraries.ts';
import { InputError } from '../../util/input-error.ts';

const arb = fc.record({
  secKeys: fc.tuple(secKeyArb, secKeyArb).filter(([a, b]) => bytesToHex(a) !== bytesToHex(b)),
  rands: fc.tuple(randArb, randArb),
  msg: msgArb,
  tweaks: tweaksArb,
  secret: secKeyArb,
});

type Case = typeof arb extends fc.Arbitrary<infer T> ? T : never;

function run(c: Case) {
  const secKeys = c.secKeys;
  const own = secKeys.map(compressedPubKey);
  const publicKeys = musigKeySort(own);
  const aggKey = musigKeyAgg(publicKeys, { tweaks: c.tweaks });
  const nonces = secKeys.map((secKey, i) =>
    musigNonceGen({
      pubKey: own[i] as Uint8Array,
      secKey,
      aggPubKey: aggKey.xonly,
      msg: c.msg,
      rand: c.rands[i] as Uint8Array,
    }),
  );
  const adaptorPoint = adaptorPointOf(c.secret);
  const aggNonce = musigAdaptorAggNonce({ aggNonce: musigNonceAgg(nonces.map((n) => n.pubNonce)), adaptorPoint });
  const session = new MusigSession({ aggNonce, publicKeys, msg: c.msg, tweaks: c.tweaks });
  const psigs = secKeys.map((secKey, i) =>
    session.partialSign({ secNonce: (nonces[i] as { secNonce: Uint8Array }).secNonce, secKey }),
  );
  return { own, publicKeys, aggKey, nonces, adaptorPoint, session, psigs };
}

describe('MuSig2 adaptor signatures (fast-check)', () => {
  it('partial signatures check against the adapted session, sum to a pre-signature, and adapt into a BIP-340 signature under the aggregate key', () => {
    fc.assert(
      fc.property(arb, (c) => {
        const r = run(c);
        r.psigs.forEach((partialSig, i) => {
          expect(
            musigAdaptorPartialVerify({
              params: r.session.params,
              partialSig,
              pubNonce: (r.nonces[i] as { pubNonce: Uint8Array }).pubNonce,
              signerPubKey: r.own[i] as Uint8Array,
            }),
          ).toBe(true);
        });
        const preSig = musigAdaptorPreSigAgg({
          params: r.session.params,
          adaptorPoint: r.adaptorPoint,
          partialSigs: r.psigs,
        });
        expect(preVerify({ pubKey: r.aggKey.xonly, msg: c.msg, adaptorPoint: r.adaptorPoint, preSig })).toBe(true);
        const sig = adapt({ preSig, secret: c.secret, pubKey: r.aggKey.xonly, msg: c.msg });
        expect(secp.schnorr.verify(sig, c.msg, r.aggKey.xonly)).toBe(true);
        expect(bytesToHex(extract({ sig, preSig, adaptorPoint: r.adaptorPoint }))).toBe(bytesToHex(c.secret));
      }),
      { numRuns: runs(20) },
    );
  });

  it('rejects a wrong partial signature before and at aggregation', () => {
    fc.assert(
      fc.property(arb, fc.bigInt({ min: 1n, max: CURVE_ORDER - 1n }), (c, delta) => {
        const r = run(c);
        const bad = scalarToBytes((bytesToBigInt(r.psigs[0] as Uint8Array) + delta) % CURVE_ORDER);
        expect(
          musigAdaptorPartialVerify({
            params: r.session.params,
            partialSig: bad,
            pubNonce: (r.nonces[0] as { pubNonce: Uint8Array }).pubNonce,
            signerPubKey: r.own[0] as Uint8Array,
          }),
        ).toBe(false);
        expect(() =>
          musigAdaptorPreSigAgg({
            params: r.session.params,
            adaptorPoint: r.adaptorPoint,
            partialSigs: [bad, r.psigs[1] as Uint8Array],
          }),
        ).toThrow(InputError);
      }),
      { numRuns: runs(10) },
    );
  });
});
