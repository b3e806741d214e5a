/**
 * The `tamper` stutter: a deviating party's message to an honest one with one field altered, signed with the
 * deviating party's own keys. The honest receiver must refuse it by the check that field belongs to.
 */
import { describe, expect, it } from 'vitest';
import { withoutGuard } from '../without-guard.ts';
import { buildVariant } from '../../variants/index.ts';
import { SCHEME1_BINDING, type Scheme1Types } from './binding.ts';
import { stepsForLabels } from '../paths.ts';
import { describeFailure, runOracle, type OracleStep, type RunOutcome } from '../run.ts';
import type { AdversaryCommand } from './adversary.ts';
import { hubRole } from '../../impl/node/hub.ts';
import { HONEST_ROLES } from './driver.ts';
import type { Mutant } from './mutants/mutant.ts';

const direct = buildVariant('scheme1-direct');
const bDeviating = buildVariant('scheme1-direct', { ...direct.ctx.config, deviating: ['B'] });
const INVOICED = ['PayerHubSignSettlement', 'PayerSendBundle', 'PayeeComeOnline', 'MailboxDeliver', 'PayeeSendInvoice'];

function tamperAfterInvoice(field: number): RunOutcome<Scheme1Types> {
  const steps: OracleStep<AdversaryCommand>[] = [
    ...stepsForLabels(SCHEME1_BINDING, bDeviating, INVOICED),
    { kind: 'adversary', cmd: { kind: 'tamper', field } },
    ...stepsForLabels(SCHEME1_BINDING, bDeviating, [...INVOICED, 'HubCheckAndOfferPtlc']).slice(INVOICED.length),
  ];
  return runOracle(SCHEME1_BINDING, { model: bDeviating, seed: 3 }, steps);
}

const refusals = (r: RunOutcome<Scheme1Types>) =>
  r.driver.world.transcript.flatMap((e) =>
    e.kind === 'message' && !e.accepted
      ? [`${e.envelope.from}>${e.envelope.to} ${e.envelope.body.kind} ${e.error?.kind}`]
      : [],
  );

describe('the tamper stutter: a deviating B alters its queued invoice to S, re-signed with its own key', () => {
  it.each([
    [0, 'amountSat', 'unexpected', 'hub:invoice-amount'],
    [5, 'paymentPoint', 'bad-point', 'hub:invoice-bad-point'],
    [6, 'state', 'unexpected', 'hub:invoice-no-payment'],
  ])(
    'field %i (%s): the honest S refuses it (%s, guard %s), then buys the genuine invoice; no divergence',
    (field, name, kind, guard) => {
      const r = tamperAfterInvoice(field);
      expect(r.failure === undefined ? 'ok' : describeFailure(r.failure)).toBe('ok');
      expect(r.records.find((x) => x.label === 'OracleTamper')?.note).toBe(
        `B sends S its Invoice with ${name} altered`,
      );
      expect(refusals(r)).toEqual([`B>S Invoice ${kind}`]);
      expect(r.guards).toEqual([guard]);
      expect(r.records.at(-1)).toMatchObject({ impl: { hops: [{ status: 'offered' }] } });
    },
  );
});

describe('the resend stutter: a deviating party sends an honest one an earlier message again, in a fresh envelope', () => {
  const aDeviating = buildVariant('scheme1-direct', { ...direct.ctx.config, deviating: ['A'] });
  const resendAfterSigning = (back: number): RunOutcome<Scheme1Types> => {
    const path = stepsForLabels(SCHEME1_BINDING, aDeviating, INVOICED);
    const steps: OracleStep<AdversaryCommand>[] = [
      ...path.slice(0, 1),
      { kind: 'adversary', cmd: { kind: 'resend', back, field: -1 } },
      ...path.slice(1),
    ];
    return runOracle(SCHEME1_BINDING, { model: aDeviating, seed: 3 }, steps);
  };

  it.each([
    [0, 'SettlementSig', 'channel-protocol:hub-settlement-sig-no-proposal'],
    [1, 'ProposeState', 'channel-protocol:propose-not-next-state'],
  ])(
    'back %i: A sends S its %s again; S refuses it by the body check (%s), and B still invoices',
    (back, kind, guard) => {
      const r = resendAfterSigning(back);
      expect(r.failure === undefined ? 'ok' : describeFailure(r.failure)).toBe('ok');
      expect(r.records.find((x) => x.label === 'OracleResend')?.note).toMatch(
        new RegExp(`^A sends S its ${kind} of \\d+ again$`),
      );
      expect(r.guards).toEqual([guard]);
      expect(r.records.at(-1)?.label).toBe('PayeeSendInvoice');
    },
  );
});

describe('an unaltered resend an honest party accepts is a divergence, though its abstraction does not move', () => {
  const aDeviating = buildVariant('scheme1-direct', { ...direct.ctx.config, deviating: ['A'] });
  // S without its "no proposal awaits this SettlementSig" check: a settled state's SettlementSig again is taken
  // and answered with nothing (the abstraction cannot tell).
  const skipsCheck: Mutant = {
    name: 'hub-takes-settlement-sig-again',
    description: 'S takes a SettlementSig for a state it already settled',
    roles: () => ({
      ...HONEST_ROLES,
      hub: withoutGuard(hubRole, 'channel-protocol:hub-settlement-sig-no-proposal'),
    }),
  };

  it('S taking A’s SettlementSig again is reported at the resend', () => {
    const path = stepsForLabels(SCHEME1_BINDING, aDeviating, INVOICED);
    const steps: OracleStep<AdversaryCommand>[] = [
      ...path.slice(0, 1),
      { kind: 'adversary', cmd: { kind: 'resend', back: 0, field: -1 } },
      ...path.slice(1),
    ];
    const honest = runOracle(SCHEME1_BINDING, { model: aDeviating, seed: 3 }, steps);
    expect(honest.failure).toBeUndefined();
    const r = runOracle(SCHEME1_BINDING, { model: aDeviating, seed: 3, mutant: skipsCheck }, steps);
    expect(r.failure === undefined ? 'ok' : describeFailure(r.failure)).toBe(
      'divergence after step 2 (OracleResend): stutter is refused (the model stutters) in the model, S accepted it (A sends S its SettlementSig of 2 again) in the implementation',
    );
  });
});

describe('an altered field the receiver can check must be refused: an accepted tamper is a divergence', () => {
  // S without its point check (R-02-16): an invoice whose point is not T is taken and answered with nothing.
  const skipsPointCheck: Mutant = {
    name: 'hub-takes-bad-point',
    description: "S takes an invoice whose point is not s_A's",
    roles: () => ({
      ...HONEST_ROLES,
      hub: withoutGuard(hubRole, 'hub:invoice-bad-point'),
    }),
  };

  it('S taking B’s invoice with its point altered is reported at the tamper, naming the field', () => {
    const steps: OracleStep<AdversaryCommand>[] = [
      ...stepsForLabels(SCHEME1_BINDING, bDeviating, INVOICED),
      { kind: 'adversary', cmd: { kind: 'tamper', field: 5 } },
    ];
    expect(runOracle(SCHEME1_BINDING, { model: bDeviating, seed: 3 }, steps).failure).toBeUndefined();
    const r = runOracle(SCHEME1_BINDING, { model: bDeviating, seed: 3, mutant: skipsPointCheck }, steps);
    expect(r.failure === undefined ? 'ok' : describeFailure(r.failure)).toBe(
      'divergence after step 6 (OracleTamper): stutter is refused (the model stutters) in the model, S accepted it (B sends S its Invoice with paymentPoint altered): Invoice.paymentPoint is a field it can check in the implementation',
    );
  });

  it.each([
    [0, 'recipient'],
    [1, 'sealed'],
  ])(
    'field %i: M accepts A’s MailboxStore with %s altered (listed as uncheckable), and B still invoices',
    (field, name) => {
      const aDeviating = buildVariant('scheme1-direct', { ...direct.ctx.config, deviating: ['A'] });
      const path = stepsForLabels(SCHEME1_BINDING, aDeviating, INVOICED);
      const steps: OracleStep<AdversaryCommand>[] = [
        ...path.slice(0, 2),
        { kind: 'adversary', cmd: { kind: 'tamper', field } },
        ...path.slice(2),
      ];
      const r = runOracle(SCHEME1_BINDING, { model: aDeviating, seed: 3 }, steps);
      expect(r.failure === undefined ? 'ok' : describeFailure(r.failure)).toBe('ok');
      expect(r.records.find((x) => x.label === 'OracleTamper')?.note).toBe(
        `A sends M its MailboxStore with ${name} altered`,
      );
      expect(r.records.at(-1)?.label).toBe('PayeeSendInvoice');
    },
  );
});

describe("an altered onion loses the receiver's own layer, so the receiver can check it", () => {
  // Found by `conform --suite 18 --runs 100 --seed 3` (split, S deviating): the stutter dropped the onion's last
  // layer, P2's, sealed to P2; P1 opens only its own layer and cannot see a change further in.
  it("P1 refuses S's offer whose onion starts with P2's layer", () => {
    const split = buildVariant('scheme1-split-same-point');
    const sDeviating = buildVariant('scheme1-split-same-point', { ...split.ctx.config, deviating: ['S'] });
    const offered = ['PayerHubSignSettlement', 'PayerSendBundle', 'PayeeComeOnline', 'MailboxDeliver'];
    const labels = [...offered, 'PayeeSendInvoice', 'HubCheckAndOfferPtlc'];
    const steps: OracleStep<AdversaryCommand>[] = [
      ...stepsForLabels(SCHEME1_BINDING, sDeviating, labels),
      // PtlcOffer's tamperable fields, sorted: amountSat, hop, onion, …
      { kind: 'adversary', cmd: { kind: 'tamper', field: 2 } },
    ];
    const r = runOracle(SCHEME1_BINDING, { model: sDeviating, seed: 3 }, steps);
    expect(r.failure === undefined ? 'ok' : describeFailure(r.failure)).toBe('ok');
    expect(refusals(r)).toContainEqual(expect.stringMatching(/^S>P1 PtlcOffer /));
    expect(r.driver.world.transcript.at(-1)).toMatchObject({ kind: 'message', accepted: false });
  });
});
