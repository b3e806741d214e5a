/**
 * A node of any role with its snapshot, as the world, the snapshot codecs and the durable store see it (its own
 * module so that those three need not import one another for a type).
 */
import type { HubSnapshot } from './hub.ts';
import type { MailboxSnapshot } from './mailbox.ts';
import type { PayeeSnapshot } from './payee.ts';
import type { PayerSnapshot } from './payer.ts';
import type { RouterSnapshot } from './router.ts';

export type AnyNode =
  | { role: 'payer'; snapshot: PayerSnapshot }
  | { role: 'hub'; snapshot: HubSnapshot }
  | { role: 'payee'; snapshot: PayeeSnapshot }
  | { role: 'router'; snapshot: RouterSnapshot }
  | { role: 'mailbox'; snapshot: MailboxSnapshot };
