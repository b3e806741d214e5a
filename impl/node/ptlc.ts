/**
 * PTLCs on the routing channels S → P1 → … → Pk → B (and A → S in scheme 2). A routing channel is a ledger of two
 * balances over a funding output on chain (impl/tx/hop-channel.ts: a 2-of-2 leaf of the two nodes' hop-channel
 * keys); a PTLC moves `amountSat` out of the offerer's balance into flight, and is a real Taproot output of the
 * channel's PTLC state transaction H (impl/tx/ptlc.ts: claim leaf, timeout leaf). With the offer the offerer sends
 * its signature of H and an adaptor pre-signature, under the lock point L, of the claim transaction that spends
 * the PTLC to the receiver (BIP-118 ANYPREVOUT, so the message does not cover H's txid). The receiver completes it
 * with the secret ℓ (ℓ·G = L) into the BIP-340 signature that is its claim: sent off chain (`PtlcClaim`), or put
 * on chain with H when the offerer does not answer (`ptlc-txs.ts`); either way the offerer extracts ℓ from it
 * (impl/crypto/adaptor.ts). Claimed: the amount goes to the receiver. Past its timeout height and unclaimed: back
 * to the offerer (off chain, or on chain through the timeout leaf if H was published), and a late claim is
 * refused (`too-late`).
 *
 * Keys: the PTLC's sender key is the offerer's hop-channel key tweaked by a hash of the payment and hop
 * (`ptlcKeyTweak`), so two PTLCs of one channel with equal amounts and timeouts still have different scripts and
 * an ANYPREVOUT claim signature of one never spends the other; the receiver key is the receiver's hop key.
 */
import * as t from 'io-ts';
import { adapt, extract, preSign, preVerify } from '../crypto/adaptor.ts';
import { Point, compressedBytes, pointFromCompressed, xonlyBytes } from '../crypto/point.ts';
import { tweakAdaptorPoint } from '../crypto/adaptor-tweak.ts';
import { bytesToBigInt, modN, scalarFromBytes, scalarToBytes } from '../crypto/scalar.ts';
import { InputError } from '../../util/input-error.ts';
import { schnorrSign, schnorrVerify } from '../crypto/schnorr.ts';
import { taggedHash } from '../crypto/tagged-hash.ts';
import { utf8 } from '../crypto/bytes.ts';
import { keyPathOutput } from '../tx/keypath.ts';
import { buildPtlcStateTx, ptlcStateSighash, type PtlcStateTerms } from '../tx/hop-channel.ts';
import { buildPtlcClaimTx, ptlcClaimSighash, type PtlcTerms } from '../tx/ptlc.ts';
import { hopChannelKey } from './keys.ts';
import { nodeError, type NodeError } from './errors.ts';
import { derive } from './rng.ts';
import { Blocks, Hex32, Hex33, Hex64, Hex65, NodeId, Sat, fromHex, toHex } from './wire.ts';

export const Ledger = t.type({
  peer: NodeId,
  localSat: Sat,
  remoteSat: Sat,
  /** The two sides' hop-channel keys (keys.ts `hopChannelKey`), compressed. */
  localKey: Hex33,
  remoteKey: Hex33,
  capacitySat: Sat,
  /** The channel's funding outpoint (impl/tx/hop-channel.ts `hopFundingOutput`). */
  fundingTxid: Hex32,
  fundingVout: Blocks,
});
export type Ledger = t.TypeOf<typeof Ledger>;

const PtlcStatus = t.keyof({ pending: null, claimed: null, 'timed-out': null });

export const PtlcEntry = t.type({
  paymentId: Hex32,
  hop: Blocks,
  direction: t.keyof({ out: null, in: null }),
  peer: NodeId,
  amountSat: Sat,
  point: Hex33,
  timeoutHeight: Blocks,
  preSig: Hex65,
  /** The offerer's signature of H, and H's two balances (offerer's after the PTLC, receiver's). */
  stateSig: Hex64,
  offererSat: Sat,
  receiverSat: Sat,
  status: PtlcStatus,
  /**
   * The offerer's entry: the receiver's signature of H, from its `PtlcAccept` (null until then, and always in the
   * receiver's entry): with it the offerer can publish H itself and refund through the timeout leaf.
   */
  receiverStateSig: t.union([Hex64, t.null]),
  /** The lock secret ℓ once known (receiver: when it claims; offerer: extracted from the claim). */
  secret: t.union([Hex32, t.null]),
});
export type PtlcEntry = t.TypeOf<typeof PtlcEntry>;

export const ZERO32 = '00'.repeat(32);

/** A PTLC's terms as the offer carries them. */
export type OfferTerms = {
  readonly paymentId: string;
  readonly hop: number;
  readonly amountSat: number;
  readonly point: string;
  readonly timeoutHeight: number;
};

/** Who offers and who receives, by compressed hop-channel key. */
export type HopKeys = { readonly offererKey: string; readonly receiverKey: string };

/** The hop keys of `entry` from the ledger of the node that holds it. */
export function hopKeysOf(direction: 'out' | 'in', ledger: Ledger): HopKeys {
  return direction === 'out'
    ? { offererKey: ledger.localKey, receiverKey: ledger.remoteKey }
    : { offererKey: ledger.remoteKey, receiverKey: ledger.localKey };
}

/** t = hash_APLN/ptlc/key-tweak(paymentId ‖ hop) mod n: the per-payment tweak of the offerer's hop key. */
function ptlcKeyTweak(paymentId: string, hop: number): bigint {
  return modN(bytesToBigInt(taggedHash('APLN/ptlc/key-tweak', fromHex(paymentId), utf8(String(hop)))));
}

/** The PTLC output's terms (impl/tx/ptlc.ts): sender key = offerer's hop key + t·G, receiver key = receiver's. */
export function ptlcTerms(o: OfferTerms, keys: HopKeys): PtlcTerms {
  const sender = pointFromCompressed('offerer key', fromHex(keys.offererKey)).add(
    Point.BASE.multiply(ptlcKeyTweak(o.paymentId, o.hop)),
  );
  return {
    senderKey: xonlyBytes(sender),
    receiverKey: fromHex(keys.receiverKey).slice(1),
    amountSat: BigInt(o.amountSat),
    timeoutHeight: o.timeoutHeight,
  };
}

/** The offerer's secret key for the PTLC's sender key (its hop key with `peer`, plus the payment's tweak). */
export function senderSecKey(seed: string, peer: string, o: OfferTerms): Uint8Array {
  const k = bytesToBigInt(hopChannelKey(seed, peer).secKey);
  return scalarToBytes(modN(k + ptlcKeyTweak(o.paymentId, o.hop)));
}

/** An outpoint placeholder: the sender's ANYPREVOUT message does not cover the claim's outpoint. */
const ANY_OUTPOINT = { txid: ZERO32, vout: 0 };

/** The claim transaction (unsigned): the whole PTLC to the receiver's hop key (key path), at `outpoint`. */
export function claimTx(o: OfferTerms, keys: HopKeys, outpoint = ANY_OUTPOINT) {
  return buildPtlcClaimTx({
    terms: ptlcTerms(o, keys),
    outpoint,
    toScript: keyPathOutput({ internalKey: fromHex(keys.receiverKey).slice(1) }).scriptPubKey,
  });
}

/** What a PTLC's adaptor signature signs: the sender's BIP-118 (ANYPREVOUT) sighash of its claim transaction. */
function claimMsg(o: OfferTerms, keys: HopKeys): Uint8Array {
  return ptlcClaimSighash({ terms: ptlcTerms(o, keys), tx: claimTx(o, keys), signer: 'sender' });
}

/** H's terms for a PTLC of `amountSat` over a channel whose receiver holds `receiverSat`. */
export function stateTerms(o: OfferTerms, keys: HopKeys, ledger: Ledger, receiverSat: number): PtlcStateTerms {
  const offererSat = ledger.capacitySat - o.amountSat - receiverSat;
  return {
    funding: { txid: ledger.fundingTxid, vout: ledger.fundingVout },
    capacitySat: BigInt(ledger.capacitySat),
    ptlc: ptlcTerms(o, keys),
    offerer: { key: fromHex(keys.offererKey).slice(1), sat: BigInt(offererSat) },
    receiver: { key: fromHex(keys.receiverKey).slice(1), sat: BigInt(receiverSat) },
  };
}

/**
 * The offerer's side of an offer over `ledger` (its own view, before the amount is locked): the adaptor
 * pre-signature of the claim under the offer's point, and its signature of H (the receiver keeps its balance,
 * the offerer the rest).
 */
export function signOffer(o: { terms: OfferTerms; ledger: Ledger; seed: string; auxRand: Uint8Array }): {
  preSig: string;
  stateSig: string;
  offererSat: number;
  receiverSat: number;
} {
  const keys = hopKeysOf('out', o.ledger);
  const preSig = preSign({
    secKey: senderSecKey(o.seed, o.ledger.peer, o.terms),
    msg: claimMsg(o.terms, keys),
    adaptorPoint: fromHex(o.terms.point),
    auxRand: o.auxRand,
  });
  const st = stateTerms(o.terms, keys, o.ledger, o.ledger.remoteSat);
  const stateSig = schnorrSign({
    secKey: hopChannelKey(o.seed, o.ledger.peer).secKey,
    msg: ptlcStateSighash(st, buildPtlcStateTx(st)),
    auxRand: taggedHash('APLN/ptlc/state-aux', o.auxRand),
  });
  return {
    preSig: toHex(preSig),
    stateSig: toHex(stateSig),
    offererSat: Number(st.offerer.sat),
    receiverSat: o.ledger.remoteSat,
  };
}

/**
 * The receiver's check of an offer over `ledger` (its own view, before the amount is locked): the field that is
 * wrong (`preSig`, `stateSig`, or `amountSat` when the offerer cannot lock it), or null.
 */
function offerFault(o: {
  offer: OfferTerms & { readonly preSig: string; readonly stateSig: string };
  ledger: Ledger;
}): 'preSig' | 'stateSig' | 'amountSat' | null {
  const keys = hopKeysOf('in', o.ledger);
  if (o.ledger.capacitySat - o.offer.amountSat - o.ledger.localSat < 0) return 'amountSat';
  if (
    !preVerify({
      pubKey: ptlcTerms(o.offer, keys).senderKey,
      msg: claimMsg(o.offer, keys),
      adaptorPoint: fromHex(o.offer.point),
      preSig: fromHex(o.offer.preSig),
    })
  )
    return 'preSig';
  const st = stateTerms(o.offer, keys, o.ledger, o.ledger.localSat);
  if (
    !schnorrVerify({
      pubKey: fromHex(keys.offererKey).slice(1),
      msg: ptlcStateSighash(st, buildPtlcStateTx(st)),
      sig: fromHex(o.offer.stateSig),
    })
  )
    return 'stateSig';
  return null;
}

/** The receiver's claim: the pre-signature completed with the secret (throws if the secret does not fit). */
export function completeClaim(opts: { entry: PtlcEntry; secret: string; ledger: Ledger }): string {
  const keys = hopKeysOf(opts.entry.direction, opts.ledger);
  return toHex(
    adapt({
      preSig: fromHex(opts.entry.preSig),
      secret: fromHex(opts.secret),
      pubKey: ptlcTerms(opts.entry, keys).senderKey,
      msg: claimMsg(opts.entry, keys),
    }),
  );
}

/** The offerer learns ℓ from the receiver's claim (throws `AdaptorError` if the claim does not complete it). */
export function extractSecret(opts: { entry: PtlcEntry; sig: string }): string {
  return toHex(
    extract({ sig: fromHex(opts.sig), preSig: fromHex(opts.entry.preSig), adaptorPoint: fromHex(opts.entry.point) }),
  );
}

/**
 * L − x·G (x = 0 gives L). A tweak not below n, or a difference that is the point at infinity (a deviating
 * sender's point t·G with a tweak t), is an `InputError` (R-07-01): the message is refused, the node does not crash.
 */
export function subtractTweak(pointHex: string, tweakHex: string): string {
  const x = scalarFromBytes('tweak', fromHex(tweakHex), { allowZero: true });
  if (x === 0n) return pointHex;
  return toHex(tweakAdaptorPoint({ adaptorPoint: fromHex(pointHex), tweak: scalarToBytes(modN(-x)) }));
}

/** L + x·G (x = 0 gives L); refused as `subtractTweak` is. */
export function addTweak(pointHex: string, tweakHex: string): string {
  const x = scalarFromBytes('tweak', fromHex(tweakHex), { allowZero: true });
  if (x === 0n) return pointHex;
  return toHex(tweakAdaptorPoint({ adaptorPoint: fromHex(pointHex), tweak: scalarToBytes(x) }));
}

/** A + B of two compressed points (hex); a sum at infinity is an `InputError` (R-07-01). */
export function addPoints(a: string, b: string): string {
  const sum = pointFromCompressed('point', fromHex(a)).add(pointFromCompressed('point', fromHex(b)));
  if (sum.is0()) throw new InputError('point', 'A + B is the point at infinity');
  return toHex(compressedBytes(sum));
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

type SignedOffer = OfferTerms & { readonly preSig: string; readonly stateSig: string };

/**
 * The receiver's checks of an offer from `from` (its channel with `from`, the pre-signature, H's signature): the
 * channel's ledger, or the refusal naming the field.
 */
export function checkOffer(ledgers: Ledger[], from: string, m: SignedOffer): Ledger | NodeError {
  const ledger = ledgerWith(ledgers, from);
  if (ledger === undefined)
    return nodeError('unexpected', `PtlcOffer: no routing channel with ${from}`, 'ptlc:offer-no-channel');
  const fault = offerFault({ offer: m, ledger });
  if (fault === 'amountSat')
    return nodeError(
      'refused',
      `PtlcOffer.amountSat: ${from} cannot lock ${m.amountSat} sat`,
      'ptlc:offer-cannot-lock',
    );
  if (fault === 'preSig')
    return nodeError(
      'forged-signature',
      `PtlcOffer.preSig: not ${from}'s pre-signature of the claim`,
      'ptlc:offer-presig-forged',
    );
  if (fault === 'stateSig')
    return nodeError(
      'forged-signature',
      `PtlcOffer.stateSig: not ${from}'s signature of the PTLC state`,
      'ptlc:offer-state-sig-forged',
    );
  return ledger;
}

/** The receiver's record of an accepted offer (`ledger`: its view before the amount is locked). */
export function receivedEntry(m: SignedOffer, from: string, ledger: Ledger): PtlcEntry {
  return {
    paymentId: m.paymentId,
    hop: m.hop,
    direction: 'in',
    peer: from,
    amountSat: m.amountSat,
    point: m.point,
    timeoutHeight: m.timeoutHeight,
    preSig: m.preSig,
    stateSig: m.stateSig,
    offererSat: ledger.capacitySat - m.amountSat - ledger.localSat,
    receiverSat: ledger.localSat,
    status: 'pending',
    receiverStateSig: null,
    secret: null,
  };
}

/** The offerer's record of its offer to `peer`. */
export function offeredEntry(terms: OfferTerms, peer: string, signed: ReturnType<typeof signOffer>): PtlcEntry {
  return {
    paymentId: terms.paymentId,
    hop: terms.hop,
    direction: 'out',
    peer,
    amountSat: terms.amountSat,
    point: terms.point,
    timeoutHeight: terms.timeoutHeight,
    preSig: signed.preSig,
    stateSig: signed.stateSig,
    offererSat: signed.offererSat,
    receiverSat: signed.receiverSat,
    status: 'pending',
    receiverStateSig: null,
    secret: null,
  };
}

/** The receiver's signature of H for `entry` (its record of an accepted offer), sent back in `PtlcAccept`. */
export function signAccept(seed: string, ledger: Ledger, entry: PtlcEntry): string {
  const st = stateTerms(entry, hopKeysOf('in', ledger), ledger, entry.receiverSat);
  return toHex(
    schnorrSign({
      secKey: hopChannelKey(seed, ledger.peer).secKey,
      msg: ptlcStateSighash(st, buildPtlcStateTx(st)),
      auxRand: derive(seed, `ptlc-state-aux/${entry.paymentId}/${entry.hop}`),
    }),
  );
}

/** The `PtlcAccept` a receiver sends for `entry` (its record of the offer it just took). */
export function acceptBody(seed: string, ledger: Ledger, entry: PtlcEntry) {
  return {
    kind: 'PtlcAccept' as const,
    paymentId: entry.paymentId,
    hop: entry.hop,
    stateSig: signAccept(seed, ledger, entry),
  };
}

/**
 * The offerer's check of a `PtlcAccept` from `from`: its entry of that offer (to be given the signature), or the
 * refusal naming the field. The signature must be `from`'s BIP-340 signature of H as the offerer signed it.
 */
function checkAccept(
  ptlcs: PtlcEntry[],
  ledgers: Ledger[],
  from: string,
  m: { readonly paymentId: string; readonly hop: number; readonly stateSig: string },
): PtlcEntry | NodeError {
  const entry = ptlcs.find(
    (p) => p.direction === 'out' && p.paymentId === m.paymentId && p.hop === m.hop && p.peer === from,
  );
  const ledger = ledgerWith(ledgers, from);
  if (entry === undefined || ledger === undefined)
    return nodeError(
      'unexpected',
      `PtlcAccept: no PTLC ${m.paymentId.slice(0, 8)} hop ${m.hop} offered to ${from}`,
      'ptlc:accept-unknown',
    );
  if (entry.receiverStateSig !== null)
    return nodeError('replayed', 'PtlcAccept: the signature of H is already held', 'ptlc:accept-replayed');
  const keys = hopKeysOf('out', ledger);
  const st = stateTerms(entry, keys, ledger, entry.receiverSat);
  if (
    !schnorrVerify({
      pubKey: fromHex(keys.receiverKey).slice(1),
      msg: ptlcStateSighash(st, buildPtlcStateTx(st)),
      sig: fromHex(m.stateSig),
    })
  )
    return nodeError(
      'forged-signature',
      `PtlcAccept.stateSig: not ${from}'s signature of the PTLC state`,
      'ptlc:accept-state-sig-forged',
    );
  return entry;
}

/**
 * The offerer takes a `PtlcAccept` from `from`: checked (`checkAccept`), the signature is stored in its entry of
 * the offer. Returns the transcript note, or the refusal (nothing changed).
 */
export function takeAccept(
  ptlcs: PtlcEntry[],
  ledgers: Ledger[],
  from: string,
  m: { readonly paymentId: string; readonly hop: number; readonly stateSig: string },
): { notes: string[] } | NodeError {
  const entry = checkAccept(ptlcs, ledgers, from, m);
  if ('kind' in entry) return entry;
  entry.receiverStateSig = m.stateSig;
  return { notes: [`${from}'s signature of H for hop ${m.hop} of ${m.paymentId.slice(0, 8)} held`] };
}
