/**
 * The on-chain PTLC refund (the model's RefundPtlc, R-04-05, R-08-12): where the offerer holds the receiver's
 * signature of H (its PtlcAccept), the oracle has it put H and the refund through the timeout leaf on the world's
 * validating chain with the next block; where it holds none, the refund is its ledger's alone.
 */
import { describe, expect, it } from 'vitest';
import { SCHEME1_BINDING, type Scheme1Types } from './binding.ts';
import { buildVariant } from '../../variants/index.ts';
import { actionsForLabels, stepsForActions, supportsOf } from '../paths.ts';
import { describeFailure, runOracle, type RunOutcome } from '../run.ts';
import type { ProtocolAction } from '../../model/scheme1/actions.ts';
import { TO_OFFER } from '../../model/scheme1/paths.ts';

const split = buildVariant('scheme1-split-same-point');
const silentP2 = buildVariant('scheme1-split-same-point', { ...split.ctx.config, deviating: ['P2'] });

/** The model's actions for `labels`, taking ChainAdvance while the next label is not enabled yet. */
const path = (model: typeof split, labels: readonly string[]): ProtocolAction[] =>
  actionsForLabels(model, labels, { waitWith: 'ChainAdvance' });

/** The PTLC transactions the world's transcript records as confirmed, with their hop. */
const ptlcTxs = (r: RunOutcome<Scheme1Types>): string[] =>
  r.driver.world.transcript.flatMap((e) =>
    e.kind === 'chain' && e.confirmed && /^(H|Ptlc\w+)\(/.test(e.tx) ? [e.tx.replace(/ of .*/, ')')] : [],
  );

describe('on-chain PTLC refunds in the oracle', () => {
  it('P2 stays silent: P1 takes hop 1 back in its ledger (P2 never accepted it); S puts H and the refund of hop 0 on chain (P1 accepted it), and both confirm', () => {
    const actions = path(silentP2, [
      ...TO_OFFER,
      'RouterForwardPtlc',
      'RouterRefundPtlc',
      'HubRefundPtlc',
      'ChainAdvance',
    ]);
    const r = runOracle(
      SCHEME1_BINDING,
      { model: silentP2, seed: 3 },
      stepsForActions(silentP2, actions, supportsOf(SCHEME1_BINDING, silentP2)),
    );
    expect(r.failure === undefined ? 'ok' : describeFailure(r.failure)).toBe('ok');
    expect(r.modelSteps).toBe(actions.length);
    expect(ptlcTxs(r)).toEqual(['H(hop 0)', 'PtlcRefund(hop 0)']);
    expect(r.driver.onChainRefunds.get(0)).toMatchObject({ id: 'S', confirmed: true });
    expect(r.driver.onChainRefunds.has(1)).toBe(false);
    expect(r.records.at(-1)).toMatchObject({
      impl: { hops: [{ status: 'refunded' }, { status: 'refunded' }, { status: 'none' }] },
    });
  });
});
