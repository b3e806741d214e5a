/**
 * B cannot be cheated (PROTOCOL.md): an honest B never gives up s_A without being paid. Checked when A and
 * B are honest (a deviating A can hand s_A out itself; that is not B giving it up).
 */
import type { Ctx } from '../model/scheme1/context.ts';
import { isHonest, knows } from '../model/scheme1/context.ts';
import { K_SA } from '../model/scheme1/knowledge.ts';
import { A, B, PARTIES, PARTY_COUNT } from '../model/parties.ts';
import { onlyWhen } from './shared-clauses.ts';
import type { ProtocolProperty } from './types.ts';
import { payeePaid, payeePaying } from './views.ts';

export function payeeNotCheatedProperties(ctx: Ctx): ProtocolProperty[] {
  const applies = isHonest(ctx, A) && isHonest(ctx, B);
  return [
    {
      kind: 'always',
      name: 'payeeNotCheated.secretOnlyForPayment',
      description:
        "Nobody but A and B knows s_A until B has been paid for it (or while B's claim is under way, claimSteps 2).",
      pred: onlyWhen(applies, (s) => {
        if (payeePaying(ctx, s)) return true;
        for (let p = 0; p < PARTY_COUNT; p++) {
          if (p !== A && p !== B && knows(s, p, K_SA)) return `${PARTIES[p]} knows s_A but B was not paid`;
        }
        return true;
      }),
    },
    {
      kind: 'sometimes',
      name: 'payeeNotCheated.witnessPayeePaid',
      description: 'B is paid for s_A.',
      pred: (s) => payeePaid(ctx, s),
    },
  ];
}
