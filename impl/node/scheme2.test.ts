import { describe, expect, it } from 'vitest';
import { balances, broadcastable, secrets } from './inspect.ts';
import { runSteps, scheme2Steps } from './scenario.ts';
import { World } from './world.ts';
import { channelTip } from './onchain.ts';
import { nodeKeys } from './node.ts';
import { openBundle, sealBundle } from './sealed-payloads.ts';
import { forge, take } from './testkit.ts';
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

describe('A as B’s watchtower (R-05-06, R-05-10)', () => {
  it('settles B’s channel on chain while B is offline: U(1) by A, then St(1) by A once CSV-deep', () => {
    const w = new World({ seed: 6, hops: 0, scheme: 2, decorrelate: false });
    runSteps(w, scheme2Steps().slice(0, 5));
    expect(w.online.get('B')).toBe(false);
    const u = w.publishUpdate('A', { party: 'B' });
    expect(u.ok).toBe(true);
    w.mine(w.params.csvDelayBlocks + 1);
    const tip = channelTip(w.chain, w.channelOf('A', 'B'));
    expect(tip).toMatchObject({ kind: 'settled', state: 1 });
    if (tip.kind !== 'settled') throw new Error('unreachable');
    expect(w.chain.transaction(tip.txid)?.outs.map((o) => Number(o.value))).toEqual([110_000, 90_000]);
  });

  it('refuses a bundle whose message is not U(1) of the channel it describes (forged), buying nothing', () => {
    const w = new World({ seed: 7, hops: 0, scheme: 2, decorrelate: false });
    runSteps(w, scheme2Steps().slice(0, 4));
    w.setOnline('A', true);
    w.command('A', { kind: 'PayerFetch' });
    w.deliverOne();
    const deliver = take(w, (e) => e.body.kind === 'MailboxDeliver');
    if (deliver.body.kind !== 'MailboxDeliver') throw new Error('unreachable');
    const item = deliver.body.items[0];
    if (item === undefined) throw new Error('no bundle');
    const aSeed = w.node('A').snapshot.seed;
    const bSeed = w.node('B').snapshot.seed;
    const bundle = openBundle({ recipientSecKey: nodeKeys(aSeed).secKey, sealedHex: item.sealed, expectedSenderKeyHex: w.node('A').snapshot.directory.B ?? '' });
    if (bundle.kind !== 'PayeeBundle') throw new Error('unreachable');
    // B (deviating) names a larger balance for itself than the St(1) signature covers.
    const lying = { ...bundle, partySat: bundle.partySat + 1, hubSat: bundle.hubSat - 1 };
    const sealed = sealBundle({ senderSecKey: nodeKeys(bSeed).secKey, recipientKeyHex: w.node('B').snapshot.directory.A ?? '', bundle: lying, nonce: new Uint8Array(24) });
    const before = w.node('A').snapshot;
    const r = w.inject('A', forge(w, { from: 'M', to: 'A', seq: deliver.seq, sessionId: deliver.sessionId, body: { kind: 'MailboxDeliver', items: [{ sender: 'B', sealed }] } }));
    expect(r.error).toMatchObject({ kind: 'forged-signature' });
    expect(r.error?.detail).toContain('settleSig');
    expect(r.snapshot).toBe(before);
  });
});
