/**
 * MuSig2 signing of one channel state's update and settlement transactions (PROTOCOL.md steps 1–3, 8), over
 * impl/crypto: nonces from the node's `NonceStore` (single use, survives restarts), sessions on the channel's
 * sorted keys, partial-signature checks, aggregation (self-verified by impl/crypto), and the partial-signature
 * point S checks the invoice against (step 6).
 */
import { MusigSession, musigNonceAgg, musigPartialSigVerify } from '../crypto/musig.ts';
import { NonceStore, type NonceStoreSnapshot } from '../crypto/nonce-store.ts';
import { partialSigPointBytes } from '../crypto/partial-sig-point.ts';
import { utf8 } from '../crypto/bytes.ts';
import { taggedHash } from '../crypto/tagged-hash.ts';
import { canonicalJson } from './canonical.ts';
import { aggregateXonly, channelKeys, keyTweaks, settleMsg, signerIndex, updateMsg } from './channel-txs.ts';
import type { EltooChannel, Proposal } from './channel.ts';
import { fromHex, toHex } from './wire.ts';

export type TxKind = 'update' | 'settle';
/** What a channel nonce is generated for: the proposal's state, session and terms. */
export type NonceTerms = Pick<
  Proposal,
  'state' | 'sessionId' | 'purpose' | 'partySat' | 'hubSat' | 'pending' | 'amountSat' | 'feeSat' | 'expiryHeight'
>;
export type Side = 'party' | 'hub';

/** A nonce's id: channel, state, transaction and session, so an abandoned proposal's ids are never reused. */
export function nonceId(ch: EltooChannel, o: { state: number; sessionId: string }, kind: TxKind): string {
  return `${ch.party}-${ch.hub}/${o.state}/${kind}/${o.sessionId}`;
}

export function msgOf(
  ch: EltooChannel,
  p: Pick<Proposal, 'state' | 'partySat' | 'hubSat' | 'pending'>,
  kind: TxKind,
): Uint8Array {
  return kind === 'update'
    ? updateMsg(ch, p.state)
    : settleMsg(ch, { state: p.state, partySat: p.partySat, hubSat: p.hubSat, pending: p.pending });
}

function keyOf(ch: EltooChannel, side: Side): string {
  return side === 'party' ? ch.partyKey : ch.hubKey;
}

function nonceOf(p: Proposal, side: Side, kind: TxKind): string {
  const n =
    side === 'party'
      ? kind === 'update'
        ? p.partyUpdateNonce
        : p.partySettleNonce
      : kind === 'update'
        ? p.hubUpdateNonce
        : p.hubSettleNonce;
  if (n === null) throw new Error(`eltoo-sign: the ${side}'s ${kind} nonce of state ${p.state} is not known yet`);
  return n;
}

/** Public nonces in the sorted key order. */
export function pubNoncesInOrder(ch: EltooChannel, p: Proposal, kind: TxKind): Uint8Array[] {
  const partyFirst = signerIndex(ch, ch.partyKey) === 0;
  const party = fromHex(nonceOf(p, 'party', kind));
  const hub = fromHex(nonceOf(p, 'hub', kind));
  return partyFirst ? [party, hub] : [hub, party];
}

function aggNonceOf(ch: EltooChannel, p: Proposal, kind: TxKind): Uint8Array {
  return musigNonceAgg(pubNoncesInOrder(ch, p, kind));
}

export function sessionOf(ch: EltooChannel, p: Proposal, kind: TxKind): MusigSession {
  return new MusigSession({
    aggNonce: aggNonceOf(ch, p, kind),
    publicKeys: channelKeys(ch),
    msg: msgOf(ch, p, kind),
    tweaks: keyTweaks(ch, kind),
  });
}

/**
 * `extraIn` of BIP-327 NonceGen for a channel nonce: the channel (funding outpoint), state, transaction kind,
 * session and the proposal's terms (so one state proposed with other terms gets other nonces for both transactions), and for the hub (the second mover) the party's public nonce for the same transaction. With the message
 * and the aggregate key also hashed in, the hub's nonce is a function of everything that fixes its partial
 * signature: if a restored hub ever derives the same nonce again, the aggregate nonce, the message and so the
 * partial signature are the same bytes, which reveal nothing new (BIP-327 DeterministicSign's argument).
 */
function nonceExtraIn(ch: EltooChannel, o: NonceTerms, kind: TxKind, partyNonceHex?: string): Uint8Array {
  const terms = {
    purpose: o.purpose,
    partySat: o.partySat,
    hubSat: o.hubSat,
    pending: o.pending,
    amountSat: o.amountSat,
    feeSat: o.feeSat,
    expiryHeight: o.expiryHeight,
  };
  return taggedHash(
    'APLN/channel/nonce-extra',
    utf8(`${ch.fundingTxid}:${ch.fundingVout}/${o.state}/${kind}/${o.sessionId}/${canonicalJson(terms)}`),
    partyNonceHex === undefined ? new Uint8Array(0) : fromHex(partyNonceHex),
  );
}

/**
 * Generates this side's nonce for `kind` of the proposed state in `store`: BIP-327 NonceGen over `secKey`, the
 * channel's aggregate key, the message this nonce will sign, `nonceExtraIn` and `rand` (from the node's RNG).
 */
export function generateNonce(opts: {
  store: NonceStore;
  ch: EltooChannel;
  proposal: NonceTerms;
  kind: TxKind;
  secKey: Uint8Array;
  pubKeyHex: string;
  rand: Uint8Array;
  /** The hub passes the party's public nonce for the same transaction. */
  partyNonce?: string | undefined;
}): string {
  const { ch, proposal, kind } = opts;
  return toHex(
    opts.store.generate({
      id: nonceId(ch, proposal, kind),
      pubKey: fromHex(opts.pubKeyHex),
      secKey: opts.secKey,
      aggPubKey: aggregateXonly(ch, kind),
      msg: msgOf(ch, proposal, kind),
      extraIn: nonceExtraIn(ch, proposal, kind, opts.partyNonce),
      rand: opts.rand,
    }),
  );
}

/** This side's partial signature (burns the nonce in `store`). */
export function signPartial(opts: {
  store: NonceStore;
  ch: EltooChannel;
  p: Proposal;
  kind: TxKind;
  secKey: Uint8Array;
}): string {
  const session = sessionOf(opts.ch, opts.p, opts.kind);
  return toHex(opts.store.sign({ id: nonceId(opts.ch, opts.p, opts.kind), session, secKey: opts.secKey }));
}

/** BIP-327 PartialSigVerify of `side`'s partial signature. */
export function partialValid(opts: {
  ch: EltooChannel;
  p: Proposal;
  kind: TxKind;
  side: Side;
  partialSig: string;
}): boolean {
  const { ch, p, kind, side } = opts;
  return musigPartialSigVerify({
    partialSig: fromHex(opts.partialSig),
    pubNonces: pubNoncesInOrder(ch, p, kind),
    publicKeys: channelKeys(ch),
    msg: msgOf(ch, p, kind),
    tweaks: keyTweaks(ch, kind),
    signerIndex: signerIndex(ch, keyOf(ch, side)),
  });
}

/** The complete BIP-340 signature from both partials (impl/crypto verifies it before returning). */
export function aggregatePartials(opts: {
  ch: EltooChannel;
  p: Proposal;
  kind: TxKind;
  party: string;
  hub: string;
}): string {
  const { ch, p, kind } = opts;
  const partyFirst = signerIndex(ch, ch.partyKey) === 0;
  const sigs = partyFirst ? [opts.party, opts.hub] : [opts.hub, opts.party];
  return toHex(sessionOf(ch, p, kind).aggregate(sigs.map((s) => fromHex(s))));
}

/** Step 6: the point `side`'s partial signature on U(state) must have, from public data only (BIP-327). */
export function updatePartialSigPoint(opts: { ch: EltooChannel; p: Proposal; side: Side }): string {
  const { ch, p, side } = opts;
  return toHex(
    partialSigPointBytes({
      pubNonce: fromHex(nonceOf(p, side, 'update')),
      aggNonce: aggNonceOf(ch, p, 'update'),
      publicKeys: channelKeys(ch),
      signerPubKey: fromHex(keyOf(ch, side)),
      msg: msgOf(ch, p, 'update'),
    }),
  );
}

/** Runs `f` on the node's nonce store restored from `snapshot` and returns the store's new snapshot. */
export function withNonceStore<R>(
  snapshot: NonceStoreSnapshot,
  f: (store: NonceStore) => R,
): { result: R; nonces: NonceStoreSnapshot } {
  const store = NonceStore.restore(snapshot);
  const result = f(store);
  return { result, nonces: store.snapshot() };
}

export function emptyNonces(): NonceStoreSnapshot {
  return new NonceStore().snapshot();
}

/**
 * What a bundle carries so that anyone can check a partial signature on U(p.state) from public data
 * (R-02-04, R-05-02): the terms, the BIP-118 message, both public keys and nonces in signing order, the signer's index
 * and the partial signature. A's bundle (scheme 1) and B's bundle (scheme 2) both start from this.
 */
export function updateEvidence(ch: EltooChannel, p: Proposal, partialSig: string) {
  const keys = channelKeys(ch);
  const nonces = pubNoncesInOrder(ch, p, 'update');
  return {
    hub: ch.hub,
    state: p.state,
    amountSat: p.amountSat,
    feeSat: p.feeSat,
    expiryHeight: p.expiryHeight,
    msg: toHex(updateMsg(ch, p.state)),
    publicKeys: [toHex(keys[0] ?? new Uint8Array()), toHex(keys[1] ?? new Uint8Array())] as [string, string],
    pubNonces: [toHex(nonces[0] ?? new Uint8Array()), toHex(nonces[1] ?? new Uint8Array())] as [string, string],
    signerIndex: signerIndex(ch, ch.partyKey) === 0 ? (0 as const) : (1 as const),
    partialSig,
  };
}
