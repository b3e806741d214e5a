import { describe, expect, it } from 'vitest';
import { SCHEME1_BINDING } from './scheme1/binding.ts';
import { buildVariant } from '../variants/index.ts';
import { K_RECEIPT } from '../model/scheme1/knowledge.ts';
import { B, S } from '../model/parties.ts';
import { stepsForLabels } from './paths.ts';
import { describeFailure, runOracle } from './run.ts';
import { PAID, TO_OFFER } from '../model/scheme1/paths.ts';

const HONEST_PAYMENT = [...PAID, 'PayerComeBack', 'PayerHubFinish'];

describe('the oracle steps model and implementation side by side (scheme1-direct)', () => {
  const model = buildVariant('scheme1-direct');

  it('maps the freshly set up world onto the model initial state', () => {
    const r = runOracle(SCHEME1_BINDING, { model, seed: 1 }, []);
    expect(r.failure).toBeUndefined();
    expect(r.records).toHaveLength(1);
  });

  it('keeps a whole honest payment in step: B is paid 3, S ends with s_A and A at state n+1', () => {
    const r = runOracle(SCHEME1_BINDING, { model, seed: 2 }, stepsForLabels(SCHEME1_BINDING, model, HONEST_PAYMENT));
    expect(r.failure === undefined ? 'ok' : describeFailure(r.failure)).toBe('ok');
    expect(r.modelSteps).toBe(HONEST_PAYMENT.length);
    const last = r.records[r.records.length - 1]!.impl;
    expect(last.phase).toBe('paid');
    expect(last.wallet[B]).toBe(3);
    expect(last.wallet[S]).toBe(7);
    expect(last.hops[0]).toEqual({ status: 'claimed', timeoutHeight: model.ctx.config.ptlcTimeoutBlocks });
  });

  it('follows a unilateral close on the validating chain: S publishes U(n), waits the CSV delay, settles', () => {
    const labels = ['HubPublishUpdate', 'ChainAdvance', 'ChainAdvance', 'HubPublishSettlement'];
    const r = runOracle(SCHEME1_BINDING, { model, seed: 3 }, stepsForLabels(SCHEME1_BINDING, model, labels));
    expect(r.failure === undefined ? 'ok' : describeFailure(r.failure)).toBe('ok');
    const last = r.records[r.records.length - 1]!.impl;
    expect(last.chain).toEqual({ update: 0, updateHeight: 0, settled: true });
    expect(last.channelSat).toBe(0);
    expect(last.wallet.slice(0, 2)).toEqual([10, 20]);
  });

  it("has honest A's own watcher answer S's stale U(n) with U(n+1) and settle it once CSV-deep (R-08)", () => {
    const labels = [
      ...HONEST_PAYMENT,
      'HubPublishUpdate',
      'PayerPublishUpdate',
      'ChainAdvance',
      'ChainAdvance',
      'PayerPublishSettlement',
    ];
    const r = runOracle(SCHEME1_BINDING, { model, seed: 8 }, stepsForLabels(SCHEME1_BINDING, model, labels));
    expect(r.failure === undefined ? 'ok' : describeFailure(r.failure)).toBe('ok');
    const last = r.records[r.records.length - 1]!.impl;
    expect(last.chain).toEqual({ update: 1, updateHeight: 0, settled: true });
    // St(n+1) pays A 10 − 3 − 1 and S 10 + 4 on chain; S's channel towards B still holds 7.
    expect(last.wallet.slice(0, 3)).toEqual([6, 21, 3]);
  });

  it('takes a cancellation: A and S complete n+2 and the stale invoice is refused by an honest S', () => {
    const m = buildVariant('scheme1-direct', { ...model.ctx.config, deviating: ['A', 'B'] });
    const labels = [
      'PayerHubSignSettlement',
      'PayerSendBundle',
      'PayerComeBack',
      'PayerHubCancel',
      'PayeeComeOnline',
      'MailboxDeliver',
      'PayeeSendInvoice',
      'ChainAdvance',
    ];
    const r = runOracle(SCHEME1_BINDING, { model: m, seed: 4 }, stepsForLabels(SCHEME1_BINDING, m, labels));
    expect(r.failure === undefined ? 'ok' : describeFailure(r.failure)).toBe('ok');
    const last = r.records[r.records.length - 1]!.impl;
    expect(last.phase).toBe('cancelled');
    expect(last.invoiceFrom).toBe(B);
    expect(last.hops[0]?.status).toBe('none');
    expect(r.driver.world.refusals().map((x) => `${x.node}: ${x.error.kind}`)).toEqual(['S: stale-state']);
  });
});

describe('the oracle on the split variants (routing nodes P1, P2)', () => {
  for (const variant of ['scheme1-split-same-point', 'scheme1-split-decorrelated']) {
    it(`${variant}: a whole honest payment through P1 and P2 stays in step; each routing node earns its fee`, () => {
      const model = buildVariant(variant, { ...buildVariant(variant).ctx.config, deviating: [] });
      const labels = [
        ...TO_OFFER,
        'RouterForwardPtlc',
        'RouterForwardPtlc',
        'PayeeClaimPtlc',
        'RouterClaimPtlc',
        'RouterClaimPtlc',
        'PayerComeBack',
        'PayerHubFinish',
      ];
      const r = runOracle(SCHEME1_BINDING, { model, seed: 6 }, stepsForLabels(SCHEME1_BINDING, model, labels));
      expect(r.failure === undefined ? 'ok' : describeFailure(r.failure)).toBe('ok');
      const last = r.records[r.records.length - 1]!.impl;
      expect(last.phase).toBe('paid');
      expect(last.hops.map((h) => h.status)).toEqual(['claimed', 'claimed', 'claimed']);
      // B paid 3; P1 and P2 earned 1 each; S paid 5 out and is owed amt + fees by A.
      expect([last.wallet[B], last.wallet[4], last.wallet[5], last.wallet[S]]).toEqual([3, 11, 11, 5]);
    });
  }
});

describe('the oracle on the receipt variant', () => {
  it("scheme1-receipt: S completes B's receipt after the sale and A holds it after step 9", () => {
    const model = buildVariant('scheme1-receipt', { ...buildVariant('scheme1-receipt').ctx.config, deviating: [] });
    const labels = [...PAID, 'PayerComeBack', 'PayerHubFinish'];
    const r = runOracle(SCHEME1_BINDING, { model, seed: 7 }, stepsForLabels(SCHEME1_BINDING, model, labels));
    expect(r.failure === undefined ? 'ok' : describeFailure(r.failure)).toBe('ok');
    const last = r.records[r.records.length - 1]!.impl;
    expect((last.knows[0]! & K_RECEIPT) !== 0).toBe(true);
    expect((last.knows[S]! & K_RECEIPT) !== 0).toBe(true);
  });
});
