/**
 * Issue 9, point 5: each clause that held by construction is shown able to fail where the protocol can fail,
 * with the shortest counterexample the checker finds (so none of them holds vacuously).
 */
import { describe, expect, it } from 'vitest';
import { check } from '../checker/index.ts';
import { decodeConfig, decodeConfigWith, scheme2ConfigCodec } from '../model/config.ts';
import { VARIANTS } from '../model/scheme1/variants.ts';
import { SCHEME2 } from '../model/scheme2/variants.ts';
import { buildMultiVariant, buildScheme2Variant, buildVariant } from '../variants/index.ts';
import { multiConfigCodec } from '../model/multi/config.ts';
import { MULTI_VARIANTS } from '../model/multi/variants.ts';
import { SCHEME2_BINDING } from '../oracle/scheme2/binding.ts';

function run(variant: string, deviating: string[]) {
  const v = VARIANTS.find((x) => x.name === variant)!;
  const m = buildVariant(v.name, decodeConfig({ ...v.defaults, deviating }));
  const r = check(m, { links: 'memory' });
  const prop = (name: string) => r.properties.find((p) => p.name === name)!;
  const labels = (name: string): string[] => prop(name).path?.actions.map((a) => m.describe(a).label) ?? [];
  return { r, prop, labels };
}

describe('proofOfPayment.proofImpliesPaid (06 §2.4)', () => {
  it('fails for A + S in the receipt variant: they complete the receipt with s_A + s_S before B is paid (6 steps)', () => {
    const { r, prop, labels } = run('scheme1-receipt', ['A', 'S']);
    expect([prop('proofOfPayment.proofImpliesPaid').verdict, prop('proofOfPayment.proofImpliesPaid').expected]).toEqual(
      ['violated', 'violated'],
    );
    expect(labels('proofOfPayment.proofImpliesPaid')).toEqual([
      'PayerHubSignSettlement',
      'PayerSendBundle',
      'PayeeComeOnline',
      'MailboxDeliver',
      'PayeeSendInvoice',
      'CoalitionShare',
    ]);
    expect(r.properties.filter((p) => !p.meetsExpectation).map((p) => p.name)).toEqual([]);
  });

  it.each([[['S']], [['A']], [['B']], [['A', 'B']], [['S', 'B']]])(
    "holds against %j: A alone lacks s_S, S alone s_A until B is paid, and a deviating B's receipt is its own word",
    (deviating) => {
      const { prop } = run('scheme1-receipt', deviating);
      expect(prop('proofOfPayment.proofImpliesPaid').verdict).toBe('holds');
      expect(prop('proofOfPayment.witnessPayerHoldsProof').verdict).toBe('reached');
    },
  );
});

describe('honestHubLosesNothing.onlyMatchingPoint judges what S bought, not the flag its check tests', () => {
  it('fails when S skips the point check and a deviating A forges the bundle: S pays for a secret that completes nothing', () => {
    const { prop, labels } = run('flaw-hub-skips-point-check', ['A']);
    expect(prop('honestHubLosesNothing.onlyMatchingPoint').verdict).toBe('violated');
    expect(labels('honestHubLosesNothing.onlyMatchingPoint')).toContain('PayeeClaimPtlc');
  });
});

describe('scheme 2: the clauses that were switched off or true before A paid', () => {
  function run2(deviating: string[], payerLeavesAfterPaying: boolean) {
    const m = buildScheme2Variant(
      decodeConfigWith(scheme2ConfigCodec, { ...SCHEME2.defaults, deviating, payerLeavesAfterPaying }),
    );
    const r = check(m, { links: 'memory' });
    const violated = Object.fromEntries(
      r.properties.filter((p) => p.verdict === 'violated').map((p) => [p.name, p.path?.choices.length]),
    );
    return { r, violated };
  }

  it('paidOnlyIfPayeeCredited fails for S + B (a superseded m+1 sold to A, R-05-03) in 8 steps, and is asked with B deviating', () => {
    expect(run2(['S', 'B'], false).violated).toEqual({ 'hubCannotSteal.paidOnlyIfPayeeCredited': 8 });
    const alone = run2(['B'], false);
    expect(alone.violated).toEqual({});
    expect(alone.r.properties.find((p) => p.name === 'hubCannotSteal.witnessPaidAndCredited')?.verdict).toBe('reached');
  });

  it('an A that leaves once paid (against R-05-10) lets a deviating S settle the stale m: B loses its credit, A keeps its proof (10 steps)', () => {
    expect(run2(['S'], true).violated).toEqual({
      'hubCannotSteal.paidOnlyIfPayeeCredited': 10,
      'proofOfPayment.proofImpliesPaid': 10,
    });
    expect(run2(['S'], false).violated).toEqual({});
  });

  it('proofImpliesPaid fails for A + S (they complete U_BS(m+1) unpaid and settle m); payerHoldsProof holds: s_S comes only with the claim', () => {
    const { r, violated } = run2(['A', 'S'], false);
    expect(violated).toEqual({ 'proofOfPayment.proofImpliesPaid': 10 });
    expect(r.properties.filter((p) => !p.meetsExpectation).map((p) => p.name)).toEqual([]);
    const honest = run2([], false);
    expect(honest.r.properties.find((p) => p.name === 'proofOfPayment.payerHoldsProof')?.verdict).toBe('holds');
    expect(honest.r.properties.find((p) => p.name === 'proofOfPayment.witnessPayerHoldsProof')?.verdict).toBe(
      'reached',
    );
  });

  it('rejects payerLeavesAfterPaying for a scheme-1 variant, naming the key', () => {
    const v = VARIANTS.find((x) => x.name === 'scheme1-direct')!;
    expect(() => buildVariant(v.name, decodeConfig({ ...v.defaults, payerLeavesAfterPaying: true }))).toThrow(
      /scheme 2 only/,
    );
  });
});

describe("scheme 2's flaw switches: each clause no coalition breaks fails once the rule guarding it is dropped", () => {
  function runFlaw(over: Record<string, unknown>) {
    const m = buildScheme2Variant(decodeConfigWith(scheme2ConfigCodec, { ...SCHEME2.defaults, ...over }));
    const r = check(m, { links: 'memory' });
    const violated = Object.fromEntries(
      r.properties.filter((p) => p.verdict === 'violated').map((p) => [p.name, p.path?.choices.length]),
    );
    const labels = (name: string): string[] =>
      r.properties.find((p) => p.name === name)?.path?.actions.map((a) => m.describe(a).label) ?? [];
    return { r, violated, labels };
  }

  it('S handing A s_S before its claim (against R-05-04): A learns it unpaid, U_BS(m+1) complete before S is paid', () => {
    const { r, violated, labels } = runFlaw({ deviating: [], hubRevealsBeforeClaim: true });
    expect(violated).toEqual({ 'atomicSale.payerLearnsOnlyIfClaimed': 6, 'honestHubLosesNothing.creditOnlyIfPaid': 6 });
    expect(labels('atomicSale.payerLearnsOnlyIfClaimed').at(-1)).toBe('HubRevealPartial');
    expect(r.properties.filter((p) => !p.meetsExpectation).map((p) => p.name)).toEqual([]);
    expect(runFlaw({ deviating: [] }).violated).toEqual({});
  });

  it("A locking its PTLC to S's own point (against R-05-06): a deviating S claims, A learns nothing and holds no proof", () => {
    const { r, violated } = runFlaw({ payerSkipsPointCheck: true });
    expect(violated).toEqual({
      'atomicSale.claimedOnlyIfPayerLearns': 6,
      'hubCannotSteal.paidOnlyIfPayeeCredited': 6,
      'proofOfPayment.payerHoldsProof': 6,
    });
    expect(r.properties.filter((p) => !p.meetsExpectation).map((p) => p.name)).toEqual([]);
    expect(runFlaw({ deviating: [], payerSkipsPointCheck: true }).violated).toEqual({});
  });

  it('B sending its bundle before St_BS(m+1) is co-signed (against R-05-01): A and S complete U_BS(m+1), B is owed 0', () => {
    const { r, violated, labels } = runFlaw({ deviating: ['A', 'S'], payeeSignsBeforeSettlement: true });
    expect(violated).toMatchObject({ 'payeeNotCheated.neverBelowStart': 5 });
    expect(labels('payeeNotCheated.neverBelowStart')[0]).toBe('PayeeSendBundle');
    expect(r.properties.filter((p) => !p.meetsExpectation).map((p) => p.name)).toEqual([]);
  });

  it('A paying the fee a deviating S names (against R-05-06): A ends one sat below its floor; an honest S names none', () => {
    const { r, violated } = runFlaw({ payerSkipsFeeCheck: true });
    expect(violated).toEqual({ 'hubCannotSteal.payerBalanceFloor': 6 });
    expect(r.properties.filter((p) => !p.meetsExpectation).map((p) => p.name)).toEqual([]);
    expect(runFlaw({ deviating: [], payerSkipsFeeCheck: true }).violated).toEqual({});
  });

  it('an unsealed bundle (against R-05-02): M reads it with everybody honest', () => {
    expect(runFlaw({ deviating: [], payeeBundlePlaintext: true }).violated).toEqual({
      'secrecy.mailboxLearnsNothing': 2,
    });
  });

  it('scheme 1, the two-payment machine and the oracle refuse them by name', () => {
    const v = VARIANTS.find((x) => x.name === 'scheme1-direct')!;
    expect(() => buildVariant(v.name, decodeConfig({ ...v.defaults, payerSkipsPointCheck: true }))).toThrow(
      /payerSkipsPointCheck.*scheme 1 does not model it/,
    );
    const multi = MULTI_VARIANTS[0]!;
    expect(() => decodeConfigWith(multiConfigCodec, { ...multi.defaults, hubRevealsBeforeClaim: true })).toThrow(
      /config\.hubRevealsBeforeClaim: the two-payment machine does not model it/,
    );
    expect(() => SCHEME2_BINDING.model(SCHEME2.name, { ...SCHEME2.defaults, payeeBundlePlaintext: true })).toThrow(
      /config\.payeeBundlePlaintext: the oracle/,
    );
  });
});

describe("the two-payment machine's flaw switches: each per-payment clause fails once the rule guarding it is dropped", () => {
  const outputs = MULTI_VARIANTS.find((v) => v.name === 'scheme1-payment-outputs')!;
  function runMulti(over: Record<string, unknown>) {
    const config = decodeConfigWith(multiConfigCodec, { ...outputs.defaults, ...over });
    const r = check(buildMultiVariant(outputs.name, config), { links: 'memory' });
    const violated = Object.fromEntries(
      r.properties.filter((p) => p.verdict === 'violated').map((p) => [p.name, p.path?.choices.length]),
    );
    const unmet = r.properties.filter((p) => !p.meetsExpectation).map((p) => p.name);
    const message = (name: string) => r.properties.find((p) => p.name === name)?.message;
    return { violated, unmet, message };
  }

  it('A co-signing a settlement whose fee a deviating S named (against R-01-10): A ends one sat below its floor', () => {
    const flawed = runMulti({ payerSkipsFeeCheck: true });
    expect([flawed.violated, flawed.unmet]).toEqual([{ 'hubCannotSteal.payerBalanceFloor': 13 }, []]);
    expect(flawed.message('hubCannotSteal.payerBalanceFloor')).toBe('A is guaranteed only 2 < 3');
    expect(runMulti({}).violated).toEqual({});
    expect(runMulti({ deviating: [], payerSkipsFeeCheck: true }).violated).toEqual({});
  });

  it('B_j handing S s_A^j with its invoice (against R-02-13): S knows each secret, and holds the update that charges A, before paying', () => {
    const flawed = runMulti({ deviating: [], payeeRevealsBeforePaid: true });
    expect([flawed.violated, flawed.unmet]).toEqual([
      {
        'hubCannotSteal.paidOnlyIfPayeePaid1': 4,
        'hubCannotSteal.paidOnlyIfPayeePaid2': 7,
        'payeeNotCheated.secretOnlyForPayment1': 4,
        'payeeNotCheated.secretOnlyForPayment2': 7,
      },
      [],
    ]);
    expect(flawed.message('payeeNotCheated.secretOnlyForPayment2')).toBe('S knows s_A^2 but B2 was not paid');
    expect(runMulti({ deviating: [] }).violated).toEqual({});
  });

  it('S buying without time to rebind (against R-02-21): a deviating A publishes U(n), S buys anyway and St(n) confirms before the claim', () => {
    const flawed = runMulti({ deviating: ['A'], hubSkipsRebindCheck: true });
    expect([flawed.violated, flawed.unmet]).toEqual([
      { 'honestHubLosesNothing.notTooLate1': 9, 'honestHubLosesNothing.notTooLate2': 12 },
      [],
    ]);
    expect(flawed.message('honestHubLosesNothing.notTooLate2')).toBe(
      'S paid B2 but the channel settled in state n+0, which does not pay it p_2',
    );
    expect(runMulti({ deviating: ['A'] }).violated).toEqual({});
  });

  it("S checking the second payment against the first one's expiry (against R-02-19): with everybody honest, payment 2 never completes", () => {
    const flawed = runMulti({ deviating: [], hubChecksFirstExpiry: true });
    expect([flawed.violated, flawed.unmet]).toEqual([{ 'liveness.paymentCompletes': 17 }, []]);
    expect(runMulti({ deviating: [] }).violated).toEqual({});
  });

  it('scheme 1, scheme 2 and the HTLC baselines refuse them by name; the two-payment machine shares payerSkipsFeeCheck with scheme 2', () => {
    const v = VARIANTS.find((x) => x.name === 'scheme1-direct')!;
    expect(() => buildVariant(v.name, decodeConfig({ ...v.defaults, payeeRevealsBeforePaid: true }))).toThrow(
      /payeeRevealsBeforePaid.*scheme 1 does not model it: expected false \(a flaw switch of the two-payment machine\)/,
    );
    expect(() => decodeConfigWith(scheme2ConfigCodec, { ...SCHEME2.defaults, hubSkipsRebindCheck: true })).toThrow(
      /config\.hubSkipsRebindCheck: scheme 2 does not model it/,
    );
    expect(() => buildVariant(v.name, decodeConfig({ ...v.defaults, payerSkipsFeeCheck: true }))).toThrow(
      /a flaw switch of scheme 2 and the two-payment machine/,
    );
  });
});

describe("nonceSafety.noReuse covers B's receipt nonce (R-06-07), beside A's and S's", () => {
  function runReceipt(over: Record<string, unknown>) {
    const v = VARIANTS.find((x) => x.name === 'scheme1-receipt')!;
    const m = buildVariant(v.name, decodeConfig({ ...v.defaults, ...over }));
    const r = check(m, { links: 'memory' });
    const p = r.properties.find((x) => x.name === 'nonceSafety.noReuse')!;
    const labels = p.path?.actions.map((a) => m.describe(a).label) ?? [];
    return { p, labels, unmet: r.properties.filter((x) => !x.meetsExpectation).map((x) => x.name) };
  }

  it('fails once an honest B signs its invoice with the receipt pre-signature nonce: at the invoice, 5 steps', () => {
    const { p, labels, unmet } = runReceipt({ payeeReusesReceiptNonce: true });
    expect([p.verdict, p.expected, p.message, unmet]).toEqual([
      'violated',
      'violated',
      "B's receipt nonce signed both its invoice and the receipt",
      [],
    ]);
    expect(labels).toEqual([
      'PayerHubSignSettlement',
      'PayerSendBundle',
      'PayeeComeOnline',
      'MailboxDeliver',
      'PayeeSendInvoice',
    ]);
  });

  it('holds without the switch, and is not asked of a deviating B (its own key is at stake)', () => {
    expect(runReceipt({}).p.verdict).toBe('holds');
    expect(runReceipt({ deviating: ['B'], payeeReusesReceiptNonce: true }).p.verdict).toBe('holds');
  });

  it('a variant without a receipt refuses the switch, and so does scheme 2, naming the key', () => {
    const v = VARIANTS.find((x) => x.name === 'scheme1-direct')!;
    expect(() => buildVariant(v.name, decodeConfig({ ...v.defaults, payeeReusesReceiptNonce: true }))).toThrow(
      /config\.payeeReusesReceiptNonce: B signs a receipt pre-signature only in scheme1-receipt/,
    );
    expect(() => decodeConfigWith(scheme2ConfigCodec, { ...SCHEME2.defaults, payeeReusesReceiptNonce: true })).toThrow(
      /config\.payeeReusesReceiptNonce: scheme 2 does not model it/,
    );
  });
});

describe("nonceSafety.noReuse covers S's U(n+1) nonce (R-03-04), not only A's", () => {
  function runWith(variant: string, deviating: string[]) {
    const v = VARIANTS.find((x) => x.name === variant)!;
    const m = buildVariant(v.name, decodeConfig({ ...v.defaults, deviating, hubReusesNonceOnCancel: true }));
    const r = check(m, { links: 'memory' });
    const p = r.properties.find((x) => x.name === 'nonceSafety.noReuse')!;
    return { r, p, labels: p.path?.actions.map((a) => m.describe(a).label) ?? [] };
  }

  it('fails when S signs U(n+2) with its U(n+1) nonce and, without its state check, buys the stale s_A from a deviating A (9 steps)', () => {
    const { r, p, labels } = runWith('flaw-hub-skips-state-check', ['A']);
    expect([p.verdict, p.expected, p.path?.choices.length]).toEqual(['violated', 'violated', 9]);
    expect(labels).toContain('PayerHubCancel');
    expect(labels.at(-1)).toBe('PayeeClaimPtlc');
    expect(r.properties.filter((x) => !x.meetsExpectation).map((x) => x.name)).toEqual([]);
  });

  it.each([[['A', 'B']], [['B']], [['A']]])(
    "holds in scheme1-direct against %j with the same reuse: S's state check (R-02-17) never lets it sign U(n+1) after a cancellation",
    (deviating) => {
      const { p } = runWith('scheme1-direct', deviating);
      expect(p.verdict).toBe('holds');
    },
  );

  it('scheme 2 refuses the switch, naming the key', () => {
    expect(() => decodeConfigWith(scheme2ConfigCodec, { ...SCHEME2.defaults, hubReusesNonceOnCancel: true })).toThrow(
      /config.hubReusesNonceOnCancel/,
    );
  });
});
