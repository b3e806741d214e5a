import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as t from 'io-ts';
import { bytesToHex, hexToBytes } from './bytes.ts';
import { MusigContributionError } from './errors.ts';
import { MusigSession, musigKeyAgg, musigKeySort, musigNonceAgg, musigNonceGen, type Tweak } from './musig.ts';
import { Point } from './point.ts';
import { partialSigHasPoint, partialSigPoint, partialSigPointBytes } from './partial-sig-point.ts';
import { CURVE_ORDER, bytesToBigInt, scalarToBytes } from './scalar.ts';
import { compressedPubKey } from './schnorr.ts';
import { msgArb, randArb, runs, secKeyArb, tweaksArb } from './arbitraries.ts';
import { Hex, Indices, readJsonVectorsIfPresent, vectorsPresent } from './test-vectors.ts';
import { InputError } from '../../util/input-error.ts';

const sG = (psig: Uint8Array) => Point.BASE.multiplyUnsafe(bytesToBigInt(psig));

/** A whole 2-of-2 session run by the library: keys, nonces, both partial signatures. */
function librarySession(opts: {
  secKeys: [Uint8Array, Uint8Array];
  rands: [Uint8Array, Uint8Array];
  msg: Uint8Array;
  tweaks: Tweak[];
  sortKeys: boolean;
}) {
  const unsorted = opts.secKeys.map(compressedPubKey);
  const publicKeys = opts.sortKeys ? musigKeySort(unsorted) : unsorted;
  // order[k] = which signer holds publicKeys[k] (keys are distinct: see sessionArb).
  const order = publicKeys.map((pk) => unsorted.findIndex((u) => bytesToHex(u) === bytesToHex(pk)));
  const aggPubKey = musigKeyAgg(publicKeys, { tweaks: opts.tweaks }).xonly;
  const nonces = opts.secKeys.map((secKey, i) =>
    musigNonceGen({
      pubKey: unsorted[i] as Uint8Array,
      secKey,
      aggPubKey,
      msg: opts.msg,
      rand: opts.rands[i] as Uint8Array,
    }),
  );
  const aggNonce = musigNonceAgg(nonces.map((n) => n.pubNonce));
  const session = new MusigSession({ aggNonce, publicKeys, msg: opts.msg, tweaks: opts.tweaks });
  const psigs = opts.secKeys.map((secKey, i) =>
    session.partialSign({ secNonce: (nonces[i] as { secNonce: Uint8Array }).secNonce, secKey }),
  );
  return { unsorted, publicKeys, order, nonces, aggNonce, session, psigs };
}

const sessionArb = fc.record({
  // Two distinct keys, as in a real channel (equal keys would make the signer of a key position ambiguous).
  secKeys: fc.tuple(secKeyArb, secKeyArb).filter(([a, b]) => bytesToHex(a) !== bytesToHex(b)),
  rands: fc.tuple(randArb, randArb),
  msg: msgArb,
  tweaks: tweaksArb,
  sortKeys: fc.boolean(),
});

describe('partialSigPoint on random 2-of-2 sessions (fast-check)', () => {
  it('equals s_i⋅G of the library’s partial signature for each signer, and the library verifies s_i', () => {
    fc.assert(
      fc.property(sessionArb, (cfg) => {
        const run = librarySession(cfg);
        const order = run.order;
        // Nonces are listed in the same order as publicKeys (the library's partialSigVerify expects that).
        const pubNoncesInKeyOrder = order.map((j) => (run.nonces[j] as { pubNonce: Uint8Array }).pubNonce);
        for (let i = 0; i < 2; i++) {
          const psig = run.psigs[i] as Uint8Array;
          const point = partialSigPoint({
            pubNonce: (run.nonces[i] as { pubNonce: Uint8Array }).pubNonce,
            aggNonce: run.aggNonce,
            publicKeys: run.publicKeys,
            signerPubKey: run.unsorted[i] as Uint8Array,
            tweaks: cfg.tweaks,
            msg: cfg.msg,
          });
          expect(point.equals(sG(psig))).toBe(true);
          expect(partialSigHasPoint({ partialSig: psig, point })).toBe(true);
          const k = order.indexOf(i);
          expect(run.session.partialVerify({ partialSig: psig, pubNonces: pubNoncesInKeyOrder, signerIndex: k })).toBe(
            true,
          );
        }
      }),
      { numRuns: runs(30) },
    );
  });

  it('rejects a wrong partial signature exactly when the library does', () => {
    fc.assert(
      fc.property(sessionArb, fc.bigInt({ min: 1n, max: CURVE_ORDER - 1n }), (cfg, delta) => {
        const run = librarySession(cfg);
        const psigA = run.psigs[0] as Uint8Array;
        const wrong = scalarToBytes((bytesToBigInt(psigA) + delta) % CURVE_ORDER);
        const point = partialSigPoint({
          pubNonce: (run.nonces[0] as { pubNonce: Uint8Array }).pubNonce,
          aggNonce: run.aggNonce,
          publicKeys: run.publicKeys,
          signerPubKey: run.unsorted[0] as Uint8Array,
          tweaks: cfg.tweaks,
          msg: cfg.msg,
        });
        expect(partialSigHasPoint({ partialSig: wrong, point })).toBe(false);
        const order = run.order;
        const pubNonces = order.map((j) => (run.nonces[j] as { pubNonce: Uint8Array }).pubNonce);
        expect(run.session.partialVerify({ partialSig: wrong, pubNonces, signerIndex: order.indexOf(0) })).toBe(false);
        // The other signer's point is different: S cannot be sold B's signature as A's.
        const otherPoint = partialSigPoint({
          pubNonce: (run.nonces[1] as { pubNonce: Uint8Array }).pubNonce,
          aggNonce: run.aggNonce,
          publicKeys: run.publicKeys,
          signerPubKey: run.unsorted[1] as Uint8Array,
          tweaks: cfg.tweaks,
          msg: cfg.msg,
        });
        expect(otherPoint.equals(point)).toBe(false);
      }),
      { numRuns: runs(15) },
    );
  });

  it('changes when the message changes (the point commits to the update being bought)', () => {
    fc.assert(
      fc.property(sessionArb, msgArb, (cfg, otherMsg) => {
        fc.pre(bytesToHex(otherMsg) !== bytesToHex(cfg.msg));
        const run = librarySession(cfg);
        const common = {
          pubNonce: (run.nonces[0] as { pubNonce: Uint8Array }).pubNonce,
          aggNonce: run.aggNonce,
          publicKeys: run.publicKeys,
          signerPubKey: run.unsorted[0] as Uint8Array,
          tweaks: cfg.tweaks,
        };
        const p1 = partialSigPointBytes({ ...common, msg: cfg.msg });
        const p2 = partialSigPointBytes({ ...common, msg: otherMsg });
        expect(bytesToHex(p1)).not.toBe(bytesToHex(p2));
      }),
      { numRuns: runs(10) },
    );
  });
});

describe('partialSigPoint input checks', () => {
  it('refuses a signer key that is not in the session', () => {
    const keys = [1n, 2n, 3n].map((k) => compressedPubKey(scalarToBytes(k)));
    const nonce = musigNonceGen({ pubKey: keys[0] as Uint8Array, rand: new Uint8Array(32) });
    const aggNonce = musigNonceAgg([nonce.pubNonce, nonce.pubNonce]);
    expect(() =>
      partialSigPoint({
        pubNonce: nonce.pubNonce,
        aggNonce,
        publicKeys: keys.slice(0, 2),
        signerPubKey: keys[2] as Uint8Array,
        msg: new Uint8Array(32),
      }),
    ).toThrow(/not one of the session/);
  });

  it('names the field when a length is wrong', () => {
    const key = compressedPubKey(scalarToBytes(1n));
    expect(() =>
      partialSigPoint({
        pubNonce: new Uint8Array(65),
        aggNonce: new Uint8Array(66),
        publicKeys: [key],
        signerPubKey: key,
        msg: new Uint8Array(32),
      }),
    ).toThrow('pubNonce: expected 66 bytes, got 65');
  });
});

const SV = 'bip-0327/sign_verify_vectors.json';
describe.skipIf(!vectorsPresent(SV))('partialSigPoint on BIP-327 sign_verify_vectors.json', () => {
  const opt = t.union([t.string, t.undefined]);
  const v = readJsonVectorsIfPresent(
    SV,
    t.type({
      pubkeys: t.array(Hex),
      pnonces: t.array(Hex),
      aggnonces: t.array(Hex),
      msgs: t.array(Hex),
      valid_test_cases: t.array(
        t.type({
          key_indices: Indices,
          nonce_indices: Indices,
          aggnonce_index: t.number,
          msg_index: t.number,
          signer_index: t.number,
          expected: Hex,
          comment: opt,
        }),
      ),
      verify_fail_test_cases: t.array(
        t.type({
          sig: Hex,
          key_indices: Indices,
          nonce_indices: Indices,
          msg_index: t.number,
          signer_index: t.number,
          comment: t.string,
        }),
      ),
      verify_error_test_cases: t.array(
        t.type({
          sig: Hex,
          key_indices: Indices,
          nonce_indices: Indices,
          msg_index: t.number,
          signer_index: t.number,
          comment: t.string,
          error: t.unknown,
        }),
      ),
    }),
  );
  if (v === undefined) return;
  const h = (list: readonly string[], i: number) => hexToBytes(`vector index ${i}`, list[i] ?? 'zz');
  const input = (
    c: { key_indices: number[]; nonce_indices: number[]; msg_index: number; signer_index: number },
    aggNonce?: Uint8Array,
  ) => {
    const publicKeys = c.key_indices.map((i) => h(v.pubkeys, i));
    const pubNonces = c.nonce_indices.map((i) => h(v.pnonces, i));
    return {
      pubNonce: pubNonces[c.signer_index] as Uint8Array,
      aggNonce: aggNonce ?? musigNonceAgg(pubNonces),
      publicKeys,
      signerPubKey: publicKeys[c.signer_index] as Uint8Array,
      msg: h(v.msgs, c.msg_index),
    };
  };

  v.valid_test_cases.forEach((c, i) => {
    const name = `valid[${i}]${c.comment ? ` (${c.comment})` : ''}`;
    it(`${name}: equals expected⋅G`, () => {
      const point = partialSigPoint(input(c, h(v.aggnonces, c.aggnonce_index)));
      expect(point.equals(sG(hexToBytes('expected', c.expected))), name).toBe(true);
    });
  });
  v.verify_fail_test_cases.forEach((c, i) => {
    const name = `verify_fail[${i}] (${c.comment})`;
    it(`${name}: the signature does not have the point`, () => {
      const point = partialSigPoint(input(c));
      const sig = hexToBytes('sig', c.sig);
      if (bytesToBigInt(sig) >= CURVE_ORDER) {
        expect(() => partialSigHasPoint({ partialSig: sig, point }), name).toThrow(InputError);
      } else {
        expect(partialSigHasPoint({ partialSig: sig, point }), name).toBe(false);
      }
    });
  });
  v.verify_error_test_cases.forEach((c, i) => {
    const name = `verify_error[${i}] (${c.comment})`;
    it(`${name}: blames signer 0`, () => {
      let thrown: unknown;
      try {
        partialSigPoint(input(c));
      } catch (e) {
        thrown = e;
      }
      expect(thrown, name).toBeInstanceOf(MusigContributionError);
      expect((thrown as MusigContributionError).signer, name).toBe(0);
    });
  });
});

const TW = 'bip-0327/tweak_vectors.json';
describe.skipIf(!vectorsPresent(TW))('partialSigPoint on BIP-327 tweak_vectors.json', () => {
  const v = readJsonVectorsIfPresent(
    TW,
    t.type({
      pubkeys: t.array(Hex),
      pnonces: t.array(Hex),
      aggnonce: Hex,
      tweaks: t.array(Hex),
      msg: Hex,
      valid_test_cases: t.array(
        t.type({
          key_indices: Indices,
          nonce_indices: Indices,
          tweak_indices: Indices,
          is_xonly: t.array(t.boolean),
          signer_index: t.number,
          expected: Hex,
          comment: t.string,
        }),
      ),
    }),
  );
  if (v === undefined) return;
  v.valid_test_cases.forEach((c, i) => {
    const name = `valid[${i}] (${c.comment})`;
    it(`${name}: equals expected⋅G`, () => {
      const publicKeys = c.key_indices.map((k) => hexToBytes('pubkey', v.pubkeys[k] ?? ''));
      const point = partialSigPoint({
        pubNonce: hexToBytes('pnonce', v.pnonces[c.nonce_indices[c.signer_index] ?? -1] ?? ''),
        aggNonce: hexToBytes('aggnonce', v.aggnonce),
        publicKeys,
        signerPubKey: publicKeys[c.signer_index] as Uint8Array,
        tweaks: c.tweak_indices.map((k, j) => ({
          tweak: hexToBytes('tweak', v.tweaks[k] ?? ''),
          xOnly: c.is_xonly[j] ?? false,
        })),
        msg: hexToBytes('msg', v.msg),
      });
      expect(point.equals(sG(hexToBytes('expected', c.expected))), name).toBe(true);
    });
  });
});
