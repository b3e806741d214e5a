/**
 * Single-key taproot outputs and their key-path spends (BIP-341 with the BIP-86 style tweak): the balance
 * outputs of a settlement pay here. `tweakSecKey` is BIP-341's `taproot_tweak_seckey`.
 */
import './ecc.ts';
import type { Transaction } from 'bitcoinjs-lib';
import {
  Point,
  bytesToBigInt,
  concatBytes,
  hasEvenY,
  modN,
  scalarFromBytes,
  scalarToBytes,
  schnorrSign,
  taggedHash,
  xonlyBytes,
} from '../crypto/index.ts';
import { signatureHash, type SpentOutput } from './sighash-apo.ts';
import { taprootOutput, type TaprootOutput } from './taproot.ts';

/** A taproot output with no script tree: Q = P + hash_TapTweak(P)·G. */
export function keyPathOutput(opts: { readonly internalKey: Uint8Array }): TaprootOutput {
  return taprootOutput({ internalKey: opts.internalKey });
}

/** BIP-341 `taproot_tweak_seckey(seckey0, h)`: the secret key of the output key Q. */
export function tweakSecKey(opts: { readonly secKey: Uint8Array; readonly merkleRoot?: Uint8Array }): Uint8Array {
  const d0 = scalarFromBytes('secKey', opts.secKey, { allowZero: false });
  // P = point_mul(G, seckey0)
  const P = Point.BASE.multiply(d0);
  // seckey = seckey0 if has_even_y(P) else SECP256K1_ORDER - seckey0
  const d = hasEvenY(P) ? d0 : modN(-d0);
  // t = int_from_bytes(tagged_hash("TapTweak", bytes_from_int(x(P)) + h))
  const t = bytesToBigInt(taggedHash('TapTweak', concatBytes(xonlyBytes(P), opts.merkleRoot ?? new Uint8Array(0))));
  if (t >= Point.CURVE().n) throw new RangeError('tweakSecKey: tweak out of range');
  // return bytes_from_int((seckey + t) % SECP256K1_ORDER)
  return scalarToBytes(modN(d + t));
}

/**
 * The witness of a key-path spend of input `inputIndex`: one BIP-340 signature with the tweaked key over the
 * BIP-341 sighash (64 bytes for SIGHASH_DEFAULT, else 65 with the hash type appended).
 */
export function signKeyPath(opts: {
  readonly tx: Transaction;
  readonly inputIndex: number;
  readonly prevouts: readonly SpentOutput[];
  readonly secKey: Uint8Array;
  readonly auxRand: Uint8Array;
  readonly hashType?: number;
}): Uint8Array[] {
  const hashType = opts.hashType ?? 0;
  const msg = signatureHash({
    tx: opts.tx,
    inputIndex: opts.inputIndex,
    prevouts: opts.prevouts,
    hashType,
    path: { kind: 'key' },
  });
  const sig = schnorrSign({ secKey: tweakSecKey({ secKey: opts.secKey }), msg, auxRand: opts.auxRand });
  return [hashType === 0 ? sig : concatBytes(sig, Uint8Array.of(hashType))];
}
