/**
 * Deliberately broken scheme-2 implementations the oracle must catch (role wrappers: impl/node exposes no
 * mutation hooks, and no impl file is edited).
 * - `hub-sells-stale`: S claims A's PTLC, selling s_S, although m+1 was superseded (B and S agreed m+2):
 *   R-05-05. A pays for a signature on a dead state.
 * - `payer-ignores-chain`: A buys without looking at the B–S channel on chain (R-05-08): it gets no chain view
 *   when B's bundle arrives. This was impl/node's own behaviour until e54e0ad (found by this oracle).
 */
import { hubRole } from '../../impl/node/hub.ts';
import type { Outcome, Role } from '../../impl/node/node.ts';
import { payerRole, type PayerCommand, type PayerSnapshot } from '../../impl/node/payer.ts';
import { hubSellsStale } from './deviating-hub.ts';
import { HONEST_ROLES } from './driver.ts';
import type { Mutant as AnyMutant } from '../binding.ts';
import type { Roles } from '../node-network.ts';

/** A scheme-2 mutant: the honest roles with one changed. */
export interface Mutant extends AnyMutant {
  roles(): Roles;
}

function payerIgnoresChain(base: Role<PayerSnapshot, PayerCommand> = payerRole): Role<PayerSnapshot, PayerCommand> {
  return {
    name: base.name,
    onCommand: (draft, cmd, ctx) => base.onCommand(draft, cmd, ctx),
    onTick: (draft, ctx) => base.onTick(draft, ctx),
    onMessage: (draft, env, ctx): Outcome =>
      base.onMessage(draft, env, env.body.kind === 'MailboxDeliver' ? { height: ctx.height } : ctx),
  };
}

export const MUTANTS: readonly Mutant[] = [
  {
    name: 'hub-sells-stale',
    description: 'S sells s_S for a superseded U_BS(m+1) (R-05-05)',
    roles: () => ({ ...HONEST_ROLES, hub: hubSellsStale(hubRole) }),
  },
  {
    name: 'payer-ignores-chain',
    description: 'A buys s_S without checking the B–S channel on chain (R-05-08)',
    roles: () => ({ ...HONEST_ROLES, payer: payerIgnoresChain() }),
  },
];
