import { describe, expect, it } from 'vitest';
import { schnorrSign } from '../crypto/schnorr.ts';
import { signInvoice } from './invoice.ts';
import type { Bodies, Envelope } from './messages.ts';
import { mailboxKeys, nodeKeys } from './node.ts';
import { addTweak, pointOfSecret, signOffer } from './ptlc.ts';
import { derive } from './rng.ts';
import { openBundle, sealBundle } from './sealed-payloads.ts';
import { scheme1Steps } from './scenario.ts';
import { forge, nextSeq, take } from './testkit.ts';
import { stepMessage, World } from './world.ts';
import { fromHex, toHex } from './wire.ts';
import { preSign } from '../crypto/adaptor.ts';
import { receiptMsg } from './receipt.ts';
import type { AnyNode } from './world.ts';

/** A world where A has paid and gone offline, B is online and has just sent its invoice (queued, undelivered). */
function invoiceQueued(seed = 11, opts: { mineBlocks?: number } = {}): World {
  const w = new World({ seed, hops: 0, scheme: 1, decorrelate: false });
  const steps = scheme1Steps();
  for (const s of steps.slice(0, 4)) s.run(w);
  if (opts.mineBlocks !== undefined) w.mine(opts.mineBlocks);
  w.setOnline('B', true);
  w.command('B', { kind: 'PayeeFetch' });
  w.deliverOne(); // B → M fetch
  w.deliverOne(); // M → B deliver; B queues its invoice
  return w;
}

/** Hands `raw` to `to` and checks the refusal left its snapshot exactly as it was. */
function refused(w: World, to: string, raw: unknown): { kind: string; detail: string } {
  const before = w.node(to).snapshot;
  const text = JSON.stringify(before);
  const r = w.inject(to, raw);
  expect(r.error).toBeDefined();
  expect(r.snapshot).toBe(before);
  expect(JSON.stringify(w.node(to).snapshot)).toBe(text);
  expect(r.outgoing).toEqual([]);
  return r.error ?? { kind: '', detail: '' };
}

function invoiceOf(e: Envelope): Bodies['Invoice'] {
  if (e.body.kind !== 'Invoice') throw new Error('not an invoice');
  return e.body;
}

describe('every node rejects bad messages with a typed error and an unchanged snapshot', () => {
  it('rejects a message that is not an envelope as malformed', () => {
    const w = invoiceQueued();
    expect(refused(w, 'S', { hello: 'world' }).kind).toBe('malformed');
    expect(refused(w, 'S', null).kind).toBe('malformed');
  });

  it('rejects a hex field of the wrong length as malformed, naming the field path', () => {
    const w = invoiceQueued();
    const inv = take(w, (e) => e.body.kind === 'Invoice');
    const bad = { ...inv, body: { ...inv.body, paymentPoint: invoiceOf(inv).paymentPoint.slice(2) } };
    const e = refused(w, 'S', bad);
    expect(e.kind).toBe('malformed');
    expect(e.detail).toContain('envelope.body.paymentPoint');
    expect(e.detail).toContain('expected point33');
  });

  it('rejects an unknown message kind and an unexpected extra field as malformed', () => {
    const w = invoiceQueued();
    const inv = take(w, (e) => e.body.kind === 'Invoice');
    expect(refused(w, 'S', { ...inv, body: { kind: 'Gimme' } }).detail).toContain('unknown message kind');
    expect(refused(w, 'S', { ...inv, body: { ...inv.body, bonus: 1 } }).detail).toContain('envelope.body.bonus');
  });

  it('rejects an envelope whose body was changed after signing as a forged signature', () => {
    const w = invoiceQueued();
    const inv = take(w, (e) => e.body.kind === 'Invoice');
    expect(refused(w, 'S', { ...inv, body: { ...inv.body, amountSat: 1 } }).kind).toBe('forged-signature');
  });

  it('rejects a message from a node outside the directory, or addressed to someone else', () => {
    const w = invoiceQueued();
    const inv = take(w, (e) => e.body.kind === 'Invoice');
    expect(refused(w, 'S', { ...inv, from: 'P7' }).kind).toBe('forged-signature');
    expect(refused(w, 'A', inv).kind).toBe('malformed');
  });

  it('rejects a replayed message, and one that skips a sequence number as out of order', () => {
    const w = invoiceQueued();
    const inv = take(w, (e) => e.body.kind === 'Invoice');
    const skipped = forge(w, { from: 'B', to: 'S', seq: inv.seq + 1, sessionId: inv.sessionId, body: inv.body });
    expect(refused(w, 'S', skipped).kind).toBe('out-of-order');
    expect(w.inject('S', inv).error).toBeUndefined();
    expect(refused(w, 'S', inv).kind).toBe('replayed');
  });

  it('S rejects an invoice whose payment point is not s_A’s partial-signature point (bad point)', () => {
    const w = invoiceQueued();
    const inv = take(w, (e) => e.body.kind === 'Invoice');
    const bSeed = w.node('B').snapshot.seed;
    const { kind: _k, ...fields } = invoiceOf(inv);
    const other = signInvoice(
      { ...fields, paymentPoint: addTweak(fields.paymentPoint, `${'00'.repeat(31)}01`) },
      { secKey: nodeKeys(bSeed).secKey, auxRand: derive(bSeed, 'x') },
    );
    const e = refused(
      w,
      'S',
      forge(w, { from: 'B', to: 'S', seq: inv.seq, sessionId: inv.sessionId, body: { kind: 'Invoice', ...other } }),
    );
    expect(e.kind).toBe('bad-point');
  });

  it('S rejects an invoice not signed by its payee (forged signature)', () => {
    const w = invoiceQueued();
    const inv = take(w, (e) => e.body.kind === 'Invoice');
    const { kind: _k, ...fields } = invoiceOf(inv);
    const mSeed = w.node('M').snapshot.seed;
    const byM = signInvoice(fields, { secKey: nodeKeys(mSeed).secKey, auxRand: derive(mSeed, 'x') });
    expect(
      refused(
        w,
        'S',
        forge(w, { from: 'B', to: 'S', seq: inv.seq, sessionId: inv.sessionId, body: { kind: 'Invoice', ...byM } }),
      ).kind,
    ).toBe('forged-signature');
  });

  it('S refuses a second invoice for a state it already bought (already bought)', () => {
    const w = invoiceQueued();
    w.deliver();
    const s = w.node('S').snapshot as Extract<AnyNode, { role: 'hub' }>['snapshot'];
    expect(s.sales[0]?.status).toBe('bought');
    const again = forge(w, {
      from: 'B',
      to: 'S',
      seq: nextSeq(w, { from: 'B', to: 'S' }),
      sessionId: s.sales[0]?.paymentId ?? '',
      body: { kind: 'Invoice', ...(s.sales[0]?.invoice ?? ({} as never)) },
    });
    expect(refused(w, 'S', again).kind).toBe('already-bought');
  });

  it('S refuses to buy when the timelocks leave too little time before the expiry (too late)', () => {
    // A pays at height 100 with expiry 244; S's PTLC times out 6 blocks after its offer (R-02-19: h + 6 ≤ 244);
    // at height 240 that is too late.
    const w = invoiceQueued(11, { mineBlocks: 130 });
    expect(w.height).toBe(240);
    w.deliver();
    expect(w.refusals()).toEqual([{ node: 'S', error: expect.objectContaining({ kind: 'too-late' }) }]);
  });

  it('S refuses a PTLC claim that arrives after the timeout (too late), and the PTLC refunds S', () => {
    const w = invoiceQueued();
    w.deliverOne(); // S gets the invoice and offers the PTLC
    w.deliverOne(); // B accepts and claims (both queued)
    w.deliver({ where: (e) => e.body.kind === 'PtlcAccept' }); // S takes B's PtlcAccept
    const claim = take(w, (e) => e.body.kind === 'PtlcClaim');
    w.mine(6);
    expect(refused(w, 'S', claim).kind).toBe('too-late');
    const s = w.node('S').snapshot as Extract<AnyNode, { role: 'hub' }>['snapshot'];
    expect(s.ptlcs[0]?.status).toBe('timed-out');
    expect(s.ledgers[0]?.localSat).toBe(100_000);
  });

  it('S rejects a PTLC claim whose signature does not complete its pre-signature (forged)', () => {
    const w = invoiceQueued();
    w.deliverOne();
    w.deliverOne();
    w.deliver({ where: (e) => e.body.kind === 'PtlcAccept' }); // S takes B's PtlcAccept
    const claim = take(w, (e) => e.body.kind === 'PtlcClaim');
    if (claim.body.kind !== 'PtlcClaim') throw new Error('unreachable');
    const bSeed = w.node('B').snapshot.seed;
    const junk = toHex(
      schnorrSign({ secKey: nodeKeys(bSeed).secKey, msg: new Uint8Array(32), auxRand: new Uint8Array(32) }),
    );
    expect(
      refused(
        w,
        'S',
        forge(w, {
          from: 'B',
          to: 'S',
          seq: claim.seq,
          sessionId: claim.sessionId,
          body: { ...claim.body, sig: junk },
        }),
      ).kind,
    ).toBe('forged-signature');
  });

  it('B rejects a bundle whose partial signature does not verify (forged), and sends no invoice', () => {
    const w = new World({ seed: 13, hops: 0, scheme: 1, decorrelate: false });
    for (const s of scheme1Steps().slice(0, 4)) s.run(w);
    w.setOnline('B', true);
    w.command('B', { kind: 'PayeeFetch' });
    w.deliverOne();
    const deliver = take(w, (e) => e.body.kind === 'MailboxDeliver');
    if (deliver.body.kind !== 'MailboxDeliver') throw new Error('unreachable');
    const item = deliver.body.items[0];
    if (item === undefined) throw new Error('no bundle');
    const aSeed = w.node('A').snapshot.seed;
    const bSeed = w.node('B').snapshot.seed;
    const bundle = openBundle({
      recipientSecKey: mailboxKeys(bSeed).secKey,
      sealedHex: item.sealed,
      expectedSenderKeyHex: w.node('B').snapshot.directory.A?.node ?? '',
    });
    const wrong = { ...bundle, partialSig: bundle.partialSig.replace(/.$/, (c) => (c === '0' ? '1' : '0')) };
    const sealed = sealBundle({
      senderSecKey: nodeKeys(aSeed).secKey,
      recipientKeyHex: w.node('A').snapshot.directory.B?.mailbox ?? '',
      bundle: wrong,
      rand: new Uint8Array(32),
    });
    const forged = forge(w, {
      from: 'M',
      to: 'B',
      seq: deliver.seq,
      sessionId: deliver.sessionId,
      body: { kind: 'MailboxDeliver', items: [{ sender: 'A', sealed }] },
    });
    expect(refused(w, 'B', forged).kind).toBe('forged-signature');
    // A tampered ciphertext is refused too.
    const flipped = item.sealed.slice(0, -2) + (item.sealed.endsWith('00') ? '01' : '00');
    const tampered = forge(w, {
      from: 'M',
      to: 'B',
      seq: deliver.seq,
      sessionId: deliver.sessionId,
      body: { kind: 'MailboxDeliver', items: [{ sender: 'A', sealed: flipped }] },
    });
    expect(refused(w, 'B', tampered).kind).toBe('forged-signature');
    expect(pointOfSecret(bundle.partialSig)).toMatch(/^0[23]/);
  });

  it('B refuses a PTLC locked to a point other than its invoice’s (bad point)', () => {
    const w = invoiceQueued();
    w.deliverOne(); // S offers
    const offer = take(w, (e) => e.body.kind === 'PtlcOffer');
    if (offer.body.kind !== 'PtlcOffer') throw new Error('unreachable');
    const hub = w.node('S');
    if (hub.role !== 'hub') throw new Error('unreachable');
    const point = addTweak(offer.body.point, `${'00'.repeat(31)}05`);
    // S's own signatures over the other point, on its channel with B as it stood before the offer.
    const ledger = { ...hub.snapshot.ledgers[0]!, localSat: hub.snapshot.ledgers[0]!.localSat + offer.body.amountSat };
    const { preSig, stateSig } = signOffer({
      terms: { ...offer.body, point },
      ledger,
      seed: hub.snapshot.seed,
      auxRand: new Uint8Array(32),
    });
    const e = refused(
      w,
      'B',
      forge(w, {
        from: 'S',
        to: 'B',
        seq: offer.seq,
        sessionId: offer.sessionId,
        body: { ...offer.body, point, preSig, stateSig },
      }),
    );
    expect(e.kind).toBe('bad-point');
  });

  it('A rejects a state proof whose invoice B did not sign (forged)', () => {
    const w = invoiceQueued();
    w.deliver();
    w.setOnline('A', true);
    w.command('A', { kind: 'PayerReturn' });
    w.deliverOne();
    const proof = take(w, (e) => e.body.kind === 'StateProof');
    if (proof.body.kind !== 'StateProof') throw new Error('unreachable');
    const bad = { ...proof.body, invoice: { ...proof.body.invoice, amountSat: 1 } };
    expect(
      refused(w, 'A', forge(w, { from: 'S', to: 'A', seq: proof.seq, sessionId: proof.sessionId, body: bad })).kind,
    ).toBe('forged-signature');
  });
});

describe('values that fit the field length but not the curve (R-07-01)', () => {
  it('rejects an invoice whose payment point is not on the curve, and a partial signature ≥ n, as malformed', () => {
    const w = invoiceQueued();
    const inv = take(w, (e) => e.body.kind === 'Invoice');
    const offCurve = `02${'ff'.repeat(32)}`;
    const e1 = refused(
      w,
      'S',
      forge(w, {
        from: 'B',
        to: 'S',
        seq: inv.seq,
        sessionId: inv.sessionId,
        body: { ...invoiceOf(inv), paymentPoint: offCurve },
      }),
    );
    expect(e1).toMatchObject({ kind: 'malformed' });
    expect(e1.detail).toContain('envelope.body.paymentPoint: expected point33');
    const big = 'ff'.repeat(32);
    const e2 = refused(
      w,
      'S',
      forge(w, {
        from: 'B',
        to: 'S',
        seq: inv.seq,
        sessionId: inv.sessionId,
        body: { kind: 'SettlementSig', state: 1, partialSig: big },
      }),
    );
    expect(e2.detail).toContain('envelope.body.partialSig: expected scalar32');
  });

  it('rejects a public nonce that is not a pair of curve points as malformed', () => {
    const w = new World({ seed: 17, hops: 0, scheme: 1, decorrelate: false });
    w.command('A', { kind: 'PayerPay', payee: 'B', amountSat: 1_000, feeSat: 10, expiryHeight: w.height + 100 });
    const prop = take(w, (e) => e.body.kind === 'ProposeState');
    if (prop.body.kind !== 'ProposeState') throw new Error('unreachable');
    const bad = forge(w, {
      from: 'A',
      to: 'S',
      seq: prop.seq,
      sessionId: prop.sessionId,
      body: { ...prop.body, updateNonce: `02${'ff'.repeat(32)}${prop.body.updateNonce.slice(66)}` },
    });
    expect(refused(w, 'S', bad).kind).toBe('malformed');
  });
});

describe('the receipt variant’s check before buying (R-06-08)', () => {
  it('S refuses an invoice whose receipt pre-signature is not encrypted to T + T_S (forged)', () => {
    const w = new World({ seed: 19, hops: 0, scheme: 1, decorrelate: false, receipt: true });
    for (const s of scheme1Steps().slice(0, 4)) s.run(w);
    w.setOnline('B', true);
    w.command('B', { kind: 'PayeeFetch' });
    w.deliverOne();
    w.deliverOne();
    const inv = take(w, (e) => e.body.kind === 'Invoice');
    const { kind: _k, payeeSig: _s, receiptPreSig: _r, ...fields } = invoiceOf(inv);
    const bSeed = w.node('B').snapshot.seed;
    const secKey = nodeKeys(bSeed).secKey;
    // A pre-signature encrypted to T alone: S could complete it with s_A before paying B anything.
    const cheap = toHex(
      preSign({
        secKey,
        msg: receiptMsg(fields),
        adaptorPoint: fromHex(fields.paymentPoint),
        auxRand: new Uint8Array(32),
      }),
    );
    const resigned = signInvoice({ ...fields, receiptPreSig: cheap }, { secKey, auxRand: new Uint8Array(32) });
    const e = refused(
      w,
      'S',
      forge(w, { from: 'B', to: 'S', seq: inv.seq, sessionId: inv.sessionId, body: { kind: 'Invoice', ...resigned } }),
    );
    expect(e).toMatchObject({ kind: 'forged-signature' });
    expect(e.detail).toContain('receiptPreSig');
    // The honest invoice is accepted.
    expect(w.inject('S', inv).error).toBeUndefined();
  });
});

describe("S's chain check before buying, on the message step itself (R-02-21)", () => {
  it('refuses as too late an invoice that comes after A put U(n) on chain, with an unchanged snapshot; without a chain view it could not tell', () => {
    const w = new World({ seed: 39, hops: 0, scheme: 1, decorrelate: false });
    w.command('A', { kind: 'PayerUpdate', giveSat: 1_000 });
    w.deliver();
    const [offline, pay] = scheme1Steps();
    for (const s of [offline, pay]) s?.run(w);
    w.setOnline('A', false);
    const u1 = w.publishUpdate('A', { party: 'A', state: 1 });
    expect(u1.ok).toBe(true);
    w.mine(6); // the invoice at h_u + 6: 6 + ptlc timeout 6 + margin 1 > csv 12
    w.setOnline('B', true);
    w.command('B', { kind: 'PayeeFetch' });
    w.deliverOne(); // B → M fetch
    w.deliverOne(); // M → B deliver; B queues its invoice
    const inv = take(w, (e) => e.body.kind === 'Invoice');
    expect(stepMessage(w.node('S'), inv, w.height).error).toBeUndefined();
    const e = refused(w, 'S', inv);
    expect(e.kind).toBe('too-late');
    expect(e.detail).toContain('rebind');
  });
});
