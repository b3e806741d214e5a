/**
 * Issue 9 point 3: `staleStates` k, A and S holding k older fully signed states that a deviating one publishes in
 * turn (the eltoo delay attack, spec 11 §14.3). scheme1-direct, state counts pinned.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../checker/index.ts';
import { decodeConfig, scheme2ConfigCodec } from '../model/config.ts';
import type { ProtocolAction } from '../model/scheme1/actions.ts';
import type { ProtocolState } from '../model/scheme1/state.ts';
import { VARIANTS } from '../model/scheme1/variants.ts';
import { SCHEME2 } from '../model/scheme2/variants.ts';
import { buildVariant } from './index.ts';
import { configProblem } from '../model/config-problem.ts';

const direct = VARIANTS.find((v) => v.name === 'scheme1-direct')!.defaults;
// One block of inclusion delay, margin 2 (one more than the delay: what the mempool rule asks), csv 3 (R-02-20).
const RACE = { ...direct, csvDelayBlocks: 3, inclusionDelayBlocks: 1, rebindMarginBlocks: 2 };

describe('stale states (staleStates k, spec 11 §14.3)', () => {
  it('is off by default: 0 decodes to the config without the key; 3 and the other machines are refused', () => {
    expect(decodeConfig({ ...direct, staleStates: 0 })).toEqual(direct);
    expect(configProblem({ ...direct, staleStates: 3 })).toBe('config.staleStates: expected an integer 0..2, got 3');
    expect(scheme2ConfigCodec.decode({ ...SCHEME2.defaults, staleStates: 1 })._tag).toBe('Left');
  });

  it('lets a deviating A confirm U(n−2), then U(n−1) ahead of S’s answer, which must be broadcast again', () => {
    const m = buildVariant('scheme1-direct', decodeConfig({ ...RACE, deviating: ['A'], staleStates: 2 }));
    const label = (a: ProtocolAction) => m.describe(a).label;
    const take = (s: ProtocolState, pick: (a: ProtocolAction) => boolean): ProtocolState => {
      const a = m.actions(s).find(pick);
      if (a === undefined) throw new Error(`not enabled; enabled: ${m.actions(s).map(label).join(', ')}`);
      return m.next(s, a) as ProtocolState;
    };
    const byLabel = (l: string) => (a: ProtocolAction) => label(a) === l;
    const confirmStale = (s: ProtocolState, depth: number) =>
      take(s, (a) => a.kind === 'ChainConfirm' && s.mempool[a.index]?.stale === depth);
    let s = m.init()[0]!;
    for (const l of ['PayerHubSignSettlement', 'PayerSendBundle', 'PayerComeBack']) s = take(s, byLabel(l));
    s = take(s, (a) => a.kind === 'PublishStaleUpdate' && a.depth === 2);
    s = confirmStale(s, 2);
    expect(s.chain).toEqual({ update: 0, updateHeight: 0, settled: false, stale: 2 });
    // An honest S answers with its best state, U(n), which spends U(n−2) (urgent).
    s = take(s, byLabel('HubPublishUpdate'));
    s = take(s, (a) => a.kind === 'PublishStaleUpdate' && a.depth === 1);
    s = take(s, byLabel('ChainAdvance'));
    s = confirmStale(s, 1);
    // U(n−1) won the race: S's U(n) is bound again to it and broadcast anew, its inclusion delay restarts.
    expect(s.chain).toEqual({ update: 0, updateHeight: 1, settled: false, stale: 1 });
    expect(s.mempool).toEqual([{ tx: 'update', state: 0, since: 1 }]);
    expect(m.actions(s).map(label)).toContain('ChainAdvance');
    s = take(s, byLabel('ChainAdvance'));
    // At its new deadline it must confirm: no block is mined first.
    expect(m.actions(s).map(label)).not.toContain('ChainAdvance');
    s = take(s, byLabel('ChainConfirm'));
    expect(s.chain).toEqual({ update: 0, updateHeight: 2, settled: false });
  });

  it.each([
    [0, 13276, 'violated'],
    [1, 12885, 'holds'],
  ])(
    'without a mempool, two stale states leave the rule as it was: margin %i gives %i states, notTooLate %s',
    (margin, states, verdict) => {
      const config = {
        ...direct,
        csvDelayBlocks: 3,
        rebindMarginBlocks: margin,
        deviating: ['A', 'B'],
        staleStates: 2,
      };
      const r = check(buildVariant('scheme1-direct', decodeConfig(config)), { links: 'memory' });
      expect(r.distinctStates).toBe(states);
      expect(r.properties.find((p) => p.name === 'honestHubLosesNothing.notTooLate')?.verdict).toBe(verdict);
      expect(r.properties.every((p) => p.meetsExpectation)).toBe(true);
    },
  );

  it('with a one-block delay, margin 1 still lets A and B make an honest S lose, stale state or not', () => {
    const config = { ...RACE, rebindMarginBlocks: 1, deviating: ['A', 'B'], staleStates: 1 };
    const r = check(buildVariant('scheme1-direct', decodeConfig(config)), { links: 'memory' });
    expect(r.distinctStates).toBe(59927);
    expect(r.properties.find((p) => p.name === 'honestHubLosesNothing.notTooLate')?.verdict).toBe('violated');
  });

  it('does not break the margin rule: margin 2 > delay 1 still keeps an honest S whole against A and B', () => {
    const r = check(buildVariant('scheme1-direct', decodeConfig({ ...RACE, deviating: ['A', 'B'], staleStates: 1 })), {
      links: 'memory',
    });
    expect(r.distinctStates).toBe(58539);
    expect(r.properties.find((p) => p.name === 'honestHubLosesNothing.notTooLate')?.verdict).toBe('holds');
    expect(r.properties.every((p) => p.meetsExpectation)).toBe(true);
  });
});
