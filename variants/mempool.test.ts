import { describe, expect, it } from 'vitest';
import { check } from '../checker/index.ts';
import { decodeConfig, scheme2ConfigCodec, type ProtocolConfig } from '../model/config.ts';
import { labelOf } from '../model/scheme1/actions.ts';
import { VARIANTS } from '../model/scheme1/variants.ts';
import { SCHEME2 } from '../model/scheme2/variants.ts';
import { buildVariant } from './index.ts';
import { configProblem } from '../model/config-problem.ts';

const direct = VARIANTS.find((v) => v.name === 'scheme1-direct')!.defaults;
// A deviating A and B against an honest S; csv 3 leaves room for margins 1 and 2 (R-02-20: 1 + margin ≤ 3).
const RACE: ProtocolConfig = { ...direct, csvDelayBlocks: 3, deviating: ['A', 'B'] };

const notTooLate = (config: ProtocolConfig) => {
  const r = check(buildVariant('scheme1-direct', decodeConfig(config)));
  const p = r.properties.find((x) => x.name === 'honestHubLosesNothing.notTooLate')!;
  return { r, p };
};

describe('the mempool (inclusionDelayBlocks, spec 08 §1)', () => {
  it('is off by default: 0 decodes to the config without the key; other machines refuse it', () => {
    expect(decodeConfig({ ...direct, inclusionDelayBlocks: 0 })).toEqual(direct);
    expect(configProblem({ ...direct, inclusionDelayBlocks: 4 })).toBe(
      'config.inclusionDelayBlocks: expected an integer 0..3, got 4',
    );
    expect(scheme2ConfigCodec.decode({ ...SCHEME2.defaults, inclusionDelayBlocks: 1 })._tag).toBe('Left');
  });

  it('makes rebindMarginBlocks matter: with one block of inclusion delay, margin 1 loses S what it paid (16 steps)', () => {
    const { r, p } = notTooLate({ ...RACE, rebindMarginBlocks: 1, inclusionDelayBlocks: 1 });
    expect(r.distinctStates).toBe(23453);
    expect(p.verdict).toBe('violated');
    expect(p.message).toBe('S paid for s_A but the channel settled in state n');
    const labels = p.path?.actions.map(labelOf) ?? [];
    expect(labels).toHaveLength(16);
    // S's U(n+1) waits in the mempool while A's St(n) becomes valid; the adversary confirms A's settlement first.
    const rebind = labels.indexOf('HubPublishUpdate');
    expect(rebind).toBeGreaterThan(labels.indexOf('PayerPublishUpdate'));
    expect(labels.slice(rebind)).toContain('PayerPublishSettlement');
    expect(labels.at(-1)).toBe('ChainConfirm');
    expect(r.properties.every((x) => x.meetsExpectation)).toBe(true);
  });

  it('margin 2 (one more than the delay) holds', () => {
    const { r, p } = notTooLate({ ...RACE, rebindMarginBlocks: 2, inclusionDelayBlocks: 1 });
    expect(r.distinctStates).toBe(22355);
    expect(p.verdict).toBe('holds');
    expect(r.properties.every((x) => x.meetsExpectation)).toBe(true);
  });

  it('without a mempool margin 1 already holds (the margin protected against nothing the model could do)', () => {
    expect(notTooLate({ ...RACE, rebindMarginBlocks: 1 }).p.verdict).toBe('holds');
  });
});
