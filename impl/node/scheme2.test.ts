import { describe, expect, it } from 'vitest';
import { balances, broadcastable, secrets } from './inspect.ts';
import { runSteps, scheme2Steps } from './scenario.ts';
import { World } from './world.ts';
import type { PayeeSnapshot } from './payee.ts';
import type { PayerSnapshot } from './payer.ts';

describe('scheme 2: B pre-signs, A buys S’s partial signature', () => {
  const w = new World({ seed: 5, hops: 0, scheme: 2, decorrelate: false });
  runSteps(w, scheme2Steps());

  it('completes with no refusal: A paid S amt + fee over its PTLC', () => {
    expect(w.refusals()).toEqual([]);
    expect(balances(w).find((b) => b.node === 'A' && b.kind === 'ptlc-ledger')).toMatchObject({ localSat: 89_900, remoteSat: 110_100 });
    expect(balances(w).find((b) => b.node === 'S' && b.peer === 'A' && b.kind === 'ptlc-ledger')).toMatchObject({ localSat: 110_100, remoteSat: 89_900 });
  });

  it('A holds the complete B–S update (watchtower) and B, after the handoff, is at state 1 with b + amt', () => {
    const a = w.node('A').snapshot as PayerSnapshot;
    expect(a.watches[0]?.updateSig).toMatch(/^[0-9a-f]{128}$/);
    expect(broadcastable(w).filter((b) => b.node === 'A' && b.channel === 'B–S').map((b) => b.tx)).toEqual(['U(1)', 'St(1)']);
    const b = w.node('B').snapshot as PayeeSnapshot;
    expect(b.channel?.latest).toMatchObject({ state: 1, partySat: 110_000, hubSat: 90_000, updateSig: a.watches[0]?.updateSig });
  });

  it('S sold sS to A and never learned sB', () => {
    expect(secrets(w, 'A')).toEqual(expect.arrayContaining(['sB', 'sS']));
    expect(secrets(w, 'S')).toContain('sS');
    expect(secrets(w, 'S')).not.toContain('sB');
    expect(secrets(w, 'M')).toEqual([]);
  });
});
