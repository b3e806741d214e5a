/**
 * The can-fail audit (issue 9, "Done when" 1; spec 10 §4): for each clause of spec 10 that a configuration can
 * break, the configuration and the length of the shortest counterexample the checker finds there, so no clause
 * holds vacuously. The clauses no configuration breaks are argued in spec 10 §4 (not tested here). Each row is a
 * registered model with its defaults overridden by `over`; the violation must also be that variant's expectation.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../checker/index.ts';
import { findModel } from '../checker/registry.ts';
import type { Model } from '../checker/model.ts';
import { decodeConfigWith } from '../model/config.ts';
import '../variants/index.ts';
import '../variants/baselines.ts';

interface Row {
  readonly clause: string;
  readonly model: string;
  readonly over: Readonly<Record<string, unknown>>;
  readonly steps: number;
}

const CAN_FAIL: readonly Row[] = [
  {
    clause: 'atomicSale.hubLearnsOnlyIfClaimed',
    model: 'scheme1-direct',
    over: { claimSteps: 2, csvDelayBlocks: 3, ptlcTimeoutBlocks: 2, mailboxExpiryBlocks: 3, hopCloseDelayBlocks: 2 },
    steps: 11,
  },
  { clause: 'hubCannotSteal.payerBalanceFloor', model: 'flaw-update-before-settlement', over: {}, steps: 6 },
  { clause: 'hubCannotSteal.paidOnlyIfPayeePaid', model: 'flaw-plaintext-mailbox', over: {}, steps: 5 },
  {
    clause: 'hubCannotSteal.noUpdateWithoutPaying',
    model: 'scheme1-direct',
    over: { claimSteps: 2, csvDelayBlocks: 3, ptlcTimeoutBlocks: 2, mailboxExpiryBlocks: 3, hopCloseDelayBlocks: 2 },
    steps: 11,
  },
  { clause: 'hubCannotSteal.noStrandedUpdate', model: 'flaw-update-before-settlement', over: {}, steps: 7 },
  { clause: 'payeeNotCheated.secretOnlyForPayment', model: 'flaw-plaintext-mailbox', over: {}, steps: 2 },
  { clause: 'honestHubLosesNothing.notSuperseded', model: 'flaw-hub-skips-state-check', over: {}, steps: 9 },
  {
    clause: 'honestHubLosesNothing.notTooLate',
    model: 'scheme1-direct',
    over: { deviating: ['A', 'B'], csvDelayBlocks: 3, inclusionDelayBlocks: 1, rebindMarginBlocks: 1 },
    steps: 16,
  },
  {
    clause: 'honestHubLosesNothing.notTooLate',
    model: 'flaw-hub-skips-point-check',
    over: { deviating: ['A'] },
    steps: 11,
  },
  { clause: 'honestHubLosesNothing.notTwice', model: 'flaw-hub-skips-state-check', over: {}, steps: 9 },
  { clause: 'honestHubLosesNothing.onlyMatchingPoint', model: 'flaw-hub-skips-point-check', over: {}, steps: 7 },
  {
    clause: 'honestIntermediaryPaid.neverLoses',
    model: 'scheme1-split-decorrelated',
    over: { hopDeltaBlocks: 0, deviating: ['S', 'B'] },
    steps: 13,
  },
  {
    clause: 'honestIntermediaryPaid.canClaimUpstream',
    model: 'scheme1-split-decorrelated',
    over: { hopDeltaBlocks: 0, deviating: ['S', 'B'] },
    steps: 11,
  },
  { clause: 'honestIntermediaryPaid.earnsFeeOnCompletion', model: 'scheme1-split-same-point', over: {}, steps: 10 },
  { clause: 'nonceSafety.noReuse', model: 'flaw-nonce-reuse-on-resign', over: {}, steps: 8 },
  {
    clause: 'nonceSafety.noReuse',
    model: 'flaw-hub-skips-state-check',
    over: { deviating: ['A'], hubReusesNonceOnCancel: true },
    steps: 9,
  },
  { clause: 'secrecy.mailboxLearnsNothing', model: 'flaw-plaintext-mailbox', over: {}, steps: 2 },
  { clause: 'secrecy.onlyPayersLearn', model: 'flaw-plaintext-mailbox', over: {}, steps: 2 },
  { clause: 'linkability.coalitionCannotLink', model: 'scheme1-split-same-point', over: {}, steps: 8 },
  {
    clause: 'liveness.paymentCompletes',
    model: 'scheme1-direct',
    over: { deviating: [], payerCancelsEarly: true },
    steps: 12,
  },
  { clause: 'liveness.payerLockBounded', model: 'scheme1-direct', over: {}, steps: 8 },
  { clause: 'proofOfPayment.payerHoldsProof', model: 'scheme1-direct', over: {}, steps: 9 },
  { clause: 'proofOfPayment.proofImpliesPaid', model: 'scheme1-receipt', over: { deviating: ['A', 'S'] }, steps: 6 },
  {
    clause: 'hubCannotSteal.paidOnlyIfPayeeCredited',
    model: 'scheme2-payee-presigned',
    over: { deviating: ['S', 'B'] },
    steps: 8,
  },
  {
    clause: 'proofOfPayment.proofImpliesPaid',
    model: 'scheme2-payee-presigned',
    over: { deviating: ['A', 'S'] },
    steps: 10,
  },
  {
    clause: 'atomicSale.payerLearnsOnlyIfClaimed',
    model: 'scheme2-payee-presigned',
    over: { deviating: [], hubRevealsBeforeClaim: true },
    steps: 6,
  },
  {
    clause: 'honestHubLosesNothing.creditOnlyIfPaid',
    model: 'scheme2-payee-presigned',
    over: { deviating: [], hubRevealsBeforeClaim: true },
    steps: 6,
  },
  {
    clause: 'atomicSale.claimedOnlyIfPayerLearns',
    model: 'scheme2-payee-presigned',
    over: { payerSkipsPointCheck: true },
    steps: 6,
  },
  {
    clause: 'proofOfPayment.payerHoldsProof',
    model: 'scheme2-payee-presigned',
    over: { payerSkipsPointCheck: true },
    steps: 6,
  },
  {
    clause: 'payeeNotCheated.neverBelowStart',
    model: 'scheme2-payee-presigned',
    over: { deviating: ['A', 'S'], payeeSignsBeforeSettlement: true },
    steps: 5,
  },
  {
    clause: 'secrecy.mailboxLearnsNothing',
    model: 'scheme2-payee-presigned',
    over: { deviating: [], payeeBundlePlaintext: true },
    steps: 2,
  },
  {
    clause: 'liveness.paymentCompletes',
    model: 'scheme2-payee-presigned',
    over: { deviating: [], payeeSignsBeforeSettlement: true },
    steps: 9,
  },
  {
    clause: 'hubCannotSteal.payerBalanceFloor',
    model: 'scheme2-payee-presigned',
    over: { payerSkipsFeeCheck: true },
    steps: 6,
  },
  { clause: 'hubCannotSteal.paidOnlyIfPayeePaid1', model: 'flaw-stacked-payments', over: {}, steps: 9 },
  {
    clause: 'hubCannotSteal.payerBalanceFloor',
    model: 'scheme1-payment-outputs',
    over: { payerSkipsFeeCheck: true },
    steps: 13,
  },
  {
    clause: 'hubCannotSteal.paidOnlyIfPayeePaid2',
    model: 'scheme1-payment-outputs',
    over: { deviating: [], payeeRevealsBeforePaid: true },
    steps: 7,
  },
  {
    clause: 'payeeNotCheated.secretOnlyForPayment1',
    model: 'scheme1-payment-outputs',
    over: { deviating: [], payeeRevealsBeforePaid: true },
    steps: 4,
  },
  {
    clause: 'payeeNotCheated.secretOnlyForPayment2',
    model: 'scheme1-payment-outputs',
    over: { deviating: [], payeeRevealsBeforePaid: true },
    steps: 7,
  },
  {
    clause: 'honestHubLosesNothing.notTooLate1',
    model: 'scheme1-payment-outputs',
    over: { deviating: ['A'], hubSkipsRebindCheck: true },
    steps: 9,
  },
  {
    clause: 'honestHubLosesNothing.notTooLate2',
    model: 'scheme1-payment-outputs',
    over: { deviating: ['A'], hubSkipsRebindCheck: true },
    steps: 12,
  },
  {
    clause: 'liveness.paymentCompletes',
    model: 'scheme1-payment-outputs',
    over: { deviating: [], hubChecksFirstExpiry: true },
    steps: 17,
  },
  { clause: 'channelStaysOpen.noForcedClose', model: 'lightningrod-hold-invoice', over: {}, steps: 11 },
  { clause: 'proofOfPayment.payerHoldsProof', model: 'lsp-held-htlc', over: {}, steps: 10 },
  { clause: 'liveness.payerLockBounded', model: 'lightningrod-hold-invoice', over: { deviating: ['A'] }, steps: 12 },
  {
    clause: 'hubCannotSteal.payerBalanceFloor',
    model: 'lightningrod-hold-invoice',
    over: { payerSkipsAmountCheck: true, maxHeight: 9 },
    steps: 11,
  },
  {
    clause: 'hubCannotSteal.paidOnlyIfPayeePaid',
    model: 'lightningrod-hold-invoice',
    over: { claimSteps: 2, hopCloseDelayBlocks: 1, payeeSkipsExpiryCheck: true, maxHeight: 9 },
    steps: 12,
  },
  {
    clause: 'payeeNotCheated.secretOnlyForPayment',
    model: 'lightningrod-hold-invoice',
    over: { claimSteps: 2, hopCloseDelayBlocks: 1, payeeSkipsExpiryCheck: true, maxHeight: 9 },
    steps: 11,
  },
  {
    clause: 'liveness.paymentCompletes',
    model: 'lightningrod-hold-invoice',
    over: {
      claimSteps: 2,
      hopCloseDelayBlocks: 1,
      payeeSkipsExpiryCheck: true,
      maxHeight: 9,
      deviating: [],
      hubMayCrash: true,
    },
    steps: 21,
  },
  {
    clause: 'honestHubLosesNothing.notTooLate',
    model: 'plain-lightning',
    over: { deviating: [], hubMayCrash: true },
    steps: 7,
  },
];

function violation(row: Row) {
  const entry = findModel(row.model);
  if (entry === undefined) throw new Error(`no model ${row.model}`);
  const config = decodeConfigWith(entry.codec as never, { ...(entry.defaults as object), ...row.over });
  const m = entry.build(config) as Model<unknown, unknown>;
  const r = check(m, { links: 'memory' });
  const p = r.properties.find((x) => x.name === row.clause);
  return { p, unmet: r.properties.filter((x) => !x.meetsExpectation).map((x) => x.name) };
}

describe('every clause a configuration can break fails there, as expected, with its shortest counterexample', () => {
  it.each(CAN_FAIL.map((r) => [r.clause, r.model, JSON.stringify(r.over), r.steps, r] as const))(
    '%s fails in %s %s (%i steps)',
    (_c, _m, _o, _n, row) => {
      const { p, unmet } = violation(row);
      expect([p?.verdict, p?.expected, p?.path?.choices.length]).toEqual(['violated', 'violated', row.steps]);
      expect(unmet).toEqual([]);
    },
  );
});
