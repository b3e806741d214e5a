/** S buys for a superseded state: the invoice's state is taken as the latest even after a cancellation (R-02-17, R-03-06, R-03-07). */
import { hubRole } from '../../../impl/node/hub.ts';
import { hubInvoiceMutant } from './hub-invoice-mutant.ts';

export const hubBuysSuperseded = hubInvoiceMutant({
  name: 'hub-buys-superseded',
  description: 'S buys the signature for a state a cancellation superseded (it skips the latest-state check)',
  onInvoice(draft, env, ctx, { body, ch, p }) {
    if (p.status !== 'superseded') return undefined;
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
});
