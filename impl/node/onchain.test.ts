import { describe, expect, it } from 'vitest';
import { keyPathOutput } from '../tx/keypath.ts';
import { channelTip } from './onchain.ts';
import { runSteps, scheme1Steps, type Step } from './scenario.ts';
import { World } from './world.ts';
import { fromHex, toHex } from './wire.ts';

function paid(seed: number): World {
  const w = new World({ seed, hops: 0, scheme: 1, decorrelate: false });
  runSteps(w, scheme1Steps());
  return w;
}

function outputsOf(w: World, txid: string): [string, number][] {
  const tx = w.chain.transaction(txid);
  if (tx === undefined) throw new Error('not confirmed');
  return tx.outs.map((o) => [toHex(o.script), Number(o.value)]);
}

describe('on-chain enforcement on the validating chain', () => {
  it('S confirms the state it bought: U(1) now, St(1) exactly after the CSV delay, paying (a − amt − fee, s + amt + fee)', () => {
    const w = paid(31);
    const u = w.publishUpdate('S', { party: 'A' });
    expect(u.ok).toBe(true);
    if (!u.ok || !('txid' in u)) throw new Error('U(1) did not confirm');
    const csv = w.params.csvDelayBlocks;
    const early = w.publishSettlement('S', { party: 'A', state: 1, updateTxid: u.txid });
    expect(early).toMatchObject({ ok: false, rejection: { rule: 'csv-not-satisfied' } });
    // BIP-68: St(1) (nSequence = csv) is valid in a block at height ≥ h_U + csv; `publish` mines the next block.
    w.mine(csv - 2);
    expect(w.publishSettlement('S', { party: 'A', state: 1, updateTxid: u.txid })).toMatchObject({
      ok: false,
      rejection: { rule: 'csv-not-satisfied' },
    });
    w.mine(1);
    expect(w.height + 1).toBe(u.height + csv);
    const st = w.publishSettlement('S', { party: 'A', state: 1, updateTxid: u.txid });
    expect(st.ok).toBe(true);
    if (!st.ok || !('txid' in st)) throw new Error('St(1) did not confirm');
    // Each balance pays its side's channel key (node/keys.ts), not its identity key.
    const a = w.channelOf('S', 'A').partyKey;
    const s = w.channelOf('S', 'A').hubKey;
    expect(a).not.toBe(w.node('A').snapshot.directory.A);
    expect(outputsOf(w, st.txid)).toEqual([
      [toHex(keyPathOutput({ internalKey: fromHex(a).slice(1) }).scriptPubKey), 89_900],
      [toHex(keyPathOutput({ internalKey: fromHex(s).slice(1) }).scriptPubKey), 110_100],
    ]);
    expect(channelTip(w.chain, w.channelOf('S', 'A')).kind).toBe('settled');
  });

  it('A publishes a stale U(1); S, watching every block, rebinds U(2) to it in the next block and settles St(2) after the CSV delay', () => {
    const w = paid(32);
    expect(w.command('A', { kind: 'PayerUpdate', giveSat: 5_000 })).toBeUndefined();
    w.deliver();
    expect(w.channelOf('S', 'A').latest).toMatchObject({ state: 2, partySat: 84_900, hubSat: 115_100 });
    w.setOnline('A', false); // A deviates: publishes the old state and stops answering
    const stale = w.publishUpdate('A', { party: 'A', state: 1 });
    if (!stale.ok || !('txid' in stale)) throw new Error('stale U(1) did not confirm');
    w.mine(1);
    const tip = channelTip(w.chain, w.channelOf('S', 'A'));
    expect(tip).toMatchObject({ kind: 'update', state: 2, height: stale.height + 1 });
    w.mine(w.params.csvDelayBlocks + 1);
    const end = channelTip(w.chain, w.channelOf('S', 'A'));
    expect(end).toMatchObject({ kind: 'settled', state: 2 });
    if (end.kind !== 'settled' || tip.kind !== 'update') throw new Error('unreachable');
    expect(w.chain.confirmationHeight(end.txid)).toBe(tip.height + w.params.csvDelayBlocks);
    expect(outputsOf(w, end.txid).map(([, v]) => v)).toEqual([84_900, 115_100]);
    expect(w.publishSettlement('A', { party: 'A', state: 1, updateTxid: stale.txid })).toMatchObject({
      ok: false,
      rejection: { rule: 'double-spend' },
    });
  });

  it('S publishes a stale U(1) and goes silent; A, back within the CSV delay, rebinds U(2) on return (R-08-11)', () => {
    const w = paid(33);
    w.command('A', { kind: 'PayerUpdate', giveSat: 1_000 });
    w.deliver();
    w.setOnline('A', false);
    w.setOnline('S', false);
    const stale = w.publishUpdate('S', { party: 'A', state: 1 });
    expect(stale.ok).toBe(true);
    w.mine(w.params.csvDelayBlocks - 3);
    w.setOnline('A', true); // A scans the chain on return and broadcasts U(2)
    w.mine(1);
    expect(channelTip(w.chain, w.channelOf('A', 'A'))).toMatchObject({ kind: 'update', state: 2 });
    expect(w.publishUpdate('S', { party: 'A', state: 1 })).toMatchObject({ ok: false });
    expect(w.rebind('A', { party: 'A' })).toMatchObject({ ok: false, reason: 'nothing stale on chain' });
  });

  it("A's watcher settles U(n+1) that S confirmed, with the St(n+1) it holds (R-08-09)", () => {
    // Steps 1–8: S bought s_A and holds U(1) complete; A holds St(1) but not S's update partial (step 9 not run).
    const w = new World({ seed: 38, hops: 0, scheme: 1, decorrelate: false });
    runSteps(w, scheme1Steps().slice(0, 5));
    const a = w.channelOf('A', 'A');
    expect(a.latest.state).toBe(0);
    expect(a.proposals.find((p) => p.state === 1)).toMatchObject({ updateSig: null, settleSig: expect.any(String) });
    const u = w.publishUpdate('S', { party: 'A' });
    if (!u.ok || !('txid' in u)) throw new Error('U(1) did not confirm');
    w.setOnline('S', false); // S deviates: puts U(1) on chain and never settles it
    w.setOnline('A', true); // A watches the chain; it does not run step 9
    w.mine(w.params.csvDelayBlocks);
    const end = channelTip(w.chain, a);
    expect(end).toMatchObject({ kind: 'settled', state: 1, updateTxid: u.txid });
    if (end.kind !== 'settled') throw new Error('unreachable');
    expect(w.chain.confirmationHeight(end.txid)).toBe(u.height + w.params.csvDelayBlocks);
    expect(outputsOf(w, end.txid).map(([, v]) => v)).toEqual([89_900, 110_100]);
  });

  it('a party that comes back after the CSV delay is too late: the stale St(1) confirms', () => {
    const w = paid(35);
    w.command('A', { kind: 'PayerUpdate', giveSat: 1_000 });
    w.deliver();
    w.setOnline('A', false);
    w.setOnline('S', false);
    const stale = w.publishUpdate('S', { party: 'A', state: 1 });
    if (!stale.ok || !('txid' in stale)) throw new Error('stale U(1) did not confirm');
    w.mine(w.params.csvDelayBlocks - 1);
    const st = w.publishSettlement('S', { party: 'A', state: 1, updateTxid: stale.txid });
    expect(st.ok).toBe(true);
    w.setOnline('A', true);
    w.mine(1);
    expect(channelTip(w.chain, w.channelOf('A', 'A'))).toMatchObject({ kind: 'settled', state: 1 });
  });

  it('lists what S can broadcast with the spend data a verifier needs', () => {
    const w = paid(34);
    const txs = w.broadcastable('S');
    expect(txs.map((t) => t.name)).toEqual(['U(1)', 'St(1)']);
    const [u, st] = txs;
    expect(u?.spends[0]?.prevout).toMatchObject({
      txid: w.channelOf('S', 'A').fundingTxid,
      vout: 0,
      amountSat: 200_000,
    });
    expect(st?.spends[0]?.prevout.txid).toBe(u?.txid);
    expect(u?.hex).toMatch(/^02000000/);
    expect(u?.spends[0]?.controlBlock).toMatch(/^c[01]/);
  });
});

describe('S checks the chain before buying (R-02-21)', () => {
  /** A and S at state 1; A pays at state 2, then publishes U(1) and leaves; B comes `blocksAfter` blocks later. */
  function staleThenSale(seed: number, blocksAfter: number): World {
    const w = new World({ seed, hops: 0, scheme: 1, decorrelate: false });
    w.command('A', { kind: 'PayerUpdate', giveSat: 1_000 });
    w.deliver();
    const [offline, pay] = scheme1Steps();
    runSteps(w, [offline, pay] as Step[]);
    w.setOnline('A', false);
    const u1 = w.publishUpdate('A', { party: 'A', state: 1 });
    expect(u1.ok).toBe(true);
    w.mine(blocksAfter);
    w.setOnline('B', true);
    w.command('B', { kind: 'PayeeFetch' });
    w.deliver();
    return w;
  }

  it('buys when U(2) can still be rebound onto the confirmed U(1) in time, and does so', () => {
    const w = staleThenSale(36, 5); // the invoice at h_u + 5: 5 + 6 + 1 ≤ 12, just in time
    expect(w.refusals()).toEqual([]);
    w.mine(2); // S sees its complete U(2) at the next block's tick and broadcasts it; the block after confirms it
    expect(channelTip(w.chain, w.channelOf('S', 'A'))).toMatchObject({ kind: 'update', state: 2 });
    w.mine(w.params.csvDelayBlocks + 1);
    expect(channelTip(w.chain, w.channelOf('S', 'A'))).toMatchObject({ kind: 'settled', state: 2 });
  });

  it('refuses as too late when the PTLC could not resolve before St(1) may confirm', () => {
    // U(1) at h_u; B's invoice at h_u + 6: 6 + ptlc timeout 6 + margin 1 > csv 12.
    const w = staleThenSale(37, 6);
    expect(w.refusals()).toEqual([
      { node: 'S', error: expect.objectContaining({ kind: 'too-late', detail: expect.stringContaining('rebind') }) },
    ]);
  });
});
