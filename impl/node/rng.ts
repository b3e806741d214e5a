/**
 * Seeded randomness for nodes: every secret key, nonce seed and tweak is `derive(seed, label)`, a BIP-340
 * tagged hash of the node's 32-byte seed and a label that is never reused (it names the purpose and carries a
 * counter or the state number). Same seed, same run, byte for byte; no hidden `randomBytes`.
 */
import { utf8 } from '../crypto/bytes.ts';
import { CURVE_ORDER, bytesToBigInt, scalarToBytes } from '../crypto/scalar.ts';
import { taggedHash } from '../crypto/tagged-hash.ts';
import { fromHex } from './wire.ts';

/** 32 pseudo-random bytes for `label` from `seedHex`. */
export function derive(seedHex: string, label: string): Uint8Array {
  return taggedHash('APLN/node/derive', fromHex(seedHex, 'seed'), utf8(label));
}

/** A scalar in [1, n) for `label` (a secret key or tweak); rehashes in the negligible case it is out of range. */
export function deriveScalar(seedHex: string, label: string): Uint8Array {
  let bytes = derive(seedHex, label);
  for (let i = 0; ; i++) {
    const x = bytesToBigInt(bytes);
    if (x > 0n && x < CURVE_ORDER) return scalarToBytes(x);
    bytes = derive(seedHex, `${label}/retry${i}`);
  }
}

/**
 * The seed of node `id` in a world seeded with `worldSeed` (a number, as the CLI takes it) whose whole
 * configuration, as canonical JSON, is `configJson` (World's `configTag`): two runs differing in anything (the
 * route, the scheme, a variant, a parameter) give every node other keys and other randomness, so a session that
 * is the same in both is not replayed byte for byte; the same configuration replays exactly. With no
 * configuration (`''`) the seed depends on the number and the name only.
 */
export function nodeSeed(worldSeed: number, id: string, configJson = ''): string {
  const h =
    configJson === ''
      ? taggedHash('APLN/node/seed', utf8(`${worldSeed}/${id}`))
      : taggedHash('APLN/node/seed', utf8(`${worldSeed}/${id}`), utf8(configJson));
  return Array.from(h, (b) => b.toString(16).padStart(2, '0')).join('');
}
