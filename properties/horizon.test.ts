/**
 * The horizon rule (spec 11 §14.5): a run that ends at `maxHeight` with a race undecided is reported (the probe
 * `horizon.raceOpenAtEnd`, never an expectation) by every machine, and a release A can still enforce alone counts
 * at the horizon.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../checker/index.ts';
import { decodeConfig } from '../model/config.ts';
import { VARIANTS } from '../model/scheme1/variants.ts';
import type { ProtocolState } from '../model/scheme1/state.ts';
import type { BaselineState } from '../model/baselines/state.ts';
import type { MultiState } from '../model/multi/state.ts';
import { buildBaselineVariant } from '../variants/baselines.ts';
import { buildMultiVariant, buildVariant } from '../variants/index.ts';
import { openRaceBaseline } from './baselines/index.ts';
import { openRace } from './horizon.ts';
import { openRaceMulti } from './multi/index.ts';

function run(variant: string, over: Record<string, unknown>) {
  const v = VARIANTS.find((x) => x.name === variant)!;
  const r = check(buildVariant(v.name, decodeConfig({ ...v.defaults, ...over })), { links: 'memory' });
  return { r, prop: (name: string) => r.properties.find((p) => p.name === name)! };
}

describe('the horizon probe', () => {
  it("reports the issue's scheme1-timeout case (csv 6, PTLC 5, margin 1, expiry 6, height 12: pending timeout 16) as ending with a race open", () => {
    const { r, prop } = run('scheme1-timeout', {
      csvDelayBlocks: 6,
      ptlcTimeoutBlocks: 5,
      rebindMarginBlocks: 1,
      mailboxExpiryBlocks: 6,
      maxHeight: 12,
    });
    const probe = prop('horizon.raceOpenAtEnd');
    expect([probe.verdict, probe.meetsExpectation]).toEqual(['reached', true]);
    const last = probe.path?.states.at(-1) as ProtocolState;
    expect(last.height).toBe(12);
    expect(openRace(last)).toBeDefined();
    // A can still close alone from the pending timeout (16): by the horizon rule its lock is bounded.
    expect(prop('liveness.payerLockBounded').verdict).toBe('holds');
    expect(r.properties.filter((p) => !p.meetsExpectation).map((p) => p.name)).toEqual([]);
  });

  it('is unreached, and still met, where no run ends with a race open (point-check flaw, deviating B)', () => {
    const { prop } = run('flaw-hub-skips-point-check', {});
    expect([prop('horizon.raceOpenAtEnd').verdict, prop('horizon.raceOpenAtEnd').meetsExpectation]).toEqual([
      'unreached',
      true,
    ]);
  });

  it('is reached on scheme1-direct: a deviating S can leave U(n) confirmed and unsettled at the last height', () => {
    expect(run('scheme1-direct', {}).prop('horizon.raceOpenAtEnd').verdict).toBe('reached');
  });
});

describe('the horizon probe of the two-payment machine and the baselines', () => {
  it.each([
    ['flaw-stacked-payments', 'reached'],
    ['scheme1-payment-outputs', 'reached'],
  ])('%s: a deviating S can end a run at the last height (5) with a race undecided (%s)', (name, verdict) => {
    const m = buildMultiVariant(name);
    const probe = check(m, { links: 'memory' }).properties.find((p) => p.name === 'horizon.raceOpenAtEnd')!;
    expect([probe.verdict, probe.meetsExpectation]).toEqual([verdict, true]);
    const last = probe.path?.states.at(-1) as MultiState;
    expect(last.height).toBe(5);
    expect(openRaceMulti(last)).toBeDefined();
  });

  it.each([
    // The last height is 12: a deviating S holds B's HTLC (or A's) open past it.
    ['lightningrod-hold-invoice', 'reached'],
    ['lsp-held-htlc', 'reached'],
    // Plain Lightning's HTLC times out (2 blocks) well inside the horizon (4): every race is decided by then.
    ['plain-lightning', 'unreached'],
  ])('%s: the probe is %s', (name, verdict) => {
    const m = buildBaselineVariant(name);
    const probe = check(m, { links: 'memory' }).properties.find((p) => p.name === 'horizon.raceOpenAtEnd')!;
    expect([probe.verdict, probe.meetsExpectation]).toEqual([verdict, true]);
    if (verdict === 'reached') {
      const last = probe.path?.states.at(-1) as BaselineState;
      expect(last.height).toBe(12);
      expect(openRaceBaseline(last)).toMatch(/offered, undecided/);
    }
  });
});
