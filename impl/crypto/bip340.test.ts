import { describe, expect, it } from 'vitest';
import { hexToBytes, bytesToHex } from './bytes.ts';
import { schnorrSign, schnorrVerify, xonlyPubKey } from './schnorr.ts';
import { readCsvVectors, vectorsPresent } from './test-vectors.ts';

const FILE = 'bip-0340/test-vectors.csv';
const present = vectorsPresent(FILE);

describe.skipIf(!present)('BIP-340 test vectors (bip-0340/test-vectors.csv)', () => {
  const rows = present ? readCsvVectors(FILE) : [];

  it('has all 19 vectors', () => {
    expect(rows.map((r) => r.index)).toEqual(Array.from({ length: 19 }, (_, i) => String(i)));
  });

  for (const row of rows) {
    const index = row.index ?? '?';
    const comment = row.comment ?? '';
    const label = `vector ${index}${comment ? ` (${comment})` : ''}`;
    const pubKey = hexToBytes(`${label}: public key`, row['public key'] ?? '');
    const msg = hexToBytes(`${label}: message`, row.message ?? '');
    const sig = hexToBytes(`${label}: signature`, row.signature ?? '');
    const expected = row['verification result'] === 'TRUE';
    const secKeyHex = row['secret key'] ?? '';

    if (secKeyHex !== '') {
      it(`${label}: signs to the expected signature and public key`, () => {
        const secKey = hexToBytes(`${label}: secret key`, secKeyHex);
        const auxRand = hexToBytes(`${label}: aux_rand`, row.aux_rand ?? '');
        expect(bytesToHex(xonlyPubKey(secKey)), label).toBe(bytesToHex(pubKey));
        expect(bytesToHex(schnorrSign({ secKey, msg, auxRand })), label).toBe(bytesToHex(sig));
      });
    }

    it(`${label}: verifies to ${expected ? 'TRUE' : 'FALSE'}`, () => {
      expect(schnorrVerify({ pubKey, msg, sig }), label).toBe(expected);
    });
  }
});
