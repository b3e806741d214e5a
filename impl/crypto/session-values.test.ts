import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bytesToHex } from './bytes.ts';
import { musigKeyAgg } from './musig.ts';
import { compressedBytes, hasEvenY } from './point.ts';
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

  it('does not confuse a plain and an x-only tweak with the same bytes (memo key includes the mode)', () => {
    // Keys whose aggregate has odd y, so an x-only tweak negates Q and the two modes really differ.
    const pair = (i: number) => [
      compressedPubKey(new Uint8Array(32).fill(i)),
      compressedPubKey(new Uint8Array(32).fill(i + 1)),
    ];
    const i = [1, 2, 3, 4, 5, 6, 7, 8].find((k) => !hasEvenY(keyGenContext({ publicKeys: pair(k), tweaks: [] }).Q));
    expect(i).toBeDefined();
    const publicKeys = pair(i as number);
    const tweak = new Uint8Array(32).fill(3);
    expect(bytesToHex(compressedBytes(keyGenContext({ publicKeys, tweaks: [{ tweak, xOnly: true }] }).Q))).not.toBe(
      bytesToHex(compressedBytes(keyGenContext({ publicKeys, tweaks: [{ tweak, xOnly: false }] }).Q)),
    );
    for (let round = 0; round < 2; round++) {
      for (const xOnly of [true, false]) {
        const ours = keyGenContext({ publicKeys, tweaks: [{ tweak, xOnly }] });
        const lib = musigKeyAgg(publicKeys, { tweaks: [{ tweak, xOnly }] });
        expect(bytesToHex(compressedBytes(ours.Q)), `round ${round}, xOnly ${xOnly}`).toBe(bytesToHex(lib.compressed));
        expect(ours.gacc, `round ${round}, xOnly ${xOnly}`).toBe(lib.gAcc);
      }
    }
  });
});
