/**
 * A signer reuses a nonce: on a new attempt after a cancellation, A's update nonce is the secret nonce it already
 * signed the first attempt with (R-01-05). The honest node cannot do this since its nonces follow BIP-327 NonceGen
 * over the message they sign; the mutant stands for an implementation whose derivation ignores the message (or
 * restores a stale secret nonce): it keeps the first attempt's fresh update nonce and, on the next PayerPay, puts it
 * back under the new attempt's id and into the public nonce A sends.
 */
import type { NonceStoreSnapshot } from '../../../impl/crypto/nonce-store.ts';
import type { Role } from '../../../impl/node/node.ts';
import { payerRole, type PayerCommand, type PayerSnapshot } from '../../../impl/node/payer.ts';
import { HONEST_ROLES } from '../driver.ts';
import type { Mutant } from './mutant.ts';

type Fresh = Extract<NonceStoreSnapshot['nonces'][number], { status: 'fresh' }>;

const freshUpdates = (s: NonceStoreSnapshot): Fresh[] =>
  s.nonces.filter((n): n is Fresh => n.status === 'fresh' && n.id.includes('/update/'));

export const payerReusesNonce: Mutant = {
  name: 'payer-reuses-nonce',
  description: "A's update nonce repeats on a new attempt after a cancellation: a secret nonce signs two messages",
  roles: () => {
    // The first attempt's update nonce, per node seed (the stale secret the bug brings back).
    const first = new Map<string, Fresh>();
    return {
      ...HONEST_ROLES,
      payer: <Role<PayerSnapshot, PayerCommand>>{
        ...payerRole,
        onCommand(draft, cmd, ctx) {
          const before = new Set(draft.nonces.nonces.map((n) => n.id));
          const out = payerRole.onCommand(draft, cmd, ctx);
          if (cmd.kind !== 'PayerPay') return out;
          const added = freshUpdates(draft.nonces).filter((n) => !before.has(n.id));
          const stale = first.get(draft.seed);
          if (stale === undefined) {
            if (added[0] !== undefined) first.set(draft.seed, added[0]);
            return out;
          }
          const target = added[0];
          if (target === undefined || target.pubNonceHex === stale.pubNonceHex) return out;
          const fresh = target.pubNonceHex;
          draft.nonces = {
            ...draft.nonces,
            nonces: draft.nonces.nonces.map((n) =>
              n.id === target.id ? { ...target, pubNonceHex: stale.pubNonceHex, secNonceHex: stale.secNonceHex } : n,
            ),
          };
          // A's channel state and everything it sends name the stale public nonce instead of the fresh one.
          const swap = <T>(x: T): T => JSON.parse(JSON.stringify(x).split(fresh).join(stale.pubNonceHex)) as T;
          const { nonces, ...rest } = draft;
          Object.assign(draft, swap(rest), { nonces });
          return swap(out);
        },
      },
    };
  },
};
