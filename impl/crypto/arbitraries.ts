/** Test-only fast-check arbitraries for impl/crypto's property tests. Not part of the public API. */
import fc from 'fast-check';
import { CURVE_ORDER, scalarToBytes } from './scalar.ts';
import type { Tweak } from './musig.ts';

/** A valid secret key / non-zero scalar, as 32 bytes. */
export const secKeyArb = fc.bigInt({ min: 1n, max: CURVE_ORDER - 1n }).map(scalarToBytes);
/** 32 bytes of injected randomness (nonce rand, aux rand). */
export const randArb = fc.uint8Array({ minLength: 32, maxLength: 32 });
/** A message: usually a 32-byte sighash, sometimes any length (BIP-340/327 allow it). */
export const msgArb = fc.oneof(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 80 }));
/** A BIP-327 tweak (plain or x-only); zero is a valid tweak. */
const tweakArb: fc.Arbitrary<Tweak> = fc.record({
  tweak: fc.bigInt({ min: 0n, max: CURVE_ORDER - 1n }).map(scalarToBytes),
  xOnly: fc.boolean(),
});
export const tweaksArb = fc.array(tweakArb, { maxLength: 2 });

/** fast-check run count: small by default (npm test stays fast), 20× under APLN_LONG=1. */
export function runs(n: number): number {
  return process.env.APLN_LONG ? n * 20 : n;
}
