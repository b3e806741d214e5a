/**
 * The canonical encoding of a state (fixed field order, small ints; what the checker hashes) and its ITF
 * form (the same keys for every state; sets listed sorted).
 */
import { encodeFunds, encodeParties } from '../encoding.ts';
import type { ItfValue, WordSink } from '../../checker/model.ts';
import { knowledgeNames } from './knowledge.ts';
import { PARTIES, PARTY_COUNT, inMask } from '../parties.ts';
import {
  FORGED_NAMES,
  HOP_STATUSES,
  MAILBOXES,
  NONCE_MESSAGE_NAMES,
  PENDING_STATUSES,
  PHASES,
  type ProtocolState,
} from './state.ts';

/** Added to a positive eclipse lag in the encoding (a mempool length is far below it). */
const ECLIPSE_TAG = 1 << 20;
/** Written before S's unpersisted bits when there are any (above every eclipse tag and mempool length). */
const UNPERSISTED_TAG = 1 << 22;

export function encodeState(s: ProtocolState, sink: WordSink): void {
  encodeParties(sink, s, PARTY_COUNT);
  sink.word(PHASES.indexOf(s.phase));
  sink.word(s.bundleExpiry + 1);
  sink.word(MAILBOXES.indexOf(s.mailbox));
  sink.word(s.payeeCameInTime ? 1 : 0);
  sink.word(s.invoiceFrom + 1);
  sink.word(s.hops.length);
  for (const h of s.hops)
    sink.word(HOP_STATUSES.indexOf(h.status) | ((h.timeoutHeight + 1) << 4) | (((h.closedAt ?? -1) + 1) << 10));
  encodeFunds(sink, s, PARTY_COUNT);
  sink.word((s.nonceUses[0] ?? 0) | ((s.nonceUses[1] ?? 0) << 4));
  sink.word((s.lockReleased ? 1 : 0) | (s.hubCrashed ? 2 : 0) | (s.pendingReveal << 2));
  const r = s.resale;
  sink.word((r.from + 1) | ((r.paid ? 1 : 0) << 4));
  const pend = s.pending;
  sink.word(PENDING_STATUSES.indexOf(pend.status) | ((pend.since + 1) << 2));
  sink.word(s.forged);
  // The eclipse lag only when positive, tagged so it never reads as a mempool length.
  if (s.eclipseLag > 0) sink.word(ECLIPSE_TAG + s.eclipseLag);
  // S's unpersisted bits only when there are any, after their tag (hubCrashLosesUnpersisted).
  if (s.hubUnpersisted !== 0) {
    sink.word(UNPERSISTED_TAG);
    sink.word(s.hubUnpersisted);
  }
  // The mempool only when something waits (the prefix has a fixed length, so the words stay unambiguous).
  if (s.mempool.length > 0) {
    sink.word(s.mempool.length);
    for (const t of s.mempool)
      sink.word((t.tx === 'update' ? 0 : 1) | ((t.state + 1) << 1) | ((t.since + 1) << 4) | ((t.stale ?? 0) << 9));
  }
}

function partySet(mask: number): ItfValue {
  return { '#set': PARTIES.filter((_, i) => inMask(mask, i)) };
}

function perParty<T extends ItfValue>(values: readonly number[], f: (v: number) => T, parties: number): ItfValue {
  return { '#map': PARTIES.slice(0, parties).map((name, i) => [name, f(values[i] ?? 0)] as const) };
}

/** The ITF form; `mempool` adds the mempool variable (a model with `inclusionDelayBlocks` > 0 writes it in every state). */
export function stateToItf(
  s: ProtocolState,
  opts: { mempool?: boolean; eclipse?: boolean; unpersisted?: boolean } = {},
): Readonly<Record<string, ItfValue>> {
  const r = s.resale;
  const pend = s.pending;
  return {
    height: s.height,
    online: partySet(s.online),
    knows: perParty(s.knows, (m) => ({ '#set': knowledgeNames(m) }), PARTY_COUNT),
    phase: s.phase,
    bundleExpiry: s.bundleExpiry,
    mailbox: s.mailbox,
    payeeCameInTime: s.payeeCameInTime,
    invoiceFrom: s.invoiceFrom < 0 ? 'none' : (PARTIES[s.invoiceFrom] ?? 'none'),
    // `closedAt` only on a closing hop (claimSteps 2), so one-step traces keep their keys.
    hops: s.hops.map(
      (h): ItfValue =>
        h.closedAt === undefined
          ? { status: h.status, timeoutHeight: h.timeoutHeight }
          : { status: h.status, timeoutHeight: h.timeoutHeight, closedAt: h.closedAt },
    ),
    wallet: perParty(s.wallet, (v) => v, PARTY_COUNT),
    channelSat: s.channelSat,
    // `stale` only on a confirmed stale update (staleStates), so other traces keep their keys.
    chain: {
      update: s.chain.update,
      updateHeight: s.chain.updateHeight,
      settled: s.chain.settled,
      ...(s.chain.stale === undefined ? {} : { stale: s.chain.stale }),
    },
    nonceUses: s.nonceUses.map((m) => ({ '#set': NONCE_MESSAGE_NAMES.filter((_, bit) => (m & (1 << bit)) !== 0) })),
    lockReleased: s.lockReleased,
    hubCrashed: s.hubCrashed,
    pendingReveal: { '#set': s.hops.map((_, i) => i).filter((i) => (s.pendingReveal & (1 << i)) !== 0) },
    // Every state of a trace has the same keys; oracle/scheme1/from-itf.ts reads a
    // missing key as that default, so traces written before these keys stay readable.
    resale: { from: r.from < 0 ? 'none' : (PARTIES[r.from] ?? 'none'), paid: r.paid },
    pending: { status: pend.status, since: pend.since },
    forged: { '#set': FORGED_NAMES.filter((_, bit) => (s.forged & (1 << bit)) !== 0) },
    // Only with inclusionDelayBlocks > 0, so traces without a mempool keep their keys.
    ...(opts.mempool === true || s.mempool.length > 0
      ? {
          mempool: s.mempool.map(
            (t): ItfValue =>
              t.stale === undefined
                ? { tx: t.tx, state: t.state, since: t.since }
                : { tx: t.tx, state: t.state, stale: t.stale, since: t.since },
          ),
        }
      : {}),
    // Only with eclipseBlocks > 0, so traces without an eclipse keep their keys.
    ...(opts.eclipse === true || s.eclipseLag > 0 ? { eclipseLag: s.eclipseLag } : {}),
    // Only with hubCrashLosesUnpersisted, so other traces keep their keys.
    ...(opts.unpersisted === true || s.hubUnpersisted !== 0
      ? { hubUnpersisted: { '#set': knowledgeNames(s.hubUnpersisted) } }
      : {}),
  };
}
