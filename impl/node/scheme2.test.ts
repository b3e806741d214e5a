import { describe, expect, it } from 'vitest';
import { balances, broadcastable, secrets } from './inspect.ts';
import { runSteps, scheme2Steps } from './scenario.ts';
import { World } from './world.ts';
import { channelTip } from './onchain.ts';
import { mailboxKeys, nodeKeys } from './node.ts';
import { openBundle, sealBundle } from './sealed-payloads.ts';
import { forge, nextSeq, take } from './testkit.ts';
import { stepMessage } from './world.ts';
import type { ChainView } from './onchain.ts';
import type { Envelope } from './messages.ts';
import type { PayeeSnapshot } from './payee.ts';
import type { PayerSnapshot } from './payer.ts';

describe('scheme 2: B pre-signs, A buys S’s partial signature', () => {
  const w = new World({ seed: 5, hops: 0, scheme: 2, decorrelate: false });
  runSteps(w, scheme2Steps());

  it('completes with no refusal: A paid S amt + fee over its PTLC', () => {
    expect(w.refusals()).toEqual([]);
    expect(balances(w).find((b) => b.node === 'A' && b.kind === 'ptlc-ledger')).toMatchObject({
      localSat: 89_900,
      remoteSat: 110_100,
    });
    expect(balances(w).find((b) => b.node === 'S' && b.peer === 'A' && b.kind === 'ptlc-ledger')).toMatchObject({
      localSat: 110_100,
      remoteSat: 89_900,
    });
  });

  it('A holds the complete B–S update (watchtower) and B, after the handoff, is at state 1 with b + amt', () => {
    const a = w.node('A').snapshot as PayerSnapshot;
    expect(a.watches[0]?.updateSig).toMatch(/^[0-9a-f]{128}$/);
    expect(
      broadcastable(w)
        .filter((b) => b.node === 'A' && b.channel === 'B–S')
        .map((b) => b.tx),
    ).toEqual(['U(1)', 'St(1)']);
    const b = w.node('B').snapshot as PayeeSnapshot;
    expect(b.channel?.latest).toMatchObject({
      state: 1,
      partySat: 110_000,
      hubSat: 90_000,
      updateSig: a.watches[0]?.updateSig,
    });
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
    const bundle = openBundle({
      recipientSecKey: mailboxKeys(aSeed).secKey,
      sealedHex: item.sealed,
      expectedSenderKeyHex: w.node('A').snapshot.directory.B?.node ?? '',
    });
    if (bundle.kind !== 'PayeeBundle') throw new Error('unreachable');
    // B (deviating) names a larger balance for itself than the St(1) signature covers.
    const lying = { ...bundle, partySat: bundle.partySat + 1, hubSat: bundle.hubSat - 1 };
    const sealed = sealBundle({
      senderSecKey: nodeKeys(bSeed).secKey,
      recipientKeyHex: w.node('B').snapshot.directory.A?.mailbox ?? '',
      bundle: lying,
      rand: new Uint8Array(32),
    });
    const before = w.node('A').snapshot;
    const r = w.inject(
      'A',
      forge(w, {
        from: 'M',
        to: 'A',
        seq: deliver.seq,
        sessionId: deliver.sessionId,
        body: { kind: 'MailboxDeliver', items: [{ sender: 'B', sealed }] },
      }),
    );
    expect(r.error).toMatchObject({ kind: 'forged-signature' });
    expect(r.error?.detail).toContain('settleSig');
    expect(r.snapshot).toBe(before);
  });
});

describe('A checks the B–S channel on chain before buying (R-05-08)', () => {
  // Found by the scheme-2 oracle (oracle/scheme2): A bought s_S after U_BS(m) had confirmed too long ago for A to
  // rebind U_BS(m+1) before St_BS(m) could settle.
  const w = new World({ seed: 8, hops: 0, scheme: 2, decorrelate: false });
  runSteps(w, scheme2Steps().slice(0, 4));
  w.setOnline('A', true);
  w.command('A', { kind: 'PayerFetch' });
  w.deliverOne();
  const deliver = take(w, (e) => e.body.kind === 'MailboxDeliver');
  const h = w.height;
  const { cltvDeltaBlocks, csvDelayBlocks } = w.params;
  const tipAt = (tip: ReturnType<ChainView['channelTip']>): ChainView => ({
    channelTip: () => tip,
    isSpent: () => false,
  });
  const update = (height: number) => tipAt({ kind: 'update', state: 0, txid: '00'.repeat(32), height });
  const offers = (view: ChainView) => stepMessage(w.node('A'), deliver, h, view);

  it('pays when its PTLC resolves and U(m+1) can be rebound before St(m) may settle: h + τ + margin = h_u + csv', () => {
    const r = offers(update(h + cltvDeltaBlocks + 1 - csvDelayBlocks));
    expect(r.error).toBeUndefined();
    expect(r.outgoing.map((e: Envelope) => e.body.kind)).toEqual(['PtlcOffer']);
  });

  it('refuses as too-late one block later, its snapshot unchanged', () => {
    const r = offers(update(h + cltvDeltaBlocks - csvDelayBlocks));
    expect(r.error).toMatchObject({ kind: 'too-late' });
    expect(r.snapshot).toBe(w.node('A').snapshot);
  });

  it('refuses when the channel is already settled on chain', () => {
    const r = offers(tipAt({ kind: 'settled', state: 0, updateTxid: '00'.repeat(32), txid: '11'.repeat(32) }));
    expect(r.error).toMatchObject({ kind: 'stale-state' });
  });
});

describe('A pays only if its PTLC times out by the bundle’s expiry (R-05-07)', () => {
  const w = new World({ seed: 10, hops: 0, scheme: 2, decorrelate: false });
  runSteps(w, scheme2Steps().slice(0, 4));
  w.setOnline('A', true);
  w.command('A', { kind: 'PayerFetch' });
  w.deliverOne();
  const deliver = take(w, (e) => e.body.kind === 'MailboxDeliver');
  const expiry = w.channelOf('B', 'B').proposals.find((p) => p.purpose === 'async2')?.expiryHeight ?? -1;
  const at = (height: number) => stepMessage(w.node('A'), deliver, height);

  it('offers when the timeout is the expiry itself (h + τ = expiry)', () => {
    const r = at(expiry - w.params.cltvDeltaBlocks);
    expect(r.error).toBeUndefined();
    expect(r.outgoing.map((e: Envelope) => e.body.kind)).toEqual(['PtlcOffer']);
  });

  it('refuses as too-late one block later', () => {
    expect(at(expiry - w.params.cltvDeltaBlocks + 1).error).toMatchObject({ kind: 'too-late' });
  });
});

describe('S agrees no state superseding the one it sold (R-05-12)', () => {
  // Found by the scheme-2 oracle (oracle/scheme2, its staleCancel step): S accepted B's cancel after selling s_S.
  const cancel = (w: World): Envelope => {
    const ch = w.channelOf('B', 'B');
    const p = ch.proposals.find((x) => x.purpose === 'async2');
    if (p === undefined) throw new Error('no scheme-2 proposal');
    const body = {
      kind: 'ProposeState' as const,
      state: p.state + 1,
      purpose: 'update' as const,
      proposerSat: ch.latest.partySat,
      hubSat: ch.latest.hubSat,
      pending: null,
      amountSat: 0,
      feeSat: 0,
      expiryHeight: w.height,
      updateNonce: p.partyUpdateNonce,
      settleNonce: p.partySettleNonce,
    };
    return forge(w, { from: 'B', to: 'S', seq: nextSeq(w, { from: 'B', to: 'S' }), sessionId: '22'.repeat(32), body });
  };

  it('before the sale, S accepts B’s proposal of m+2 with the balances of m', () => {
    const w = new World({ seed: 9, hops: 0, scheme: 2, decorrelate: false });
    runSteps(w, scheme2Steps().slice(0, 4));
    const r = w.inject('S', cancel(w));
    expect(r.error).toBeUndefined();
    expect(r.outgoing.map((e) => e.body.kind)).toEqual(['AcceptState']);
  });

  it('after the sale, S refuses it as stale-state, its snapshot unchanged', () => {
    const w = new World({ seed: 9, hops: 0, scheme: 2, decorrelate: false });
    runSteps(w, scheme2Steps().slice(0, 5));
    const before = w.node('S').snapshot;
    const r = w.inject('S', cancel(w));
    expect(r.error).toMatchObject({ kind: 'stale-state' });
    expect(r.snapshot).toBe(before);
  });
});
