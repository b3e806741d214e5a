/**
 * Off-chain PTLCs on the channels S → P1 → … → Pk → B (and A → S in scheme 2). A channel is a ledger of two
 * balances; a PTLC moves `amountSat` out of the offerer's balance into flight. It is locked by an adaptor
 * pre-signature: the offerer pre-signs the claim message under the lock point L with its node key; the receiver
 * completes it with the secret ℓ (ℓ·G = L) into a BIP-340 signature, which is its claim; the offerer extracts ℓ
 * from the completed signature (impl/crypto/adaptor.ts). Claimed: the amount goes to the receiver. Past its
 * timeout height and unclaimed: back to the offerer, and a late claim is refused (`too-late`).
 */
import * as t from 'io-ts';
import { utf8 } from '../crypto/bytes.ts';
import { adapt, extract, preSign, preVerify } from '../crypto/adaptor.ts';
import { Point, compressedBytes, pointFromCompressed } from '../crypto/point.ts';
import { bytesToBigInt, modN, scalarToBytes } from '../crypto/scalar.ts';
import { taggedHash } from '../crypto/tagged-hash.ts';
import { canonicalJson } from './canonical.ts';
import { Blocks, Hex32, Hex33, Hex65, NodeId, Sat, fromHex, toHex } from './wire.ts';

export const Ledger = t.type({ peer: NodeId, localSat: Sat, remoteSat: Sat });
export type Ledger = t.TypeOf<typeof Ledger>;

export const PtlcStatus = t.keyof({ pending: null, claimed: null, 'timed-out': null });

export const PtlcEntry = t.type({
  paymentId: Hex32,
  hop: Blocks,
  direction: t.keyof({ out: null, in: null }),
  peer: NodeId,
  amountSat: Sat,
  point: Hex33,
  timeoutHeight: Blocks,
  preSig: Hex65,
  status: PtlcStatus,
  /** The lock secret ℓ once known (receiver: when it claims; offerer: extracted from the claim). */
  secret: t.union([Hex32, t.null]),
});
export type PtlcEntry = t.TypeOf<typeof PtlcEntry>;

export const ZERO32 = '00'.repeat(32);

/** What a PTLC's adaptor signature signs: the claim of hop `hop` of `paymentId` with these terms. */
export function claimMsg(p: {
  paymentId: string;
  hop: number;
  amountSat: number;
  point: string;
  timeoutHeight: number;
}): Uint8Array {
  const { paymentId, hop, amountSat, point, timeoutHeight } = p;
  return taggedHash('APLN/ptlc/claim', utf8(canonicalJson({ paymentId, hop, amountSat, point, timeoutHeight })));
}

export function preSignClaim(opts: {
  terms: { paymentId: string; hop: number; amountSat: number; point: string; timeoutHeight: number };
  secKey: Uint8Array;
  auxRand: Uint8Array;
}): string {
  return toHex(
    preSign({
      secKey: opts.secKey,
      msg: claimMsg(opts.terms),
      adaptorPoint: fromHex(opts.terms.point),
      auxRand: opts.auxRand,
    }),
  );
}

export function preSigValid(opts: {
  terms: { paymentId: string; hop: number; amountSat: number; point: string; timeoutHeight: number };
  offererKeyHex: string;
  preSig: string;
}): boolean {
  return preVerify({
    pubKey: fromHex(opts.offererKeyHex).slice(1),
    msg: claimMsg(opts.terms),
    adaptorPoint: fromHex(opts.terms.point),
    preSig: fromHex(opts.preSig),
  });
}

/** The receiver's claim: the pre-signature completed with the secret (throws if the secret does not fit). */
export function completeClaim(opts: { entry: PtlcEntry; secret: string; offererKeyHex: string }): string {
  return toHex(
    adapt({
      preSig: fromHex(opts.entry.preSig),
      secret: fromHex(opts.secret),
      pubKey: fromHex(opts.offererKeyHex).slice(1),
      msg: claimMsg(opts.entry),
    }),
  );
}

/** The offerer learns ℓ from the receiver's claim (throws `AdaptorError` if the claim does not complete it). */
export function extractSecret(opts: { entry: PtlcEntry; sig: string }): string {
  return toHex(
    extract({ sig: fromHex(opts.sig), preSig: fromHex(opts.entry.preSig), adaptorPoint: fromHex(opts.entry.point) }),
  );
}

/** L − x·G (x = 0 gives L). */
export function subtractTweak(pointHex: string, tweakHex: string): string {
  const x = bytesToBigInt(fromHex(tweakHex));
  if (x === 0n) return pointHex;
  return toHex(compressedBytes(pointFromCompressed('point', fromHex(pointHex)).subtract(Point.BASE.multiply(x))));
}

/** L + x·G (x = 0 gives L). */
export function addTweak(pointHex: string, tweakHex: string): string {
  const x = bytesToBigInt(fromHex(tweakHex));
  if (x === 0n) return pointHex;
  return toHex(compressedBytes(pointFromCompressed('point', fromHex(pointHex)).add(Point.BASE.multiply(x))));
}

/** A + B of two compressed points (hex). */
export function addPoints(a: string, b: string): string {
  return toHex(compressedBytes(pointFromCompressed('point', fromHex(a)).add(pointFromCompressed('point', fromHex(b)))));
}

/** (a ± b) mod n on 32-byte hex scalars. */
export function scalarAdd(a: string, b: string): string {
  return toHex(scalarToBytes(modN(bytesToBigInt(fromHex(a)) + bytesToBigInt(fromHex(b)))));
}
export function scalarSub(a: string, b: string): string {
  return toHex(scalarToBytes(modN(bytesToBigInt(fromHex(a)) - bytesToBigInt(fromHex(b)))));
}

/** The point of a secret: ℓ·G, compressed hex. */
export function pointOfSecret(secret: string): string {
  return toHex(compressedBytes(Point.BASE.multiply(bytesToBigInt(fromHex(secret)))));
}

export function ledgerWith(ledgers: Ledger[], peer: string): Ledger | undefined {
  return ledgers.find((l) => l.peer === peer);
}

/** Times out every pending PTLC at or past its timeout height; refunds outgoing ones. Returns notes. */
export function expirePtlcs(opts: { ptlcs: PtlcEntry[]; ledgers: Ledger[]; height: number }): string[] {
  const notes: string[] = [];
  for (const p of opts.ptlcs) {
    if (p.status !== 'pending' || opts.height < p.timeoutHeight) continue;
    p.status = 'timed-out';
    const l = ledgerWith(opts.ledgers, p.peer);
    if (l !== undefined) {
      if (p.direction === 'out') l.localSat += p.amountSat;
      else l.remoteSat += p.amountSat;
    }
    notes.push(`PTLC hop ${p.hop} of ${p.paymentId.slice(0, 8)} timed out at height ${opts.height}`);
  }
  return notes;
}
