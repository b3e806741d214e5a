/**
 * Every reachable state of a scheme-1 variant under a small configuration, and the configurations the word-form
 * tests walk (encode.test.ts, successor-words.test.ts): each with the optional parts of the state it must reach.
 */
import { FingerprintSink } from '../../../checker/hash.ts';
import { decodeConfig } from '../../config.ts';
import { buildMachine, type ProtocolModel } from '../machine.ts';
import type { ProtocolState } from '../state.ts';
import { VARIANTS } from '../variants.ts';

/** Every reachable state of the variant under `over` (a small configuration), by BFS over fingerprints. */
export function reachable(
  name: string,
  over: Record<string, unknown>,
): { readonly model: ProtocolModel; readonly states: ProtocolState[] } {
  const v = VARIANTS.find((x) => x.name === name);
  if (v === undefined) throw new Error(`no variant ${name}`);
  const m = buildMachine({
    name,
    config: decodeConfig({ ...v.defaults, ...over }),
    switches: v.switches,
    properties: () => [],
    expect: () => ({}),
  });
  const sink = new FingerprintSink();
  const seen = new Set<string>();
  const out: ProtocolState[] = [];
  let level = [...m.init()];
  while (level.length > 0) {
    const next: ProtocolState[] = [];
    for (const s of level) {
      sink.reset();
      m.encode(s, sink);
      sink.finish();
      const key = `${sink.hi}:${sink.lo}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(s);
      for (const a of m.actions(s)) next.push(m.next(s, a));
    }
    level = next;
  }
  return { model: m, states: out };
}

/** Each case and the optional parts of the state it must reach (so the test cannot pass without packing them). */
export const CASES: readonly [string, Record<string, unknown>, (s: ProtocolState) => boolean][] = [
  ['scheme1-direct', { deviating: ['A', 'B'], maxHeight: 4, hubMayCrash: true }, (s) => s.resale.from >= 0],
  [
    'scheme1-direct',
    { deviating: ['S'], maxHeight: 4, inclusionDelayBlocks: 1, staleStates: 1 },
    (s) => s.chain.stale !== undefined && s.mempool.some((t) => t.stale !== undefined),
  ],
  [
    'scheme1-direct',
    {
      deviating: ['B'],
      maxHeight: 6,
      eclipseBlocks: 2,
      hubMayCrash: true,
      hubCrashLosesUnpersisted: true,
      cancelSteps: 2,
    },
    (s) => s.eclipseLag > 0 || s.hubUnpersisted !== 0,
  ],
  [
    'scheme1-split-decorrelated',
    { hops: 2, deviating: ['A', 'P1'], maxHeight: 5, claimSteps: 2 },
    (s) => s.hops.some((h) => h.closedAt !== undefined),
  ],
  ['scheme1-timeout', { deviating: ['A'], maxHeight: 8 }, (s) => s.pending.status !== 'none'],
];
