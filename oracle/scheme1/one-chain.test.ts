/**
 * One chain: what the model has a party publish enters the world's mempool at model height h, validated for
 * block base + h + 1, and the model's ChainAdvance mines it; the oracle keeps no chain of its own.
 */
import { describe, expect, it } from 'vitest';
import { SCHEME1_BINDING } from './binding.ts';
import { buildVariant } from '../../variants/index.ts';
import { stepsForLabels } from '../paths.ts';
import { describeFailure, runOracle } from '../run.ts';
import { ImplRefusal } from '../node-network.ts';
import { pathModel } from '../conform.ts';

const model = buildVariant('scheme1-direct');
const csv = model.ctx.config.csvDelayBlocks;

describe("the oracle's one chain (the world's)", () => {
  it('puts a unilateral close on the world chain: U(n) in block base + 1, St(n) in block base + csv + 1', () => {
    const labels = ['HubPublishUpdate', ...Array.from({ length: csv }, () => 'ChainAdvance'), 'HubPublishSettlement'];
    const r = runOracle(SCHEME1_BINDING, { model, seed: 3 }, stepsForLabels(SCHEME1_BINDING, model, labels));
    expect(r.failure === undefined ? 'ok' : describeFailure(r.failure)).toBe('ok');
    const d = r.driver;
    expect('chain' in d).toBe(false);
    const chain = d.world.chain;
    expect(chain.confirmationHeight(d.update!.txid)).toBe(d.base + 1);
    // The settlement was published at model height csv: in the mempool, counted confirmed by the model.
    expect(chain.mempool().map((t) => t.getId())).toEqual([d.settlement!.txid]);
    expect(d.watchView().channelTip(d.payerChannel())).toMatchObject({ kind: 'settled' });
    d.mineBlock();
    expect(chain.confirmationHeight(d.settlement!.txid)).toBe(d.base + csv + 1);
    const sent = d.world.transcript.flatMap((e) =>
      e.kind === 'chain' ? [`${e.tx}@${e.height - d.base}:${e.confirmed}`] : [],
    );
    expect(sent).toEqual(['U(1)@0:false', 'U(1)@1:true', `St(1)@${csv}:false`, `St(1)@${csv + 1}:true`]);
  });

  it("checks the settlement's CSV at world heights: one block short, the world's chain refuses it", () => {
    const labels = ['HubPublishUpdate', ...Array.from({ length: csv - 1 }, () => 'ChainAdvance')];
    const r = runOracle(SCHEME1_BINDING, { model, seed: 3 }, stepsForLabels(SCHEME1_BINDING, model, labels));
    expect(r.failure === undefined ? 'ok' : describeFailure(r.failure)).toBe('ok');
    expect(() => r.driver.publishSettlement('S')).toThrow(ImplRefusal);
    expect(() => r.driver.publishSettlement('S')).toThrow(/csv/i);
  });

  const timeout = SCHEME1_BINDING.suites.find((x) => x.variant === 'scheme1-timeout')!;
  const sweepPath = timeout.paths!.find((p) => p.labels.includes('PayerSweepTimeoutLeaf'))!;
  const crashModel = pathModel(timeout, sweepPath).model;

  it("drives A's timeout-leaf sweep (the timeout suite's path): its CLTV is final in the block after the pending timeout", () => {
    const r = runOracle(
      SCHEME1_BINDING,
      { model: crashModel, seed: 1 },
      stepsForLabels(SCHEME1_BINDING, crashModel, sweepPath.labels),
    );
    expect(r.failure === undefined ? 'ok' : describeFailure(r.failure)).toBe('ok');
    expect(r.records.at(-1)?.label).toBe('PayerSweepTimeoutLeaf');
    const d = r.driver;
    const sweep = d.sweep!;
    // nLockTime is the pending timeout at world height; published at that model height, mined in the next block.
    expect(sweep.tx.locktime).toBe(d.base + d.height);
    d.mineBlock();
    expect(d.world.chain.confirmationHeight(sweep.txid)).toBe(sweep.tx.locktime + 1);
  });

  it("refuses A's timeout-leaf sweep one block before the pending timeout, by the world's chain (locktime)", () => {
    const early = sweepPath.labels.slice(0, sweepPath.labels.lastIndexOf('ChainAdvance'));
    const r = runOracle(
      SCHEME1_BINDING,
      { model: crashModel, seed: 1 },
      stepsForLabels(SCHEME1_BINDING, crashModel, early),
    );
    expect(r.failure === undefined ? 'ok' : describeFailure(r.failure)).toBe('ok');
    expect(() => r.driver.publishSweep('A')).toThrow(/locktime/);
  });
});
