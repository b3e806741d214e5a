/**
 * A routing channel's PTLC on the validating chain (impl/tx/hop-channel.ts, ptlc-txs.ts): S offers B a PTLC over
 * their channel; B puts the channel's PTLC state H and its claim on chain, S reads the secret from the claim;
 * a claim completed with a wrong secret is refused; S's refund is refused before the timeout and confirmed at it.
 */
import { describe, expect, it } from 'vitest';
import { bytesToBigInt, extract, modN, scalarToBytes } from '../crypto/index.ts';
import { keyPathOutput } from '../tx/keypath.ts';
import { claimSenderSig } from '../tx/ptlc.ts';
import { scheme1Steps, scheme2Steps } from './scenario.ts';
import { pointOfSecret } from './ptlc.ts';
import { ptlcClaimTx } from './ptlc-txs.ts';
import { fromHex, toHex } from './wire.ts';
import { take } from './testkit.ts';
import { World } from './world.ts';

/** S has offered B its PTLC, B has accepted it and claimed it off chain; the claim waits in the network. */
function offered() {
  const w = new World({ seed: 5, hops: 0, scheme: 1, decorrelate: false });
  for (const s of scheme1Steps().slice(0, 4)) s.run(w);
  w.setOnline('B', true);
  w.command('B', { kind: 'PayeeFetch' });
  w.deliverOne(); // B → M fetch
  w.deliverOne(); // M → B deliver; B queues its invoice
  w.deliverOne(); // S checks the invoice, offers the PTLC
  w.deliverOne(); // B accepts (its signature of H) and claims off chain (both queued to S)
  w.deliverOne(); // S takes B's PtlcAccept; the claim waits
  const s = w.node('S');
  const b = w.node('B');
  if (s.role !== 'hub' || b.role !== 'payee') throw new Error('roles');
  const out = s.snapshot.ptlcs[0];
  const inc = b.snapshot.ptlcs[0];
  if (out === undefined || inc === undefined || inc.secret === null) throw new Error('no PTLC');
  return { w, paymentId: out.paymentId, out, inc, secret: inc.secret, bSnap: b.snapshot };
}

describe('a routing channel PTLC on chain', () => {
  it('B confirms H and a claim carrying the completed adaptor signature; S extracts the lock secret from it', () => {
    const { w, paymentId, out, secret } = offered();
    const r = w.publishPtlcClaim('B', paymentId);
    expect(r).toMatchObject({ ok: true });
    const confirmed = w.transcript
      .filter((e) => e.kind === 'chain' && e.confirmed)
      .map((e) => e.kind === 'chain' && e.tx);
    expect(confirmed).toEqual([`H(hop 0 of ${paymentId.slice(0, 8)})`, `PtlcClaim(hop 0 of ${paymentId.slice(0, 8)})`]);
    const claim = w.chain.transaction(r.ok ? r.txid : '')!;
    const learned = extract({
      sig: claimSenderSig(claim),
      preSig: fromHex(out.preSig),
      adaptorPoint: fromHex(out.point),
    });
    expect(toHex(learned)).toBe(secret);
    expect(pointOfSecret(toHex(learned))).toBe(out.point);
    // The claim paid the PTLC's amount to B's hop key.
    expect(claim.outs[0]?.value).toBe(BigInt(out.amountSat));
  });

  it('refuses a claim whose adaptor signature was completed with a wrong secret', () => {
    const { w, paymentId, inc, bSnap } = offered();
    expect(w.publishPtlcState('B', paymentId)).toMatchObject({ ok: true });
    const ledger = bSnap.ledgers.find((l) => l.peer === inc.peer)!;
    const good = ptlcClaimTx(bSnap.seed, ledger, inc).tx;
    // s + 1: what completing the pre-signature with ℓ + 1 (ℓ's R even) or ℓ − 1 gives; the receiver's part intact.
    const bad = ptlcClaimTx(bSnap.seed, ledger, inc).tx;
    const w0 = bad.ins[0]!.witness;
    const sig = Uint8Array.from(w0[1]!);
    const s = modN(bytesToBigInt(sig.slice(32, 64)) + 1n);
    sig.set(scalarToBytes(s), 32);
    w0[1] = sig;
    expect(w.chain.check(bad)).toMatchObject({ ok: false, rejection: { rule: 'bad-signature', input: 0 } });
    expect(w.chain.check(good)).toMatchObject({ ok: true });
  });

  it("refuses S's refund before the PTLC's timeout and confirms it at the timeout; B's claim then finds it spent", () => {
    const { w, paymentId, out } = offered();
    expect(w.publishPtlcState('B', paymentId)).toMatchObject({ ok: true });
    const early = w.publishPtlcRefund('S', paymentId, 'B');
    expect(early).toMatchObject({ ok: false, rejection: { rule: 'locktime-not-reached' } });
    while (w.height < out.timeoutHeight) w.addBlock();
    const late = w.publishPtlcRefund('S', paymentId, 'B');
    expect(late).toMatchObject({ ok: true });
    // The refund paid S's hop key (key path) the whole amount.
    const s = w.node('S');
    if (s.role !== 'hub') throw new Error('role');
    const refund = w.chain.transaction(late.ok ? late.txid : '')!;
    const sKey = fromHex(s.snapshot.ledgers[0]!.localKey).slice(1);
    expect(toHex(refund.outs[0]!.script)).toBe(toHex(keyPathOutput({ internalKey: sKey }).scriptPubKey));
    expect(refund.outs[0]?.value).toBe(BigInt(out.amountSat));
    expect(w.publishPtlcClaim('B', paymentId)).toMatchObject({ ok: false });
  });

  it("S reads the secret from B's claim on chain and completes U(n+1); the late off-chain claim is then a replay", () => {
    const { w, paymentId, secret } = offered();
    const claimMsg = take(w, (e) => e.body.kind === 'PtlcClaim');
    expect(w.publishPtlcClaim('B', paymentId)).toMatchObject({ ok: true });
    const s = w.node('S');
    if (s.role !== 'hub') throw new Error('role');
    expect(s.snapshot.ptlcs[0]).toMatchObject({ status: 'claimed', secret });
    expect(s.snapshot.sales[0]?.status).toBe('bought');
    expect(w.transcript.some((e) => e.kind === 'note' && e.text.includes('(read from the chain)'))).toBe(true);
    expect(w.inject('S', claimMsg).error?.kind).toBe('replayed');
  });

  it("P1 reads the secret from B's claim on chain and claims upstream from S, who then completes U(n+1)", () => {
    const w = new World({ seed: 5, hops: 1, scheme: 1, decorrelate: true });
    for (const st of scheme1Steps().slice(0, 4)) st.run(w);
    w.setOnline('B', true);
    w.command('B', { kind: 'PayeeFetch' });
    w.deliver({ where: (e) => e.body.kind !== 'PtlcClaim' });
    take(w, (e) => e.body.kind === 'PtlcClaim' && e.from === 'B'); // P1 never gets B's claim
    const b = w.node('B');
    if (b.role !== 'payee') throw new Error('role');
    const paymentId = b.snapshot.ptlcs[0]?.paymentId ?? '';
    expect(w.publishPtlcClaim('B', paymentId)).toMatchObject({ ok: true });
    const p1 = w.node('P1');
    if (p1.role !== 'router') throw new Error('role');
    expect(p1.snapshot.ptlcs.map((p) => p.status)).toEqual(['claimed', 'claimed']);
    w.deliver();
    expect(w.refusals()).toEqual([]);
    const s = w.node('S');
    if (s.role !== 'hub') throw new Error('role');
    expect(s.snapshot.sales[0]?.status).toBe('bought');
  });

  it("scheme 2: A reads S's partial signature from S's claim on chain and holds B's complete update; the late off-chain claim is then a replay", () => {
    const w = new World({ seed: 5, hops: 0, scheme: 2, decorrelate: false });
    const steps = scheme2Steps();
    for (const st of steps.slice(0, 4)) st.run(w);
    w.setOnline('A', true);
    w.command('A', { kind: 'PayerFetch' });
    w.deliver({ where: (e) => !(e.body.kind === 'PtlcClaim' && e.to === 'A') });
    const claimMsg = take(w, (e) => e.body.kind === 'PtlcClaim' && e.to === 'A'); // A never gets S's claim
    const before = w.node('A');
    if (before.role !== 'payer') throw new Error('role');
    expect(before.snapshot.watches[0]).toMatchObject({ status: 'buying', updateSig: null });
    const paymentId = before.snapshot.ptlcs[0]?.paymentId ?? '';
    expect(w.publishPtlcClaim('S', paymentId)).toMatchObject({ ok: true });
    const a = w.node('A');
    if (a.role !== 'payer') throw new Error('role');
    const s = w.node('S');
    if (s.role !== 'hub') throw new Error('role');
    const sold = s.snapshot.ptlcs.find((p) => p.paymentId === paymentId && p.direction === 'in');
    expect(a.snapshot.ptlcs[0]).toMatchObject({ status: 'claimed', secret: sold?.secret });
    expect(a.snapshot.watches[0]?.status).toBe('holding');
    expect(a.snapshot.watches[0]?.updateSig).toMatch(/^[0-9a-f]{128}$/);
    expect(
      w.transcript.some(
        (e) => e.kind === 'note' && e.text.startsWith('A learns S') && e.text.includes('(read from the chain)'),
      ),
    ).toBe(true);
    expect(w.inject('A', claimMsg).error?.kind).toBe('replayed');
    // A hands B the complete update it read from the chain, as after an off-chain claim.
    w.setOnline('B', true);
    expect(w.command('A', { kind: 'PayerHandoff', paymentId })).toBeUndefined();
    w.deliver();
    expect(w.refusals()).toEqual([]);
  });
});
