/**
 * The `owner` stutter (issue 10): the owner of an honest, online node asks it for something it must refuse (a
 * second payment while one is open, more than its balance, an expiry already passed). The node's refusal is
 * recorded in the transcript with its guard; the model stutters, so the node's snapshot and the network are put
 * back whatever it answered. Both schemes use it (scheme 2: A asked to hand B an update it does not hold). Directed runs only (oracle/guard-directed.ts); random runs do not draw it.
 */
import type { NodeError } from '../../impl/node/errors.ts';
import type { AnyCommand } from '../../impl/node/world.ts';
import type { TamperDriver } from './tamper.ts';

/** What the stutter needs of a driver (either scheme's): the nodes, their network, and a node's owner. */
export type OwnerDriver = Pick<TamperDriver, 'world' | 'config' | 'isOnline' | 'node'> & {
  command(id: string, cmd: AnyCommand): NodeError | undefined;
};

/**
 * A local command as plain fields; `'now'` stands for the current height. `expect: 'done'` (not a command field)
 * marks a request the node must carry out (an update within its balance): a refusal of it fails the run.
 */
export type OwnerCommand = Readonly<Record<string, number | string>>;

/** Runs the stutter; what it did, or undefined when the node deviates or is offline. */
export function runOwner(d: OwnerDriver, node: string, command: OwnerCommand): string | undefined {
  if ((d.config.deviating ?? []).includes(node) || !d.isOnline(node)) return undefined;
  const { expect, ...fields } = command;
  const cmd = Object.fromEntries(
    Object.entries(fields).map(([k, v]) => [k, v === 'now' ? d.world.height : v]),
  ) as unknown as AnyCommand;
  const snapshot = d.node(node).snapshot;
  const queue = d.world.saveQueue();
  const refusal = d.command(node, cmd);
  d.world.setSnapshot(node, snapshot);
  d.world.restoreQueue(queue);
  if (expect === 'done' && refusal !== undefined)
    throw new Error(`${node} refused what its owner may ask of it (${JSON.stringify(fields)}): ${refusal.guard}`);
  const answer = refusal === undefined ? 'it did it' : `it refused (${refusal.guard})`;
  return `${node}'s owner asks it for ${cmd.kind} (${JSON.stringify(command)}): ${answer}, undone`;
}
