/**
 * Secrecy (PROTOCOL.md): s_A is known only to A, B and whoever paid for it; M learns nothing. Checked when
 * A and B are honest (they may publish s_A themselves).
 */
import type { Ctx } from '../model/scheme1/context.ts';
import { isHonest, knows } from '../model/scheme1/context.ts';
import { K_BUNDLE, K_SA } from '../model/scheme1/knowledge.ts';
import { A, B, M, PARTIES, PARTY_COUNT, hopOfferer } from '../model/parties.ts';
import { onlyWhen } from './shared-clauses.ts';
import type { ProtocolProperty } from './types.ts';
import { claimUnderway } from './views.ts';

export function secrecyProperties(ctx: Ctx): ProtocolProperty[] {
  const applies = isHonest(ctx, A) && isHonest(ctx, B);
  return [
    {
      kind: 'always',
      name: 'secrecy.mailboxLearnsNothing',
      description: "M never learns the bundle's plaintext.",
      pred: onlyWhen(applies, (s) => !knows(s, M, K_BUNDLE) || 'M knows the bundle'),
    },
    {
      kind: 'always',
      name: 'secrecy.onlyPayersLearn',
      description:
        'Everyone who knows s_A is A, B, a party whose PTLC paying for it was claimed (or is being claimed, claimSteps 2), or a coalition partner of one.',
      pred: onlyWhen(applies, (s) => {
        for (let p = 0; p < PARTY_COUNT; p++) {
          if (p === A || p === B || !knows(s, p, K_SA)) continue;
          const paidBy = (q: number): boolean => {
            for (let i = 0; i <= ctx.hops; i++)
              if (hopOfferer(i) === q && (s.hops[i]?.status === 'claimed' || claimUnderway(s, i))) return true;
            return false;
          };
          // A deviating party may have it from a coalition partner that paid.
          let paid = paidBy(p);
          if (!paid && !isHonest(ctx, p))
            for (let q = 0; q < PARTY_COUNT; q++) if (!isHonest(ctx, q) && paidBy(q)) paid = true;
          if (!paid) return `${PARTIES[p]} knows s_A without it or its coalition having paid for it`;
        }
        return true;
      }),
    },
    {
      kind: 'sometimes',
      name: 'secrecy.witnessHubLearnsByPaying',
      description: 'S learns s_A by paying for it.',
      pred: (s) => knows(s, 1, K_SA) && s.hops[0]?.status === 'claimed',
    },
  ];
}
