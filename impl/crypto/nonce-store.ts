/**
 * Secret nonces that are single-use by construction (PROTOCOL.md "Nonce safety": reusing a MuSig2 nonce
 * across two signing sessions reveals the secret key).
 *
 * A `NonceStore` holds a signer's secret nonces by id. `sign` marks the nonce used and hands the new state to
 * `persist` BEFORE computing the partial signature (persist first, then sign): if the process dies in
 * between, the restored store still refuses that nonce; a nonce burnt without a signature is harmless. A
 * used nonce is refused for ANY later message, even the same one: with MuSig2 the same message under a
 * different aggregate nonce gives a different b and e, and two such partial signatures reveal the key, so
 * "same message" is not a safe exception. A nonce id never generated is refused too.
 *
 * State is a plain JSON-safe snapshot (`snapshot()` / `NonceStore.restore`), so refusals survive restarts.
 * The snapshot contains secret nonces of unused entries: store it like a secret key.
 */
import * as t from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either.js';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import { SIZES, bytesToHex, expectBytes, hexToBytes } from './bytes.ts';
import { NonceReuseError, NonceUnknownError } from './errors.ts';
import { musigNonceGen, type MusigSession } from './musig.ts';
import { InputError } from '../../util/input-error.ts';
import { unreachable } from '../../util/unreachable.ts';

const FreshEntry = t.type({ id: t.string, status: t.literal('fresh'), pubNonceHex: t.string, secNonceHex: t.string });
const UsedEntry = t.type({ id: t.string, status: t.literal('used'), pubNonceHex: t.string, usedForMsgHex: t.string });
/** The wire form of a {@link NonceStore} snapshot, checked with io-ts on restore. */
export const SnapshotCodec = t.type({ version: t.literal(1), nonces: t.array(t.union([FreshEntry, UsedEntry])) });

/** The serialisable state of a `NonceStore` (JSON-safe; secret for its fresh entries). */
export type NonceStoreSnapshot = t.TypeOf<typeof SnapshotCodec>;

type Entry =
  | { readonly status: 'fresh'; readonly pubNonce: Uint8Array; readonly secNonce: Uint8Array }
  | { readonly status: 'used'; readonly pubNonce: Uint8Array; readonly usedForMsg: Uint8Array };

export type NonceStatus = 'fresh' | 'used' | 'unknown';

export class NonceStore {
  readonly #entries = new Map<string, Entry>();
  readonly #persist: (snapshot: NonceStoreSnapshot) => void;

  /** `persist` is called synchronously with the new state after every change, before the change takes effect outside. */
  constructor(opts: { persist?: (snapshot: NonceStoreSnapshot) => void } = {}) {
    this.#persist = opts.persist ?? (() => {});
  }

  /** Rebuilds a store from a snapshot (decoded with io-ts; a malformed one throws `InputError` naming the field). */
  static restore(snapshot: unknown, opts: { persist?: (snapshot: NonceStoreSnapshot) => void } = {}): NonceStore {
    const decoded = SnapshotCodec.decode(snapshot);
    if (isLeft(decoded)) throw new InputError('nonceStore snapshot', PathReporter.report(decoded).join('; '));
    const store = new NonceStore(opts);
    decoded.right.nonces.forEach((n, i) => {
      const where = `nonceStore snapshot: nonces[${i}]`;
      if (store.#entries.has(n.id)) throw new InputError(`${where}.id`, `duplicate nonce id ${JSON.stringify(n.id)}`);
      const pubNonce = hexToBytes(`${where}.pubNonceHex`, n.pubNonceHex, SIZES.pubNonce);
      switch (n.status) {
        case 'fresh':
          store.#entries.set(n.id, {
            status: 'fresh',
            pubNonce,
            secNonce: hexToBytes(`${where}.secNonceHex`, n.secNonceHex, SIZES.secNonce),
          });
          break;
        case 'used':
          store.#entries.set(n.id, {
            status: 'used',
            pubNonce,
            usedForMsg: hexToBytes(`${where}.usedForMsgHex`, n.usedForMsgHex),
          });
          break;
        default:
          unreachable(n, 'nonce entry');
      }
    });
    return store;
  }

  /**
   * BIP-327 NonceGen under a new id, with injected `rand`; returns the public nonce to share. Refuses an id
   * that exists (fresh or used): ids are never recycled, so a used id cannot come back to life.
   */
  generate(opts: {
    id: string;
    pubKey: Uint8Array;
    rand: Uint8Array;
    secKey?: Uint8Array;
    aggPubKey?: Uint8Array;
    msg?: Uint8Array;
    extraIn?: Uint8Array;
  }): Uint8Array {
    if (this.#entries.has(opts.id))
      throw new NonceReuseError(
        `nonce ${JSON.stringify(opts.id)}`,
        'this id was already generated; ids are never reused',
      );
    const { pubNonce, secNonce } = musigNonceGen(opts);
    this.#entries.set(opts.id, { status: 'fresh', pubNonce, secNonce });
    this.#persist(this.snapshot());
    return pubNonce.slice();
  }

  status(id: string): NonceStatus {
    return this.#entries.get(id)?.status ?? 'unknown';
  }

  /** The public nonce of `id` (fresh or used). */
  pubNonce(id: string): Uint8Array {
    const e = this.#entries.get(id);
    if (e === undefined) throw new NonceUnknownError(`nonce ${JSON.stringify(id)}`, 'never generated by this store');
    return e.pubNonce.slice();
  }

  /**
   * Partially signs `session`'s message with nonce `id` and `secKey`. Order: refuse if unknown or used; mark
   * used and `persist` (if persist throws, the nonce stays burnt and nothing is signed); then sign. If signing
   * itself fails (wrong key, bad session), the nonce also stays burnt: generate a new one.
   */
  sign(opts: { id: string; session: MusigSession; secKey: Uint8Array }): Uint8Array {
    const where = `nonce ${JSON.stringify(opts.id)}`;
    const entry = this.#entries.get(opts.id);
    if (entry === undefined) throw new NonceUnknownError(where, 'never generated by this store; refusing to sign');
    const msg = opts.session.params.msg;
    switch (entry.status) {
      case 'used': {
        const same = bytesToHex(entry.usedForMsg) === bytesToHex(msg);
        throw new NonceReuseError(
          where,
          same
            ? 'already used, for this same message; refused anyway (another session for the same message would reveal the key)'
            : `already used for message ${bytesToHex(entry.usedForMsg)}; refusing to sign another message with it`,
        );
      }
      case 'fresh': {
        expectBytes('secKey', opts.secKey, SIZES.secretKey);
        // Persist first: the nonce is burnt before any signature exists.
        this.#entries.set(opts.id, { status: 'used', pubNonce: entry.pubNonce, usedForMsg: msg.slice() });
        this.#persist(this.snapshot());
        const secNonce = entry.secNonce.slice();
        entry.secNonce.fill(0); // no live copy of the burnt nonce stays in memory
        return opts.session.partialSign({ secNonce, secKey: opts.secKey });
      }
      default:
        return unreachable(entry, 'nonce entry');
    }
  }

  snapshot(): NonceStoreSnapshot {
    const nonces: NonceStoreSnapshot['nonces'] = [];
    for (const [id, e] of this.#entries) {
      switch (e.status) {
        case 'fresh':
          nonces.push({
            id,
            status: 'fresh',
            pubNonceHex: bytesToHex(e.pubNonce),
            secNonceHex: bytesToHex(e.secNonce),
          });
          break;
        case 'used':
          nonces.push({
            id,
            status: 'used',
            pubNonceHex: bytesToHex(e.pubNonce),
            usedForMsgHex: bytesToHex(e.usedForMsg),
          });
          break;
        default:
          unreachable(e, 'nonce entry');
      }
    }
    return { version: 1, nonces };
  }
}
