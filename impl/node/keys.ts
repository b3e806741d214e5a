/**
 * A node's keys, one per role, derived from its 32-byte seed by BIP-32 (hardened derivation, @scure/bip32):
 *
 * | path                          | key                                                                    |
 * |-------------------------------|------------------------------------------------------------------------|
 * | m/1017'/0'/0'/0'              | identity: signs every envelope and invoice, the directory's node key;  |
 * |                               | signs inside the sealed envelopes it sends (the sender's proof)        |
 * | m/1017'/0'/3'/0'              | mailbox: the directory's mailbox key, the ECDH key sealed envelopes to |
 * |                               | this node are sealed to (never signs)                                  |
 * | m/1017'/0'/1'/p'/n'           | channel key K of the n-th eltoo channel with peer p: its MuSig2 share  |
 * |                               | of the update key Q_u and (tweaked, see channel-txs.ts) the settlement |
 * |                               | key Q_s, and the key of its settlement and pending outputs             |
 *
 * p = the first 31 bits of hash_APLN/keys/peer(peer id); 1017' is this project's purpose number (unregistered;
 * the paths are internal to a node and never shown to other implementations). Every key is a different BIP-32
 * child, so knowing one channel key says nothing about another or about the identity key, and two channels
 * between the same nodes (another n) have different keys and so different scripts: a BIP-118
 * ANYPREVOUTANYSCRIPT signature of one does not spend the other.
 */
import { HDKey } from '@scure/bip32';
import { compressedPubKey } from '../crypto/schnorr.ts';
import { utf8 } from '../crypto/bytes.ts';
import { taggedHash } from '../crypto/tagged-hash.ts';
import { fromHex, toHex } from './wire.ts';

const KEY_PURPOSE = 1017;

export type KeyPair = { readonly secKey: Uint8Array; readonly compressed: Uint8Array; readonly xonly: Uint8Array };

const masters = new Map<string, HDKey>();
const derived = new Map<string, KeyPair>();

function master(seedHex: string): HDKey {
  let m = masters.get(seedHex);
  if (m === undefined) {
    m = HDKey.fromMasterSeed(fromHex(seedHex, 'seed'));
    if (masters.size > 256) masters.clear();
    masters.set(seedHex, m);
  }
  return m;
}

/** The key at BIP-32 `path` under the node's seed (memoised: keys are pure functions of seed and path). */
function keyAt(seedHex: string, path: string): KeyPair {
  const id = `${seedHex}/${path}`;
  let k = derived.get(id);
  if (k === undefined) {
    const secKey = master(seedHex).derive(path).privateKey;
    if (secKey === null) throw new Error(`keys: no private key at ${path}`);
    const compressed = compressedPubKey(secKey);
    k = { secKey, compressed, xonly: compressed.slice(1) };
    if (derived.size > 4096) derived.clear();
    derived.set(id, k);
  }
  return { secKey: k.secKey.slice(), compressed: k.compressed.slice(), xonly: k.xonly.slice() };
}

/** The hardened index of a peer in channel paths. */
function peerIndex(peer: string): number {
  const h = taggedHash('APLN/keys/peer', utf8(peer));
  return (((h[0] ?? 0) << 24) | ((h[1] ?? 0) << 16) | ((h[2] ?? 0) << 8) | (h[3] ?? 0)) >>> 1;
}

export function identityPath(): string {
  return `m/${KEY_PURPOSE}'/0'/0'/0'`;
}

export function mailboxPath(): string {
  return `m/${KEY_PURPOSE}'/0'/3'/0'`;
}

export function channelPath(peer: string, number: number): string {
  if (!Number.isSafeInteger(number) || number < 0 || number >= 2 ** 31)
    throw new Error(`keys: channel number ${number} out of range`);
  return `m/${KEY_PURPOSE}'/0'/1'/${peerIndex(peer)}'/${number}'`;
}

/** The node's identity key. */
export function identityKey(seedHex: string): KeyPair {
  return keyAt(seedHex, identityPath());
}

/** The node's mailbox key: what others seal envelopes to (ECDH only). */
export function mailboxKey(seedHex: string): KeyPair {
  return keyAt(seedHex, mailboxPath());
}

/** This node's key for its `number`-th channel with `peer`. */
function channelKey(seedHex: string, peer: string, number: number): KeyPair {
  return keyAt(seedHex, channelPath(peer, number));
}

/** This node's secret key on channel `ch` as `side` (the party signs with its key for the hub, and back). */
export function ownChannelKey(
  seedHex: string,
  ch: { party: string; hub: string; number: number },
  side: 'party' | 'hub',
): KeyPair {
  return channelKey(seedHex, side === 'party' ? ch.hub : ch.party, ch.number);
}

export function channelKeyHex(seedHex: string, peer: string, number: number): string {
  return toHex(channelKey(seedHex, peer, number).compressed);
}

function hopChannelPath(peer: string): string {
  return `m/${KEY_PURPOSE}'/0'/2'/${peerIndex(peer)}'/0'`;
}

/** This node's key for its routing (hop) channel with `peer`. */
export function hopChannelKey(seedHex: string, peer: string): KeyPair {
  return keyAt(seedHex, hopChannelPath(peer));
}

/** The compressed hex of `hopChannelKey` (what the world writes into both sides' ledgers). */
export function hopChannelKeyHex(seedHex: string, peer: string): string {
  return toHex(hopChannelKey(seedHex, peer).compressed);
}
