/**
 * The oracle with the model's session-5 fidelity switches on (cancelSteps 2, hubCrashLosesUnpersisted, staleStates):
 * the implementation cannot take their steps, so the binding refuses them (`supports`, with a reason) instead of
 * driving them, and what it can drive stays in step with the model.
 */
import { describe, expect, it } from 'vitest';
import { decodeConfig } from '../../model/config.ts';
import type { ProtocolAction } from '../../model/scheme1/actions.ts';
import type { ProtocolState } from '../../model/scheme1/state.ts';
import { VARIANTS } from '../../model/scheme1/variants.ts';
import { buildVariant } from '../../variants/index.ts';
import { stepsForLabels } from '../paths.ts';
import { describeFailure, runOracle } from '../run.ts';
import { SCHEME1_BINDING } from './binding.ts';

const direct = VARIANTS.find((v) => v.name === 'scheme1-direct')!.defaults;
const model = buildVariant(
  'scheme1-direct',
  decodeConfig({
    ...direct,
    deviating: ['A'],
    hubMayCrash: true,
    cancelSteps: 2,
    hubCrashLosesUnpersisted: true,
    staleStates: 1,
  }),
);
const NEW_KINDS = ['PayerHubCancelSettlement', 'HubSendCancelUpdate', 'PayerSendCancelUpdate', 'HubPersist'];

describe('the oracle with cancelSteps 2, hubCrashLosesUnpersisted and staleStates on (scheme1-direct, A deviating)', () => {
  it("refuses the cancellation's messages and a stale update, giving the reason, where the model enables them", () => {
    let s: ProtocolState = model.init()[0]!;
    const take = (label: string) => {
      const a = model.actions(s).find((x) => model.describe(x).label === label)!;
      s = model.next(s, a) as ProtocolState;
    };
    for (const l of ['PayerHubSignSettlement', 'PayerSendBundle', 'PayerComeBack']) take(l);
    const enabled = model.actions(s);
    const refused = (kind: ProtocolAction['kind']) => {
      const a = enabled.find((x) => x.kind === kind)!;
      expect(a, kind).toBeDefined();
      expect(SCHEME1_BINDING.supports(model, s, a), kind).toBe(false);
      return SCHEME1_BINDING.unsupportedKinds[kind];
    };
    expect(refused('PayerHubCancelSettlement')).toMatch(/cancelSteps 2/);
    expect(refused('PublishStaleUpdate')).toMatch(/staleStates/);
    for (const kind of NEW_KINDS) expect(SCHEME1_BINDING.unsupportedKinds[kind], kind).toMatch(/cancelSteps 2/);
  });

  it('keeps a payment it can drive in step with the model', () => {
    const labels = [
      'PayerHubSignSettlement',
      'PayerSendBundle',
      'PayeeComeOnline',
      'MailboxDeliver',
      'PayeeSendInvoice',
      'HubCheckAndOfferPtlc',
      'PayeeClaimPtlc',
    ];
    const r = runOracle(SCHEME1_BINDING, { model, seed: 5 }, stepsForLabels(SCHEME1_BINDING, model, labels));
    expect(r.failure === undefined ? 'ok' : describeFailure(r.failure)).toBe('ok');
    expect(r.modelSteps).toBe(labels.length);
  });
});
