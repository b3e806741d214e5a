/**
 * B's cooperative update of the B–S channel, for the oracle: impl/node's payee (payee.ts) takes only
 * `PayeeFetch` and `PayeeRequest`, so B cannot agree an ordinary state with S there. The oracle needs one twice:
 * before a run, so that U_BS(m) and St_BS(m) exist fully signed (the model's `U0St0`), and for the model's
 * `PayeeHubCancel` (B and S agree m+2 with the balances of m, R-05-03). This wrapper adds the command
 * `PayeeUpdate` and B's side of the update exchange, built from impl/node's own channel protocol
 * (channel-protocol.ts: the same functions A uses); S's side is the real hub. Everything else is payee.ts.
 */
import { findProposal } from '../../impl/node/channel.ts';
import {
  partyOnSettlementSig,
  partyOnUpdateSig,
  partyPropose,
  partySignUpdate,
} from '../../impl/node/channel-protocol.ts';
import { nodeError } from '../../impl/node/errors.ts';
import { freshRand, isNodeError, type Outcome, type Role } from '../../impl/node/node.ts';
import { payeeRole, type PayeeCommand, type PayeeSnapshot } from '../../impl/node/payee.ts';
import { toHex } from '../../impl/node/wire.ts';

/** Propose the next state of the B–S channel with the balances of B's latest complete state. */
type PayeeUpdateCommand = { readonly kind: 'PayeeUpdate' };

export type OraclePayeeCommand = PayeeCommand | PayeeUpdateCommand;

/** payee.ts plus B's cooperative update (oracle code over impl/node's channel protocol). */
export function payeeWithUpdate(
  base: Role<PayeeSnapshot, PayeeCommand> = payeeRole,
): Role<PayeeSnapshot, OraclePayeeCommand> {
  return {
    name: base.name,
    onCommand(draft, cmd, ctx): Outcome {
      if (cmd.kind !== 'PayeeUpdate') return base.onCommand(draft, cmd, ctx);
      const ch = draft.channel;
      if (ch === null) return nodeError('refused', 'B has no eltoo channel with S', 'oracle:payee-update-no-channel');
      const { send, proposal } = partyPropose(draft, ch, {
        purpose: 'update',
        partySat: ch.latest.partySat,
        hubSat: ch.latest.hubSat,
        amountSat: 0,
        feeSat: 0,
        expiryHeight: ctx.height,
        sessionId: toHex(freshRand(draft, 'update-id')),
      });
      return {
        send: [send],
        notes: [
          `B proposes state ${proposal.state} of its channel with ${ch.hub} with the balances of state ${ch.latest.state} (oracle)`,
        ],
      };
    },
    onMessage(draft, env, ctx): Outcome {
      const ch = draft.channel;
      const body = env.body;
      const p = ch === null || !('state' in body) ? undefined : findProposal(ch, body.state);
      if (ch === null || p === undefined || p.purpose !== 'update' || env.from !== ch.hub)
        return base.onMessage(draft, env, ctx);
      if (body.kind === 'SettlementSig') {
        const q = partyOnSettlementSig(ch, body);
        if (isNodeError(q)) return q;
        const partial = partySignUpdate(draft, ch, q);
        return {
          send: [
            { to: ch.hub, sessionId: q.sessionId, body: { kind: 'UpdateSig', state: q.state, partialSig: partial } },
          ],
        };
      }
      if (body.kind === 'UpdateSig') {
        const q = partyOnUpdateSig(ch, body);
        return isNodeError(q) ? q : { notes: [`B and ${ch.hub} completed state ${q.state}`] };
      }
      return base.onMessage(draft, env, ctx);
    },
    onTick: (draft, ctx) => base.onTick(draft, ctx),
  };
}
