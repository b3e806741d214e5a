/**
 * A signer reuses a nonce: A's randomness counter is restored from a stale value when it signs a new attempt
 * after a cancellation, so its new update nonce is one it already signed with (R-01-02).
 */
import { payerRole, type PayerSnapshot, type PayerCommand } from '../../impl/node/payer.ts';
import type { Role } from '../../impl/node/node.ts';
import { HONEST_ROLES } from '../driver.ts';
import type { Mutant } from './mutant.ts';

export const payerReusesNonce: Mutant = {
  name: 'payer-reuses-nonce',
  description: "A's nonce randomness repeats on a new attempt after a cancellation: a secret nonce signs two messages",
  roles: () => {
    // The counter A had when it first paid, per node seed (the stale backup the bug restores from).
    const firstCounter = new Map<string, number>();
    return {
      ...HONEST_ROLES,
      payer: <Role<PayerSnapshot, PayerCommand>>{
        ...payerRole,
        onCommand(draft, cmd, ctx) {
          if (cmd.kind === 'PayerPay') {
            const first = firstCounter.get(draft.seed);
            if (first === undefined || draft.payments.length === 0) firstCounter.set(draft.seed, draft.counter);
            else draft.counter = first + 1;
          }
          return payerRole.onCommand(draft, cmd, ctx);
        },
      },
    };
  },
};
