/**
 * The deviations the oracle drives on the implementation beyond the honest nodes' own steps: a second sale of
 * s_A (R-09-11, R-09-12), made by the adversary layer acting for the deviating seller, and the coalition's
 * pooling of what its members know (R-09-05, R-09-07), through the adversary layer's collusion channel; and the
 * timeout variant's pending output (06 §1, `scheme1-timeout`); and
 * equivocation (R-09-14), a forged bundle from A and a forged invoice from B.
 */
import { describe, expect, it } from 'vitest';
import { SCHEME1_BINDING, type Scheme1Types } from './binding.ts';
import { buildVariant } from '../../variants/index.ts';
import type { ProtocolModel } from '../../model/scheme1/machine.ts';
import { K_ALL_SEC, K_FORGED, K_SA, kSec } from '../../model/scheme1/knowledge.ts';
import { A, B, S } from '../../model/parties.ts';
import { FORGED_BUNDLE, FORGED_INVOICE, MSG_FORGED } from '../../model/scheme1/state.ts';
import { stepsForActions, stepsForLabels, supportsOf } from '../paths.ts';
import { abstraction } from './abstraction.ts';
import { SUITES, suiteModel } from '../conform.ts';
import { compareStates, describeFailure, runOracle, type RunOutcome } from '../run.ts';
import { HUB_CLOSES_AFTER_SALE, PAID, TO_OFFER } from '../../model/scheme1/paths.ts';

const direct = buildVariant('scheme1-direct');
const withCoalition = (deviating: ('A' | 'S' | 'B' | 'M')[]) =>
  buildVariant('scheme1-direct', { ...direct.ctx.config, deviating });
const verdict = (r: RunOutcome<Scheme1Types>): string => (r.failure === undefined ? 'ok' : describeFailure(r.failure));
const refusedBy = (r: RunOutcome<Scheme1Types>, to: string) =>
  r.driver.world.transcript.filter((e) => e.kind === 'message' && !e.accepted && e.envelope.to === to);

describe('a second invoice for state n+1 after S bought it (R-09-11, R-09-12, R-02-18)', () => {
  it('deviating B sends S its invoice again: S refuses it as already bought, the abstraction shows resale from B unpaid, and B still claims', () => {
    const model = withCoalition(['B']);
    const labels = [...TO_OFFER, 'PayeeResellSecret', 'PayeeClaimPtlc'];
    const r = runOracle(SCHEME1_BINDING, { model, seed: 3 }, stepsForLabels(SCHEME1_BINDING, model, labels));
    expect(verdict(r)).toBe('ok');
    expect(r.modelSteps).toBe(labels.length);
    expect(r.records[labels.length - 1]).toMatchObject({
      label: 'PayeeResellSecret',
      impl: { resale: { from: B, paid: false } },
      model: { resale: { from: B, paid: false } },
    });
    expect(
      refusedBy(r, 'S').map((e) =>
        e.kind === 'message' ? [e.envelope.from, e.envelope.body.kind, e.error?.kind] : [],
      ),
    ).toEqual([['B', 'Invoice', 'already-bought']]);
    expect(r.records.at(-1)).toMatchObject({ impl: { hops: [{ status: 'claimed' }] } });
  });

  it('deviating A, back online, signs an invoice of its own for T = s_A·G: S refuses it as already bought', () => {
    const model = withCoalition(['A']);
    const labels = [...TO_OFFER, 'PayerComeBack', 'PayerResellSecret', 'PayeeClaimPtlc', 'PayerHubFinish'];
    const r = runOracle(SCHEME1_BINDING, { model, seed: 4 }, stepsForLabels(SCHEME1_BINDING, model, labels));
    expect(verdict(r)).toBe('ok');
    expect(r.modelSteps).toBe(labels.length);
    expect(r.records[TO_OFFER.length + 2]).toMatchObject({
      label: 'PayerResellSecret',
      impl: { resale: { from: A, paid: false } },
    });
    expect(refusedBy(r, 'S').map((e) => (e.kind === 'message' ? [e.envelope.from, e.error?.kind] : []))).toEqual([
      ['A', 'already-bought'],
    ]);
    expect(r.records.at(-1)).toMatchObject({ impl: { phase: 'paid' } });
  });

  it('an implementation whose S records the second invoice as a sale is caught: resale.paid differs', () => {
    const model = withCoalition(['B']);
    const r = runOracle(
      SCHEME1_BINDING,
      { model, seed: 3 },
      stepsForLabels(SCHEME1_BINDING, model, [...TO_OFFER, 'PayeeResellSecret']),
    );
    expect(verdict(r)).toBe('ok');
    const hub = r.driver.node('S');
    if (hub.role !== 'hub') throw new Error('S is not a hub');
    const sale = hub.snapshot.sales[0]!;
    hub.snapshot.sales.push({ ...sale, status: 'buying' });
    const last = r.records.at(-1)!;
    const f = compareStates(model, 1, 'after', last.model, abstraction(r.driver, model.ctx));
    expect(f).toMatchObject({ kind: 'divergence', difference: { field: 'resale.paid', model: 'false', impl: 'true' } });
  });
});

describe('the coalition pools what it knows (CoalitionShare, R-09-05, R-09-07)', () => {
  const model = withCoalition(['S', 'B']);

  it('S holding s_A from B completes U(n+1) and puts it on chain without paying; St(n+1) settles it; every property the model expects still holds on the abstraction', () => {
    const labels = [
      'PayerHubSignSettlement',
      'PayerSendBundle',
      'PayeeComeOnline',
      'MailboxDeliver',
      'CoalitionShare',
      'HubPublishUpdate',
      'ChainAdvance',
      'ChainAdvance',
      'HubPublishSettlement',
    ];
    let s = model.init()[0]!;
    const actions = labels.map((l) => {
      const a = model
        .actions(s)
        .find((x) => model.describe(x).label === l && (x.kind !== 'PublishUpdate' || x.state === 1))!;
      s = model.next(s, a);
      return a;
    });
    const r = runOracle(
      SCHEME1_BINDING,
      { model, seed: 5 },
      stepsForActions(model, actions, supportsOf(SCHEME1_BINDING, model)),
    );
    expect(verdict(r)).toBe('ok');
    expect(r.modelSteps).toBe(labels.length);
    const shared = r.records[5]!;
    expect(shared.label).toBe('CoalitionShare');
    expect(shared.impl.knows).toEqual(shared.model.knows);
    expect(shared.impl.knows[S]).toBe(shared.impl.knows[B]);
    expect(r.records[6]).toMatchObject({
      label: 'HubPublishUpdate',
      impl: { chain: { update: 1 }, hops: [{ status: 'none' }] },
    });
    const hub = r.driver.node('S');
    expect(hub.role === 'hub' ? hub.snapshot.sales : undefined).toEqual([]);
    expect(r.records.at(-1)).toMatchObject({
      impl: { chain: { update: 1, settled: true }, wallet: [6, 24, 0, 0, 0, 0, 0] },
    });
  });

  it('B, told U(n) and St(n) by S, publishes U(n) itself, which honest A answers with nothing better', () => {
    const labels = ['PayerHubSignSettlement', 'PayeeComeOnline', 'CoalitionShare', 'PayeePublishUpdate'];
    const r = runOracle(SCHEME1_BINDING, { model, seed: 6 }, stepsForLabels(SCHEME1_BINDING, model, labels));
    expect(verdict(r)).toBe('ok');
    expect(r.records.at(-1)).toMatchObject({ label: 'PayeePublishUpdate', impl: { chain: { update: 0 } } });
  });

  it("after B forges an invoice, the path secret S was told under s_A's anchor no longer derives the forged secret (apln conform --runs 100 --seed 1 --suite 5, issue 10)", () => {
    const labels = [
      'PayerHubSignSettlement',
      'PayerSendBundle',
      'PayerComeBack',
      'PayeeComeOnline',
      'MailboxDeliver',
      'CoalitionShare',
      'HubPublishUpdate:0',
      'ChainAdvance',
      'HubPublishUpdate:1',
      'PayeeForgeInvoice',
    ];
    let s = model.init()[0]!;
    const actions = labels.map((spec) => {
      const [l, state] = spec.split(':');
      const a = model
        .actions(s)
        .find(
          (x) =>
            model.describe(x).label === l &&
            (state === undefined || (x.kind === 'PublishUpdate' && x.state === Number(state))),
        );
      if (a === undefined) throw new Error(`${spec} is not enabled`);
      s = model.next(s, a);
      return a;
    });
    const r = runOracle(
      SCHEME1_BINDING,
      { model, seed: 1 },
      stepsForActions(model, actions, supportsOf(SCHEME1_BINDING, model)),
    );
    expect(verdict(r)).toBe('ok');
    expect(r.modelSteps).toBe(labels.length);
    const shared = r.records[6]!;
    expect(shared.label).toBe('CoalitionShare');
    expect(shared.impl.knows[S]! & kSec(0)).not.toBe(0);
    const forged = r.records.at(-1)!;
    expect(forged.label).toBe('PayeeForgeInvoice');
    expect(forged.impl.knows).toEqual(forged.model.knows);
    expect(forged.impl.knows[S]! & (K_ALL_SEC | K_FORGED)).toBe(0);
  });

  it('without the share the abstraction of B does not hold what S knows (the share is what moves it)', () => {
    const labels = ['PayerHubSignSettlement', 'PayeeComeOnline'];
    const r = runOracle(SCHEME1_BINDING, { model, seed: 6 }, stepsForLabels(SCHEME1_BINDING, model, labels));
    expect(verdict(r)).toBe('ok');
    const last = r.records.at(-1)!;
    expect(last.impl.knows[B]).not.toBe(last.impl.knows[S]);
  });
});

describe("the timeout variant's pending output (spec 06 §1, scheme1-timeout)", () => {
  const pendingSuite = SUITES.find((x) => x.variant === 'scheme1-timeout')!;
  const build = (deviating: ('A' | 'S' | 'B')[], maxHeight: number) =>
    suiteModel({ ...pendingSuite, deviating, config: { maxHeight } }).model as ProtocolModel;
  const actionsFor = (model: ReturnType<typeof build>, specs: string[]) => {
    let s = model.init()[0]!;
    return specs.map((spec) => {
      const [label, state] = spec.split(':');
      const a = model
        .actions(s)
        .find(
          (x) =>
            model.describe(x).label === label &&
            (state === undefined || (x.kind === 'PublishUpdate' && x.state === Number(state))),
        )!;
      s = model.next(s, a);
      return a;
    });
  };

  it("A stays away after the sale: S closes at pending timeout − D with U(n+1) (R-06-04), St(n+1) pays amt + fee to the pending output, S sweeps it through the claim leaf; A's lock is released once U(n+1) confirms, A holding St(n+1) (model/scheme1/next.ts)", () => {
    const model = build(['B'], 7);
    const actions = actionsFor(model, [...HUB_CLOSES_AFTER_SALE, 'ChainAdvance', 'HubSweepClaimLeaf']);
    const r = runOracle(
      SCHEME1_BINDING,
      { model, seed: 7 },
      stepsForActions(model, actions, supportsOf(SCHEME1_BINDING, model)),
    );
    expect(verdict(r)).toBe('ok');
    expect(r.modelSteps).toBe(actions.length);
    expect(r.records[PAID.length + 4]).toMatchObject({
      label: 'HubPublishUpdate',
      impl: { height: 3, chain: { update: 1 }, lockReleased: true },
    });
    expect(r.records.at(-2)).toMatchObject({
      label: 'ChainAdvance',
      impl: { pending: { status: 'unspent', since: 5 }, wallet: [6, 17, 3, 0, 0, 0, 0], lockReleased: true },
    });
    expect(r.records.at(-1)).toMatchObject({
      label: 'HubSweepClaimLeaf',
      impl: { pending: { status: 'claimedByHub', since: 5 }, wallet: [6, 21, 3, 0, 0, 0, 0], lockReleased: true },
    });
  });

  it('a deviating S settles St(n+1) and never sweeps: A takes amt + fee back through the timeout leaf at expiry + D (R-06-05)', () => {
    const model = build(['S'], 10);
    const actions = actionsFor(model, [
      ...PAID,
      'ChainAdvance',
      'HubPublishUpdate:1',
      'ChainAdvance',
      'ChainAdvance',
      'HubPublishSettlement',
      ...Array<string>(6).fill('ChainAdvance'),
      'PayerComeBack',
      'PayerSweepTimeoutLeaf',
    ]);
    const r = runOracle(
      SCHEME1_BINDING,
      { model, seed: 8 },
      stepsForActions(model, actions, supportsOf(SCHEME1_BINDING, model)),
    );
    expect(verdict(r)).toBe('ok');
    expect(r.modelSteps).toBe(actions.length);
    expect(r.records.at(-1)).toMatchObject({
      label: 'PayerSweepTimeoutLeaf',
      impl: {
        height: 9,
        pending: { status: 'sweptByPayer', since: 3 },
        wallet: [10, 17, 3, 0, 0, 0, 0],
        lockReleased: true,
      },
    });
  });
});

describe('equivocation (PayerForgeBundle, PayeeForgeInvoice, R-09-14): an honest S refuses both forgeries by its point check (R-02-16)', () => {
  const refusals = (r: RunOutcome<Scheme1Types>) =>
    refusedBy(r, 'S').map((e) => (e.kind === 'message' ? [e.envelope.from, e.envelope.body.kind, e.error?.kind] : []));

  it("deviating A seals B a bundle whose scalar signs a message S never agreed: B's check passes, B invoices its point, S refuses it as bad-point; A knows the forged scalar, not s_A, and its nonce signed the forged message", () => {
    const model = withCoalition(['A']);
    const labels = [
      'PayerHubSignSettlement',
      'PayerForgeBundle',
      'PayeeComeOnline',
      'MailboxDeliver',
      'PayeeSendInvoice',
      'ChainAdvance',
    ];
    const r = runOracle(SCHEME1_BINDING, { model, seed: 9 }, stepsForLabels(SCHEME1_BINDING, model, labels));
    expect(verdict(r)).toBe('ok');
    expect(r.modelSteps).toBe(labels.length);
    expect(refusals(r)).toEqual([['B', 'Invoice', 'bad-point']]);
    expect(r.records[2]).toMatchObject({
      label: 'PayerForgeBundle',
      impl: { phase: 'bundleSent', mailbox: 'held', forged: FORGED_BUNDLE, nonceUses: [MSG_FORGED, 0] },
    });
    expect(r.records.at(-1)).toMatchObject({
      impl: { forged: FORGED_BUNDLE | FORGED_INVOICE, invoiceFrom: B, hops: [{ status: 'none' }] },
    });
    expect((r.records.at(-1)!.impl.knows[A] ?? 0) & K_SA).toBe(0);
  });

  it("deviating B invoices a point of its own secret: S refuses it as bad-point; the stutter that injects the same kind of invoice does not count as B's", () => {
    const model = withCoalition(['B']);
    const labels = [
      'PayerHubSignSettlement',
      'PayerSendBundle',
      'PayeeComeOnline',
      'MailboxDeliver',
      'PayeeForgeInvoice',
    ];
    const r = runOracle(SCHEME1_BINDING, { model, seed: 9 }, stepsForLabels(SCHEME1_BINDING, model, labels));
    expect(verdict(r)).toBe('ok');
    expect(refusals(r)).toEqual([['B', 'Invoice', 'bad-point']]);
    expect(r.records.at(-1)).toMatchObject({
      label: 'PayeeForgeInvoice',
      impl: { forged: FORGED_INVOICE, invoiceFrom: B },
    });
    const stutter = runOracle(SCHEME1_BINDING, { model, seed: 9 }, [
      ...stepsForLabels(SCHEME1_BINDING, model, labels.slice(0, 4)),
      { kind: 'adversary', cmd: { kind: 'forgedInvoice' } },
    ]);
    expect(verdict(stutter)).toBe('ok');
    expect(stutter.records.at(-1)).toMatchObject({ label: 'OracleForgedInvoice', impl: { invoiceFrom: -1 } });
    expect(stutter.records.at(-1)!.impl.forged ?? 0).toBe(0);
  });
});
