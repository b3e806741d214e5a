import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { secp } from './setup.ts';
import { bytesToHex } from './bytes.ts';
import { MusigContributionError } from './errors.ts';
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
});

function run(c: {
  secKeys: [Uint8Array, Uint8Array];
  rands: [Uint8Array, Uint8Array];
  msg: Uint8Array;
  tweaks: { tweak: Uint8Array; xOnly: boolean }[];
}) {
  const publicKeys = c.secKeys.map(compressedPubKey); // A then S: the order is the caller's choice
  const aggKey = musigKeyAgg(publicKeys, { tweaks: c.tweaks });
  const nonces = c.secKeys.map((secKey, i) =>
    musigNonceGen({ pubKey: publicKeys[i] as Uint8Array, secKey, rand: c.rands[i] as Uint8Array, msg: c.msg }),
  );
  const session = new MusigSession({
    aggNonce: musigNonceAgg(nonces.map((n) => n.pubNonce)),
    publicKeys,
    msg: c.msg,
    tweaks: c.tweaks,
  });
  const psigs = c.secKeys.map((secKey, i) =>
    session.partialSign({ secNonce: (nonces[i] as { secNonce: Uint8Array }).secNonce, secKey }),
  );
  return { publicKeys, aggKey, nonces, session, psigs };
}

describe('MuSig2 2-of-2 wrapper (fast-check)', () => {
  it('two partial signatures aggregate into a BIP-340 signature noble verifies under the (tweaked) aggregate key', () => {
    fc.assert(
      fc.property(arb, (c) => {
        const r = run(c);
        const sig = r.session.aggregate(r.psigs);
        expect(secp.schnorr.verify(sig, c.msg, r.aggKey.xonly)).toBe(true);
        expect(r.aggKey.compressed.subarray(1)).toEqual(r.aggKey.xonly);
        r.psigs.forEach((partialSig, i) =>
          expect(
            r.session.partialVerify({ partialSig, pubNonces: r.nonces.map((n) => n.pubNonce), signerIndex: i }),
          ).toBe(true),
        );
      }),
      { numRuns: runs(20) },
    );
  });

  it('refuses to aggregate when a partial signature is wrong', () => {
    fc.assert(
      fc.property(arb, fc.bigInt({ min: 1n, max: CURVE_ORDER - 1n }), (c, delta) => {
        const r = run(c);
        const bad = scalarToBytes((bytesToBigInt(r.psigs[1] as Uint8Array) + delta) % CURVE_ORDER);
        expect(
          r.session.partialVerify({ partialSig: bad, pubNonces: r.nonces.map((n) => n.pubNonce), signerIndex: 1 }),
        ).toBe(false);
        expect(() => r.session.aggregate([r.psigs[0] as Uint8Array, bad])).toThrow(/does not verify/);
      }),
      { numRuns: runs(10) },
    );
  });

  it('nonce generation is deterministic in the injected randomness', () => {
    fc.assert(
      fc.property(secKeyArb, randArb, (secKey, rand) => {
        const pubKey = compressedPubKey(secKey);
        const a = musigNonceGen({ pubKey, secKey, rand });
        const b = musigNonceGen({ pubKey, secKey, rand });
        expect(bytesToHex(a.secNonce)).toBe(bytesToHex(b.secNonce));
        expect(bytesToHex(a.pubNonce)).toBe(bytesToHex(b.pubNonce));
      }),
      { numRuns: runs(10) },
    );
  });

  it('key sorting makes the aggregate key independent of the order the keys were given in', () => {
    fc.assert(
      fc.property(secKeyArb, secKeyArb, (x, y) => {
        const kx = compressedPubKey(x);
        const ky = compressedPubKey(y);
        expect(bytesToHex(musigKeyAgg(musigKeySort([kx, ky])).xonly)).toBe(
          bytesToHex(musigKeyAgg(musigKeySort([ky, kx])).xonly),
        );
      }),
      { numRuns: runs(10) },
    );
  });
});

describe('MuSig2 wrapper input checks', () => {
  it('names the field of a wrong-length key, nonce or partial signature', () => {
    const k = compressedPubKey(scalarToBytes(1n));
    expect(() => musigKeyAgg([k, k.subarray(1)])).toThrow('musigKeyAgg: publicKeys[1]: expected 33 bytes, got 32');
    expect(() => musigNonceAgg([new Uint8Array(65)])).toThrow('musigNonceAgg: pubNonces[0]: expected 66 bytes, got 65');
    const n = musigNonceGen({ pubKey: k, rand: new Uint8Array(32) });
    const s = new MusigSession({ aggNonce: musigNonceAgg([n.pubNonce]), publicKeys: [k], msg: new Uint8Array(32) });
    expect(() => s.partialVerify({ partialSig: new Uint8Array(31), pubNonces: [n.pubNonce], signerIndex: 0 })).toThrow(
      'partialVerify: partialSig: expected 32 bytes, got 31',
    );
    expect(() => s.partialVerify({ partialSig: new Uint8Array(32), pubNonces: [n.pubNonce], signerIndex: 1 })).toThrow(
      InputError,
    );
  });

  it('blames the signer whose key is not on the curve', () => {
    const k = compressedPubKey(scalarToBytes(1n));
    const bad = new Uint8Array(33).fill(0);
    bad[0] = 0x02;
    bad[32] = 5; // x = 5 is not on secp256k1 (BIP-327 key_agg vector key 3)
    try {
      musigKeyAgg([k, bad]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(MusigContributionError);
      expect((e as MusigContributionError).signer).toBe(1);
    }
  });
});

describe('remembered session contexts (a pure function of public inputs)', () => {
  it("a session rebuilt from the same bytes signs as the first, and the caller's later writes into its inputs change neither", () => {
    fc.assert(
      fc.property(arb, (c) => {
        const r = run(c);
        const pubNonces = r.nonces.map((n) => n.pubNonce);
        const aggNonce = musigNonceAgg(pubNonces);
        const msg = c.msg.slice();
        const publicKeys = r.publicKeys.map((k) => k.slice());
        const again = new MusigSession({ aggNonce, publicKeys, msg, tweaks: c.tweaks });
        aggNonce.fill(0); // written after construction: neither session may see it
        msg.fill(7);
        publicKeys[0]!.fill(2);
        const third = new MusigSession({
          aggNonce: musigNonceAgg(pubNonces),
          publicKeys: r.publicKeys,
          msg: c.msg,
          tweaks: c.tweaks,
        });
        for (const s of [again, third]) {
          r.psigs.forEach((partialSig, i) =>
            expect(s.partialVerify({ partialSig, pubNonces, signerIndex: i })).toBe(true),
          );
          expect(secp.schnorr.verify(s.aggregate(r.psigs), c.msg, r.aggKey.xonly)).toBe(true);
        }
      }),
      { numRuns: runs(10) },
    );
  });

  it('a different message in an otherwise equal session gives a different context (its signatures do not verify)', () => {
    fc.assert(
      fc.property(arb, (c) => {
        const r = run(c);
        const pubNonces = r.nonces.map((n) => n.pubNonce);
        const other = c.msg.length > 0 ? c.msg.map((b) => b ^ 1) : Uint8Array.of(1);
        const s = new MusigSession({
          aggNonce: musigNonceAgg(pubNonces),
          publicKeys: r.publicKeys,
          msg: other,
          tweaks: c.tweaks,
        });
        expect(s.partialVerify({ partialSig: r.psigs[0]!, pubNonces, signerIndex: 0 })).toBe(false);
      }),
      { numRuns: runs(10) },
    );
  });
});
