/**
 * The offerer's on-chain refund (spec 01 §3): the receiver returns its signature of the PTLC state transaction H
 * in `PtlcAccept` when it takes an offer; the offerer checks and stores it, so when the receiver stays silent it
 * can publish H itself and, after the timeout, the refund through the timeout leaf on the validating chain.
 */
import { describe, expect, it } from 'vitest';
import { keyPathOutput } from '../tx/keypath.ts';
import { scheme1Steps } from './scenario.ts';
import { forge, nextSeq, take } from './testkit.ts';
import { fromHex, toHex } from './wire.ts';
import { World } from './world.ts';

/** S → P1 → B; P1 takes S's offer (its PtlcAccept queued to S) and forwards; B never gets the forward. */
function p1Silent() {
  const w = new World({ seed: 5, hops: 1, scheme: 1, decorrelate: false });
  for (const s of scheme1Steps().slice(0, 4)) s.run(w);
  w.setOnline('B', true);
  w.command('B', { kind: 'PayeeFetch' });
  // B's fetch, M's delivery, B's invoice to S, S's offer to P1: P1 accepts and forwards.
  w.deliver({ where: (e) => !(e.body.kind === 'PtlcOffer' && e.to === 'B') && e.body.kind !== 'PtlcAccept' });
  take(w, (e) => e.body.kind === 'PtlcOffer' && e.to === 'B'); // B never hears of it
  w.setOnline('B', false);
  const s = w.node('S');
  if (s.role !== 'hub') throw new Error('role');
  const out = s.snapshot.ptlcs.find((p) => p.direction === 'out' && p.peer === 'P1');
  if (out === undefined) throw new Error('S offered no PTLC to P1');
  const accept = w.queued().find((e) => e.body.kind === 'PtlcAccept' && e.from === 'P1' && e.to === 'S');
  if (accept === undefined) throw new Error('P1 sent no PtlcAccept');
  return { w, out, accept };
}

const hubOf = (w: World) => {
  const s = w.node('S');
  if (s.role !== 'hub') throw new Error('role');
  return s.snapshot;
};

describe("the offerer's on-chain refund", () => {
  it("S holds P1's signature of H once P1's PtlcAccept arrives, and not before", () => {
    const { w, out } = p1Silent();
    expect(out.receiverStateSig).toBeNull();
    expect(w.publishOfferedPtlcState('S', out.paymentId, 'P1')).toMatchObject({ ok: false });
    w.deliver({ where: (e) => e.body.kind === 'PtlcAccept' });
    expect(w.refusals()).toEqual([]);
    expect(hubOf(w).ptlcs.find((p) => p.peer === 'P1')?.receiverStateSig).toMatch(/^[0-9a-f]{128}$/);
  });

  it('receiver silent, timeout passed: S publishes H and the refund, the chain confirms both, S gets the PTLC back', () => {
    const { w, out } = p1Silent();
    w.deliver({ where: (e) => e.body.kind === 'PtlcAccept' });
    w.setOnline('P1', false);
    const start = w.chain.height;
    while (w.height < out.timeoutHeight) w.addBlock();
    expect(w.height).toBeGreaterThan(start);
    const txs = w.ptlcRefundTxs('S', out.paymentId, 'P1');
    if ('reason' in txs) throw new Error(txs.reason);
    expect(txs.map((t) => t.name)).toEqual([
      `H(hop 0 of ${out.paymentId.slice(0, 8)})`,
      `PtlcRefund(hop 0 of ${out.paymentId.slice(0, 8)})`,
    ]);
    expect(w.addBlockWith('S', txs)).toMatchObject({ ok: true });
    const [h, refund] = txs.map((t) => w.chain.transaction(t.txid));
    if (h === undefined || refund === undefined) throw new Error('not confirmed');
    const s = hubOf(w);
    const ledger = s.ledgers.find((l) => l.peer === 'P1')!;
    const sKey = keyPathOutput({ internalKey: fromHex(ledger.localKey).slice(1) }).scriptPubKey;
    const p1Key = keyPathOutput({ internalKey: fromHex(ledger.remoteKey).slice(1) }).scriptPubKey;
    // H: the PTLC, S's balance after it, P1's balance: together the channel's capacity.
    expect(h.outs.map((o) => o.value)).toEqual(
      [out.amountSat, out.offererSat, out.receiverSat].filter((v) => v > 0).map(BigInt),
    );
    expect(h.outs.reduce((a, o) => a + o.value, 0n)).toBe(BigInt(ledger.capacitySat));
    expect(toHex(h.outs[1]!.script)).toBe(toHex(sKey));
    expect(toHex(h.outs[2]!.script)).toBe(toHex(p1Key));
    // The refund: H's PTLC output, back to S's key, the whole amount; S ends with capacity − P1's balance.
    expect(refund.ins[0]!.hash.slice().reverse()).toEqual(fromHex(h.getId()));
    expect(toHex(refund.outs[0]!.script)).toBe(toHex(sKey));
    expect(refund.outs[0]!.value).toBe(BigInt(out.amountSat));
    expect(out.offererSat + out.amountSat).toBe(ledger.capacitySat - out.receiverSat);
    // The PTLC output is spent: the refund again is refused.
    expect(w.chain.check(refund)).toMatchObject({ ok: false });
  });

  it('the refund is refused by the chain before the timeout, with H already on chain', () => {
    const { w, out } = p1Silent();
    w.deliver({ where: (e) => e.body.kind === 'PtlcAccept' });
    expect(w.publishOfferedPtlcState('S', out.paymentId, 'P1')).toMatchObject({ ok: true });
    expect(w.publishPtlcRefund('S', out.paymentId, 'P1')).toMatchObject({
      ok: false,
      rejection: { rule: 'locktime-not-reached' },
    });
  });

  it('refuses a PtlcAccept whose signature of H is not the receiver’s, naming the field; S is unchanged', () => {
    const { w, accept } = p1Silent();
    take(w, (e) => e === accept);
    if (accept.body.kind !== 'PtlcAccept') throw new Error('unreachable');
    const before = JSON.stringify(w.node('S').snapshot);
    // P1's signature of another message (its own offer's H to B is not S's H): flip one byte of s.
    const sig = fromHex(accept.body.stateSig);
    sig[63] = (sig[63] ?? 0) ^ 1;
    const bad = forge(w, {
      from: 'P1',
      to: 'S',
      seq: nextSeq(w, { from: 'P1', to: 'S' }),
      sessionId: accept.sessionId,
      body: { ...accept.body, stateSig: toHex(sig) },
    });
    const r = w.inject('S', bad);
    expect(r.error).toMatchObject({ kind: 'forged-signature', guard: 'ptlc:accept-state-sig-forged' });
    expect(r.error?.detail).toMatch(/^PtlcAccept\.stateSig: /);
    expect(JSON.stringify(w.node('S').snapshot)).toBe(before);
    // The genuine one is then taken; sent again, it is a replay, and S stays as it was.
    expect(w.inject('S', accept).error).toBeUndefined();
    const held = JSON.stringify(w.node('S').snapshot);
    expect(held).not.toBe(before);
    const again = forge(w, {
      from: 'P1',
      to: 'S',
      seq: nextSeq(w, { from: 'P1', to: 'S' }),
      sessionId: accept.sessionId,
      body: accept.body,
    });
    expect(w.inject('S', again).error).toMatchObject({ kind: 'replayed', guard: 'ptlc:accept-replayed' });
    expect(JSON.stringify(w.node('S').snapshot)).toBe(held);
  });

  it('refuses a PtlcAccept for a PTLC S never offered to its sender', () => {
    const { w, accept } = p1Silent();
    if (accept.body.kind !== 'PtlcAccept') throw new Error('unreachable');
    const before = JSON.stringify(w.node('S').snapshot);
    const stray = forge(w, {
      from: 'P1',
      to: 'S',
      seq: nextSeq(w, { from: 'P1', to: 'S' }),
      sessionId: accept.sessionId,
      body: { ...accept.body, hop: 1 },
    });
    expect(w.inject('S', stray).error).toMatchObject({ kind: 'unexpected', guard: 'ptlc:accept-unknown' });
    expect(JSON.stringify(w.node('S').snapshot)).toBe(before);
  });
});
