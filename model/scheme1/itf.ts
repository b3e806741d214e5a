/** A state's ITF form (the same keys for every state; sets listed sorted), as traces show it. */
import type { ItfValue } from '../../checker/model.ts';
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
