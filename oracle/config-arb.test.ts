import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PAID } from '../model/scheme1/paths.ts';
import type { Suite } from './binding.ts';
import { configArb, configChanges, sampledModels } from './config-arb.ts';
import { SUITES } from './conform.ts';
import { stepsForLabels } from './paths.ts';
import { describeFailure, runOracle } from './run.ts';
import { SCHEME1_BINDING } from './scheme1/binding.ts';
import { SCHEME2_BINDING } from './scheme2/binding.ts';

const sampled = SUITES.filter((s) => s.sample !== undefined);
const bindingOf = (s: Suite) => (s.variant.startsWith('scheme1') ? SCHEME1_BINDING : SCHEME2_BINDING);

describe('sampled suites draw a config and a coalition per run', () => {
  it('come after every fixed suite, so the fixed suites keep their places and seeds', () => {
    expect(sampled.length).toBeGreaterThanOrEqual(2);
    const firstSampled = SUITES.findIndex((s) => s.sample !== undefined);
    expect(SUITES.slice(firstSampled).every((s) => s.sample !== undefined)).toBe(true);
  });

  for (const suite of sampled) {
    it(`${suite.name}: every draw decodes, and the draws move timings and coalitions away from the suite's`, () => {
      const binding = bindingOf(suite);
      const models = sampledModels(binding, suite.variant);
      const draws = fc.sample(configArb(binding, suite, models), { seed: 7, numRuns: 60 });
      for (const c of draws) expect(models(c)).toBeDefined();
      const changed = new Set(draws.flatMap((c) => Object.keys(configChanges(binding, suite, c))));
      expect(changed.has('csvDelayBlocks')).toBe(true);
      expect(changed.has('maxHeight')).toBe(true);
      expect(changed.has('deviating')).toBe(true);
    });
  }

  it('shrinks a failing config to the suite own config (each key toward its value)', () => {
    const suite = sampled.find((s) => s.variant === 'scheme1-direct')!;
    const r = fc.check(
      fc.property(configArb(SCHEME1_BINDING, suite), () => false),
      { seed: 3 },
    );
    expect(r.failed).toBe(true);
    expect(configChanges(SCHEME1_BINDING, suite, r.counterexample![0] as Readonly<Record<string, unknown>>)).toEqual(
      {},
    );
  });
});

describe('S checks R-06-02 with its own rebind margin (found by the sampled timeout suite)', () => {
  // Before the fix S computed D with rebind_margin_blocks 1 whatever its params said, so with margin 0 it refused
  // A's pending output (expiry + csv + 2·claim margin) at step 1: "pendingTimeoutHeight: 9 < expiry 5 + D 6".
  for (const [margin, csv] of [
    [0, 2],
    [2, 3],
  ] as const) {
    it(`timeout variant, rebindMarginBlocks ${margin}, csvDelayBlocks ${csv}: the payment to S's purchase stays in step`, () => {
      const config = {
        ...(SCHEME1_BINDING.suiteConfig(SUITES[5]!) as object),
        rebindMarginBlocks: margin,
        csvDelayBlocks: csv,
      };
      const model = SCHEME1_BINDING.model('scheme1-timeout', config);
      const r = runOracle(SCHEME1_BINDING, { model, seed: 6 }, stepsForLabels(SCHEME1_BINDING, model, PAID));
      expect(r.failure === undefined ? 'ok' : describeFailure(r.failure)).toBe('ok');
      expect(r.modelSteps).toBe(PAID.length);
    });
  }
});

describe("scheme 2's A checks R-05-08 with the config's rebind margin (found by the sampled scheme-2 suite)", () => {
  // The scheme-2 driver did not hand the config's rebind margin to the nodes' params, so A kept the impl's
  // default 1: with csv 1, margin 0 it refused its PTLC offer ("PTLC timeout 1 + margin 1 exceeds the B–S CSV
  // delay 1") where the model's A pays.
  it('csvDelayBlocks 1, rebindMarginBlocks 0, all honest: A offers its PTLC', () => {
    const suite = SUITES.find((s) => s.variant === SCHEME2_BINDING.suites[0]!.variant)!;
    const config = {
      ...(SCHEME2_BINDING.suiteConfig(suite) as object),
      csvDelayBlocks: 1,
      rebindMarginBlocks: 0,
      deviating: [],
    };
    const model = SCHEME2_BINDING.model(suite.variant, config);
    const labels = [
      'PayeeHubSignSettlement',
      'PayerComeOnline',
      'PayeeSendBundle',
      'MailboxDeliver',
      'PayeeComeBack',
      'PayerOfferPtlc',
    ];
    const r = runOracle(SCHEME2_BINDING, { model, seed: 3 }, stepsForLabels(SCHEME2_BINDING, model, labels));
    expect(r.failure === undefined ? 'ok' : describeFailure(r.failure)).toBe('ok');
    expect(r.modelSteps).toBe(labels.length);
  });
});
