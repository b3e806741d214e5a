/**
 * The shape of every mutant that breaks one of S's checks on an invoice: the honest hub, except that an invoice
 * for one of its async proposals first goes through `onInvoice`, which may handle it (broken) or return
 * `undefined` to leave it to the honest code.
 */
import { findProposal, type EltooChannel, type Proposal } from '../../../impl/node/channel.ts';
import { hubRole, type HubCommand, type HubSnapshot } from '../../../impl/node/hub.ts';
import type { Envelope, Invoice } from '../../../impl/node/messages.ts';
import type { Outcome, Role, StepContext } from '../../../impl/node/node.ts';
import { HONEST_ROLES } from '../driver.ts';
import type { Mutant } from './mutant.ts';

/** The invoice and the channel and proposal it names. */
export interface InvoiceTarget {
  readonly body: Invoice;
  readonly ch: EltooChannel;
  readonly p: Proposal;
}

export function hubInvoiceMutant(opts: {
  readonly name: string;
  readonly description: string;
  readonly onInvoice: (
    draft: HubSnapshot,
    env: Envelope,
    ctx: StepContext,
    target: InvoiceTarget,
  ) => Outcome | undefined;
}): Mutant {
  const hub: Role<HubSnapshot, HubCommand> = {
    ...hubRole,
    onMessage(draft, env, ctx) {
      const body = env.body;
      if (body.kind !== 'Invoice') return hubRole.onMessage(draft, env, ctx);
      const ch = draft.channels.find((c) =>
        c.proposals.some((p) => p.sessionId === body.paymentId && p.purpose === 'async'),
      );
      const p = ch === undefined ? undefined : findProposal(ch, body.state);
      const broken = ch === undefined || p === undefined ? undefined : opts.onInvoice(draft, env, ctx, { body, ch, p });
      return broken ?? hubRole.onMessage(draft, env, ctx);
    },
  };
  return { name: opts.name, description: opts.description, roles: () => ({ ...HONEST_ROLES, hub }) };
}
