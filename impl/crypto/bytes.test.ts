import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bytesToHex, concatBytes, equalBytes, expectBytes, hexToBytes } from './bytes.ts';
import { pointFromCompressed, pointFromCompressedExt, pointFromXonly, compressedBytesExt, Point } from './point.ts';
import { CURVE_ORDER, bytesToBigInt, modN, scalarFromBytes, scalarToBytes } from './scalar.ts';
import { taggedHash } from './tagged-hash.ts';
import { InputError } from '../../util/input-error.ts';

describe('bytes, scalars and points', () => {
  it('hex round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (b) => {
        expect(hexToBytes('x', bytesToHex(b))).toEqual(b);
        expect(hexToBytes('x', bytesToHex(b).toUpperCase())).toEqual(b);
      }),
    );
  });

  it('scalars round-trip and reject values ≥ n', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: CURVE_ORDER - 1n }), (x) => {
        expect(bytesToBigInt(scalarToBytes(x))).toBe(x);
        expect(scalarFromBytes('s', scalarToBytes(x), { allowZero: true })).toBe(x);
      }),
    );
    expect(() => scalarFromBytes('partialSig', hexToBytes('n', CURVE_ORDER.toString(16)), { allowZero: true })).toThrow(
      'partialSig: scalar is not below the group order n',
    );
    expect(() => scalarFromBytes('secKey', new Uint8Array(32), { allowZero: false })).toThrow('secKey: scalar is zero');
    expect(modN(-1n)).toBe(CURVE_ORDER - 1n);
  });

  it('names the field and the lengths when a length is wrong', () => {
    expect(() => expectBytes('partialSig', new Uint8Array(31), 32)).toThrow('partialSig: expected 32 bytes, got 31');
    expect(() => expectBytes('partialSig', '00', 32)).toThrow('partialSig: expected bytes (Uint8Array), got string');
    expect(() => hexToBytes('sig', 'abc')).toThrow('sig: hex has odd length 3');
    expect(() => hexToBytes('sig', 'zz')).toThrow(InputError);
  });

  it('parses points per BIP-327 cpoint / cpoint_ext and BIP-340 lift_x', () => {
    const G = Point.BASE.toBytes(true);
    expect(pointFromCompressed('G', G).equals(Point.BASE)).toBe(true);
    expect(pointFromXonly('G', G.subarray(1)).equals(Point.BASE)).toBe(true);
    expect(pointFromCompressedExt('inf', new Uint8Array(33)).is0()).toBe(true);
    expect(compressedBytesExt(Point.ZERO)).toEqual(new Uint8Array(33));
    expect(() => pointFromCompressed('inf', new Uint8Array(33))).toThrow(InputError);
    expect(() => pointFromCompressed('R', concatBytes(Uint8Array.of(4), G.subarray(1)))).toThrow(
      'R: compressed point must start with 0x02 or 0x03, got 0x4',
    );
  });

  it('tagged hash gives BIP-340’s challenge: s⋅G = R + e⋅P on BIP-340 vector 0', () => {
    // BIP-340 test vector 0 (secret key 3, message and aux_rand all zero).
    const pk = hexToBytes('pk', 'F9308A019258C31049344F85F89D5229B531C845836F99B08601F113BCE036F9');
    const sig = hexToBytes(
      'sig',
      'E907831F80848D1069A5371B402410364BDF1C5F8307B0084C55F1CE2DCA821525F66A4A85EA8B71E482A74F382D2CE5EBEEE8FDB2172F477DF4900D310536C0',
    );
    const msg = new Uint8Array(32);
    const e = modN(bytesToBigInt(taggedHash('BIP0340/challenge', sig.subarray(0, 32), pk, msg)));
    const R = pointFromXonly('R', sig.subarray(0, 32));
    const P = pointFromXonly('P', pk);
    expect(Point.BASE.multiply(bytesToBigInt(sig.subarray(32))).equals(R.add(P.multiply(e)))).toBe(true);
    expect(equalBytes(taggedHash('BIP0340/challenge'), taggedHash('BIP0340/aux'))).toBe(false);
  });
});
