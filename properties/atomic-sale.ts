/**
 * Atomic sale (PROTOCOL.md): S learns s_A if and only if the PTLC that pays for it is claimed; across a
 * split, each hop's payment and secret move together. (The bullet's last clause, an honest intermediary
 * can still claim upstream, is `honestIntermediaryPaid.canClaimUpstream`.)
 */
import type { Ctx } from '../model/context.ts';
import { knows } from '../model/context.ts';
import { K_SA, kSec } from '../model/knowledge.ts';
import { S, hopOfferer } from '../model/parties.ts';
import type { ProtocolProperty } from './types.ts';
import { hubPaid } from './views.ts';

export function atomicSaleProperties(ctx: Ctx): ProtocolProperty[] {
  return [
    {
      kind: 'always',
      name: 'atomicSale.hubLearnsOnlyIfClaimed',
      description: 'S knows s_A only if the PTLC it offered for it (hop 0) was claimed.',
      pred: (s) => !knows(s, S, K_SA) || hubPaid(s) || 'S knows s_A but hop 0 was not claimed',
    },
    {
      kind: 'always',
      name: 'atomicSale.claimedOnlyIfHubLearns',
      description: 'When hop 0 is claimed, S knows s_A (the claim reveals it).',
      pred: (s) => !hubPaid(s) || knows(s, S, K_SA) || 'hop 0 was claimed but S does not know s_A',
    },
    {
      kind: 'always',
      name: 'atomicSale.hopsMoveTogether',
      description: "Every claimed hop's offerer knows that hop's secret (payment and secret move together).",
      pred: (s) => {
        for (let i = 0; i <= ctx.hops; i++) {
          if (s.hops[i]?.status === 'claimed' && !knows(s, hopOfferer(i), kSec(i))) return `hop ${i} was claimed but its offerer does not know its secret`;
        }
        return true;
      },
    },
    {
      kind: 'sometimes',
      name: 'atomicSale.witnessSale',
      description: 'S buys s_A: hop 0 is claimed and S knows s_A.',
      pred: (s) => hubPaid(s) && knows(s, S, K_SA),
    },
  ];
}
