/**
 * Nonce audit of demo transcripts (issue 13's done-when check), reading only the `apln demo --json` output as an
 * outside auditor would: every MuSig2 public nonce a node sent (`ProposeState` / `AcceptState`), and every
 * sealed envelope's ephemeral key and AEAD nonce (mailbox items and onion layers), each with the context that
 * determines what it protects: for a channel nonce, the whole signing session (the session id, the proposal's
 * terms and both sides' nonces, which fix the message and the aggregate nonce); for an envelope, its bytes.
 *
 * A repeat is one value in two different contexts: a nonce that signs in two different sessions, or an
 * ephemeral key or AEAD nonce in two different envelopes (keystream reuse). The same session or envelope seen
 * again unchanged (a node doing byte for byte what it did in another run) is reported apart, as a replay: it
 * produces the same signature or ciphertext and reveals nothing new.
 */
import { MAILBOX_HEADER_BYTES, MAILBOX_NONCE_OFFSET } from '../crypto/mailbox.ts';
import { canonicalJson } from './canonical.ts';

type NonceKind = 'musig-pubnonce' | 'aead-nonce' | 'ephemeral-key';
export type NonceSighting = {
  readonly kind: NonceKind;
  readonly value: string;
  readonly context: string;
  readonly where: string;
};

type Msg = { from: string; to: string; kind: string; envelope: unknown };
type Transcript = { steps?: { step: string; messages: Msg[] }[] };

function bodyOf(m: Msg): Record<string, unknown> {
  return (m.envelope as { body?: Record<string, unknown> } | undefined)?.body ?? {};
}

function sessionOf(m: Msg): string {
  return String((m.envelope as { sessionId?: unknown } | undefined)?.sessionId ?? '');
}

/** Every sighting in one transcript (`label` names the run). */
export function collectNonces(label: string, transcript: unknown): NonceSighting[] {
  const out: NonceSighting[] = [];
  const steps = (transcript as Transcript).steps ?? [];
  // Channel sessions: the proposal and its acceptance, by (channel direction, session id, state).
  const sessions = new Map<
    string,
    { propose?: Record<string, unknown>; accept?: Record<string, unknown>; where: string[] }
  >();
  for (const s of steps) {
    for (const m of s.messages) {
      const where = `${label}: ${s.step}: ${m.from}→${m.to} ${m.kind}`;
      const body = bodyOf(m);
      if (body.kind === 'ProposeState' || body.kind === 'AcceptState') {
        const channel = body.kind === 'ProposeState' ? `${m.from}-${m.to}` : `${m.to}-${m.from}`;
        const key = `${channel}/${sessionOf(m)}/${String(body.state)}`;
        const entry = sessions.get(key) ?? { where: [] };
        if (body.kind === 'ProposeState') entry.propose = body;
        else entry.accept = body;
        entry.where.push(where);
        sessions.set(key, entry);
      }
      for (const sealed of sealedIn(body)) {
        out.push(
          { kind: 'ephemeral-key', value: sealed.slice(2, 2 * MAILBOX_NONCE_OFFSET), context: sealed, where },
          {
            kind: 'aead-nonce',
            value: sealed.slice(2 * MAILBOX_NONCE_OFFSET, 2 * MAILBOX_HEADER_BYTES),
            context: sealed,
            where,
          },
        );
      }
    }
  }
  for (const [key, e] of sessions) {
    const context = canonicalJson({
      session: key.slice(key.indexOf('/') + 1),
      propose: e.propose ?? null,
      accept: e.accept ?? null,
    });
    for (const body of [e.propose, e.accept]) {
      if (body === undefined) continue;
      for (const f of ['updateNonce', 'settleNonce']) {
        const v = body[f];
        if (typeof v === 'string')
          out.push({
            kind: 'musig-pubnonce',
            value: v,
            context,
            where: `${e.where.join(' / ')} .${String(body.kind)}.${f}`,
          });
      }
    }
  }
  return out;
}

/** The sealed envelopes (hex) a message body carries, at any depth, by field name. */
function sealedIn(v: unknown, key = ''): string[] {
  if (typeof v === 'string') return key === 'sealed' || key === 'onion' ? [v] : [];
  if (Array.isArray(v)) return v.flatMap((x) => sealedIn(x, key));
  if (typeof v === 'object' && v !== null) return Object.entries(v).flatMap(([k, x]) => sealedIn(x, k));
  return [];
}

export type Repeat = { readonly kind: NonceKind; readonly value: string; readonly where: readonly string[] };

/**
 * `reuses`: values seen in two different contexts (the failures); `replays`: values seen more than once, always
 * in one identical context (the same session or envelope again).
 */
export function audit(sightings: readonly NonceSighting[]): { reuses: Repeat[]; replays: Repeat[] } {
  const by = new Map<string, NonceSighting[]>();
  for (const s of sightings) by.set(`${s.kind}:${s.value}`, [...(by.get(`${s.kind}:${s.value}`) ?? []), s]);
  const reuses: Repeat[] = [];
  const replays: Repeat[] = [];
  for (const list of by.values()) {
    const first = list[0];
    if (first === undefined || list.length < 2) continue;
    const r = { kind: first.kind, value: first.value, where: list.map((s) => s.where) };
    if (new Set(list.map((s) => s.context)).size > 1) reuses.push(r);
    else replays.push(r);
  }
  return { reuses, replays };
}
