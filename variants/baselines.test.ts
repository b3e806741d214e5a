import { describe, expect, it } from 'vitest';
import './index.ts';
import { check } from '../checker/check.ts';
import { findModel } from '../checker/registry.ts';
import { decodeBaselineConfig, type BaselineParty } from '../model/baselines/config.ts';
import { BASELINES } from '../model/baselines/designs.ts';
import { buildBaselineVariant } from './baselines.ts';

const verdict = (r: ReturnType<typeof check>, name: string) => r.properties.find((p) => p.name === name)?.verdict;

describe('baseline designs (model/baselines, registered by variants/baselines.ts)', () => {
  it.each(BASELINES.map((d) => d.name))('%s on its defaults meets every expectation, completely explored', (name) => {
    const r = check(buildBaselineVariant(name));
    expect(r.complete).toBe(true);
    expect(r.deadlock).toBeUndefined();
    expect(r.properties.filter((p) => !p.meetsExpectation).map((p) => p.name)).toEqual([]);
  });

  const coalitions: BaselineParty[][] = [[], ['A'], ['B'], ['M'], ['A', 'S'], ['S', 'B']];
  it.each(
    BASELINES.filter((d) => d.name !== 'plain-lightning').flatMap((d) => coalitions.map((c) => [d.name, c] as const)),
  )('%s with deviating %j meets its expectations', (name, deviating) => {
    const d = BASELINES.find((x) => x.name === name)!;
    const r = check(buildBaselineVariant(name, { ...d.defaults, deviating, maxHeight: 10 }));
    expect(r.properties.filter((p) => !p.meetsExpectation).map((p) => `${p.name}=${p.verdict}`)).toEqual([]);
  });

  it("an honest S that crashes after paying B loses A's HTLC when it stays down past the timeout (LightningRod)", () => {
    const d = BASELINES[0]!;
    const r = check(buildBaselineVariant(d.name, { ...d.defaults, deviating: [], hubMayCrash: true }));
    expect(verdict(r, 'honestHubLosesNothing.notTooLate')).toBe('violated');
    const path = r.properties.find((p) => p.name === 'honestHubLosesNothing.notTooLate')!.path!;
    const labels = path.actions.map((a) => (a as { kind: string }).kind);
    expect(labels).toContain('HubCrash');
    expect(labels.at(-1)).toBe('PayerTimeoutClose');
  });

  it.each([
    [0, 2, true, 'holds'],
    [1, 2, true, 'violated'],
    [1, 3, true, 'holds'],
    [1, 2, false, 'holds'],
    [1, 1, false, 'holds'],
  ] as const)(
    'with the claim in two steps, close delay %i, cltv delta %i, B skipping its expiry check %s, against a stalling S: %s (a B that skips it is safe iff delta ≥ delay + 2)',
    (hopCloseDelayBlocks, forwardDeltaBlocks, payeeSkipsExpiryCheck, expected) => {
      const d = BASELINES[0]!;
      const config = {
        ...d.defaults,
        claimSteps: 2,
        hopCloseDelayBlocks,
        forwardDeltaBlocks,
        ...(payeeSkipsExpiryCheck ? { payeeSkipsExpiryCheck } : {}),
        holdCltvBlocks: d.defaults.payeeAwayBlocks + forwardDeltaBlocks + 1,
        maxHeight: 9,
      };
      const r = check(buildBaselineVariant(d.name, config));
      expect(verdict(r, 'payeeNotCheated.secretOnlyForPayment')).toBe(expected);
      expect(verdict(r, 'hubCannotSteal.paidOnlyIfPayeePaid')).toBe(expected);
      expect(r.properties.filter((p) => !p.meetsExpectation).map((p) => p.name)).toEqual([]);
      if (expected === 'violated') {
        const path = r.properties.find((p) => p.name === 'hubCannotSteal.paidOnlyIfPayeePaid')!.path!;
        const labels = path.actions.map((a) => (a as { kind: string }).kind);
        expect(labels).toContain('PayeeFulfillHtlc');
        expect(labels).not.toContain('HubCommitFulfill');
      }
    },
  );

  it('refuses the fidelity keys the baselines do not model, by name', () => {
    expect(() => decodeBaselineConfig({ ...BASELINES[0]!.defaults, inclusionDelayBlocks: 1 })).toThrow(
      /config\.inclusionDelayBlocks/,
    );
    expect(() => decodeBaselineConfig({ ...BASELINES[0]!.defaults, payeeSignsBeforeSettlement: true })).toThrow(
      /config\.payeeSignsBeforeSettlement: the HTLC baselines does not model it/,
    );
    expect(() => decodeBaselineConfig({ ...BASELINES[0]!.defaults, hopCloseDelayBlocks: 2 })).toThrow(
      /config\.hopCloseDelayBlocks: a hop channel's close delay matters only with claimSteps 2/,
    );
  });

  it('the LSP design gives A no proof of payment: A picked the keysend preimage', () => {
    const r = check(buildBaselineVariant('lsp-held-htlc'));
    expect(verdict(r, 'proofOfPayment.payerHoldsProof')).toBe('violated');
    expect(verdict(r, 'proofOfPayment.witnessPayerHoldsProof')).toBe('unreached');
  });

  it('is registered as family baseline and says the oracle does not drive it', () => {
    for (const d of BASELINES) {
      const e = findModel(d.name)!;
      expect(e.family).toBe('baseline');
      expect(e.description).toMatch(/oracle does not drive it/);
    }
  });

  it('rejects a bad config naming the key', () => {
    expect(() => decodeBaselineConfig({ ...BASELINES[0]!.defaults, holdCltvBlocks: 1 })).toThrow(
      /config\.holdCltvBlocks: expected an integer 2\.\.16, got 1/,
    );
    expect(() => decodeBaselineConfig({ ...BASELINES[0]!.defaults, deviating: ['P1'] })).toThrow(
      /config\.deviating: unknown party "P1"/,
    );
  });
});
