/**
 * A node's snapshot as text with its integrity check (a sealed record, `apln-node-snapshot`): what
 * `World.restart` round-trips through, and what a corrupted or truncated copy is refused by, naming what is
 * wrong, before the role's codec checks each field.
 */
import { InputError } from '../../../util/input-error.ts';
import { restoreNode } from '../snapshot-codecs.ts';
import type { AnyNode } from '../any-node.ts';
import { openRecord, sealRecord } from './sealed-record.ts';

const FORMAT = 'apln-node-snapshot';
const ROLES: readonly AnyNode['role'][] = ['payer', 'hub', 'payee', 'router', 'mailbox'];

export function sealNode(node: AnyNode): string {
  return sealRecord(FORMAT, { role: node.role, snapshot: node.snapshot });
}

/** The node in `text`; throws InputError at `where` when it is cut short, changed, or a field does not decode. */
export function openNode(text: string, where = 'snapshot'): AnyNode {
  const body = openRecord(text, FORMAT, where) as { role?: unknown; snapshot?: unknown } | null;
  const role = typeof body === 'object' && body !== null ? body.role : undefined;
  if (!ROLES.includes(role as AnyNode['role']))
    throw new InputError(`${where}: body.role`, `expected one of ${ROLES.join(', ')}`);
  return restoreNode(role as AnyNode['role'], (body as { snapshot?: unknown }).snapshot);
}
