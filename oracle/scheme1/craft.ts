/**
 * The `craft` stutter (issue 10): a deviating party builds a message with its own keys from one it sent an
 * honest, online party earlier (the `back`-th most recent the receiver accepted), with several body fields set
 * at once (a number field moved by the given amount, any other set to the given value; an invoice re-signed by
 * its payee), in a fresh envelope with the sequence number the receiver expects next. Where one altered field
 * only trips the first check on the way (a proposal for a used state number), crafting several reaches a
 * later guard alone (a proposal for the next state whose balances do not add up). The guard-directed runs use
 * it (../guard-directed.ts); random runs do not draw it.
 */
import type { Envelope } from '../../impl/node/messages.ts';
import type { ImplDriver } from './driver.ts';
import { sendAs, sentByDeviating } from './tamper.ts';

/** Field edits: a number field moved by the number given, any other field set to the value given. */
export type Edits = Readonly<Record<string, number | string>>;

/** Runs the stutter; what it did, or undefined when no message fits. */
export function runCraft(d: ImplDriver, back: number, edits: Edits): string | undefined {
  const sent = sentByDeviating(d);
  const env = sent[sent.length - 1 - (back % Math.max(1, sent.length))];
  if (env === undefined) return undefined;
  const original = env.body as unknown as Record<string, unknown>;
  const body: Record<string, unknown> = { ...original };
  for (const [k, v] of Object.entries(edits)) {
    const o = original[k];
    body[k] = typeof v === 'number' && typeof o === 'number' ? o + v : v;
  }
  const seq = (d.node(env.to).snapshot.seqIn[env.from] ?? 0) + 1;
  sendAs(d, env, body as unknown as Envelope['body'], seq, true);
  const what = Object.entries(edits)
    .map(
      ([k, v]) =>
        `${k} ${typeof v === 'number' && typeof original[k] === 'number' ? `${v >= 0 ? '+' : ''}${v}` : `= ${v}`}`,
    )
    .join(', ');
  return `${env.from} sends ${env.to} a ${env.body.kind} made from its earlier one: ${what}`;
}
