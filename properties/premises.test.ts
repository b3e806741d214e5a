/** Which scheme-1 clauses a run's context leaves unasked (they hold vacuously: onlyWhen in shared-clauses.ts). */
import { describe, expect, it } from 'vitest';
import { holdsVacuously } from '../checker/model.ts';
import { decodeConfig } from '../model/config.ts';
import { VARIANTS } from '../model/scheme1/variants.ts';
import { buildVariant } from '../variants/index.ts';

function vacuous(variant: string, deviating: string[], hops?: number): string[] {
  const v = VARIANTS.find((x) => x.name === variant)!;
  const m = buildVariant(v.name, decodeConfig({ ...v.defaults, deviating, ...(hops === undefined ? {} : { hops }) }));
  return m.properties.filter((p) => p.kind === 'always' && p.pred === holdsVacuously).map((p) => p.name);
}

describe('the clauses a context does not ask', () => {
  it('none when nobody deviates', () => {
    expect(vacuous('scheme1-split-decorrelated', [])).toEqual([]);
  });

  it("with A and B deviating: every promise to an honest A or B, none of S's", () => {
    expect(vacuous('scheme1-direct', ['A', 'B'])).toEqual([
      'atomicSale.hubLearnsOnlyIfClaimed',
      'atomicSale.claimedOnlyIfHubLearns',
      'hubCannotSteal.payerBalanceFloor',
      'hubCannotSteal.paidOnlyIfPayeePaid',
      'hubCannotSteal.noUpdateWithoutPaying',
      'hubCannotSteal.noStrandedUpdate',
      'payeeNotCheated.secretOnlyForPayment',
      'secrecy.mailboxLearnsNothing',
      'secrecy.onlyPayersLearn',
      'proofOfPayment.payerHoldsProof',
      'proofOfPayment.proofImpliesPaid',
    ]);
  });

  it("with S and both routers of two deviating: S's and the routers' protections, none of A's or B's", () => {
    expect(vacuous('scheme1-split-decorrelated', ['S', 'P1', 'P2'], 2)).toEqual([
      'honestHubLosesNothing.notSuperseded',
      'honestHubLosesNothing.notTooLate',
      'honestHubLosesNothing.notTwice',
      'honestHubLosesNothing.onlyMatchingPoint',
      'honestIntermediaryPaid.neverLoses',
      'honestIntermediaryPaid.canClaimUpstream',
      'honestIntermediaryPaid.earnsFeeOnCompletion',
    ]);
  });
});
