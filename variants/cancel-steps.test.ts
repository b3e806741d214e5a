/**
 * Issue 9 point 3: the cancellation as 03 §1's messages (`cancelSteps` 2) instead of one atomic step, so the order
 * of S's rules (R-03-05 persist, R-03-06/R-03-07 refuse) can be broken and checked; and a crash that loses what S
 * has not persisted yet (`hubCrashLosesUnpersisted`). scheme1-direct, state counts pinned.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../checker/index.ts';
import { decodeConfig, scheme2ConfigCodec } from '../model/config.ts';
import { labelOf } from '../model/scheme1/actions.ts';
import { VARIANTS } from '../model/scheme1/variants.ts';
import { SCHEME2 } from '../model/scheme2/variants.ts';
import { buildVariant } from './index.ts';
import { configProblem } from '../model/config-problem.ts';

const direct = VARIANTS.find((v) => v.name === 'scheme1-direct')!.defaults;
const STEPS = { ...direct, cancelSteps: 2 };
const CRASH = { ...STEPS, hubMayCrash: true, hubCrashLosesUnpersisted: true };

function run(over: Record<string, unknown>) {
  const r = check(buildVariant('scheme1-direct', decodeConfig(over)), { links: 'memory' });
  const p = r.properties.find((x) => x.name === 'honestHubLosesNothing.notSuperseded')!;
  return { r, p, labels: p.path?.actions.map(labelOf) ?? [] };
}

describe('the cancellation as messages (cancelSteps 2, spec 03 §1)', () => {
  it('is off by default; its ablations need it, and the other machines refuse it, naming the key', () => {
    expect(decodeConfig({ ...direct, cancelSteps: 1 })).toEqual(direct);
    expect(configProblem({ ...direct, hubChecksCancelSigs: false })).toBe(
      "config.hubChecksCancelSigs: S's checks of its own cancellation signatures matter only with cancelSteps 2, got false with an atomic cancellation",
    );
    expect(configProblem({ ...STEPS, hubCrashLosesUnpersisted: true })).toBe(
      'config.hubCrashLosesUnpersisted: a crash that loses unpersisted steps needs cancelSteps 2 and hubMayCrash true',
    );
    expect(configProblem({ ...STEPS, hubPersistsFirst: false })).toMatch(/^config\.hubPersistsFirst: when S persists/);
    expect(scheme2ConfigCodec.decode({ ...SCHEME2.defaults, cancelSteps: 2 })._tag).toBe('Left');
  });

  it('keeps an honest S safe against a deviating A that stops half-way (R-03-06, R-03-07): notSuperseded holds', () => {
    const { r, p, labels } = run({ ...STEPS, deviating: ['A'] });
    expect(r.distinctStates).toBe(2118);
    expect(p.verdict).toBe('holds');
    expect(labels).toEqual([]);
    expect(r.properties.every((x) => x.meetsExpectation)).toBe(true);
  });

  it('without R-03-06/R-03-07 an honest S buys after its partial on U(n+2) left, all parties honest (11 steps)', () => {
    const { r, p, labels } = run({ ...STEPS, deviating: [], payerCancelsEarly: true, hubChecksCancelSigs: false });
    expect(r.distinctStates).toBe(250);
    expect(p.verdict).toBe('violated');
    expect(p.message).toBe('S paid for s_A but state n+1 was already superseded by n+2');
    expect(labels).toHaveLength(11);
    // S sent its partial on U(n+2), then bought; A's own partial (step 9) reaches S after the purchase.
    expect(labels.indexOf('HubSendCancelUpdate')).toBeLessThan(labels.indexOf('HubCheckAndOfferPtlc'));
    expect(labels.at(-1)).toBe('PayerSendCancelUpdate');
    expect(r.properties.every((x) => x.meetsExpectation)).toBe(true);
  });
});

describe('a crash that loses what S has not persisted (hubCrashLosesUnpersisted)', () => {
  it('loses nothing that matters when S persists before it sends (R-01-14, R-03-05): notSuperseded holds', () => {
    const honest = run({ ...CRASH, deviating: [], payerCancelsEarly: true });
    expect(honest.r.distinctStates).toBe(725);
    expect(honest.p.verdict).toBe('holds');
    const againstA = run({ ...CRASH, deviating: ['A'] });
    expect(againstA.r.distinctStates).toBe(11066);
    expect(againstA.p.verdict).toBe('holds');
    expect(againstA.r.properties.every((x) => x.meetsExpectation)).toBe(true);
  });

  it('makes S forget the cancellation it sent before persisting, and buy a superseded s_A (all honest)', () => {
    const { r, p, labels } = run({ ...CRASH, deviating: [], payerCancelsEarly: true, hubPersistsFirst: false });
    expect(r.distinctStates).toBe(1796);
    expect(p.verdict).toBe('violated');
    // The crash falls between S's signatures leaving and their write; after recovering S buys.
    const crash = labels.indexOf('HubCrash');
    expect(crash).toBeGreaterThan(labels.indexOf('HubSendCancelUpdate'));
    expect(labels.slice(0, crash)).not.toContain('HubPersist');
    expect(labels.indexOf('HubCheckAndOfferPtlc')).toBeGreaterThan(labels.indexOf('HubRecover'));
    expect(r.properties.every((x) => x.meetsExpectation)).toBe(true);
  });

  it('makes S forget a purchase it made before writing its record (R-02-22) and pay B twice (11 steps)', () => {
    const r = check(
      buildVariant('scheme1-direct', decodeConfig({ ...CRASH, deviating: ['B'], hubPersistsFirst: false })),
      {
        links: 'memory',
      },
    );
    const p = r.properties.find((x) => x.name === 'honestHubLosesNothing.notTwice')!;
    expect(r.distinctStates).toBe(2236);
    expect(p.verdict).toBe('violated');
    expect(p.message).toBe('S paid for s_A of state n+1 2 times');
    const labels = p.path?.actions.map(labelOf) ?? [];
    expect(labels).toHaveLength(11);
    expect(labels.slice(-3)).toEqual(['HubCrash', 'HubRecover', 'HubPayResale']);
    // Writing first, the same coalition cannot make S pay twice.
    const first = check(buildVariant('scheme1-direct', decodeConfig({ ...CRASH, deviating: ['B'] })), {
      links: 'memory',
    });
    expect(first.properties.find((x) => x.name === 'honestHubLosesNothing.notTwice')?.verdict).toBe('holds');
    expect(r.properties.every((x) => x.meetsExpectation)).toBe(true);
  });
});
