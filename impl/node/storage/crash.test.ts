import { describe, expect, it } from 'vitest';
import { crashRun } from './crash-run.ts';

// The short version of `npm run crash-test`: one payment, every node a child process over a filesystem store,
// children SIGKILLed at seeded storage events (at most 4 armed), restarted from disk, the payment finished.
describe('nodes killed for real (SIGKILL) mid-payment and restarted from disk lose nothing', () => {
  it('seed 3: the payment completes as without kills, money is conserved, no nonce signs two messages', () => {
    const r = crashRun({ seed: 3, killChance: 0.7, maxKillAt: 20, maxKills: 4 });
    expect(r.problems).toEqual([]);
    expect(r.kills.length).toBeGreaterThanOrEqual(1);
    expect(r.kills.every((k) => k.signal === 'SIGKILL')).toBe(true);
    expect(r.steps).toBeGreaterThan(20);
  }, 300_000);
});
