import { describe, expect, it } from 'vitest';
import { fuzz, fuzzTargets } from './fuzz-targets.ts';

// A few thousand generated and mutated inputs across the six decoders (npm run fuzz runs 10^5 and more).
describe('every decoder of outside input refuses bad input cleanly: no crash (exit 3) on any fuzzed input', () => {
  it('500 inputs per decoder, seed 1: 0 crashed, and both accepted and refused inputs occur', async () => {
    const reports = fuzz(500, 1, await fuzzTargets());
    expect(reports.map((r) => r.target)).toEqual([
      'ITF trace',
      '--set value',
      'adapter line',
      'wire envelope',
      'snapshot',
      'partial file',
    ]);
    for (const r of reports) {
      expect(r, r.target).toMatchObject({ inputs: 500, crashed: 0 });
      expect(r.refused, r.target).toBeGreaterThan(100);
    }
    expect(reports.reduce((s, r) => s + r.accepted, 0)).toBeGreaterThan(0);
  }, 300_000);
});
