/**
 * S cannot steal (PROTOCOL.md): whatever S does, an honest A never ends with less than its balance before
 * the payment minus amt + fee, and loses amt + fee only if B was paid; S cannot make U(n+1) enforceable
 * without paying; and no update is left on chain that nobody can settle (A's funds held hostage).
 * Guarantees to an honest A: when A deviates the clauses are not claimed (they hold vacuously); the two
 * clauses about B being paid also need an honest B (a deviating B may hand s_A to S for nothing).
 */
import type { Ctx } from '../model/scheme1/context.ts';
import { holdsSettlement, holdsUpdate, isHonest } from '../model/scheme1/context.ts';
import { A, B, PARTY_COUNT, S } from '../model/parties.ts';
import { PAYER_CHANNEL_SAT } from '../model/scheme1/state.ts';
import { onlyWhen } from './shared-clauses.ts';
import type { ProtocolProperty } from './types.ts';
import { hubSidePaying, payeePaid, payeePaying, payerFloor, payerGuaranteed } from './views.ts';

export function hubCannotStealProperties(ctx: Ctx): ProtocolProperty[] {
  const aHonest = isHonest(ctx, A);
  // B may give s_A away itself; "paid only if B was paid" is a promise to A about an honest B.
  const abHonest = aHonest && isHonest(ctx, B);
  const floor = payerFloor(ctx);
  return [
    {
      kind: 'always',
      name: 'hubCannotSteal.payerBalanceFloor',
      description: `An honest A is always guaranteed at least its balance minus amt + fee (${floor}).`,
      pred: onlyWhen(aHonest, (s) => {
        const g = payerGuaranteed(ctx, s);
        return g >= floor || `A is guaranteed only ${g} < ${floor}`;
      }),
    },
    {
      kind: 'always',
      name: 'hubCannotSteal.paidOnlyIfPayeePaid',
      description:
        "An honest A can be made to pay (guaranteed less than it had) only once B was paid (or while B's claim is under way, claimSteps 2).",
      pred: onlyWhen(abHonest, (s) => {
        const g = payerGuaranteed(ctx, s);
        return (
          g >= PAYER_CHANNEL_SAT ||
          payeePaying(ctx, s) ||
          `A is guaranteed only ${g} < ${PAYER_CHANNEL_SAT} but B was not paid`
        );
      }),
    },
    {
      kind: 'always',
      name: 'hubCannotSteal.noUpdateWithoutPaying',
      description:
        'S holds a complete U(n+1) only after paying for s_A (hop 0 claimed, or its claim under way, claimSteps 2).',
      pred: onlyWhen(
        abHonest,
        (s) =>
          !holdsUpdate(s, S, 1) ||
          hubSidePaying(ctx, s) ||
          'S holds a complete U(n+1) without it or its coalition having paid',
      ),
    },
    {
      kind: 'always',
      name: 'hubCannotSteal.noStrandedUpdate',
      description:
        'A confirmed, unsettled update can always be settled (by its own settlement or a later complete state).',
      pred: onlyWhen(aHonest, (s) => {
        if (s.chain.update < 0 || s.chain.settled) return true;
        for (let p = 0; p < PARTY_COUNT; p++) {
          if (holdsSettlement(s, p, s.chain.update)) return true;
          for (let j = s.chain.update + 1; j <= 2; j++)
            if (holdsUpdate(s, p, j) && holdsSettlement(s, p, j)) return true;
        }
        return `U(n+${s.chain.update}) is confirmed and nobody holds a settlement for it or a later state: A's funds are stranded`;
      }),
    },
    {
      kind: 'sometimes',
      name: 'hubCannotSteal.witnessPaidToFloor',
      description: 'The payment goes through: B is paid and A is guaranteed exactly its floor.',
      pred: (s) => payeePaid(ctx, s) && payerGuaranteed(ctx, s) === floor,
    },
  ];
}
