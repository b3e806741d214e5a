/**
 * The `tamper` stutter (issue 10): a deviating party sends an honest one a message it altered, made and signed
 * with its own keys (the oracle holds every node's seed, and a deviating party may sign anything): the message
 * the deviating party has queued to an honest, online party (delivered ahead of the genuine one, with its
 * sequence number), else the last one such a party accepted from it (with the sender's next number), with one
 * body field changed. An invoice is re-signed by its payee, so the check that refuses it is the one the field
 * belongs to, not the signature's. The model stutters: the honest party must refuse it; accepting it is a
 * divergence (StutterAccepted), unless the altered field is one the receiver cannot check (`UNCHECKABLE`, each
 * with its reason). Fields an honest node need not check (the spec leaves them to the sender) are not altered.
 * Both schemes use these stutters (scheme 2's adversary.ts too): they need only `TamperDriver`.
 */
import { signInvoice } from '../../impl/node/invoice.ts';
import type { Envelope, InvoiceFields } from '../../impl/node/messages.ts';
import { nodeKeys } from '../../impl/node/node.ts';
import { signEnvelope } from '../../impl/node/envelope.ts';
import type { NodeError } from '../../impl/node/errors.ts';
import type { AnyNode, World } from '../../impl/node/world.ts';
import { StutterAccepted } from '../node-network.ts';

/** What the stutters need of a scheme's driver (either scheme's `NodeNetwork` subclass). */
export interface TamperDriver {
  readonly world: World;
  /** Signatures of the envelopes the adversary's stutters injected (no party sent them). */
  readonly stutters: Set<string>;
  /** The deviating parties: whose keys the adversary may sign with. */
  readonly config: { readonly deviating?: readonly string[] };
  queued(): readonly Envelope[];
  isOnline(id: string): boolean;
  node(id: string): AnyNode;
  receive(to: string, raw: unknown): NodeError | undefined;
}

/** Body fields never altered: not checked by the receiver by design, or not a scalar field. */
const KEEP: Readonly<Record<string, readonly string[]>> = {
  // The invoice's expiry and tweak sum are B's copy of A's terms: S reads A's (R-02-19) and its own route. Its
  // signature is made anew over the altered fields.
  Invoice: ['expiryHeight', 'tweakSum', 'payeeSig'],
};

/**
 * Per message kind, the body fields a receiver cannot check, each with the reason: altered, the message may be
 * accepted. Any other altered field the receiver must refuse; acceptance is a divergence (StutterAccepted).
 */
const UNCHECKABLE: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  MailboxStore: {
    // M stores sealed mail for whoever the sender names (R-02-08 says only what M does with it): whom A pays is A's.
    recipient: 'M stores mail for any recipient the sender names; whom the sender writes to is its own choice',
    // The sealed item is encrypted to the recipient's mailbox key: M cannot open it, only store it.
    sealed: 'M cannot open a sealed item (it is encrypted to the recipient); only the recipient can check it',
  },
  ProposeState: {
    // One above the receiver's highest state, an altered state number is a fresh proposal, which a channel party
    // may make at any time (B resending its m+1 proposal as m+2); the receiver checks it as any proposal (next
    // state, purpose, balances). Taken, it is a step the model does not have: the oracle undoes it (FRESH).
    state: "a proposal of the receiver's next state is a fresh one a channel party may make at any time",
  },
  PayerReturn: {
    // A request S answers each time (A is back): the state A says it knows only selects which of S's proofs of A's
    // own payments S shows; any value is A's to give, and a proof more or less harms no one but A.
    knownState: "S answers each PayerReturn; knownState only selects which proofs of A's own payments S shows A",
  },
};

/** Altered fields that make a fresh, valid message: when the receiver takes it, the oracle undoes it (not a stutter). */
const FRESH: Readonly<Record<string, readonly string[]>> = { ProposeState: ['state'] };

/** Requests an honest receiver answers each time they come: resent, they may be accepted. */
const ANSWERED_EACH_TIME: readonly string[] = ['PayerReturn', 'MailboxFetch'];

/** `v` with its last hex digit changed (still hex of the same length). */
function flipHex(v: string): string {
  const last = v.at(-1) ?? '0';
  return `${v.slice(0, -1)}${last === '0' ? '1' : '0'}`;
}

/**
 * The altered value of field `name`, or undefined when the field is not altered. An onion loses its first layer,
 * the receiver's own: a router opens only that layer and forwards the rest sealed to the later hops (no MAC
 * binds them to its layer), so a change further in is checked by the hop it is for, not by this receiver.
 */
function alter(v: unknown, name?: string): unknown {
  if (name === 'onion' && Array.isArray(v)) return v.length === 0 ? undefined : v.slice(1);
  if (typeof v === 'number') return v + 1;
  if (typeof v === 'string') {
    if (/^[0-9a-f]{2,}$/.test(v)) return flipHex(v);
    if (v.length <= 3) return v === 'A' ? 'B' : 'A';
    return undefined;
  }
  if (Array.isArray(v)) return v.length === 0 ? undefined : v.slice(0, -1);
  return undefined;
}

/** The fields of `body` the stutter may alter, in a fixed order. */
function tamperableFields(body: Envelope['body']): string[] {
  const keep = KEEP[body.kind] ?? [];
  return Object.entries(body)
    .filter(([k, v]) => k !== 'kind' && !keep.includes(k) && alter(v, k) !== undefined)
    .map(([k]) => k)
    .sort();
}

/** The envelope the stutter alters: queued first, else the last accepted; from a deviating to an honest party. */
function target(d: TamperDriver): { env: Envelope; queued: boolean } | undefined {
  const deviating = new Set(d.config.deviating ?? []);
  const fits = (e: Envelope): boolean =>
    deviating.has(e.from) && !deviating.has(e.to) && d.isOnline(e.to) && tamperableFields(e.body).length > 0;
  const q = d.queued().find(fits);
  if (q !== undefined) return { env: q, queued: true };
  for (const e of [...d.world.transcript].reverse()) {
    if (e.kind === 'message' && e.accepted && fits(e.envelope)) return { env: e.envelope, queued: false };
  }
  return undefined;
}

/** Runs the stutter with field choice `field`; what it did, or undefined when no message fits. */
export function runTamper(d: TamperDriver, field: number): string | undefined {
  const t = target(d);
  if (t === undefined) return undefined;
  const { env } = t;
  const fields = tamperableFields(env.body);
  const name = fields[field % fields.length];
  if (name === undefined) return undefined;
  const seq = t.queued ? env.seq : (d.node(env.from).snapshot.seqOut[env.to] ?? 1);
  const note = `${env.from} sends ${env.to} its ${env.body.kind} with ${name} altered`;
  sendAltered(d, env, name, seq, note);
  return note;
}

/**
 * The `resend` stutter: a deviating party sends an honest, online one a message it sent it earlier (the
 * `back`-th most recent it accepted), in a fresh envelope with the sequence number the receiver expects next,
 * signed with the sender's own key: a replay across states and payments that the envelope's sequence check
 * does not catch, so the body's own check must (an answer already given, a proposal already settled, a claim
 * already made, a bundle already bought). With `field` ≥ 0, that field (mod the tamperable ones) is altered
 * too, as in `tamper`. Undefined when no message fits. An unaltered resend the receiver accepts is a divergence
 * (StutterAccepted) even where its abstraction would not move: it acted on the same message twice.
 * Not to M: a bundle stored twice (or an unreadable one) makes the honest B refuse the whole MailboxDeliver, the
 * genuine bundle with it, so B never invoices where the model lets it (a finding of this stutter, left to the
 * implementation: s5-mutation notes); until B skips a bad item instead, resending to M would only show that.
 */
export function runResend(d: TamperDriver, back: number, field: number): string | undefined {
  const sent = sentByDeviating(d);
  const env = sent[sent.length - 1 - (back % Math.max(1, sent.length))];
  if (env === undefined) return undefined;
  const seq = (d.node(env.to).snapshot.seqIn[env.from] ?? 0) + 1;
  const fields = tamperableFields(env.body);
  const name = field < 0 || fields.length === 0 ? undefined : fields[field % fields.length];
  const note = `${env.from} sends ${env.to} its ${env.body.kind} of ${sent.length - (back % sent.length)} again${name === undefined ? '' : ` with ${name} altered`}`;
  const refusal = sendAltered(d, env, name, seq, note);
  // A message sent again unaltered must be refused (the receiver already acted on it), but for a request the
  // receiver answers each time it comes (A is back; fetch my mail).
  if (refusal === undefined && name === undefined && !ANSWERED_EACH_TIME.includes(env.body.kind))
    throw new StutterAccepted(`${env.to} accepted it (${note})`);
  return note;
}

/** The messages deviating parties sent honest, online parties (not M) and had accepted, oldest first. */
export function sentByDeviating(d: TamperDriver): Envelope[] {
  const deviating = new Set(d.config.deviating ?? []);
  return d.world.transcript.flatMap((e) =>
    e.kind === 'message' &&
    e.accepted &&
    !d.stutters.has(e.envelope.sig) &&
    deviating.has(e.envelope.from) &&
    !deviating.has(e.envelope.to) &&
    e.envelope.to !== 'M' &&
    d.isOnline(e.envelope.to)
      ? [e.envelope]
      : [],
  );
}

/**
 * `env` again from its sender with sequence number `seq`, field `name` (if any) altered, signed by the sender;
 * the receiver's refusal (undefined: it accepted the message). An altered field the receiver can check (not in
 * `UNCHECKABLE`) must be refused: acceptance throws StutterAccepted (`note` says what was sent).
 */
function sendAltered(
  d: TamperDriver,
  env: Envelope,
  name: string | undefined,
  seq: number,
  note: string,
): NodeError | undefined {
  const original = env.body as unknown as Record<string, unknown>;
  const body = (name === undefined
    ? { ...original }
    : { ...original, [name]: alter(original[name], name) }) as unknown as Envelope['body'];
  const fresh = name !== undefined && (FRESH[env.body.kind] ?? []).includes(name);
  const snapshot = d.node(env.to).snapshot;
  const queue = d.world.saveQueue();
  const refusal = sendAs(d, env, body, seq, name !== undefined);
  if (refusal === undefined && fresh) {
    d.world.setSnapshot(env.to, snapshot);
    d.world.restoreQueue(queue);
    return refusal;
  }
  if (refusal === undefined && name !== undefined && UNCHECKABLE[env.body.kind]?.[name] === undefined)
    throw new StutterAccepted(`${env.to} accepted it (${note}): ${env.body.kind}.${name} is a field it can check`);
  return refusal;
}

/**
 * `body` to `env`'s receiver from `env`'s sender with sequence number `seq`, signed by the sender (an invoice
 * re-signed by its payee when `resign`); the receiver's refusal (undefined: it accepted the message).
 */
export function sendAs(
  d: TamperDriver,
  env: Envelope,
  altered: Envelope['body'],
  seq: number,
  resign: boolean,
): NodeError | undefined {
  const sender = d.node(env.from);
  const secKey = nodeKeys(sender.snapshot.seed).secKey;
  let body = altered;
  if (body.kind === 'Invoice' && resign) {
    const { kind: _k, payeeSig: _s, ...unsigned } = body;
    body = { kind: 'Invoice', ...signInvoice(unsigned, { secKey, auxRand: new Uint8Array(32) }) } as Envelope['body'];
  }
  const forged = signEnvelope({
    from: env.from,
    to: env.to,
    seq,
    sessionId: env.sessionId,
    body: body as InvoiceFields & Envelope['body'],
    nodeSecKey: secKey,
    auxRand: new Uint8Array(32),
  });
  d.stutters.add(forged.sig);
  return d.receive(env.to, forged);
}
