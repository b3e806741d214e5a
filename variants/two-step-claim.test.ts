import { describe, expect, it } from 'vitest';
import { check } from '../checker/index.ts';
import { decodeConfig, scheme2ConfigCodec, type ProtocolConfig } from '../model/config.ts';
import { multiConfigCodec } from '../model/multi/config.ts';
import { MULTI_VARIANTS } from '../model/multi/variants.ts';
import { VARIANTS } from '../model/scheme1/variants.ts';
import { SCHEME2 } from '../model/scheme2/variants.ts';
import { labelOf } from '../model/scheme1/actions.ts';
import { buildVariant } from './index.ts';
import { configProblem } from '../model/config-problem.ts';
import { TO_OFFER } from '../model/scheme1/paths.ts';

const direct = VARIANTS.find((v) => v.name === 'scheme1-direct')!.defaults;
// A PTLC of 2 blocks (csv 3 keeps R-02-20: 2 + margin 1 ≤ 3), S deviating.
const BASE: ProtocolConfig = { ...direct, csvDelayBlocks: 3, ptlcTimeoutBlocks: 2, mailboxExpiryBlocks: 3 };
const twoStep = (hopCloseDelayBlocks: number, over: Partial<ProtocolConfig> = {}): ProtocolConfig =>
  decodeConfig({ ...BASE, ...over, claimSteps: 2, hopCloseDelayBlocks });

function run(config: ProtocolConfig, variant = 'scheme1-direct') {
  return check(buildVariant(variant, config));
}

function verdict(r: ReturnType<typeof run>, name: string) {
  const p = r.properties.find((x) => x.name === name);
  if (p === undefined) throw new Error(`no property ${name}`);
  return p;
}

describe('the claim in two steps (claimSteps 2, R-08-15, R-08-16)', () => {
  it('is off by default: claimSteps 1 and an explicit 1 decode to the config without the key', () => {
    expect(decodeConfig({ ...direct, claimSteps: 1 })).toEqual(direct);
    expect('claimSteps' in decodeConfig({ ...direct, claimSteps: 1 })).toBe(false);
  });

  it('refuses a close delay without the two-step claim, and the key in machines that model one-step claims only', () => {
    expect(configProblem({ ...direct, hopCloseDelayBlocks: 2 })).toBe(
      "config.hopCloseDelayBlocks: a hop channel's close delay matters only with claimSteps 2, got 2 with one-step claims",
    );
    expect(configProblem({ ...direct, claimSteps: 3 })).toBe('config.claimSteps: expected an integer 1..2, got 3');
    expect(scheme2ConfigCodec.decode({ ...SCHEME2.defaults, claimSteps: 2 })._tag).toBe('Left');
    expect(multiConfigCodec.decode({ ...MULTI_VARIANTS[0]!.defaults, claimSteps: 2 })._tag).toBe('Left');
  });

  it('makes the sale checked: S stalls after B reveals, B cannot close in time (delay 2 + margin 1 > PTLC 2), S refunds knowing s_A (11 steps)', () => {
    const r = run(twoStep(2));
    expect(r.distinctStates).toBe(3768);
    const p = verdict(r, 'atomicSale.hubLearnsOnlyIfClaimed');
    expect(p.verdict).toBe('violated');
    expect(p.meetsExpectation).toBe(true);
    expect(p.path?.choices.length).toBe(11);
    expect(p.path?.actions.map(labelOf)).toEqual([
      ...TO_OFFER,
      'PayeeFulfillPtlc',
      'PayeeCloseHopChannel',
      'ChainAdvance',
      'ChainAdvance',
      'HubRefundPtlc',
    ]);
    for (const n of ['payeeNotCheated.secretOnlyForPayment', 'hubCannotSteal.paidOnlyIfPayeePaid'])
      expect(verdict(r, n).verdict).toBe('violated');
    expect(r.properties.every((x) => x.meetsExpectation)).toBe(true);
  });

  it('holds one block shorter: with delay 1 B claims on chain in the PTLC last block and every clause holds', () => {
    const r = run(twoStep(1));
    expect(r.distinctStates).toBe(2827);
    expect(verdict(r, 'atomicSale.hubLearnsOnlyIfClaimed').verdict).toBe('holds');
    expect(verdict(r, 'payeeNotCheated.secretOnlyForPayment').verdict).toBe('holds');
    expect(r.properties.every((x) => x.meetsExpectation)).toBe(true);
  });

  it('loses B the payment with an honest S that crashes right after the reveal, when the close is too slow', () => {
    const late = run(twoStep(2, { deviating: [], hubMayCrash: true }));
    expect(verdict(late, 'atomicSale.hubLearnsOnlyIfClaimed').verdict).toBe('violated');
    const inTime = run(twoStep(1, { deviating: [], hubMayCrash: true }));
    expect(verdict(inTime, 'atomicSale.hubLearnsOnlyIfClaimed').verdict).toBe('holds');
  });

  it('with one-step claims the same timing holds by construction (the switch is what makes the sale checkable)', () => {
    expect(verdict(run(decodeConfig(BASE)), 'atomicSale.hubLearnsOnlyIfClaimed').verdict).toBe('holds');
  });

  it('carries the receipt with the reveal: A may hold a proof for a payment S then takes back (scheme1-receipt)', () => {
    const receipt = VARIANTS.find((v) => v.name === 'scheme1-receipt')!.defaults;
    const late = run(decodeConfig({ ...receipt, claimSteps: 2 }), 'scheme1-receipt');
    expect(verdict(late, 'proofOfPayment.proofImpliesPaid').verdict).toBe('violated');
    const inTime = run(decodeConfig({ ...receipt, claimSteps: 2, hopCloseDelayBlocks: 0 }), 'scheme1-receipt');
    expect(verdict(inTime, 'proofOfPayment.proofImpliesPaid').verdict).toBe('holds');
  });
});
