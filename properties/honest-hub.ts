/**
 * Honest S loses nothing (PROTOCOL.md): an honest S never pays for a signature it cannot use (stale,
 * superseded, already bought, or settling too late), whatever A and B do together.
 */
import type { Ctx } from '../model/context.ts';
import { holdsSettlement, holdsUpdate, isHonest, knows } from '../model/context.ts';
import { K_U2 } from '../model/knowledge.ts';
import { S } from '../model/parties.ts';
import type { ProtocolProperty } from './types.ts';
import { hubPaid } from './views.ts';

export function honestHubProperties(ctx: Ctx): ProtocolProperty[] {
  const sHonest = isHonest(ctx, S);
  return [
    {
      kind: 'always',
      name: 'honestHubLosesNothing.notSuperseded',
      description: 'An honest S that paid for s_A was not paying for a superseded state (no n+2 exists, none on chain).',
      pred: (s) =>
        !sHonest || !hubPaid(s) || (!knows(s, S, K_U2) && s.chain.update <= 1) || 'S paid for s_A but state n+1 was already superseded by n+2',
    },
    {
      kind: 'always',
      name: 'honestHubLosesNothing.notTooLate',
      description: 'An honest S that paid for s_A can still enforce n+1 (holds St(n+1); the channel did not settle in state n).',
      pred: (s) => {
        if (!sHonest || !hubPaid(s)) return true;
        if (!holdsSettlement(s, S, 1)) return 'S paid for s_A but does not hold St(n+1)';
        if (s.chain.settled && s.chain.update < 1) return 'S paid for s_A but the channel settled in state n';
        return true;
      },
    },
    {
      kind: 'sometimes',
      name: 'honestHubLosesNothing.witnessUsablePurchase',
      description: 'S paid for s_A and holds a complete U(n+1) with St(n+1).',
      pred: (s) => hubPaid(s) && holdsUpdate(s, S, 1) && holdsSettlement(s, S, 1),
    },
  ];
}
