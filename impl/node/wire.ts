/**
 * Wire primitives for node messages and snapshots: io-ts codecs over JSON with exact lengths checked per field
 * (lower-case hex of a fixed byte length, satoshi amounts, block heights), and `decodeOrError`, which turns an
 * io-ts failure into one line naming the field path (`body.partialSig: expected 64 hex digits`).
 */
import * as t from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either.js';
import { bytesToHex, hexToBytes } from '../crypto/bytes.ts';
import { pointFromCompressed } from '../crypto/point.ts';
import { CURVE_ORDER } from '../crypto/scalar.ts';
import { preview } from '../../util/json-input.ts';

/** A lower-case hex string of exactly `bytes` bytes; the codec's name says so, and is what errors print. */
function hexOf(bytes: number): t.Type<string, string, unknown> {
  const re = new RegExp(`^[0-9a-f]{${2 * bytes}}$`);
  return t.refinement(t.string, (s): s is string => re.test(s), `hex${bytes}`);
}

/** Lower-case hex of any even length (a raw transaction, a ciphertext). */
export const HexAny = t.refinement(t.string, (s): s is string => /^(?:[0-9a-f]{2})*$/.test(s), 'hex');

export const Hex32 = hexOf(32);
export const Hex33 = hexOf(33);
export const Hex64 = hexOf(64);
export const Hex65 = hexOf(65);
export const Hex66 = hexOf(66);

function onCurve(hex: string): boolean {
  try {
    pointFromCompressed('point', hexToBytes('point', hex));
    return true;
  } catch {
    return false;
  }
}

/** R-07-01: a 33-byte compressed point on secp256k1 (not infinity), as hex. */
export const Point33 = t.refinement(t.string, (s): s is string => /^[0-9a-f]{66}$/.test(s) && onCurve(s), 'point33');

/** R-07-01: a BIP-327 public nonce, two compressed curve points (66 bytes), as hex. */
export const PubNonce66 = t.refinement(
  t.string,
  (s): s is string => /^[0-9a-f]{132}$/.test(s) && onCurve(s.slice(0, 66)) && onCurve(s.slice(66)),
  'pubnonce66',
);

/** R-07-01: a 32-byte scalar below the group order n (a partial signature, a secret, a tweak), as hex. */
export const Scalar32 = t.refinement(
  t.string,
  (s): s is string => /^[0-9a-f]{64}$/.test(s) && BigInt(`0x${s}`) < CURVE_ORDER,
  'scalar32',
);

/** A non-negative whole number of satoshis (a safe integer). */
export const Sat = t.refinement(t.number, (n): n is number => Number.isSafeInteger(n) && n >= 0, 'sat');
/** A block height or a count of blocks. */
export const Blocks = t.refinement(t.number, (n): n is number => Number.isSafeInteger(n) && n >= 0, 'blocks');
/** A per-stream sequence number, starting at 1. */
export const Seq = t.refinement(t.number, (n): n is number => Number.isSafeInteger(n) && n >= 1, 'seq');
/** An eltoo state number (nLockTime = 500000000 + n, so n < 500000000 keeps it a timestamp-form locktime). */
export const StateNumber = t.refinement(
  t.number,
  (n): n is number => Number.isSafeInteger(n) && n >= 0 && n < 500_000_000,
  'stateNumber',
);
/** A party's name on the network: A, S, B, M, P1, P2, … */
export const NodeId = t.refinement(t.string, (s): s is string => /^(A|S|B|M|P[1-9][0-9]?)$/.test(s), 'nodeId');

/** Decodes `value` with `codec`; on failure returns the first error as `path: expected <type>, got <value>`. */
export function decodeOrError<A, O>(
  codec: t.Type<A, O, unknown>,
  value: unknown,
  where: string,
): { ok: true; value: A } | { ok: false; problem: string } {
  const r = codec.decode(value);
  if (!isLeft(r)) return { ok: true, value: r.right };
  const first = r.left[0];
  if (first === undefined) return { ok: false, problem: `${where}: does not decode` };
  const path = first.context
    .map((c) => c.key)
    .filter((k) => k !== '')
    .join('.');
  const leaf = first.context[first.context.length - 1];
  const expected = leaf?.type.name ?? 'a valid value';
  const got = preview(first.value, 40);
  return { ok: false, problem: `${path === '' ? where : `${where}.${path}`}: expected ${expected}, got ${got}` };
}

export const toHex = bytesToHex;
/** Hex from our own decoded wire values (already length-checked by a codec). */
export function fromHex(hex: string, where = 'hex'): Uint8Array {
  return hexToBytes(where, hex);
}
