/** BIP-340 tagged hash: `hash_tag(x) = SHA256(SHA256(tag) || SHA256(tag) || x)`, used by BIP-340 and BIP-327. */
import { sha256 } from './setup.ts';
import { concatBytes, utf8 } from './bytes.ts';
import { bytesToBigInt, modN } from './scalar.ts';

const tagHashes = new Map<string, Uint8Array>();

export function taggedHash(tag: string, ...parts: readonly Uint8Array[]): Uint8Array {
  let th = tagHashes.get(tag);
  if (th === undefined) {
    th = sha256(utf8(tag));
    tagHashes.set(tag, th);
  }
  return sha256(concatBytes(th, th, ...parts));
}

/** `int(hash_tag(x)) mod n`, the way both BIPs turn a hash into a scalar. */
export function taggedScalar(tag: string, ...parts: readonly Uint8Array[]): bigint {
  return modN(bytesToBigInt(taggedHash(tag, ...parts)));
}
