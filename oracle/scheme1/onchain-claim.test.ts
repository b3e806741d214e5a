/**
 * The on-chain PTLC claim (the model's ClaimPtlcOnChain, R-08-06): the receiver puts H and the claim
 * transaction (completed adaptor signature) on the world's validating chain; the offerer reads the secret from
 * the claim's witness. The oracle drives it and the implementation stays in step with the model.
 */
import { describe, expect, it } from 'vitest';
import { SCHEME1_BINDING, type Scheme1Types } from './binding.ts';
import { buildVariant } from '../../variants/index.ts';
import { actionsForLabels, stepsForActions, supportsOf } from '../paths.ts';
import { describeFailure, runOracle, type RunOutcome } from '../run.ts';
import type { ProtocolAction } from '../../model/scheme1/actions.ts';
import { TO_OFFER } from '../../model/scheme1/paths.ts';

const direct = buildVariant('scheme1-direct');
const withCoalition = (deviating: ('A' | 'S' | 'B' | 'M')[]) =>
  buildVariant('scheme1-direct', { ...direct.ctx.config, deviating });
const verdict = (r: RunOutcome<Scheme1Types>): string => (r.failure === undefined ? 'ok' : describeFailure(r.failure));

/** The model's actions for `labels`, taking ChainAdvance while the next label is not enabled yet. */
const path = (model: typeof direct, labels: readonly string[]): ProtocolAction[] =>
  actionsForLabels(model, labels, { waitWith: 'ChainAdvance' });

function run(model: typeof direct, labels: readonly string[]): RunOutcome<Scheme1Types> {
  const actions = path(model, labels);
  const r = runOracle(
    SCHEME1_BINDING,
    { model, seed: 3 },
    stepsForActions(model, actions, supportsOf(SCHEME1_BINDING, model)),
  );
  expect(verdict(r)).toBe('ok');
  expect(r.modelSteps).toBe(actions.length);
  return r;
}

/** The PTLC transactions the world's transcript records as confirmed. */
const ptlcTxs = (r: RunOutcome<Scheme1Types>): string[] =>
  r.driver.world.transcript.flatMap((e) =>
    e.kind === 'chain' && e.confirmed && /^(H|Ptlc\w+)\(/.test(e.tx) ? [e.tx.replace(/\(.*/, '')] : [],
  );

describe('on-chain PTLC claims in the oracle', () => {
  it('a deviating B claims on chain: H and the claim confirm with the next block, S reads s_A from it and completes the sale', () => {
    const r = run(withCoalition(['B']), [
      ...TO_OFFER,
      'PayeeClaimPtlcOnChain',
      'ChainAdvance',
      'PayerComeBack',
      'PayerHubFinish',
    ]);
    expect(r.records.map((x) => x.label)).toContain('PayeeClaimPtlcOnChain');
    expect(ptlcTxs(r)).toEqual(['H', 'PtlcClaim']);
    expect(r.records.at(-1)).toMatchObject({
      label: 'PayerHubFinish',
      impl: { phase: 'paid', hops: [{ status: 'claimed' }] },
    });
  });

  it('an honest B whose S crashed claims on chain before the timeout; S learns s_A from the chain when it recovers', () => {
    const model = buildVariant('scheme1-direct', { ...direct.ctx.config, deviating: [], hubMayCrash: true });
    const r = run(model, [...TO_OFFER, 'HubCrash', 'PayeeClaimPtlcOnChain', 'ChainAdvance', 'HubRecover']);
    expect(ptlcTxs(r)).toEqual(['H', 'PtlcClaim']);
    const s = r.driver.node('S');
    expect(s.role === 'hub' && s.snapshot.ptlcs[0]?.status).toBe('claimed');
  });
});
