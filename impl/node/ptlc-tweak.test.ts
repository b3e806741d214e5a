/**
 * The point arithmetic a node does on what a peer sent (impl/node/ptlc.ts): a result at infinity, or a tweak not
 * below the group order, is an InputError the node refuses as node:crypto-input-refused (R-07-01), never a crash.
 * A deviating S and B once crashed a routing node with an offer locked to t·G and a blinded tweak t (noble's
 * RangeError from T − t·G): the guard case in oracle/scheme1/guard-cases-edge.ts drives it end to end.
 */
import { describe, expect, it } from 'vitest';
import { isInputError } from '../../util/input-error.ts';
import { CURVE_ORDER, scalarToBytes } from '../crypto/scalar.ts';
import { addPoints, addTweak, pointOfSecret, subtractTweak, ZERO32 } from './ptlc.ts';
import { toHex } from './wire.ts';

const T = '33'.repeat(32);
const inputError = (f: () => unknown): boolean => {
  try {
    f();
    return false;
  } catch (e) {
    return isInputError(e);
  }
};

describe('point arithmetic on a peer’s values', () => {
  it('subtracts and adds a tweak as the secrets do, and a zero tweak leaves the point', () => {
    const L = pointOfSecret('11'.repeat(32));
    expect(subtractTweak(addTweak(L, T), T)).toBe(L);
    expect(addTweak(L, ZERO32)).toBe(L);
    expect(subtractTweak(L, ZERO32)).toBe(L);
  });

  it('refuses a difference, sum or tweak the curve cannot take with an InputError', () => {
    const tG = pointOfSecret(T);
    const minusTG = pointOfSecret(toHex(scalarToBytes(CURVE_ORDER - BigInt(`0x${T}`))));
    expect(inputError(() => subtractTweak(tG, T))).toBe(true);
    expect(inputError(() => addTweak(minusTG, T))).toBe(true);
    expect(inputError(() => addPoints(tG, minusTG))).toBe(true);
    expect(inputError(() => addTweak(tG, 'ff'.repeat(32)))).toBe(true);
    expect(inputError(() => subtractTweak(tG, 'ff'.repeat(32)))).toBe(true);
    expect(inputError(() => addPoints(tG, tG))).toBe(false);
  });
});
