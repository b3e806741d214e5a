/**
 * S claiming A's PTLC for a superseded U_BS(m+1): what the model lets a deviating S do (HubClaimPtlc without
 * R-05-05's state check) and what an honest S must never do. impl/node's hub refuses such an offer as
 * `stale-state`, so the oracle drives the deviation with this wrapper: for that one offer it lets the real hub
 * code see m+1 as still open (its proposal `settled`, the channel's latest below it), so S signs with its
 * own nonce of that session and claims; everything is restored afterwards. The same wrapper, used as S's role
 * for every step, is the mutant `hub-sells-stale` (mutants.ts).
 */
import type { EltooChannel } from '../../impl/node/channel.ts';
import { hubRole, type HubCommand, type HubSnapshot } from '../../impl/node/hub.ts';
import type { Outcome, Role } from '../../impl/node/node.ts';

export function hubSellsStale(base: Role<HubSnapshot, HubCommand> = hubRole): Role<HubSnapshot, HubCommand> {
  return {
    name: base.name,
    onCommand: (draft, cmd, ctx) => base.onCommand(draft, cmd, ctx),
    onTick: (draft, ctx) => base.onTick(draft, ctx),
    onMessage(draft, env, ctx): Outcome {
      const body = env.body;
      if (body.kind !== 'PtlcOffer') return base.onMessage(draft, env, ctx);
      const ch: EltooChannel | undefined = draft.channels.find((c) =>
        c.proposals.some((p) => p.sessionId === body.paymentId && p.purpose === 'async2'),
      );
      const p = ch?.proposals.find((x) => x.sessionId === body.paymentId);
      if (ch === undefined || p === undefined || (p.status !== 'superseded' && ch.latest.state < p.state))
        return base.onMessage(draft, env, ctx);
      const latest = ch.latest;
      const status = p.status;
      ch.latest = { ...latest, state: p.state - 1 };
      p.status = 'settled';
      try {
        return base.onMessage(draft, env, ctx);
      } finally {
        ch.latest = latest;
        p.status = status;
      }
    },
  };
}
