import { describe, expect, it } from 'vitest';
import { balances, ptlcs, secrets } from './inspect.ts';
import { cancellationSteps, runSteps, scheme1Steps, type Step } from './scenario.ts';
import { World } from './world.ts';
import type { PayerSnapshot } from './payer.ts';
import type { HubSnapshot } from './hub.ts';

describe('cancellation: A and S agree a newer state before B shows up', () => {
  const w = new World({ seed: 3, hops: 0, scheme: 1, decorrelate: false });
  runSteps(w, cancellationSteps());

  it('S refuses B’s invoice for the superseded state as stale, and buys nothing', () => {
    expect(w.refusals()).toEqual([{ node: 'S', error: expect.objectContaining({ kind: 'stale-state' }) }]);
    expect(ptlcs(w)).toEqual([]);
    expect((w.node('S').snapshot as HubSnapshot).sales).toEqual([]);
    expect(secrets(w, 'S')).not.toContain('sA');
  });

  it('leaves A and S at state 2 with the balances from before the payment, and A’s payment cancelled', () => {
    const a = w.node('A').snapshot as PayerSnapshot;
    expect(a.channel.latest).toMatchObject({ state: 2, partySat: 100_000, hubSat: 100_000 });
    expect(a.payments.map((p) => p.status)).toEqual(['cancelled']);
    expect(a.channel.proposals.find((p) => p.state === 1)?.status).toBe('superseded');
    expect(
      balances(w)
        .filter((b) => b.kind === 'eltoo')
        .map((b) => [b.node, b.state, b.localSat]),
    ).toEqual([
      ['A', 2, 100_000],
      ['S', 2, 100_000],
    ]);
  });

  it('B is not paid and keeps s_A unsold', () => {
    expect(balances(w).find((b) => b.node === 'B')).toMatchObject({ localSat: 100_000 });
    expect(secrets(w, 'B')).toEqual(['sA']);
  });
});

describe('a cancel that comes after S bought the state (R-03-10)', () => {
  it('is answered with the state proof: A completes the payment instead', () => {
    const w = new World({ seed: 4, hops: 0, scheme: 1, decorrelate: false });
    const [offline, pay, away, blocks, sale] = scheme1Steps();
    runSteps(w, [offline, pay, away, blocks, sale] as Step[]);
    w.setOnline('A', true);
    expect(w.command('A', { kind: 'PayerCancel' })).toBeUndefined();
    w.deliver();
    expect(w.refusals()).toEqual([]);
    const a = w.node('A').snapshot as PayerSnapshot;
    expect(a.channel.latest).toMatchObject({ state: 1, partySat: 89_900 });
    expect(a.payments.map((p) => p.status)).toEqual(['completed']);
    expect(a.channel.proposals.map((p) => p.state)).toEqual([1]);
    // The channel goes on from state 1 as usual.
    expect(w.command('A', { kind: 'PayerUpdate', giveSat: 100 })).toBeUndefined();
    w.deliver();
    expect((w.node('S').snapshot as HubSnapshot).channels[0]?.latest).toMatchObject({ state: 2, hubSat: 110_200 });
  });
});

describe('a cancel in progress (R-03-07)', () => {
  it('S refuses the sale as stale once it has co-signed the settlement of the newer state, even before its update', () => {
    const w = new World({ seed: 6, hops: 0, scheme: 1, decorrelate: false });
    const [offline, pay] = scheme1Steps();
    runSteps(w, [offline, pay] as Step[]);
    w.command('A', { kind: 'PayerCancel' });
    for (let i = 0; i < 3; i++) w.deliverOne(); // ProposeState(2), AcceptState, A's SettlementSig: S co-signs St(2)
    const s = w.node('S').snapshot as HubSnapshot;
    expect(s.channels[0]?.proposals.find((p) => p.state === 2)?.settleSig).not.toBeNull();
    expect(s.channels[0]?.latest.state).toBe(0);
    w.setOnline('A', false);
    w.setOnline('B', true);
    w.command('B', { kind: 'PayeeFetch' });
    w.deliver();
    expect(w.refusals()).toEqual([
      { node: 'S', error: expect.objectContaining({ kind: 'stale-state', detail: expect.stringContaining('St(2)') }) },
    ]);
    expect((w.node('S').snapshot as HubSnapshot).sales).toEqual([]);
  });
});

describe("a cancel's update signatures go S first (03 §1 steps 7–9)", () => {
  /** A pays, goes away and comes back to cancel; the cancel runs up to A's settlement signature (steps 1–5). */
  function cancelling(seed: number): World {
    const w = new World({ seed, hops: 0, scheme: 1, decorrelate: false });
    const [offline, pay] = scheme1Steps();
    runSteps(w, [offline, pay] as Step[]);
    w.command('A', { kind: 'PayerCancel' });
    for (let i = 0; i < 3; i++) w.deliverOne(); // ProposeState(2), AcceptState, A's SettlementSig
    return w;
  }

  it('S answers St(n+2) with its settlement signature and then its own partial signature on U(n+2), before A sends one', () => {
    const w = cancelling(7);
    expect(w.queued().map((e) => `${e.from}→${e.to} ${e.body.kind}`)).toEqual(['S→A SettlementSig', 'S→A UpdateSig']);
    const s = w.node('S').snapshot as HubSnapshot;
    const p2 = s.channels[0]?.proposals.find((p) => p.state === 2);
    expect(p2?.hubUpdatePartial).not.toBeNull();
    expect(p2?.partyUpdatePartial).toBeNull();
    // A holds St(n+2), then the complete U(n+2) once S's partial arrives; only then it sends its own (step 9).
    w.deliverOne();
    expect(w.queued().map((e) => `${e.from}→${e.to} ${e.body.kind}`)).toEqual(['S→A UpdateSig']);
    w.deliverOne();
    const a = w.node('A').snapshot as PayerSnapshot;
    expect(a.channel.latest.state).toBe(2);
    expect(a.payments.map((p) => p.status)).toEqual(['cancelled']);
    expect(w.queued().map((e) => `${e.from}→${e.to} ${e.body.kind}`)).toEqual(['A→S UpdateSig']);
    w.deliver();
    expect(w.refusals()).toEqual([]);
    expect((w.node('S').snapshot as HubSnapshot).channels[0]?.latest.state).toBe(2);
  });

  it('S, restarted from its snapshot after sending its partial (R-03-05), still refuses the invoice for n+1 (R-03-06)', () => {
    const w = cancelling(8);
    w.restart('S');
    w.setOnline('A', false);
    w.setOnline('B', true);
    w.command('B', { kind: 'PayeeFetch' });
    w.deliver({ where: (e) => e.to !== 'A' });
    expect(w.refusals()).toEqual([{ node: 'S', error: expect.objectContaining({ kind: 'stale-state' }) }]);
    expect((w.node('S').snapshot as HubSnapshot).sales).toEqual([]);
  });
});
