/** S buys for a superseded state: the invoice's state is taken as the latest even after a cancellation (R-02-17, R-03-06, R-03-07). */
import { findProposal } from '../../impl/node/channel.ts';
import { hubRole, type HubSnapshot, type HubCommand } from '../../impl/node/hub.ts';
import type { Role } from '../../impl/node/node.ts';
import { HONEST_ROLES } from '../driver.ts';
import type { Mutant } from './mutant.ts';

export const hubBuysSuperseded: Mutant = {
  name: 'hub-buys-superseded',
  description: 'S buys the signature for a state a cancellation superseded (it skips the latest-state check)',
  roles: () => ({
    ...HONEST_ROLES,
    hub: <Role<HubSnapshot, HubCommand>>{
      ...hubRole,
      onMessage(draft, env, ctx) {
        const body = env.body;
        if (body.kind !== 'Invoice') return hubRole.onMessage(draft, env, ctx);
        const ch = draft.channels.find((c) => c.proposals.some((p) => p.sessionId === body.paymentId && p.purpose === 'async'));
        const p = ch === undefined ? undefined : findProposal(ch, body.state);
        if (ch === undefined || p === undefined || p.status !== 'superseded') return hubRole.onMessage(draft, env, ctx);
        // Skip both stale checks: the superseded status and the later co-signed settlement.
        const latest = ch.latest;
        const proposals = ch.proposals;
        p.status = 'settled';
        ch.latest = { ...latest, state: body.state - 1 };
        ch.proposals = proposals.filter((x) => x.state <= body.state);
        const out = hubRole.onMessage(draft, env, ctx);
        ch.latest = latest;
        ch.proposals = proposals;
        return out;
      },
    },
  }),
};
