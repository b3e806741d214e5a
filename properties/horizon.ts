/**
 * Scheme 1's horizon probe (spec 11 §14.5, properties/shared-clauses.ts): a PTLC offered and neither claimed nor
 * refunded, an update confirmed whose settlement has not spent it (the rebinding window still open), or the
 * timeout variant's pending output unspent, at the last height.
 */
import type { Ctx } from '../model/scheme1/context.ts';
import { hasUrgentStep } from '../model/scheme1/enabled.ts';
import type { ProtocolState } from '../model/scheme1/state.ts';
import { horizonClause } from './shared-clauses.ts';
import type { ProtocolProperty } from './types.ts';

/** The race `s` leaves open, in words, or undefined when every race is decided. */
export function openRace(s: ProtocolState): string | undefined {
  const hop = s.hops.findIndex((h) => h.status === 'offered');
  if (hop >= 0) return `hop ${hop} offered, undecided (times out at ${s.hops[hop]?.timeoutHeight})`;
  if (s.chain.update >= 0 && !s.chain.settled) return `U(n+${s.chain.update}) confirmed, not yet settled`;
  if (s.pending.status === 'unspent') return 'the pending output is unspent';
  return undefined;
}

export function horizonProperty(ctx: Ctx): ProtocolProperty {
  return horizonClause({
    maxHeight: ctx.config.maxHeight,
    races: 'a PTLC offered, an update unsettled, or the pending output unspent',
    openRace,
    hasUrgentStep: (s) => hasUrgentStep(ctx, s),
  });
}
