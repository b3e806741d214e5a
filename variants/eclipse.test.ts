import { describe, expect, it } from 'vitest';
import { check } from '../checker/index.ts';
import { decodeConfig, scheme2ConfigCodec, type ProtocolConfig } from '../model/config.ts';
import { labelOf } from '../model/scheme1/actions.ts';
import { VARIANTS } from '../model/scheme1/variants.ts';
import { SCHEME2 } from '../model/scheme2/variants.ts';
import { buildVariant } from './index.ts';
import { configProblem } from '../model/config-problem.ts';

const direct = VARIANTS.find((v) => v.name === 'scheme1-direct')!.defaults;
// A deviating A against an honest S that the adversary may eclipse (csv 2, PTLC 1, margin 1, expiry 3).
const DILATED: ProtocolConfig = { ...direct, deviating: ['A'], eclipsed: 'S' };

const notTooLate = (config: ProtocolConfig) => {
  const r = check(buildVariant('scheme1-direct', decodeConfig(config)));
  const p = r.properties.find((x) => x.name === 'honestHubLosesNothing.notTooLate')!;
  return { r, p };
};

describe('time dilation (eclipseBlocks, eclipsed; R-09-15)', () => {
  it('is off by default: 0 and S decode to the config without the keys; bad values and other machines are refused', () => {
    expect(decodeConfig({ ...direct, eclipseBlocks: 0, eclipsed: 'S' })).toEqual(direct);
    expect(configProblem({ ...direct, eclipseBlocks: 4 })).toBe(
      'config.eclipseBlocks: expected an integer 0..3, got 4',
    );
    expect(configProblem({ ...direct, eclipseBlocks: 1, eclipsed: 'M' })).toMatch(
      /^config\.eclipsed: expected one of "A", "S", "B", "P1", "P2", "P3" .*got "M"$/,
    );
    expect(configProblem({ ...direct, eclipseBlocks: 1, inclusionDelayBlocks: 1 })).toMatch(/^config\.eclipseBlocks: /);
    expect(scheme2ConfigCodec.decode({ ...SCHEME2.defaults, eclipseBlocks: 1 })._tag).toBe('Left');
  });

  it('without an eclipse a deviating A cannot make S pay for a channel that settles in state n', () => {
    const { r, p } = notTooLate(DILATED);
    expect(p.verdict).toBe('holds');
    expect(r.properties.every((x) => x.meetsExpectation)).toBe(true);
  });

  it('an eclipse of 2 blocks beats margin 1: S buys on a stale view of the chain and A settles U(n) (12 steps)', () => {
    const { r, p } = notTooLate({ ...DILATED, eclipseBlocks: 2 });
    expect(r.distinctStates).toBe(5113);
    expect(p.verdict).toBe('violated');
    expect(p.message).toBe('S paid for s_A but the channel settled in state n');
    const labels = p.path?.actions.map(labelOf) ?? [];
    expect(labels).toHaveLength(12);
    // A puts U(n) on chain, two blocks are mined that S does not see, S checks R-02-21 at the height it sees
    // (0 + PTLC 1 + margin 1 ≤ 0 + csv 2) and buys, B claims, and A's St(n) is already valid at the real height 2.
    const offer = labels.indexOf('HubCheckAndOfferPtlc');
    expect(labels.indexOf('PayerPublishUpdate')).toBeLessThan(labels.indexOf('EclipseWithhold'));
    expect(labels.slice(0, offer).filter((l) => l === 'EclipseWithhold')).toHaveLength(2);
    expect(labels.slice(offer)).toEqual(['HubCheckAndOfferPtlc', 'PayeeClaimPtlc', 'PayerPublishSettlement']);
    // The expectations know the rule (margin ≥ e with A alone): apln check reports this loss as expected.
    expect(r.properties.every((x) => x.meetsExpectation)).toBe(true);
  });

  it('a margin that covers the eclipse holds; one block of eclipse more breaks it again', () => {
    const roomy = { ...DILATED, csvDelayBlocks: 3, mailboxExpiryBlocks: 5, maxHeight: 7 };
    const covered = notTooLate({ ...roomy, rebindMarginBlocks: 2, eclipseBlocks: 2 });
    expect(covered.r.distinctStates).toBe(8360);
    expect(covered.p.verdict).toBe('holds');
    expect(covered.r.properties.every((x) => x.meetsExpectation)).toBe(true);
    expect(notTooLate({ ...roomy, rebindMarginBlocks: 1, eclipseBlocks: 2 }).p.verdict).toBe('violated');
  });

  it("with A and B deviating (B claims in the PTLC's last block) the margin must exceed the eclipse", () => {
    const roomy = {
      ...DILATED,
      deviating: ['A', 'B'] as const,
      csvDelayBlocks: 3,
      mailboxExpiryBlocks: 5,
      maxHeight: 7,
    };
    const tight = notTooLate({ ...roomy, rebindMarginBlocks: 2, eclipseBlocks: 2 });
    expect(tight.p.verdict).toBe('violated');
    expect(tight.r.properties.every((x) => x.meetsExpectation)).toBe(true);
    expect(notTooLate({ ...roomy, rebindMarginBlocks: 2, eclipseBlocks: 1 }).p.verdict).toBe('holds');
  });
});
