import { describe, expect, it } from 'vitest';
import { SCHEME1_BINDING } from './binding.ts';
import { buildVariant } from '../../variants/index.ts';
import { coverage } from '../coverage.ts';
import { implSupports, skipReason } from './step.ts';

describe('model-guided coverage (BFS paths replayed on the implementation)', () => {
  it('replays one path per distinct transition up to depth 4 of scheme1-direct and exercises every one', () => {
    const defaults = buildVariant('scheme1-direct').ctx.config;
    const model = buildVariant('scheme1-direct', {
      ...defaults,
      ptlcTimeoutBlocks: 1,
      csvDelayBlocks: 2,
      mailboxExpiryBlocks: 3,
      maxHeight: 5,
      deviating: ['S'],
    });
    const r = coverage(SCHEME1_BINDING, { model, seed: 5 }, { depth: 4 });
    expect(r.failure).toBeUndefined();
    // Pinned from the model: 47 states and 66 transitions within depth 4 (all supported by the impl).
    expect(r.states).toBe(47);
    expect(r.transitions).toBe(66);
    expect(r.transitionsCovered).toBe(r.transitions);
    expect(r.kinds).toEqual([
      'ChainAdvance',
      'MailboxDeliver',
      'PayeeComeOnline',
      'PayerComeBack',
      'PayerHubSignSettlement',
      'PayerSendBundle',
      'PublishSettlement',
      'PublishUpdate',
    ]);
    expect(r.paths).toBeLessThan(r.transitions);
  });

  it('reports a deviation the honest impl cannot take as skipped, not as a step', () => {
    // A deviating B may invoice after the expiry (R-09-11); the impl's B refuses an expired bundle.
    const model = buildVariant('scheme1-direct', { ...buildVariant('scheme1-direct').ctx.config, deviating: ['B'] });
    const labels = [
      'PayerHubSignSettlement',
      'PayerSendBundle',
      'PayeeComeOnline',
      'MailboxDeliver',
      'ChainAdvance',
      'ChainAdvance',
      'ChainAdvance',
    ];
    let s = model.init()[0]!;
    for (const l of labels) s = model.next(s, model.actions(s).find((a) => model.describe(a).label === l)!);
    const late = model.actions(s).find((a) => a.kind === 'PayeeSendInvoice');
    expect(late).toBeDefined();
    expect(implSupports(model.ctx, s, late!)).toBe(false);
    expect(skipReason(late!)).toBe('PayeeSendInvoice (a deviation the honest node does not take)');
  });

  it('does not drive a new attempt while S is down or lost U(n+2): its signing exchange needs S (conform --runs 100 --seed 1 found it)', () => {
    // Suite "cancel as messages, all honest, early cancel, S may crash losing what it has not written", seed 1:
    // S crashed after the cancellation and lost U(n+2); the model let A re-sign at once, the impl's A waited for S.
    const config = {
      ...buildVariant('scheme1-direct').ctx.config,
      csvDelayBlocks: 2,
      ptlcTimeoutBlocks: 1,
      mailboxExpiryBlocks: 3,
      maxHeight: 5,
      deviating: [],
      hubMayCrash: true,
      cancelSteps: 2,
      hubCrashLosesUnpersisted: true,
      payerCancelsEarly: true,
    };
    const model = buildVariant('scheme1-direct', config);
    const walk = (labels: readonly string[]) => {
      let s = model.init()[0]!;
      for (const l of labels) s = model.next(s, model.actions(s).find((a) => model.describe(a).label === l)!);
      return s;
    };
    const cancelled = [
      'PayerHubSignSettlement',
      'PayeeComeOnline',
      'PayerSendBundle',
      'MailboxDeliver',
      'PayerComeBack',
      'PayeeSendInvoice',
      'PayerHubCancelSettlement',
      'HubSendCancelUpdate',
      'PayerSendCancelUpdate',
    ];
    const resign = (s: ReturnType<typeof walk>) => model.actions(s).find((a) => a.kind === 'PayerResign');
    // The model's step stands for the signing exchange with S: not enabled while S is down.
    expect(resign(walk([...cancelled, 'HubCrash']))).toBeUndefined();
    const up = walk([...cancelled, 'HubPersist']);
    expect(implSupports(model.ctx, up, resign(up)!)).toBe(true);
    // S back, but without A's U(n+2) partial (its crash lost it): A's stream to S resends that first.
    const back = walk([...cancelled, 'HubCrash', 'HubRecover']);
    expect(implSupports(model.ctx, back, resign(back)!)).toBe(false);
    expect(skipReason(resign(back)!, back)).toMatch(/PayerResign while S lacks A's U\(n\+2\) partial/);
  });
});
