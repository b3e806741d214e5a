/**
 * Model-based tests under vitest with @fast-check/vitest (seeded): random runs of oracle steps drawn from the
 * model's enabled actions (and adversarial stutters) keep the implementation in step with the model.
 */
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { SCHEME1_BINDING, type Scheme1Types } from './binding.ts';
import { buildVariant } from '../../variants/index.ts';
import { stepsArb } from '../fuzz.ts';
import { stepsForActions, stepsForLabels, supportsOf } from '../paths.ts';
import { describeFailure, runOracle, type RunOutcome } from '../run.ts';

const direct = buildVariant('scheme1-direct');
const withCoalition = (deviating: ('A' | 'S' | 'B' | 'M')[]) =>
  buildVariant('scheme1-direct', { ...direct.ctx.config, deviating });
const verdict = (r: RunOutcome<Scheme1Types>): string => (r.failure === undefined ? 'ok' : describeFailure(r.failure));

describe('random oracle runs (scheme1-direct)', () => {
  test.prop([stepsArb(SCHEME1_BINDING, { maxSteps: 24 })], { seed: 20261123, numRuns: 8 })(
    'S deviating: the implementation stays in step with the model',
    (steps) => {
      expect(verdict(runOracle(SCHEME1_BINDING, { model: direct, seed: 11 }, steps))).toBe('ok');
    },
  );

  test.prop([stepsArb(SCHEME1_BINDING, { maxSteps: 24 })], { seed: 7, numRuns: 8 })(
    'everyone honest: the implementation stays in step with the model',
    (steps) => {
      expect(verdict(runOracle(SCHEME1_BINDING, { model: withCoalition([]), seed: 12 }, steps))).toBe('ok');
    },
  );
});

describe('what the oracle found in impl/node', () => {
  it("honest A's watcher settles U(n+1) that S put on chain with the St(n+1) it holds: the implementation stays in step with the model (R-08-09, found by the oracle, fixed)", () => {
    const model = direct;
    const labels = [
      'PayerHubSignSettlement',
      'PayerSendBundle',
      'PayeeComeOnline',
      'PayerComeBack',
      'MailboxDeliver',
      'PayeeSendInvoice',
      'HubCheckAndOfferPtlc',
      'PayeeClaimPtlc',
    ];
    let s = model.init()[0]!;
    const actions = labels.map((l) => {
      const a = model.actions(s).find((x) => model.describe(x).label === l)!;
      s = model.next(s, a);
      return a;
    });
    const publish = model.actions(s).find((a) => a.kind === 'PublishUpdate' && a.state === 1)!;
    actions.push(publish);
    s = model.next(s, publish);
    for (let i = 0; i < model.ctx.config.csvDelayBlocks; i++) {
      const adv = model.actions(s).find((a) => a.kind === 'ChainAdvance')!;
      actions.push(adv);
      s = model.next(s, adv);
    }
    actions.push(model.actions(s).find((a) => a.kind === 'PublishSettlement' && a.party === 0)!);
    const r = runOracle(
      SCHEME1_BINDING,
      { model, seed: 2 },
      stepsForActions(model, actions, supportsOf(SCHEME1_BINDING, model)),
    );
    expect(verdict(r)).toBe('ok');
    expect(r.modelSteps).toBe(actions.length);
    expect(r.records.at(-1)).toMatchObject({
      label: 'PayerPublishSettlement',
      impl: { chain: { update: 1, settled: true } },
    });
  });

  it('an honest S refuses to buy after A put U(n) on chain, too late to get U(n+1) in before St(n): the implementation stays in step with the model (R-02-20/21, found by the oracle, fixed)', () => {
    const model = withCoalition(['A', 'B']);
    const labels = [
      'PayerHubSignSettlement',
      'PayerSendBundle',
      'PayerComeBack',
      'PayeeComeOnline',
      'PayerPublishUpdate',
      'MailboxDeliver',
      'ChainAdvance',
      'PayeeSendInvoice',
    ];
    const r = runOracle(SCHEME1_BINDING, { model, seed: 1 }, stepsForLabels(SCHEME1_BINDING, model, labels));
    expect(verdict(r)).toBe('ok');
    expect(r.modelSteps).toBe(labels.length);
    expect(r.records.at(-1)).toMatchObject({ label: 'PayeeSendInvoice', impl: { hops: [{ status: 'none' }] } });
    const refusals = r.driver.world.transcript.filter((e) => e.kind === 'message' && !e.accepted);
    expect(refusals.at(-1)).toMatchObject({ error: { kind: 'too-late' } });
  });
});

describe('random oracle runs (scheme1-split-decorrelated)', () => {
  const split = buildVariant('scheme1-split-decorrelated');
  const model = buildVariant('scheme1-split-decorrelated', { ...split.ctx.config, deviating: ['P2'] });
  test.prop([stepsArb(SCHEME1_BINDING, { maxSteps: 24 })], { seed: 5, numRuns: 6 })(
    'P2 deviating: the implementation stays in step with the model',
    (steps) => {
      expect(verdict(runOracle(SCHEME1_BINDING, { model, seed: 13 }, steps))).toBe('ok');
    },
  );
});
