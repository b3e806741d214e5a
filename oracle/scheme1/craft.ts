/**
 * The `craft` stutter (issue 10): a deviating party builds a message with its own keys from one it sent an
 * honest, online party earlier (the `back`-th most recent the receiver accepted), with several body fields set
 * at once (a number field moved by the given amount, any other set to the given value; an invoice re-signed by
 * its sender), in a fresh envelope with the sequence number the receiver expects next. Where one altered field
 * only trips the first check on the way (a proposal for a used state number), crafting several reaches a
 * later guard alone (a proposal for the next state whose balances do not add up).
 * With `as` and `of`, the deviating party `as` makes it from a message of kind `of` that anyone sent an honest,
 * online party (`to`, if given) (it saw it, or its coalition did: B's invoice forwarded by A, A's proposal sent by B), to that
 * party. With `resign` false an invoice keeps the signature it had (a genuine payee signature over the fields as
 * they were); `drop` leaves body fields out. The guard-directed runs use it (../guard-directed.ts); random runs do not draw it.
 */
import { describeEdits } from '../stutter-codecs.ts';
import type { Envelope } from '../../impl/node/messages.ts';
import type { ImplDriver } from './driver.ts';
import { sendAs, sentByDeviating } from './tamper.ts';

/** Field edits: a number field moved by the number given, any other field set to the value given (`a.b`: field b of a). */
export type Edits = Readonly<Record<string, number | string>>;

/** Where the crafted message comes from and how it is signed (all optional: the deviating party's own, re-signed). */
export interface CraftFrom {
  /** The deviating party that sends it. */
  readonly as?: string;
  /** The kind of message it is made from, sent by anyone to an honest, online party. */
  readonly of?: string;
  /** That party (any when undefined). */
  readonly to?: string;
  /** An invoice is re-signed by the sender unless false. */
  readonly resign?: boolean;
  /** Body fields left out (a message of another kind made from this one: a PtlcAccept's stateSig for a claim). */
  readonly drop?: readonly string[];
}

/** Sets the field at `path` (a dotted key reaches into an object field: `pending.pendingSat`) in a copy of each level. */
function setField(obj: Record<string, unknown>, path: readonly string[], v: number | string): void {
  const [k, ...rest] = path;
  if (k === undefined) return;
  const o = obj[k];
  if (rest.length > 0) {
    const inner = { ...(o as Record<string, unknown>) };
    setField(inner, rest, v);
    obj[k] = inner;
  } else obj[k] = typeof v === 'number' && typeof o === 'number' ? o + v : v;
}

/**
 * The messages of kind `kind` anyone (but the adversary's stutters) sent honest, online parties (not M): those
 * accepted, oldest first, then those still queued.
 */
function sentToHonest(d: ImplDriver, kind: string, to: string | undefined): Envelope[] {
  const deviating = new Set(d.config.deviating ?? []);
  const fits = (e: Envelope): boolean =>
    e.body.kind === kind &&
    (to === undefined || e.to === to) &&
    !deviating.has(e.to) &&
    e.to !== 'M' &&
    d.isOnline(e.to) &&
    !d.stutters.has(e.sig);
  return [
    ...d.world.transcript.flatMap((e) => (e.kind === 'message' && e.accepted && fits(e.envelope) ? [e.envelope] : [])),
    ...d.queued().filter(fits),
  ];
}

/** Runs the stutter; what it did, or undefined when no message fits (or `as` is not a deviating party). */
export function runCraft(d: ImplDriver, back: number, edits: Edits, from: CraftFrom = {}): string | undefined {
  if (from.as !== undefined && !(d.config.deviating ?? []).includes(from.as)) return undefined;
  const sent = from.of === undefined ? sentByDeviating(d) : sentToHonest(d, from.of, from.to);
  const template = sent[sent.length - 1 - (back % Math.max(1, sent.length))];
  if (template === undefined) return undefined;
  const env = from.as === undefined ? template : { ...template, from: from.as };
  if (env.from === env.to) return undefined;
  const original = env.body as unknown as Record<string, unknown>;
  const body: Record<string, unknown> = { ...original };
  for (const [k, v] of Object.entries(edits)) setField(body, k.split('.'), v);
  for (const k of from.drop ?? []) delete body[k];
  const seq = (d.node(env.to).snapshot.seqIn[env.from] ?? 0) + 1;
  sendAs(d, env, body as unknown as Envelope['body'], seq, from.resign !== false);
  const what = describeEdits(edits);
  const made = template.from === env.from ? 'its earlier one' : `${template.from}'s`;
  const signed = body.kind === 'Invoice' && from.resign === false ? ' (the invoice keeps its signature)' : '';
  const dropped = (from.drop ?? []).length === 0 ? '' : `, without ${(from.drop ?? []).join(', ')}`;
  return `${env.from} sends ${env.to} a ${String(body.kind)} made from ${made} ${template.body.kind}: ${what === '' ? 'unchanged' : what}${dropped}${signed}`;
}
