/**
 * The channel's aggregate keys (spec 00 §3): Q_u = KeyAgg(KeySort(K_party, K_hub)) signs updates, and
 * Q_s = Q_u + t_s⋅G, t_s = int(hash_APLN/eltoo/settlement-key(xbytes(Q_u))) mod n (BIP-327 ApplyTweak, plain),
 * signs settlements. Two different keys, so a signature for one role never verifies for the other, without a
 * second key pair to exchange: each side signs both with its one channel key, the settlement session carrying the
 * tweak. K_party and K_hub are per-channel BIP-32 keys (node/keys.ts).
 */
import { musigKeyAgg, musigKeySort, type Tweak } from '../crypto/musig.ts';
import { taggedHash } from '../crypto/tagged-hash.ts';
import { CURVE_ORDER, bytesToBigInt, scalarToBytes } from '../crypto/scalar.ts';
import type { EltooChannel } from './channel.ts';
import { fromHex, toHex } from './wire.ts';

export type KeyRole = 'update' | 'settle';

/** The channel's two keys in BIP-327 KeySort order (both sides agree on it without talking). */
export function channelKeys(ch: Pick<EltooChannel, 'partyKey' | 'hubKey'>): Uint8Array[] {
  return musigKeySort([fromHex(ch.partyKey), fromHex(ch.hubKey)]);
}

/** Index of `keyHex` in the sorted key list (the signer index for partial-signature checks). */
export function signerIndex(ch: Pick<EltooChannel, 'partyKey' | 'hubKey'>, keyHex: string): number {
  return channelKeys(ch)
    .map((k) => toHex(k))
    .indexOf(keyHex);
}

/** The BIP-327 tweaks of a session for `role`: none for updates, t_s for settlements. */
export function keyTweaks(ch: Pick<EltooChannel, 'partyKey' | 'hubKey'>, role: KeyRole): Tweak[] {
  if (role === 'update') return [];
  const qu = musigKeyAgg(channelKeys(ch)).xonly;
  const t = bytesToBigInt(taggedHash('APLN/eltoo/settlement-key', qu)) % CURVE_ORDER;
  return [{ tweak: scalarToBytes(t), xOnly: false }];
}

/** Q_u or Q_s, x-only (what the update or settlement leaf names). */
export function aggregateXonly(ch: Pick<EltooChannel, 'partyKey' | 'hubKey'>, role: KeyRole): Uint8Array {
  return musigKeyAgg(channelKeys(ch), { tweaks: keyTweaks(ch, role) }).xonly;
}
