/** The two-payment state's canonical encoding (fixed field order, small ints) and its ITF form. */
import type { ItfValue, WordSink } from '../../checker/model.ts';
import { inMask } from '../parties.ts';
import {
  KNOWLEDGE_NAMES,
  MULTI_PARTIES,
  MULTI_PARTY_COUNT,
  OUTPUT_STATUSES,
  PTLC_STATUSES,
  STAGES,
  type MultiState,
} from './state.ts';

export function encodeState(s: MultiState, sink: WordSink): void {
  sink.word(s.height);
  sink.word(s.online);
  for (let p = 0; p < MULTI_PARTY_COUNT; p++) sink.word(s.knows[p] ?? 0);
  for (const p of s.pay) {
    sink.word(
      STAGES.indexOf(p.stage) |
        ((p.cameInTime ? 1 : 0) << 2) |
        (PTLC_STATUSES.indexOf(p.ptlc) << 3) |
        (OUTPUT_STATUSES.indexOf(p.output) << 5),
    );
    sink.word((p.expiry + 1) | ((p.ptlcTimeout + 1) << 8));
  }
  for (let p = 0; p < MULTI_PARTY_COUNT; p++) sink.word(s.wallet[p] ?? 0);
  sink.word(s.channelSat);
  sink.word((s.chain.update + 1) | ((s.chain.updateHeight + 1) << 4) | ((s.chain.settled ? 1 : 0) << 12));
}

export function stateToItf(s: MultiState): Readonly<Record<string, ItfValue>> {
  return {
    height: s.height,
    online: { '#set': MULTI_PARTIES.filter((_, i) => inMask(s.online, i)) },
    knows: {
      '#map': MULTI_PARTIES.map(
        (n, i) => [n, { '#set': KNOWLEDGE_NAMES.filter((_, b) => ((s.knows[i] ?? 0) & (1 << b)) !== 0) }] as const,
      ),
    },
    pay: s.pay.map((p) => ({
      stage: p.stage,
      expiry: p.expiry,
      cameInTime: p.cameInTime,
      ptlc: p.ptlc,
      ptlcTimeout: p.ptlcTimeout,
      output: p.output,
    })),
    wallet: { '#map': MULTI_PARTIES.map((n, i) => [n, s.wallet[i] ?? 0] as const) },
    channelSat: s.channelSat,
    chain: { update: s.chain.update, updateHeight: s.chain.updateHeight, settled: s.chain.settled },
  };
}
