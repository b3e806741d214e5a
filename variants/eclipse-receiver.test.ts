import { describe, expect, it } from 'vitest';
import { check } from '../checker/index.ts';
import { decodeConfig, scheme2ConfigCodec, type ProtocolConfig } from '../model/config.ts';
import { labelOf } from '../model/scheme1/actions.ts';
import { VARIANTS } from '../model/scheme1/variants.ts';
import { SCHEME2 } from '../model/scheme2/variants.ts';
import { buildVariant } from './index.ts';
import { configProblem } from '../model/config-problem.ts';

const defaultsOf = (name: string): ProtocolConfig => VARIANTS.find((v) => v.name === name)!.defaults;

// The claim in two steps with a deviating S that takes the secret and never commits: the eclipsed receiver must
// close its channel and claim on chain before the timeout, on a view of the chain the adversary holds back.
const STALLING_S = {
  claimSteps: 2,
  deviating: ['S'],
  csvDelayBlocks: 4,
  ptlcTimeoutBlocks: 3,
  mailboxExpiryBlocks: 5,
  maxHeight: 8,
} as const;
const PAYEE_ECLIPSED: ProtocolConfig = { ...defaultsOf('scheme1-direct'), ...STALLING_S, eclipsed: 'B' };
const ROUTER_ECLIPSED: ProtocolConfig = {
  ...defaultsOf('scheme1-split-same-point'),
  ...STALLING_S,
  hops: 1,
  csvDelayBlocks: 5,
  ptlcTimeoutBlocks: 4,
  eclipsed: 'P1',
};

function run(variant: string, config: ProtocolConfig, clause: string) {
  const r = check(buildVariant(variant, decodeConfig(config)));
  const p = r.properties.find((x) => x.name === clause)!;
  return { r, p, labels: p.path?.actions.map(labelOf) ?? [] };
}

describe('time dilation of the payee and the routing nodes (eclipsed B, P1..Pk; R-09-15)', () => {
  it('accepts B and the path’s routing nodes as the eclipsed party and refuses a node the path lacks, M, and a bad claim margin', () => {
    const direct = defaultsOf('scheme1-direct');
    expect(decodeConfig({ ...direct, eclipseBlocks: 1, eclipsed: 'B' }).eclipsed).toBe('B');
    expect(configProblem({ ...direct, eclipseBlocks: 1, eclipsed: 'P1' })).toBe(
      'config.eclipsed: unknown party "P1" (an eclipse is modelled for A, S, B; hops is 0)',
    );
    expect(configProblem({ ...direct, hops: 1, eclipsed: 'P2' })).toBe(
      'config.eclipsed: unknown party "P2" (an eclipse is modelled for A, S, B, P1..P1; hops is 1)',
    );
    expect(configProblem({ ...direct, eclipsed: 'M' })).toMatch(
      /^config\.eclipsed: expected one of "A", "S", "B", "P1"/,
    );
    expect(configProblem({ ...direct, claimMarginBlocks: 5 })).toBe(
      'config.claimMarginBlocks: expected an integer 1..4, got 5',
    );
    expect(decodeConfig({ ...direct, claimMarginBlocks: 1 })).toEqual(direct);
    expect(scheme2ConfigCodec.decode({ ...SCHEME2.defaults, claimMarginBlocks: 2 })._tag).toBe('Left');
  });

  it('B eclipsed by 1 with claim margin 2 loses s_A to a stalling S: it closes late and sees its own close late (13 steps)', () => {
    const { r, p, labels } = run(
      'scheme1-direct',
      { ...PAYEE_ECLIPSED, eclipseBlocks: 1, claimMarginBlocks: 2 },
      'payeeNotCheated.secretOnlyForPayment',
    );
    expect(r.distinctStates).toBe(21978);
    expect(p.verdict).toBe('violated');
    expect(labels).toHaveLength(13);
    // One block mined that B does not see; S offers hop 0 (timeout 4), B reveals s_A (update_fulfill), S never
    // commits. B closes once its view reaches 4 − close delay 1 − margin 2 = 1 (real 2) and would claim once it
    // sees 2 + 1 (real 4): too late, S takes hop 0 back knowing s_A.
    expect(labels).toEqual([
      'PayerHubSignSettlement',
      'PayerSendBundle',
      'PayeeComeOnline',
      'MailboxDeliver',
      'PayeeSendInvoice',
      'EclipseWithhold',
      'HubCheckAndOfferPtlc',
      'PayeeFulfillPtlc',
      'ChainAdvance',
      'PayeeCloseHopChannel',
      'ChainAdvance',
      'ChainAdvance',
      'HubRefundPtlc',
    ]);
    // The expectations know the rule (claim margin ≤ 2e loses): apln check reports this loss as expected.
    expect(r.properties.every((x) => x.meetsExpectation)).toBe(true);
  });

  it('a claim margin of 3 covers an eclipse of 1 (margin > 2e)', () => {
    const { r, p } = run(
      'scheme1-direct',
      { ...PAYEE_ECLIPSED, eclipseBlocks: 1, claimMarginBlocks: 3 },
      'payeeNotCheated.secretOnlyForPayment',
    );
    expect(r.distinctStates).toBe(14377);
    expect(p.verdict).toBe('holds');
    expect(r.properties.every((x) => x.meetsExpectation)).toBe(true);
  });

  it('P1 eclipsed by 1 pays B but cannot claim from a stalling S at margin 2; margin 3 covers it', () => {
    const late = run(
      'scheme1-split-same-point',
      { ...ROUTER_ECLIPSED, eclipseBlocks: 1, claimMarginBlocks: 2 },
      'honestIntermediaryPaid.canClaimUpstream',
    );
    expect(late.p.verdict).toBe('violated');
    expect(late.p.message).toBe('P1 paid downstream but cannot claim upstream');
    expect(late.labels).toHaveLength(15);
    expect(late.labels).toContain('EclipseWithhold');
    const covered = run(
      'scheme1-split-same-point',
      { ...ROUTER_ECLIPSED, eclipseBlocks: 1, claimMarginBlocks: 3 },
      'honestIntermediaryPaid.canClaimUpstream',
    );
    expect(covered.p.verdict).toBe('holds');
    expect(covered.r.properties.find((x) => x.name === 'honestIntermediaryPaid.neverLoses')!.verdict).toBe('holds');
  });
});
