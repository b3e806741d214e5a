/** A's watcher is asleep: A's node never broadcasts what it sees it must (a newer update over a stale one, its settlement). */
import { payerRole, type PayerCommand, type PayerSnapshot } from '../../../impl/node/payer.ts';
import { isNodeError, type Role } from '../../../impl/node/node.ts';
import { HONEST_ROLES } from '../driver.ts';
import type { Mutant } from './mutant.ts';

export const watcherAsleep: Mutant = {
  name: 'watcher-asleep',
  description: "A's node watches the chain but never broadcasts: a stale U(n) from S goes unanswered (R-08-08)",
  roles: () => ({
    ...HONEST_ROLES,
    payer: <Role<PayerSnapshot, PayerCommand>>{
      ...payerRole,
      onTick(draft, ctx) {
        const out = payerRole.onTick(draft, ctx);
        return isNodeError(out) ? out : { ...out, broadcast: [] };
      },
    },
  }),
};
