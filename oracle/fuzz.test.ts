import { describe, expect, it } from 'vitest';
import { SCHEME1_BINDING } from './scheme1/binding.ts';
import { findMutant } from './scheme1/mutants/index.ts';
import { fuzz } from './fuzz.ts';
import { describeFailure } from './run.ts';

describe('fast-check runs: a failure is shrunk and replayable from its seed and path', () => {
  const mutant = findMutant('payee-reveals-early')!;
  const model = SCHEME1_BINDING.huntModel(mutant)!;

  it('shrinks a counterexample to the steps that matter and replays it from (seed, path)', () => {
    const r = fuzz(SCHEME1_BINDING, { model, seed: 1, mutant }, { runs: 6, seed: 99, maxSteps: 14, shrinkBudget: 30 });
    const ce = r.counterexample;
    expect(ce).toBeDefined();
    expect(ce!.failure).toMatchObject({
      kind: 'divergence',
      label: 'PayeeSendInvoice',
      difference: { field: 'knows.S' },
    });
    // The shortest way to the leak: sign, send the bundle, B online, fetch, invoice (five model steps).
    expect(ce!.steps.filter((s) => s.kind === 'model').length).toBeLessThanOrEqual(6);
    const again = fuzz(
      SCHEME1_BINDING,
      { model, seed: 1, mutant },
      { runs: 6, seed: 99, maxSteps: 14, shrinkBudget: 30, path: ce!.path },
    );
    expect(again.counterexample === undefined ? 'none' : describeFailure(again.counterexample.failure)).toBe(
      describeFailure(ce!.failure),
    );
  });
});

describe('determinism', () => {
  it('the same seeds give the same counterexample trace, byte for byte', async () => {
    const { buildOracleTrace } = await import('./trace.ts');
    const { serializeTrace } = await import('../traces/write.ts');
    const mutant = findMutant('restart-loses-state')!;
    const model = SCHEME1_BINDING.huntModel(mutant)!;
    const text = (): string => {
      const r = fuzz(
        SCHEME1_BINDING,
        { model, seed: 3, mutant },
        { runs: 8, seed: 11, maxSteps: 12, shrinkBudget: 15 },
      );
      const ce = r.counterexample!;
      const failure = describeFailure(ce.failure);
      return serializeTrace(
        buildOracleTrace({
          model,
          configJson: model.ctx.config,
          outcome: ce.outcome,
          failure: ce.failure,
          failureText: failure,
          oracle: {
            variant: model.name,
            worldSeed: 3,
            steps: [...ce.steps],
            failure,
            fcSeed: 11,
            fcPath: ce.path,
            mutant: mutant.name,
          },
        }),
      );
    };
    expect(text()).toBe(text());
  });
});
