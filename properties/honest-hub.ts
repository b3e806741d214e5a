/**
 * Honest S loses nothing (PROTOCOL.md): an honest S never pays for a signature it cannot use (stale,
 * superseded, already bought, or settling too late), whatever A and B do together.
 */
import type { Ctx } from '../model/scheme1/context.ts';
import { holdsSettlement, holdsUpdate, isHonest, knows } from '../model/scheme1/context.ts';
import { hubPointCheck } from '../model/scheme1/enabled.ts';
import { K_U2 } from '../model/scheme1/knowledge.ts';
import { S } from '../model/parties.ts';
import { FORGED_INVOICE, type ProtocolState } from '../model/scheme1/state.ts';
import { onlyWhen } from './shared-clauses.ts';
import type { ProtocolProperty } from './types.ts';
import { hubPaid } from './views.ts';

/** How many times S paid for s_A of state n+1: its hop 0 claimed, and a second invoice paid. */
function purchases(s: ProtocolState): number {
  return (hubPaid(s) ? 1 : 0) + (s.resale.paid ? 1 : 0);
}

export function honestHubProperties(ctx: Ctx): ProtocolProperty[] {
  const sHonest = isHonest(ctx, S);
  return [
    {
      kind: 'always',
      name: 'honestHubLosesNothing.notSuperseded',
      description:
        'An honest S that paid for s_A was not paying for a superseded state (no n+2 exists, none on chain).',
      pred: onlyWhen(
        sHonest,
        (s) =>
          !hubPaid(s) ||
          (!knows(s, S, K_U2) && s.chain.update <= 1) ||
          'S paid for s_A but state n+1 was already superseded by n+2',
      ),
    },
    {
      kind: 'always',
      name: 'honestHubLosesNothing.notTooLate',
      description:
        'An honest S that paid for s_A can still enforce n+1 (holds St(n+1); the channel did not settle in state n).',
      pred: onlyWhen(sHonest, (s) => {
        if (!hubPaid(s)) return true;
        if (!holdsSettlement(s, S, 1)) return 'S paid for s_A but does not hold St(n+1)';
        if (s.chain.settled && s.chain.update < 1) return 'S paid for s_A but the channel settled in state n';
        if (s.pending.status === 'sweptByPayer')
          return 'S paid for s_A but A swept the pending amount through the timeout leaf';
        return true;
      }),
    },
    {
      kind: 'always',
      name: 'honestHubLosesNothing.notTwice',
      description:
        'An honest S paid for s_A of state n+1 at most once (hop 0 claimed, a second invoice paid: not both; R-02-18).',
      pred: onlyWhen(sHonest, (s) => purchases(s) <= 1 || `S paid for s_A of state n+1 ${purchases(s)} times`),
    },
    {
      kind: 'always',
      name: 'honestHubLosesNothing.onlyMatchingPoint',
      description:
        "An honest S that paid learned s_A: what it bought completes U(n+1) (R-02-16: it paid for s_A's point, T = T*).",
      // The consequence, not the flag S's point check tests: once hop 0 is claimed (and its secret reached S, which
      // an on-chain claim delays by a block), S must be able to complete U(n+1).
      pred: onlyWhen(
        sHonest,
        (s) =>
          !hubPaid(s) ||
          (s.pendingReveal & 1) !== 0 ||
          holdsUpdate(s, S, 1) ||
          "S paid for a secret that does not complete U(n+1) (its point is not s_A's point)",
      ),
    },
    {
      kind: 'sometimes',
      name: 'honestHubLosesNothing.witnessRefusedMismatch',
      description:
        "An invoice whose point is not s_A's point (a forged bundle, or a forged invoice: R-09-14) reached an honest S, which refused it by its point check.",
      pred: (s) =>
        sHonest && (s.forged & FORGED_INVOICE) !== 0 && s.hops[0]?.status === 'none' && !hubPointCheck(ctx, s),
    },
    {
      kind: 'sometimes',
      name: 'honestHubLosesNothing.witnessSecondInvoice',
      description:
        'After S offered its PTLC for state n+1, a second invoice for the same state reached it (so notTwice is put to the test).',
      pred: (s) => s.resale.from >= 0,
    },
    {
      kind: 'sometimes',
      name: 'honestHubLosesNothing.witnessUsablePurchase',
      description: 'S paid for s_A and holds a complete U(n+1) with St(n+1).',
      pred: (s) => hubPaid(s) && holdsUpdate(s, S, 1) && holdsSettlement(s, S, 1),
    },
  ];
}
