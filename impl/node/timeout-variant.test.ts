import { describe, expect, it } from 'vitest';
import { keyPathOutput } from '../tx/keypath.ts';
import { balances } from './inspect.ts';
import { channelTip } from './onchain.ts';
import { DEFAULT_TERMS, runSteps, scheme1Steps, type PaymentTerms, type Step } from './scenario.ts';
import { World } from './world.ts';
import { fromHex, toHex } from './wire.ts';

// D = csv 12 + 2·rebind 1 + 2·claim margin 3 = 20 (spec 06 §1.2); A pays at 100, expiry 244, pending timeout 264.
const TERMS: PaymentTerms = { ...DEFAULT_TERMS, timeout: { afterExpiryBlocks: 20, claimMarginBlocks: 3 } };

function world(seed: number): World {
  return new World({ seed, hops: 0, scheme: 1, decorrelate: false });
}

/** The key-path output of `id`'s channel key on the A–S channel (sweeps pay there: node/keys.ts). */
function keyScript(w: World, id: string): string {
  const ch = w.channelOf('A', 'A');
  return toHex(keyPathOutput({ internalKey: fromHex(id === 'S' ? ch.hubKey : ch.partyKey).slice(1) }).scriptPubKey);
}

/** Mines until `done` or `max` blocks. */
function mineUntil(w: World, done: () => boolean, max = 200): void {
  for (let i = 0; i < max && !done(); i++) w.mine(1);
}

describe('the timeout variant (spec 06 §1)', () => {
  it('St(1) pays amt + fee to the pending output; after the state proof A and S move it to S in state 2 (R-06-01, R-06-13)', () => {
    const w = world(71);
    const [offline, pay] = scheme1Steps(TERMS);
    runSteps(w, [offline, pay] as Step[]);
    const s = w.node('S').snapshot;
    if (s.role !== 'hub') throw new Error('unreachable');
    expect(s.channels[0]?.proposals[0]).toMatchObject({
      state: 1,
      partySat: 89_900,
      hubSat: 100_000,
      pending: { pendingSat: 10_100, pendingTimeoutHeight: 264 },
    });
    runSteps(w, scheme1Steps(TERMS).slice(2));
    expect(w.refusals()).toEqual([]);
    expect(
      balances(w)
        .filter((b) => b.kind === 'eltoo')
        .map((b) => [b.node, b.state, b.localSat, b.pendingSat]),
    ).toEqual([
      ['A', 2, 89_900, 0],
      ['S', 2, 110_100, 0],
    ]);
  });

  it('S refuses a pending timeout earlier than expiry + D (R-06-02)', () => {
    const w = world(72);
    runSteps(w, scheme1Steps({ ...TERMS, timeout: { afterExpiryBlocks: 19, claimMarginBlocks: 3 } }).slice(0, 2));
    expect(w.refusals()).toEqual([
      { node: 'S', error: expect.objectContaining({ kind: 'refused', detail: expect.stringContaining('D 20') }) },
    ]);
  });

  it('S bought and A stays away: S closes on chain at pending timeout − D, settles, and sweeps amt + fee through the claim leaf (R-06-04)', () => {
    const w = world(74);
    runSteps(w, scheme1Steps(TERMS).slice(0, 5)); // A never returns
    const ch = w.channelOf('S', 'A');
    mineUntil(w, () => {
      const tip = channelTip(w.chain, ch);
      return tip.kind === 'settled' && w.chain.spentBy({ txid: tip.txid, vout: 2 }) !== undefined;
    });
    const tip = channelTip(w.chain, ch);
    if (tip.kind !== 'settled') throw new Error('not settled');
    expect(w.chain.confirmationHeight(tip.updateTxid)).toBe(245); // first block after S decides at 244
    const sweep = w.chain.transaction(w.chain.spentBy({ txid: tip.txid, vout: 2 }) ?? '');
    expect(sweep?.outs.map((o) => [toHex(o.script), Number(o.value)])).toEqual([[keyScript(w, 'S'), 10_100]]);
    expect(w.chain.transaction(tip.txid)?.outs.map((o) => Number(o.value))).toEqual([89_900, 100_000, 10_100]);
  });

  it('if S settles but never sweeps, A takes amt + fee back through the timeout leaf once it opens (R-06-05)', () => {
    const w = world(75);
    runSteps(w, scheme1Steps(TERMS).slice(0, 5));
    const ch = w.channelOf('S', 'A');
    mineUntil(w, () => channelTip(w.chain, ch).kind === 'settled');
    w.setOnline('S', false); // S crashes before its claim margin passes
    w.setOnline('A', true);
    const tip = channelTip(w.chain, ch);
    if (tip.kind !== 'settled') throw new Error('not settled');
    mineUntil(w, () => w.chain.spentBy({ txid: tip.txid, vout: 2 }) !== undefined);
    const sweepTxid = w.chain.spentBy({ txid: tip.txid, vout: 2 }) ?? '';
    expect(w.chain.transaction(sweepTxid)?.outs.map((o) => [toHex(o.script), Number(o.value)])).toEqual([
      [keyScript(w, 'A'), 10_100],
    ]);
    expect(w.chain.confirmationHeight(sweepTxid)).toBe(265); // nLockTime 264: the first block that may hold it
  });

  it('B never comes: after the expiry A and S agree state 2 giving the pending amount back to A (R-06-06)', () => {
    const w = world(76);
    runSteps(w, scheme1Steps(TERMS).slice(0, 4));
    w.setOnline('A', true);
    w.mine(150);
    expect(w.command('A', { kind: 'PayerCancel' })).toBeUndefined();
    w.deliver();
    expect(w.refusals()).toEqual([]);
    expect(w.channelOf('S', 'A').latest).toMatchObject({ state: 2, partySat: 100_000, hubSat: 100_000, pending: null });
  });
});
