/**
 * The scheme-1 model state back from its ITF form (what `stateToItf` writes, as JSON: integers as
 * `{"#bigint": …}` or plain numbers): how `apln validate` and the adapter protocol read states produced
 * elsewhere. Every field is checked; a bad one throws `InputError` naming its path. The result is checked by
 * writing it out again: it must give the same ITF.
 *
 * The state's optional fields (`hubCrashed`, `pendingReveal`, `resale`, `pending`, `forged`) may be missing: a
 * missing one is its default (not crashed, nothing pending, no second sale, no pending output, nothing forged), so traces written before the
 * model wrote them stay readable. A present one is checked like every other field.
 */
import { EMPTY_MEMPOOL, type PendingTx } from '../../model/chain.ts';
import { isDeepStrictEqual } from 'node:util';
import { KNOWLEDGE_NAMES } from '../../model/scheme1/knowledge.ts';
import { PARTIES, PARTY_COUNT } from '../../model/parties.ts';
import {
  FORGED_NAMES,
  NO_PENDING,
  NO_RESALE,
  HOP_STATUSES,
  MAILBOXES,
  NONCE_MESSAGE_NAMES,
  PHASES,
  type Hop,
  type HopStatus,
  type Mailbox,
  type PendingOutput,
  type Phase,
  type ProtocolState,
  type Resale,
} from '../../model/scheme1/state.ts';
import type { ProtocolModel } from '../../model/scheme1/machine.ts';
import { toItfRecord } from '../../traces/to-itf.ts';
import { InputError } from '../../util/input-error.ts';

type Json = unknown;

function rec(v: Json, where: string): Record<string, Json> {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new InputError(where, `expected a record, got ${JSON.stringify(v)}`);
  return v as Record<string, Json>;
}

function int(v: Json, where: string): number {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  const b = typeof v === 'object' && v !== null ? (v as Record<string, Json>)['#bigint'] : undefined;
  if (typeof b === 'string' && /^-?(0|[1-9][0-9]*)$/.test(b) && Number.isSafeInteger(Number(b))) return Number(b);
  throw new InputError(where, `expected an integer, got ${JSON.stringify(v)}`);
}

function bool(v: Json, where: string): boolean {
  if (typeof v !== 'boolean') throw new InputError(where, `expected true or false, got ${JSON.stringify(v)}`);
  return v;
}

function oneOf<T extends string>(v: Json, options: readonly T[], where: string): T {
  if (typeof v !== 'string' || !(options as readonly string[]).includes(v))
    throw new InputError(where, `expected one of ${options.join(', ')}, got ${JSON.stringify(v)}`);
  return v as T;
}

function set(v: Json, where: string): Json[] {
  const s = rec(v, where)['#set'];
  if (!Array.isArray(s)) throw new InputError(where, `expected a set {"#set": […]}, got ${JSON.stringify(v)}`);
  return s;
}

function map(v: Json, where: string): Map<string, Json> {
  const m = rec(v, where)['#map'];
  if (!Array.isArray(m)) throw new InputError(where, `expected a map {"#map": [[k, v], …]}, got ${JSON.stringify(v)}`);
  const out = new Map<string, Json>();
  m.forEach((e, i) => {
    if (!Array.isArray(e) || e.length !== 2 || typeof e[0] !== 'string')
      throw new InputError(`${where}.#map.${i}`, `expected a [key, value] pair, got ${JSON.stringify(e)}`);
    out.set(e[0], e[1]);
  });
  return out;
}

function partyMask(v: Json, where: string): number {
  let m = 0;
  set(v, where).forEach((p, i) => {
    m |= 1 << PARTIES.indexOf(oneOf(p, PARTIES, `${where}.#set.${i}`));
  });
  return m;
}

function perParty(v: Json, where: string, f: (x: Json, where: string) => number): number[] {
  const m = map(v, where);
  return PARTIES.slice(0, PARTY_COUNT).map((p) => (m.has(p) ? f(m.get(p), `${where}.${p}`) : 0));
}

/** Decodes one ITF state (its variables; `mbt::*` and `#meta` are ignored) into a model state. */
export function stateFromItf(model: ProtocolModel, v: Json, where: string): ProtocolState {
  const r = rec(v, where);
  const field = (k: string): Json => {
    if (!(k in r)) throw new InputError(`${where}.${k}`, 'missing');
    return r[k];
  };
  const knowledgeSet = (x: Json, w: string): number => {
    let m = 0;
    set(x, w).forEach((n, i) => {
      m |= 1 << KNOWLEDGE_NAMES.indexOf(oneOf(n, KNOWLEDGE_NAMES as readonly string[], `${w}.#set.${i}`));
    });
    return m;
  };
  const knows = perParty(field('knows'), `${where}.knows`, knowledgeSet);
  const hopsRaw = field('hops');
  if (!Array.isArray(hopsRaw)) throw new InputError(`${where}.hops`, `expected a list, got ${JSON.stringify(hopsRaw)}`);
  const hops: Hop[] = hopsRaw.map((h, i) => {
    const hr = rec(h, `${where}.hops.${i}`);
    const hop: Hop = {
      status: oneOf<HopStatus>(hr.status, HOP_STATUSES, `${where}.hops.${i}.status`),
      timeoutHeight: int(hr.timeoutHeight, `${where}.hops.${i}.timeoutHeight`),
    };
    // `closedAt` only on a closing hop (claimSteps 2).
    return hr.closedAt === undefined ? hop : { ...hop, closedAt: int(hr.closedAt, `${where}.hops.${i}.closedAt`) };
  });
  const chain = rec(field('chain'), `${where}.chain`);
  const nonceRaw = field('nonceUses');
  if (!Array.isArray(nonceRaw))
    throw new InputError(`${where}.nonceUses`, `expected a list, got ${JSON.stringify(nonceRaw)}`);
  const nonceUses = nonceRaw.map((x, i) =>
    set(x, `${where}.nonceUses.${i}`).reduce<number>(
      (m, n, j) =>
        m | (1 << NONCE_MESSAGE_NAMES.indexOf(oneOf(n, NONCE_MESSAGE_NAMES, `${where}.nonceUses.${i}.#set.${j}`))),
      0,
    ),
  );
  const invoiceFrom = oneOf(field('invoiceFrom'), ['none', ...PARTIES], `${where}.invoiceFrom`);
  const pendingRaw = 'pendingReveal' in r ? set(r.pendingReveal, `${where}.pendingReveal`) : [];
  const resale = 'resale' in r ? readResale(r.resale, `${where}.resale`) : NO_RESALE;
  const pending = 'pending' in r ? readPending(r.pending, `${where}.pending`) : NO_PENDING;
  const forged =
    'forged' in r
      ? set(r.forged, `${where}.forged`).reduce<number>(
          (m, x, i) => m | (1 << FORGED_NAMES.indexOf(oneOf(x, FORGED_NAMES, `${where}.forged.#set.${i}`))),
          0,
        )
      : 0;
  const state: ProtocolState = {
    height: int(field('height'), `${where}.height`),
    online: partyMask(field('online'), `${where}.online`),
    knows,
    phase: oneOf<Phase>(field('phase'), PHASES, `${where}.phase`),
    bundleExpiry: int(field('bundleExpiry'), `${where}.bundleExpiry`),
    mailbox: oneOf<Mailbox>(field('mailbox'), MAILBOXES, `${where}.mailbox`),
    payeeCameInTime: bool(field('payeeCameInTime'), `${where}.payeeCameInTime`),
    invoiceFrom: invoiceFrom === 'none' ? -1 : PARTIES.indexOf(invoiceFrom),
    hops,
    wallet: perParty(field('wallet'), `${where}.wallet`, int),
    channelSat: int(field('channelSat'), `${where}.channelSat`),
    chain: {
      update: int(chain.update, `${where}.chain.update`),
      updateHeight: int(chain.updateHeight, `${where}.chain.updateHeight`),
      settled: bool(chain.settled, `${where}.chain.settled`),
      ...('stale' in chain ? { stale: int(chain.stale, `${where}.chain.stale`) } : {}),
    },
    nonceUses,
    lockReleased: bool(field('lockReleased'), `${where}.lockReleased`),
    hubCrashed: 'hubCrashed' in r ? bool(r.hubCrashed, `${where}.hubCrashed`) : false,
    pendingReveal: pendingRaw.reduce<number>((m, x, i) => m | (1 << int(x, `${where}.pendingReveal.#set.${i}`)), 0),
    resale,
    pending,
    forged,
    mempool: 'mempool' in r ? readMempool(r.mempool, `${where}.mempool`) : EMPTY_MEMPOOL,
    eclipseLag: 'eclipseLag' in r ? int(r.eclipseLag, `${where}.eclipseLag`) : 0,
    hubUnpersisted: 'hubUnpersisted' in r ? knowledgeSet(r.hubUnpersisted, `${where}.hubUnpersisted`) : 0,
  };
  // Round trip: the state must write back to the same variables (catches a field this decoder does not know).
  const back = toItfRecord(model.toItf(state));
  const given: Record<string, Json> = {};
  for (const k of Object.keys(back)) given[k] = normalise(r[k]);
  for (const k of Object.keys(back)) {
    // A missing optional field was read as its default, which is what `back` holds for it.
    if (!(k in r) && OPTIONAL_FIELDS.includes(k)) continue;
    if (!isDeepStrictEqual(normalise(back[k]), given[k]))
      throw new InputError(`${where}.${k}`, `not a value the model can hold: ${JSON.stringify(r[k])}`);
  }
  const unknown = Object.keys(r).filter((k) => !(k in back) && !k.startsWith('mbt::') && k !== '#meta');
  if (unknown.length > 0)
    throw new InputError(`${where}.${unknown[0]}`, `unknown state variable (known: ${Object.keys(back).join(', ')})`);
  return state;
}

/** The state variables a trace may leave out (read as their defaults). */
const OPTIONAL_FIELDS: readonly string[] = ['hubCrashed', 'pendingReveal', 'resale', 'pending', 'forged', 'mempool'];

/** `resale`: `{from: "none" | party, paid}`; `NO_RESALE` for none. */
function readResale(v: Json, where: string): Resale {
  const r = rec(v, where);
  const from = oneOf(r.from, ['none', ...PARTIES], `${where}.from`);
  const paid = bool(r.paid, `${where}.paid`);
  if (from === 'none') {
    if (paid) throw new InputError(`${where}.paid`, 'a second sale that nobody sent cannot be paid');
    return NO_RESALE;
  }
  return { from: PARTIES.indexOf(from), paid };
}

const PENDING_STATUSES = ['none', 'unspent', 'claimedByHub', 'sweptByPayer'] as const;

/** `mempool` (present only while a channel transaction waits): a list of `{tx, state, since}`. */
function readMempool(u: unknown, where: string): readonly PendingTx[] {
  if (!Array.isArray(u)) throw new InputError(where, `expected a list, got ${JSON.stringify(u)}`);
  return u.map((x, i) => {
    const t = rec(x, `${where}.${i}`);
    return {
      tx: oneOf<PendingTx['tx']>(t.tx, ['update', 'settlement'], `${where}.${i}.tx`),
      state: int(t.state, `${where}.${i}.state`),
      ...('stale' in t ? { stale: int(t.stale, `${where}.${i}.stale`) } : {}),
      since: int(t.since, `${where}.${i}.since`),
    };
  });
}

/** `pending`: `{status: "none" | PendingOutput status, since}`; `NO_PENDING` for none. */
function readPending(v: Json, where: string): PendingOutput {
  const r = rec(v, where);
  const status = oneOf(r.status, PENDING_STATUSES, `${where}.status`);
  const since = int(r.since, `${where}.since`);
  if (status === 'none') {
    if (since !== -1)
      throw new InputError(`${where}.since`, `expected -1 when there is no pending output, got ${since}`);
    return NO_PENDING;
  }
  if (since < 0) throw new InputError(`${where}.since`, `expected the height St(n+1) confirmed at (≥ 0), got ${since}`);
  return { status, since };
}

/** Integers as numbers, `#bigint` unwrapped, so values written either way compare equal. */
function normalise(v: Json): Json {
  if (Array.isArray(v)) return v.map(normalise);
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, Json>;
    if (typeof o['#bigint'] === 'string' && Object.keys(o).length === 1) return Number(o['#bigint']);
    const out: Record<string, Json> = {};
    for (const k of Object.keys(o).sort()) out[k] = normalise(o[k]);
    return out;
  }
  return v;
}
