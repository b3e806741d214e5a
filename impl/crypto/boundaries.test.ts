/**
 * Fail closed on garbage: every public function fed random bytes (right or wrong lengths) either answers or
 * throws `InputError` (the CLI prints those without a stack trace) — never a TypeError/RangeError from deep
 * inside a library.
 */
import { describe, it } from 'vitest';
import fc from 'fast-check';
import { adapt, extract, preSign, preVerify } from './adaptor.ts';
import { musigAdaptorAggNonce } from './adaptor-musig.ts';
import { openEnvelope, sealEnvelope } from './mailbox.ts';
import { MusigSession, musigKeyAgg, musigNonceAgg, musigPartialSigVerify } from './musig.ts';
import { NonceStore } from './nonce-store.ts';
import { partialSigPoint } from './partial-sig-point.ts';
import { schnorrSign, schnorrVerify, xonlyPubKey } from './schnorr.ts';
import { runs } from './arbitraries.ts';
import { InputError } from '../../util/input-error.ts';

/** Bytes of about the expected length: exact most of the time, sometimes one off, sometimes all 0x00/0xff. */
const near = (len: number) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.uint8Array({ minLength: len, maxLength: len }) },
    { weight: 1, arbitrary: fc.uint8Array({ minLength: Math.max(0, len - 1), maxLength: len + 1 }) },
    { weight: 1, arbitrary: fc.constantFrom(new Uint8Array(len), new Uint8Array(len).fill(0xff)) },
  );
/** A compressed point: usually a real one (prefix 02/03 and a random x, half of which are on the curve). */
const point33 = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom(2, 3), fc.uint8Array({ minLength: 32, maxLength: 32 }))
      .map(([p, x]) => Uint8Array.of(p, ...x)),
  },
  { weight: 1, arbitrary: near(33) },
);
const nonce66 = fc.oneof(
  fc.tuple(point33, point33).map(([a, b]) => Uint8Array.of(...a, ...b)),
  near(66),
);

function answersOrInputError(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    if (!(e instanceof InputError))
      throw new Error(`expected InputError, got ${(e as Error).name}: ${(e as Error).message}`);
  }
}

describe('public functions on random input (fast-check)', () => {
  it('schnorr: sign, verify, xonlyPubKey', () => {
    fc.assert(
      fc.property(near(32), near(32), near(64), fc.uint8Array({ maxLength: 40 }), near(32), (sk, pk, sig, msg, aux) => {
        answersOrInputError(() => xonlyPubKey(sk));
        answersOrInputError(() => schnorrVerify({ pubKey: pk, msg, sig }));
        answersOrInputError(() => schnorrSign({ secKey: sk, msg, auxRand: aux }));
      }),
      { numRuns: runs(40) },
    );
  });

  it('musig: key and nonce aggregation, sessions, partial verification', () => {
    fc.assert(
      fc.property(
        point33,
        point33,
        nonce66,
        nonce66,
        near(32),
        fc.uint8Array({ maxLength: 40 }),
        (k1, k2, n1, n2, psig, msg) => {
          answersOrInputError(() => musigKeyAgg([k1, k2]));
          answersOrInputError(() => musigNonceAgg([n1, n2]));
          answersOrInputError(() =>
            new MusigSession({ aggNonce: n1, publicKeys: [k1, k2], msg }).aggregate([psig, psig]),
          );
          answersOrInputError(() =>
            musigPartialSigVerify({ partialSig: psig, pubNonces: [n1, n2], publicKeys: [k1, k2], msg, signerIndex: 0 }),
          );
        },
      ),
      { numRuns: runs(40) },
    );
  });

  it('partialSigPoint and the MuSig2 adaptor nonce', () => {
    fc.assert(
      fc.property(point33, point33, nonce66, nonce66, fc.uint8Array({ maxLength: 40 }), (k1, k2, pn, agg, msg) => {
        answersOrInputError(() =>
          partialSigPoint({ pubNonce: pn, aggNonce: agg, publicKeys: [k1, k2], signerPubKey: k1, msg }),
        );
        answersOrInputError(() => musigAdaptorAggNonce({ aggNonce: agg, adaptorPoint: k2 }));
      }),
      { numRuns: runs(40) },
    );
  });

  it('adaptor: preSign, preVerify, adapt, extract', () => {
    fc.assert(
      fc.property(
        near(32),
        near(32),
        point33,
        near(65),
        near(64),
        near(32),
        fc.uint8Array({ maxLength: 40 }),
        (sk, pk, T, pre, sig, t, msg) => {
          answersOrInputError(() => preSign({ secKey: sk, msg, adaptorPoint: T, auxRand: t }));
          answersOrInputError(() => preVerify({ pubKey: pk, msg, adaptorPoint: T, preSig: pre }));
          answersOrInputError(() => adapt({ preSig: pre, secret: t, pubKey: pk, msg }));
          answersOrInputError(() => extract({ sig, preSig: pre, adaptorPoint: T }));
        },
      ),
      { numRuns: runs(40) },
    );
  });

  it('mailbox: seal and open', () => {
    fc.assert(
      fc.property(near(32), point33, fc.uint8Array({ maxLength: 120 }), near(32), (sk, pub, blob, nonce) => {
        answersOrInputError(() =>
          sealEnvelope({ senderSecKey: sk, recipientPubKey: pub, plaintext: blob, aad: blob, rand: nonce }),
        );
        answersOrInputError(() => openEnvelope({ recipientSecKey: sk, envelope: blob, aad: nonce }));
      }),
      { numRuns: runs(40) },
    );
  });

  it('NonceStore.restore on random JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        answersOrInputError(() => NonceStore.restore(json));
        answersOrInputError(() => NonceStore.restore({ version: 1, nonces: [json] }));
      }),
      { numRuns: runs(100) },
    );
  });
});
