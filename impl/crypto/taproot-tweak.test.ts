import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as t from 'io-ts';
import { secp } from './setup.ts';
import { bytesToHex, hexToBytes } from './bytes.ts';
import { MusigSession, musigKeyAgg, musigKeySort, musigNonceAgg, musigNonceGen } from './musig.ts';
import { compressedPubKey } from './schnorr.ts';
import { taprootOutputKey, taprootTweak } from './taproot-tweak.ts';
import { msgArb, randArb, runs, secKeyArb } from './arbitraries.ts';
import { readJsonVectorsIfPresent, vectorsPresent } from './test-vectors.ts';

const FILE = 'bip-0341/wallet-test-vectors.json';

describe.skipIf(!vectorsPresent(FILE))('BIP-341 wallet-test-vectors.json scriptPubKey: tweak and output key', () => {
  const v = readJsonVectorsIfPresent(
    FILE,
    t.type({
      scriptPubKey: t.array(
        t.type({
          given: t.type({ internalPubkey: t.string }),
          intermediary: t.type({ merkleRoot: t.union([t.string, t.null]), tweak: t.string, tweakedPubkey: t.string }),
        }),
      ),
    }),
  );
  if (v === undefined) return;
  v.scriptPubKey.forEach((c, i) => {
    const name = `scriptPubKey[${i}] (merkleRoot ${c.intermediary.merkleRoot === null ? 'none' : 'given'})`;
    it(`${name}: gives the expected tweak and tweaked key`, () => {
      const internalKey = hexToBytes('internalPubkey', c.given.internalPubkey);
      const opts =
        c.intermediary.merkleRoot === null
          ? { internalKey }
          : { internalKey, merkleRoot: hexToBytes('merkleRoot', c.intermediary.merkleRoot) };
      expect(bytesToHex(taprootTweak(opts).tweak), name).toBe(c.intermediary.tweak);
      expect(bytesToHex(taprootOutputKey(opts)), name).toBe(c.intermediary.tweakedPubkey);
    });
  });
});

describe('MuSig2 key-path spend of a taproot output (fast-check)', () => {
  it('a 2-of-2 signature with the taproot tweak verifies under the BIP-341 output key', () => {
    fc.assert(
      fc.property(
        fc.tuple(secKeyArb, secKeyArb).filter(([a, b]) => bytesToHex(a) !== bytesToHex(b)),
        fc.tuple(randArb, randArb),
        msgArb,
        fc.option(fc.uint8Array({ minLength: 32, maxLength: 32 }), { nil: undefined }),
        ([x, y], [rx, ry], msg, merkleRoot) => {
          const keys = musigKeySort([compressedPubKey(x), compressedPubKey(y)]);
          const internalKey = musigKeyAgg(keys).xonly;
          const opts = merkleRoot === undefined ? { internalKey } : { internalKey, merkleRoot };
          const tweak = taprootTweak(opts);
          const outputKey = taprootOutputKey(opts);
          expect(bytesToHex(musigKeyAgg(keys, { tweaks: [tweak] }).xonly)).toBe(bytesToHex(outputKey));
          const signers = [x, y].map((sk, i) => ({
            sk,
            n: musigNonceGen({ pubKey: compressedPubKey(sk), secKey: sk, rand: i === 0 ? rx : ry }),
          }));
          const byKey = keys.map(
            (k) =>
              signers.find((s) => bytesToHex(compressedPubKey(s.sk)) === bytesToHex(k)) as (typeof signers)[number],
          );
          const session = new MusigSession({
            aggNonce: musigNonceAgg(byKey.map((s) => s.n.pubNonce)),
            publicKeys: keys,
            msg,
            tweaks: [tweak],
          });
          const sig = session.aggregate(
            byKey.map((s) => session.partialSign({ secNonce: s.n.secNonce, secKey: s.sk })),
          );
          expect(secp.schnorr.verify(sig, msg, outputKey)).toBe(true);
        },
      ),
      { numRuns: runs(10) },
    );
  });
});
