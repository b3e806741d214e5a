/** The two-payment state's canonical encoding (fixed field order, small ints) and its ITF form. */
import { encodeFunds, encodeParties } from '../encoding.ts';
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
  encodeParties(sink, s, MULTI_PARTY_COUNT);
  for (const p of s.pay) {
    sink.word(
      STAGES.indexOf(p.stage) |
        ((p.cameInTime ? 1 : 0) << 2) |
        (PTLC_STATUSES.indexOf(p.ptlc) << 3) |
        (OUTPUT_STATUSES.indexOf(p.output) << 5),
    );
    sink.word((p.expiry + 1) | ((p.ptlcTimeout + 1) << 8));
  }
  encodeFunds(sink, s, MULTI_PARTY_COUNT);
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
