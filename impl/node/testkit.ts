/**
 * Helpers for tests of impl/node (not used by production code): forge or tamper with messages as a deviating
 * party would, take messages out of the network, snapshot a whole world.
 */
import { signEnvelope } from './envelope.ts';
import type { Envelope, Message } from './messages.ts';
import { nodeKeys } from './node.ts';
import { derive } from './rng.ts';
import type { World } from './world.ts';

/** Removes and returns the first queued message matching `pred`. */
export function take(w: World, pred: (e: Envelope) => boolean): Envelope {
  const m = w.unqueue(pred);
  if (m === undefined) throw new Error('testkit.take: no such message queued');
  return m;
}

/** An envelope signed with `from`'s real node key (as `from` itself, deviating, could make). */
export function forge(
  w: World,
  o: { from: string; to: string; seq: number; sessionId: string; body: Message },
): Envelope {
  const seed = w.node(o.from).snapshot.seed;
  return signEnvelope({ ...o, nodeSecKey: nodeKeys(seed).secKey, auxRand: derive(seed, `testkit/${o.seq}/${o.to}`) });
}

/** The next sequence number `to` expects from `from`. */
export function nextSeq(w: World, o: { from: string; to: string }): number {
  return (w.node(o.to).snapshot.seqIn[o.from] ?? 0) + 1;
}

/** Every node's snapshot as JSON text, by id (sorted). */
export function worldJson(w: World): string {
  return JSON.stringify([...w.nodes.entries()].sort(([a], [b]) => a.localeCompare(b)));
}
