/**
 * Honest intermediaries are paid (PROTOCOL.md): an honest routing node never ends with less than it
 * started with; one that paid downstream can always claim upstream in time; and whenever the payment
 * completes (B is paid and S holds s_A), every honest routing node on the path has earned its fee (or
 * holds what it needs to claim it in time), whatever the others do together. Only for hops > 0.
 */
import type { Ctx } from '../model/scheme1/context.ts';
import { isHonest, knows } from '../model/scheme1/context.ts';
import { hasUrgentStep } from '../model/scheme1/enabled.ts';
import { kSec } from '../model/scheme1/knowledge.ts';
import { PARTIES, routerIndex } from '../model/parties.ts';
import { ROUTING_WALLET_SAT, hopLocked, type ProtocolState } from '../model/scheme1/state.ts';
import { onlyWhen } from './shared-clauses.ts';
import type { ProtocolProperty } from './types.ts';
import { paymentCompleted } from './views.ts';

/**
 * P_j has claimed hop j-1, or knows its secret while it is still offered and not timed out, or will see it
 * with the next block (an on-chain claim of hop j) while hop j-1 will still be open then.
 */
function hasOrCanClaimUpstream(s: ProtocolState, j: number): boolean {
  const up = s.hops[j - 1];
  if (up === undefined) return false;
  if (up.status === 'claimed') return true;
  if (!hopLocked(up.status)) return false;
  if (knows(s, routerIndex(j), kSec(j - 1))) return s.height < up.timeoutHeight;
  return (s.pendingReveal & (1 << j)) !== 0 && s.height + 1 < up.timeoutHeight;
}

export function honestIntermediaryProperties(ctx: Ctx): ProtocolProperty[] {
  const honestRouters: number[] = [];
  for (let j = 1; j <= ctx.hops; j++) if (isHonest(ctx, routerIndex(j))) honestRouters.push(j);
  return [
    {
      kind: 'always',
      name: 'honestIntermediaryPaid.neverLoses',
      description: 'An honest routing node whose PTLCs are all resolved holds at least what it started with.',
      pred: onlyWhen(honestRouters.length > 0, (s) => {
        for (const j of honestRouters) {
          if (hopLocked(s.hops[j - 1]?.status ?? 'none') || hopLocked(s.hops[j]?.status ?? 'none')) continue;
          const w = s.wallet[routerIndex(j)] ?? 0;
          if (w < ROUTING_WALLET_SAT) return `${PARTIES[routerIndex(j)]} ends with ${w} < ${ROUTING_WALLET_SAT}`;
        }
        return true;
      }),
    },
    {
      kind: 'always',
      name: 'honestIntermediaryPaid.canClaimUpstream',
      description:
        'An honest routing node whose outgoing PTLC was claimed has claimed, or can still claim, its incoming one.',
      pred: onlyWhen(honestRouters.length > 0, (s) => {
        for (const j of honestRouters) {
          if (s.hops[j]?.status === 'claimed' && !hasOrCanClaimUpstream(s, j))
            return `${PARTIES[routerIndex(j)]} paid downstream but cannot claim upstream`;
        }
        return true;
      }),
    },
    {
      kind: 'always',
      name: 'honestIntermediaryPaid.earnsFeeOnCompletion',
      description:
        'When the payment has completed and the honest parties have reacted, every honest routing node has claimed, or can still claim, its incoming PTLC.',
      pred: onlyWhen(honestRouters.length > 0, (s) => {
        // Checked once the honest parties have reacted (no mandatory step pending: a claim travels upstream
        // one honest node at a time within the block) and on-chain claims of this block have confirmed. The
        // pending step is asked last, of a router that has not earned its fee: it is the dearest question.
        if (!paymentCompleted(ctx, s) || s.pendingReveal !== 0) return true;
        for (const j of honestRouters) {
          if (!hasOrCanClaimUpstream(s, j) && !hasUrgentStep(ctx, s))
            return `the payment completed but ${PARTIES[routerIndex(j)]} cannot earn its fee`;
        }
        return true;
      }),
    },
    {
      kind: 'sometimes',
      name: 'honestIntermediaryPaid.witnessAllHopsClaimed',
      description: 'Every hop of the path is claimed (each routing node earned its fee).',
      pred: (s) => s.hops.every((h) => h.status === 'claimed'),
    },
  ];
}
