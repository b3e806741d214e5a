/** B reveals the secret before the PTLC is locked: with its invoice it sends S a premature claim carrying s_A. */
import { payeeRole, type PayeeSnapshot, type PayeeCommand } from '../../../impl/node/payee.ts';
import type { Role } from '../../../impl/node/node.ts';
import type { Send } from '../../../impl/node/node.ts';
import { isNodeError } from '../../../impl/node/node.ts';
import { HONEST_ROLES } from '../driver.ts';
import type { Mutant } from './mutant.ts';

export const payeeRevealsEarly: Mutant = {
  name: 'payee-reveals-early',
  description: 'B sends S a claim carrying s_A along with its invoice, before any PTLC pays it (R-02-13)',
  roles: () => ({
    ...HONEST_ROLES,
    payee: <Role<PayeeSnapshot, PayeeCommand>>{
      ...payeeRole,
      onMessage(draft, env, ctx) {
        const out = payeeRole.onMessage(draft, env, ctx);
        if (isNodeError(out) || env.body.kind !== 'MailboxDeliver') return out;
        const early: Send[] = draft.receipts
          .filter((r) => r.status === 'invoiced')
          .map((r) => ({
            to: r.hub,
            sessionId: r.paymentId,
            body: { kind: 'PtlcClaim', paymentId: r.paymentId, hop: 0, sig: `${'00'.repeat(32)}${r.secret}` },
          }));
        return { ...out, send: [...(out.send ?? []), ...early] };
      },
    },
  }),
};
