/**
 * The `midExchange` stutter (issue 10 item 3): a message arriving in the middle of a signing exchange the model
 * takes as one step. A's owner asks the honest, online A for a cancellation (03 §1): A's proposal of the next
 * state is open (queued to S, not yet accepted). A deviating S answers it with the AcceptState its own node makes
 * for that proposal (on a copy of the world), sent under another session. A must refuse it
 * (channel-protocol:accept-wrong-session); its refusal is recorded in the transcript with its guard. The model
 * stutters, so A's snapshot and the network are put back whatever A answered. Directed runs only
 * (oracle/guard-directed.ts); random runs do not draw it.
 */
import { signEnvelope } from '../../impl/node/envelope.ts';
import { nodeKeys } from '../../impl/node/node.ts';
import type { ImplDriver } from './driver.ts';

/** A session id no exchange of the run uses. */
const OTHER_SESSION = '33'.repeat(32);

/** Runs the stutter; what it did, or undefined where it does not apply (A deviating or offline, S honest). */
export function runMidExchange(d: ImplDriver): string | undefined {
  const deviating = d.config.deviating ?? [];
  if (deviating.includes('A') || !deviating.includes('S') || !d.isOnline('A')) return undefined;
  const snapshot = d.node('A').snapshot;
  const queue = d.world.saveQueue();
  const undo = (): void => {
    d.world.setSnapshot('A', snapshot);
    d.world.restoreQueue(queue);
  };
  if (d.command('A', { kind: 'PayerCancel' }) !== undefined) {
    undo();
    return undefined;
  }
  // S's own node answers A's open proposal, on a copy of the world (the real S never sees the proposal).
  const copy = d.world.clone();
  const proposal = d.queued().find((e) => e.from === 'A' && e.to === 'S' && e.body.kind === 'ProposeState');
  const accept =
    proposal === undefined || copy.receive('S', proposal) !== undefined
      ? undefined
      : copy.unqueue((e) => e.from === 'S' && e.to === 'A' && e.body.kind === 'AcceptState');
  if (accept === undefined) {
    undo();
    return undefined;
  }
  const forged = signEnvelope({
    from: 'S',
    to: 'A',
    seq: (d.node('A').snapshot.seqIn.S ?? 0) + 1,
    sessionId: OTHER_SESSION,
    body: accept.body,
    nodeSecKey: nodeKeys(d.node('S').snapshot.seed).secKey,
    auxRand: new Uint8Array(32),
  });
  d.stutters.add(forged.sig);
  const refusal = d.receive('A', forged);
  undo();
  const answer = refusal === undefined ? 'A took it' : `A refused it (${refusal.guard})`;
  return `A's owner asks it to cancel; while A's proposal is open, S answers it under another session: ${answer}, undone`;
}
