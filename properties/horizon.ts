/**
 * The horizon probe (spec 11 §14.5): whether some run reaches the last height (`maxHeight`) with a race still
 * undecided: a PTLC offered and neither claimed nor refunded, an update confirmed whose settlement has not spent
 * it (the rebinding window still open), or the timeout variant's pending output unspent. Each "holds" of the
 * variant then covers those runs only up to the horizon: what is decided after it is not checked. Informational
 * (reported beside the verdicts in the `holds up to` column and `horizon.raceOpen` of `--json`), never expected.
 */
import type { Ctx } from '../model/scheme1/context.ts';
import { candidates } from '../model/scheme1/enabled.ts';
import type { ProtocolState } from '../model/scheme1/state.ts';
import type { ProtocolProperty } from './types.ts';

/** The race `s` leaves open, in words, or undefined when every race is decided. */
export function openRace(s: ProtocolState): string | undefined {
  const hop = s.hops.findIndex((h) => h.status === 'offered');
  if (hop >= 0) return `hop ${hop} offered, undecided (times out at ${s.hops[hop]?.timeoutHeight})`;
  if (s.chain.update >= 0 && !s.chain.settled) return `U(n+${s.chain.update}) confirmed, not yet settled`;
  if (s.pending.status === 'unspent') return 'the pending output is unspent';
  return undefined;
}

export function horizonProperties(ctx: Ctx): ProtocolProperty[] {
  return [
    {
      kind: 'sometimes',
      name: 'horizon.raceOpenAtEnd',
      description:
        'A run ends at the last height (no honest step left) with a race undecided: a PTLC offered, an update unsettled, or the pending output unspent.',
      informational: true,
      pred: (s) =>
        s.height === ctx.config.maxHeight && openRace(s) !== undefined && !candidates(ctx, s).some((c) => c.urgent),
    },
  ];
}
