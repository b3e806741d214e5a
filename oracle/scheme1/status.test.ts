/**
 * The honest nodes' protocol status beside the abstraction (status.ts): a node whose records differ from what the
 * model state implies, or move under a stutter, is a divergence naming the field, though no abstract field moves.
 */
import { describe, expect, it } from 'vitest';
import { buildVariant } from '../../variants/index.ts';
import { payeeRole } from '../../impl/node/payee.ts';
import { hubRole } from '../../impl/node/hub.ts';
import { SCHEME1_BINDING } from './binding.ts';
import { stepsForLabels } from '../paths.ts';
import { describeFailure, runOracle, type OracleStep } from '../run.ts';
import type { AdversaryCommand } from './adversary.ts';
import { HONEST_ROLES } from './driver.ts';
import type { Mutant } from './mutants/mutant.ts';
import { PAID } from '../../model/scheme1/paths.ts';
import { implStatus, modelStatus } from './status.ts';

const direct = buildVariant('scheme1-direct', { ...buildVariant('scheme1-direct').ctx.config, deviating: [] });
const PAID_BACK = [...PAID, 'PayerComeBack', 'PayerHubFinish'];
const outcome = (r: { failure?: Parameters<typeof describeFailure>[0] }) =>
  r.failure === undefined ? 'ok' : describeFailure(r.failure);

describe('the status the model implies and the honest nodes record agree along a payment', () => {
  it('every honest party, step by step, up to step 9', () => {
    const steps = stepsForLabels(SCHEME1_BINDING, direct, PAID_BACK);
    const r = runOracle(SCHEME1_BINDING, { model: direct, seed: 1 }, steps);
    expect(outcome(r)).toBe('ok');
    const end = r.records.at(-1);
    if (end === undefined) throw new Error('no records');
    expect(modelStatus(direct.ctx, end.model)).toEqual({
      'S.latest': 1,
      'S.proposal': 'complete',
      'S.sale': 'bought',
      'A.latest': 1,
      'A.proposal': 'complete',
      'B.receipt': 'paid',
    });
    expect(implStatus(r.driver)).toMatchObject(modelStatus(direct.ctx, end.model));
  });
});

describe('a status the abstraction does not read is compared', () => {
  // B that claims S's PTLC but leaves its receipt "invoiced": what B knows and holds is unchanged.
  const forgetsReceipt: Mutant = {
    name: 'payee-leaves-receipt-invoiced',
    description: 'B claims the PTLC but does not mark its receipt paid',
    roles: () => ({
      ...HONEST_ROLES,
      payee: {
        ...payeeRole,
        onMessage(draft, env, ctx) {
          const out = payeeRole.onMessage(draft, env, ctx);
          if (env.body.kind === 'PtlcOffer') for (const r of draft.receipts) r.status = 'invoiced';
          return out;
        },
      },
    }),
  };

  it('B not marking its receipt paid is a divergence at its claim, naming status.B.receipt', () => {
    const steps = stepsForLabels(SCHEME1_BINDING, direct, PAID_BACK.slice(0, 7));
    const r = runOracle(SCHEME1_BINDING, { model: direct, seed: 1, mutant: forgetsReceipt }, steps);
    expect(outcome(r)).toBe(
      'divergence after step 7 (PayeeClaimPtlc): status.B.receipt is "paid" in the model, "invoiced" in the implementation',
    );
  });
});

describe('a stutter must leave the honest nodes’ records as they are', () => {
  const aDeviating = buildVariant('scheme1-direct', { ...direct.ctx.config, deviating: ['A'] });
  // S answering A's PayerReturn again (a request it answers each time) drops its sale back to "buying".
  const reopensSale: Mutant = {
    name: 'hub-reopens-sale-on-return',
    description: 'S marks its sale "buying" again when A asks for its state',
    roles: () => {
      let returns = 0;
      return {
        ...HONEST_ROLES,
        hub: {
          ...hubRole,
          onMessage(draft, env, ctx) {
            const out = hubRole.onMessage(draft, env, ctx);
            if (env.body.kind === 'PayerReturn' && ++returns > 1) for (const x of draft.sales) x.status = 'buying';
            return out;
          },
        },
      };
    },
  };

  it('S changing its sale while answering A’s PayerReturn sent again is a divergence at the resend', () => {
    const path = stepsForLabels(SCHEME1_BINDING, aDeviating, PAID_BACK);
    const steps: OracleStep<AdversaryCommand>[] = [
      ...path,
      { kind: 'adversary', cmd: { kind: 'resend', back: 0, field: -1 } },
    ];
    expect(outcome(runOracle(SCHEME1_BINDING, { model: aDeviating, seed: 1 }, steps))).toBe('ok');
    const r = runOracle(SCHEME1_BINDING, { model: aDeviating, seed: 1, mutant: reopensSale }, steps);
    expect(outcome(r)).toBe(
      'divergence after step 10 (OracleResend): status.S.sales.0 is "A 2: bought" (the model stutters) in the model, "A 2: buying" in the implementation',
    );
  });
});
