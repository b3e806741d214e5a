import { describe, expect, it } from 'vitest';
import { balances } from './inspect.ts';
import { DEFAULT_TERMS, cancellationSteps, runSteps, scheme1Steps, scheme2Steps, type Step } from './scenario.ts';
import { World, type WorldConfig } from './world.ts';

/** Every node's view of every channel sums to what the channel holds: balances plus its pending PTLCs. */
function conserved(w: World): string[] {
  const problems: string[] = [];
  for (const b of balances(w)) {
    const n = w.node(b.node);
    const pending =
      n.role === 'mailbox' || b.kind === 'eltoo'
        ? 0
        : n.snapshot.ptlcs
            .filter((p) => p.peer === b.peer && p.status === 'pending')
            .reduce((s, p) => s + p.amountSat, 0);
    const total = b.localSat + b.remoteSat + b.pendingSat + pending;
    if (total !== 200_000) problems.push(`${b.node}|${b.peer} (${b.kind}) sums to ${total}`);
  }
  return problems;
}

const runs: [string, WorldConfig, Step[]][] = [
  ['scheme 1, same-point split', { seed: 51, hops: 2, scheme: 1, decorrelate: false }, scheme1Steps()],
  ['scheme 1, decorrelated split', { seed: 52, hops: 3, scheme: 1, decorrelate: true }, scheme1Steps()],
  ['cancellation', { seed: 53, hops: 1, scheme: 1, decorrelate: false }, cancellationSteps()],
  ['scheme 2', { seed: 54, hops: 0, scheme: 2, decorrelate: false }, scheme2Steps()],
  [
    'scheme 1, timeout variant',
    { seed: 56, hops: 1, scheme: 1, decorrelate: false },
    scheme1Steps({ ...DEFAULT_TERMS, timeout: { afterExpiryBlocks: 20, claimMarginBlocks: 3 } }),
  ],
];

describe('conservation: no node ever sees money appear or vanish in a channel', () => {
  for (const [name, config, steps] of runs) {
    it(`${name}: holds after every message`, () => {
      const w = new World(config);
      let checks = 0;
      w.afterMessage = (world) => {
        expect(conserved(world)).toEqual([]);
        checks++;
      };
      runSteps(w, steps);
      expect(checks).toBeGreaterThan(5);
      expect(w.refusals().filter((r) => r.error.kind !== 'stale-state')).toEqual([]);
    });
  }

  it('holds when a PTLC times out: S is refunded and the sale fails', () => {
    const w = new World({ seed: 55, hops: 1, scheme: 1, decorrelate: false });
    for (const s of scheme1Steps().slice(0, 4)) s.run(w);
    w.setOnline('B', true);
    w.command('B', { kind: 'PayeeFetch' });
    w.setOnline('P1', false); // P1 takes S's offer only when back, after it timed out
    w.deliver();
    w.mine(13);
    w.setOnline('P1', true);
    w.deliver();
    expect(conserved(w)).toEqual([]);
    const s = w.node('S').snapshot;
    if (s.role !== 'hub') throw new Error('S is the hub');
    expect(s.sales[0]?.status).toBe('failed');
    expect(s.ledgers[0]).toMatchObject({ peer: 'P1', localSat: 100_000, remoteSat: 100_000 });
    expect(w.refusals().map((r) => [r.node, r.error.kind])).toEqual([['P1', 'too-late']]);
  });
});
