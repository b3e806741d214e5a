import { describe, expect, it } from 'vitest';
import { findMutant } from './mutants/index.ts';
import { huntModel } from './mutants/hunt.ts';
import { fuzz } from './fuzz.ts';
import { describeFailure } from './run.ts';

describe('fast-check runs: a failure is shrunk and replayable from its seed and path', () => {
  const mutant = findMutant('payee-reveals-early')!;
  const model = huntModel(mutant);

  it('shrinks a counterexample to the steps that matter and replays it from (seed, path)', () => {
    const r = fuzz({ model, seed: 1, mutant }, { runs: 6, seed: 99, maxSteps: 14 });
    const ce = r.counterexample;
    expect(ce).toBeDefined();
    expect(ce!.failure).toMatchObject({ kind: 'divergence', label: 'PayeeSendInvoice', difference: { field: 'knows.S' } });
    // The shortest way to the leak: sign, send the bundle, B online, fetch, invoice (five model steps).
    expect(ce!.steps.filter((s) => s.kind === 'model').length).toBeLessThanOrEqual(6);
    const again = fuzz({ model, seed: 1, mutant }, { runs: 6, seed: 99, maxSteps: 14, path: ce!.path });
    expect(again.counterexample === undefined ? 'none' : describeFailure(again.counterexample.failure)).toBe(describeFailure(ce!.failure));
  });
});
