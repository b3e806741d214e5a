/**
 * Atomic sale (PROTOCOL.md): S learns s_A if and only if the PTLC that pays for it is claimed; across a
 * split, each hop's payment and secret move together. Checked with A and B honest (they hold s_A and may
 * give it away); a deviating S counts as having paid when a coalition partner paid downstream (the
 * wormhole's victims are the honest nodes in between: `honestIntermediaryPaid`). (The bullet's last clause, an honest intermediary
 * can still claim upstream, is `honestIntermediaryPaid.canClaimUpstream`.)
 */
import type { Ctx } from '../model/scheme1/context.ts';
import { isHonest, knows } from '../model/scheme1/context.ts';
import { K_SA, kSec } from '../model/scheme1/knowledge.ts';
import { A, B, S, hopOfferer } from '../model/parties.ts';
import { onlyWhen } from './shared-clauses.ts';
import type { ProtocolProperty } from './types.ts';
import { hubPaid, hubSidePaying } from './views.ts';

export function atomicSaleProperties(ctx: Ctx): ProtocolProperty[] {
  // s_A's holders (A, and B once it reads the bundle) may give it away; the sale is only atomic for them when honest.
  const applies = isHonest(ctx, A) && isHonest(ctx, B);
  return [
    {
      kind: 'always',
      name: 'atomicSale.hubLearnsOnlyIfClaimed',
      description:
        'S knows s_A only if the PTLC it offered for it (hop 0) was claimed, or its claim is still under way (claimSteps 2: revealed, not yet committed or refunded), or, for a deviating S, a coalition partner paid downstream.',
      pred: onlyWhen(
        applies,
        (s) =>
          !knows(s, S, K_SA) || hubSidePaying(ctx, s) || 'S knows s_A but neither it nor its coalition paid for it',
      ),
    },
    {
      kind: 'always',
      name: 'atomicSale.claimedOnlyIfHubLearns',
      description: 'When hop 0 is claimed, S knows s_A (the claim reveals it; an on-chain claim with the next block).',
      pred: onlyWhen(
        applies,
        (s) =>
          !hubPaid(s) ||
          (s.pendingReveal & 1) !== 0 ||
          knows(s, S, K_SA) ||
          'hop 0 was claimed but S does not know s_A',
      ),
    },
    {
      kind: 'always',
      name: 'atomicSale.hopsMoveTogether',
      description:
        "Every claimed hop's offerer knows that hop's secret, or sees it with the next block (payment and secret move together).",
      pred: (s) => {
        for (let i = 0; i <= ctx.hops; i++) {
          const pending = (s.pendingReveal & (1 << i)) !== 0;
          if (s.hops[i]?.status === 'claimed' && !pending && !knows(s, hopOfferer(i), kSec(i)))
            return `hop ${i} was claimed but its offerer does not know its secret`;
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
