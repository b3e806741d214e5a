/**
 * Privacy (PROTOCOL.md): which coalitions can tie A to B. The deviating coalition links them when it knows
 * T belongs to A's channel, sees the lock point of the hop that pays B, and can relate the two points
 * (same point, or every tweak between them known). Coalitions with A or B are not asked (they know both
 * ends already). Included for split variants (hops > 0).
 */
import type { Ctx } from '../model/scheme1/context.ts';
import { A, B, inMask } from '../model/parties.ts';
import { onlyWhen } from './shared-clauses.ts';
import type { ProtocolProperty } from './types.ts';
import { coalitionLinks } from './views.ts';

export function linkabilityProperties(ctx: Ctx): ProtocolProperty[] {
  const asked = !inMask(ctx.deviating, A) && !inMask(ctx.deviating, B);
  return [
    {
      kind: 'always',
      name: 'linkability.coalitionCannotLink',
      description: "The deviating coalition cannot relate the point it sees on B's hop to T (and so to A).",
      pred: onlyWhen(
        asked,
        (s) => !coalitionLinks(ctx, s) || `coalition {${ctx.config.deviating.join(', ')}} links A to B`,
      ),
    },
    {
      kind: 'sometimes',
      name: 'linkability.witnessPayeeHopOffered',
      description: 'The hop that pays B is offered (there is something to link).',
      pred: (s) => s.hops[ctx.hops]?.status !== 'none',
    },
  ];
}
