/**
 * M, the mailbox: an untrusted store-and-forward relay. It stores sealed envelopes by recipient and hands them
 * over (and forgets them) when the recipient asks. It holds only ciphertext: it has no key to open them.
 */
import * as t from 'io-ts';
import type { Envelope } from './messages.ts';
import { nodeError } from './errors.ts';
import { unreachable } from '../../util/unreachable.ts';
import type { BaseSnapshot, Outcome, Role } from './node.ts';
import { NodeId } from './wire.ts';
import { Sealed } from './messages.ts';
import { ZERO32 } from './ptlc.ts';

const StoredItem = t.type({ recipient: NodeId, sender: NodeId, sealed: Sealed });
export type MailboxSnapshot = BaseSnapshot & { role: 'mailbox'; stored: t.TypeOf<typeof StoredItem>[] };
export type MailboxCommand = never;

export const mailboxRole: Role<MailboxSnapshot, MailboxCommand> = {
  name: 'mailbox',
  onMessage(draft, env: Envelope): Outcome {
    const body = env.body;
    switch (body.kind) {
      case 'MailboxStore':
        draft.stored.push({ recipient: body.recipient, sender: env.from, sealed: body.sealed });
        return {
          notes: [`M stores ${body.sealed.length / 2} bytes of ciphertext from ${env.from} for ${body.recipient}`],
        };
      case 'MailboxFetch': {
        const items = draft.stored
          .filter((s) => s.recipient === env.from)
          .map((s) => ({ sender: s.sender, sealed: s.sealed }));
        draft.stored = draft.stored.filter((s) => s.recipient !== env.from);
        return {
          send: [{ to: env.from, sessionId: ZERO32, body: { kind: 'MailboxDeliver', items } }],
          notes: [`M delivers ${items.length} envelope(s) to ${env.from}`],
        };
      }
      case 'ProposeState':
      case 'AcceptState':
      case 'SettlementSig':
      case 'UpdateSig':
      case 'MailboxDeliver':
      case 'Invoice':
      case 'PtlcOffer':
      case 'PtlcClaim':
      case 'PtlcAccept':
      case 'PayerReturn':
      case 'StateProof':
      case 'WatchtowerHandoff':
        return nodeError('unexpected', `M does not handle ${body.kind}`, 'mailbox:unhandled-message');
      default:
        return unreachable(body, 'message');
    }
  },
  onCommand(_draft, cmd): Outcome {
    return nodeError('refused', `M takes no commands (${JSON.stringify(cmd)})`, 'mailbox:no-commands');
  },
  onTick(): Outcome {
    return {};
  },
};
