/**
 * The oracle with the model's session-5 fidelity switches on: the cancellation as 03 §1's messages (cancelSteps 2)
 * and S's crash that loses what it took but has not written (hubCrashLosesUnpersisted) are driven on the
 * implementation and stay in step with the model; the model's ablations of S's rules are refused, with the reason.
 */
import { describe, expect, it } from 'vitest';
import { decodeConfig } from '../../model/config.ts';
import type { ProtocolState } from '../../model/scheme1/state.ts';
import { VARIANTS } from '../../model/scheme1/variants.ts';
import { buildVariant } from '../../variants/index.ts';
import { hubRole, type HubSnapshot } from '../../impl/node/hub.ts';
import { actionsForLabels, stepsForLabels } from '../paths.ts';
import { describeFailure, runOracle } from '../run.ts';
import { SCHEME1_BINDING } from './binding.ts';
import type { ImplDriver } from './driver.ts';
import { hubInvoiceMutant } from './mutants/hub-invoice-mutant.ts';

const direct = VARIANTS.find((v) => v.name === 'scheme1-direct')!.defaults;
const modelOf = (extra: Record<string, unknown>) =>
  buildVariant('scheme1-direct', decodeConfig({ ...direct, cancelSteps: 2, ...extra }));
const crashing = modelOf({ deviating: ['A'], hubMayCrash: true, hubCrashLosesUnpersisted: true });

/**
 * S without R-03-07 (it ignores its signatures of later states when an invoice comes): it still refuses a state a
 * complete later one superseded, so it buys n+1 only between its partial on U(n+2) and A's (R-03-06's window).
 */
const hubIgnoresLaterSigs = hubInvoiceMutant({
  name: 'hub-ignores-later-signatures',
  description: 'S buys n+1 while it holds St(n+2) and has sent its partial on U(n+2), until U(n+2) is complete',
  onInvoice(draft, env, ctx, { body, ch }) {
    const proposals = ch.proposals;
    ch.proposals = proposals.filter((x) => x.state <= body.state);
    const out = hubRole.onMessage(draft, env, ctx);
    ch.proposals = [...ch.proposals, ...proposals.filter((x) => x.state > body.state)];
    return out;
  },
});

/** Runs `labels` on the oracle; answers the outcome's failure ('ok' when none) and the run's driver. */
function run(
  model: ReturnType<typeof modelOf>,
  labels: readonly string[],
  seed = 5,
  mutant?: typeof hubIgnoresLaterSigs,
) {
  let driver: ImplDriver | undefined;
  const binding: typeof SCHEME1_BINDING = {
    ...SCHEME1_BINDING,
    driver: (m, o) => {
      driver = SCHEME1_BINDING.driver(m, o);
      return driver;
    },
  };
  const setup = mutant === undefined ? { model, seed } : { model, seed, mutant };
  const r = runOracle(binding, setup, stepsForLabels(binding, model, labels));
  return { failure: r.failure === undefined ? 'ok' : describeFailure(r.failure), steps: r.modelSteps, driver: driver! };
}

const CANCEL = ['PayerHubSignSettlement', 'PayerSendBundle', 'PayerComeBack', 'PayerHubCancelSettlement'];

/** A pays, comes back before B invoices; B comes and takes the bundle; A proposes the cancellation St(n+2). */
const CANCEL_WITH_B_ONLINE = [
  'PayerHubSignSettlement',
  'PayerSendBundle',
  'PayerComeBack',
  'PayeeComeOnline',
  'MailboxDeliver',
  'PayerHubCancelSettlement',
];

describe('the oracle drives the cancellation as messages (cancelSteps 2)', () => {
  it("runs 03 §1's three steps on the implementation in step with the model, S's signature first", () => {
    const labels = [...CANCEL, 'HubSendCancelUpdate', 'PayerSendCancelUpdate', 'PayerResign'];
    const r = run(modelOf({ deviating: ['A'] }), labels);
    expect(r.failure).toBe('ok');
    expect(r.steps).toBe(labels.length);
  });

  it('has S refuse the invoice for n+1 once both hold St(n+2), before any signature on U(n+2) (R-03-07), with every party honest', () => {
    const model = modelOf({ deviating: [], payerCancelsEarly: true });
    const labels = [...CANCEL_WITH_B_ONLINE, 'PayeeSendInvoice', 'HubSendCancelUpdate', 'PayerSendCancelUpdate'];
    const r = run(model, labels);
    expect(r.failure).toBe('ok');
    expect(r.steps).toBe(labels.length);
    expect(r.driver.world.refusals().map((x) => `${x.node} ${x.error.kind}`)).toEqual(['S stale-state']);
  });

  it('catches an S that buys n+1 after sending its partial on U(n+2) (R-03-06), which the atomic cancellation could not', () => {
    const model = modelOf({ deviating: [], payerCancelsEarly: true });
    const labels = [...CANCEL_WITH_B_ONLINE, 'HubSendCancelUpdate', 'PayeeSendInvoice'];
    expect(run(model, labels).failure).toBe('ok');
    // With the atomic cancellation the same S passes: U(n+2) is complete before any invoice, and S still refuses that.
    const atomic = buildVariant('scheme1-direct', decodeConfig({ ...direct, deviating: [], payerCancelsEarly: true }));
    const atomicLabels = [...labels.slice(0, 5), 'PayerHubCancel', 'PayeeSendInvoice'];
    expect(run(atomic, atomicLabels, 5, hubIgnoresLaterSigs).failure).toBe('ok');
    expect(run(model, labels, 5, hubIgnoresLaterSigs).failure).toBe(
      'divergence after step 8 (PayeeSendInvoice): hops.0.status is "none" in the model, "offered" in the implementation',
    );
  });

  it("brings S back without A's partial on U(n+2) when it crashed before writing it, and A sends it again", () => {
    const labels = [
      ...CANCEL,
      'HubSendCancelUpdate',
      'PayerSendCancelUpdate',
      'HubCrash',
      'HubRecover',
      'PayerSendCancelUpdate',
      'HubPersist',
    ];
    // The model: the crash loses U(n+2) from S's knowledge, and A's step 9 is enabled again.
    let s: ProtocolState = crashing.init()[0]!;
    for (const a of actionsForLabels(crashing, labels.slice(0, 7))) s = crashing.next(s, a);
    expect(s.hubUnpersisted).toBe(0);
    const r = run(crashing, labels.slice(0, 7));
    expect(r.failure).toBe('ok');
    const hub = r.driver.node('S').snapshot as HubSnapshot;
    // S is back at n (impl state 1): its U(n+2) (impl state 3) is no longer complete.
    expect(hub.channels[0]?.latest.state).toBe(1);
    const whole = run(crashing, labels);
    expect(whole.failure).toBe('ok');
    expect(whole.steps).toBe(labels.length);
    expect((whole.driver.node('S').snapshot as HubSnapshot).channels[0]?.latest.state).toBe(3);
  });

  it('refuses a configuration with a flaw switch on, naming it (the implementation keeps the rule it drops)', () => {
    for (const flaw of ['hubReusesNonceOnCancel', 'payeeReusesReceiptNonce'])
      for (const variant of ['scheme1-direct', 'scheme1-receipt'])
        expect(() => SCHEME1_BINDING.model(variant, { ...direct, [flaw]: true })).toThrow(
          new RegExp(`config\\.${flaw}: the oracle drives the implementation as specified`),
        );
    expect(
      SCHEME1_BINDING.model('scheme1-direct', { ...direct, hubReusesNonceOnCancel: false }).ctx.config,
    ).toBeDefined();
  });

  it("refuses the cancellation's messages under the model's ablations of S's rules, and what waits for S's write", () => {
    for (const ablation of [
      { hubChecksCancelSigs: false },
      { hubMayCrash: true, hubCrashLosesUnpersisted: true, hubPersistsFirst: false },
    ]) {
      const model = modelOf({ deviating: ['A'], ...ablation });
      let s: ProtocolState = model.init()[0]!;
      for (const a of actionsForLabels(model, CANCEL.slice(0, 3))) s = model.next(s, a);
      const a = model.actions(s).find((x) => x.kind === 'PayerHubCancelSettlement')!;
      expect(SCHEME1_BINDING.supports(model, s, a)).toBe(false);
      expect(SCHEME1_BINDING.skipReason(a, s)).toMatch(/ablation/);
    }
    let s: ProtocolState = crashing.init()[0]!;
    for (const a of actionsForLabels(crashing, [...CANCEL, 'HubSendCancelUpdate', 'PayerSendCancelUpdate']))
      s = crashing.next(s, a);
    expect(s.hubUnpersisted).not.toBe(0);
    const kinds = crashing
      .actions(s)
      .filter((a) => SCHEME1_BINDING.supports(crashing, s, a))
      .map((a) => a.kind);
    expect(kinds.sort()).toEqual(['HubCrash', 'HubPersist']);
  });
});

describe('the oracle drives stale states (staleStates k)', () => {
  it('has a deviating A publish U(n−2), then U(n−1) over it, and the honest S answer with U(n) and settle it', () => {
    const model = modelOf({ deviating: ['A'], staleStates: 2 });
    const labels = [
      'PayerHubSignSettlement',
      'PayerSendBundle',
      'PayerComeBack',
      'PayerPublishStaleUpdate',
      'PayerPublishStaleUpdate',
      'HubPublishUpdate',
      'ChainAdvance',
      'ChainAdvance',
      'HubPublishSettlement',
    ];
    const steps = actionsForLabels(model, labels);
    expect(steps.filter((a) => a.kind === 'PublishStaleUpdate').map((a) => (a as { depth: number }).depth)).toEqual([
      2, 1,
    ]);
    const r = run(model, labels);
    expect(r.failure).toBe('ok');
    expect(r.steps).toBe(labels.length);
    // n is impl state 3 (two older states both signed before the run); the settlement on chain is St(n).
    expect(r.driver.stateOffset).toBe(3);
    expect(r.driver.settlement?.state).toBe(0);
  });
});
