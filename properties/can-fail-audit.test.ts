/**
 * The can-fail audit (issue 9, "Done when" 1; spec 10 §4): for each clause of spec 10 that a configuration can
 * break, the configuration and the length of the shortest counterexample the checker finds there, so no clause
 * holds vacuously. The clauses no configuration breaks are argued in spec 10 §4 (not tested here). Each row is a
 * registered model with its defaults overridden by `over`; the violation must also be that variant's expectation.
 * The completeness test checks that every claim of every registered model has a row here or an argument in
 * `CANNOT_FAIL` (spec 10 §4.2), so "each clause can fail" is checked, not asserted.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../checker/index.ts';
import { findModel, listModels } from '../checker/registry.ts';
import { VARIANTS } from '../model/scheme1/variants.ts';
import { SCHEME2 } from '../model/scheme2/variants.ts';
import { MULTI_VARIANTS } from '../model/multi/variants.ts';
import { BASELINES } from '../model/baselines/designs.ts';
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
  { clause: 'nonceSafety.noReuse', model: 'scheme1-receipt', over: { payeeReusesReceiptNonce: true }, steps: 5 },
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

/** The machine a registered model runs on: its clause names are that machine's (spec 10 §4 groups them so). */
type Machine = 'scheme 1' | 'scheme 2' | 'two payments' | 'baselines';
const MACHINES: readonly (readonly [Machine, readonly string[]])[] = [
  ['scheme 1', VARIANTS.map((v) => v.name)],
  ['scheme 2', [SCHEME2.name]],
  ['two payments', MULTI_VARIANTS.map((v) => v.name)],
  ['baselines', BASELINES.map((v) => v.name)],
];
function machineOf(model: string): Machine {
  const m = MACHINES.find(([, names]) => names.includes(model));
  if (m === undefined) throw new Error(`model ${model} is on no machine this audit knows`);
  return m[0];
}

/**
 * The claims (always and eventually clauses) no configuration breaks, with the argument (spec 10 §4.2). Witnesses
 * (sometimes clauses) are not claims: the expectations pin where each is unreached.
 */
const CANNOT_FAIL: readonly { readonly machine: Machine; readonly clauses: readonly string[]; readonly why: string }[] =
  [
    ...(['scheme 1', 'scheme 2', 'two payments', 'baselines'] as const).map((machine) => ({
      machine,
      clauses: ['typeOk', 'conservation.total', 'conservation.nonNegative'],
      why: "invariants of the model's own transitions (fields in range, money only moved): only a model bug breaks them",
    })),
    {
      machine: 'scheme 1',
      clauses: ['atomicSale.claimedOnlyIfHubLearns', 'atomicSale.hopsMoveTogether'],
      why: "completing an adaptor signature publishes its secret: the symbolic crypto's given, not a protocol choice",
    },
    {
      machine: 'scheme 2',
      clauses: ['liveness.payerLockBounded'],
      why: "A's own refund leaf bounds its lock, and the clause is asked only of an honest A",
    },
  ];

/** Every claim of every registered model, by machine: each model built on its defaults and with nobody deviating (where liveness.paymentCompletes is asked). */
function claimsByMachine(): Map<Machine, Set<string>> {
  const out = new Map<Machine, Set<string>>();
  for (const e of listModels()) {
    for (const over of [{}, { deviating: [] }]) {
      const m = e.build(decodeConfigWith(e.codec as never, { ...(e.defaults as object), ...over })) as Model<
        unknown,
        unknown
      >;
      const set = out.get(machineOf(e.name)) ?? new Set<string>();
      for (const p of m.properties) if (p.kind === 'always' || p.kind === 'eventually') set.add(p.name);
      out.set(machineOf(e.name), set);
    }
  }
  return out;
}

describe('the audit is complete: every claim of every registered model can fail, or is argued not to', () => {
  const claims = claimsByMachine();

  it('covers the four machines, each with its claims', () => {
    expect([...claims.keys()].sort()).toEqual(['baselines', 'scheme 1', 'scheme 2', 'two payments']);
    expect([...claims.values()].every((c) => c.size >= 10)).toBe(true);
  });

  it.each(MACHINES.map(([m]) => [m]))('%s: each claim has an audit row on that machine or an argument', (machine) => {
    const rows = new Set(CAN_FAIL.filter((r) => machineOf(r.model) === machine).map((r) => r.clause));
    const argued = new Set(CANNOT_FAIL.filter((a) => a.machine === machine).flatMap((a) => a.clauses));
    const all = [...(claims.get(machine) ?? [])];
    expect(all.filter((c) => !rows.has(c) && !argued.has(c))).toEqual([]);
    // No row or argument names a clause the machine does not have, and none is both shown failing and argued not to.
    expect([...rows, ...argued].filter((c) => !all.includes(c))).toEqual([]);
    expect([...rows].filter((c) => argued.has(c))).toEqual([]);
  });
});

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
