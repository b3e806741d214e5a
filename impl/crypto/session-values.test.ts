import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bytesToHex } from './bytes.ts';
import { musigKeyAgg } from './musig.ts';
import { compressedBytes } from './point.ts';
import { keyGenContext } from './session-values.ts';
import { compressedPubKey } from './schnorr.ts';
import { runs, secKeyArb, tweaksArb } from './arbitraries.ts';

describe('our KeyAgg/ApplyTweak (session-values.ts) against the library', () => {
  it('gives the same Q, gacc and tacc as @scure/btc-signer for random keys and tweaks', () => {
    fc.assert(
      fc.property(fc.array(secKeyArb, { minLength: 1, maxLength: 3 }), tweaksArb, (secKeys, tweaks) => {
        const publicKeys = secKeys.map(compressedPubKey);
        const ours = keyGenContext({ publicKeys, tweaks });
        const lib = musigKeyAgg(publicKeys, { tweaks });
        expect(bytesToHex(compressedBytes(ours.Q))).toBe(bytesToHex(lib.compressed));
        expect(ours.gacc).toBe(lib.gAcc);
        expect(ours.tacc).toBe(lib.tweakAcc);
      }),
      { numRuns: runs(20) },
    );
  });
});
