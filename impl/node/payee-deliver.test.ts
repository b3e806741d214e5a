/**
 * B judges each item of a mailbox delivery on its own (R-02-09, R-02-10): a deviating A that stores garbage or
 * its bundle twice at M cannot keep B from invoicing the genuine bundle. In scheme 2, A does the same with B's
 * bundles (R-05-06).
 */
import { describe, expect, it } from 'vitest';
import type { Bodies, Envelope } from './messages.ts';
import { scheme1Steps, scheme2Steps } from './scenario.ts';
import { forge, take } from './testkit.ts';
import { World } from './world.ts';

/** A world where A's bundle waits at M and M's delivery to B has been taken off the network. */
function deliveryTaken(): { w: World; delivery: Envelope; items: Bodies['MailboxDeliver']['items'] } {
  const w = new World({ seed: 11, hops: 0, scheme: 1, decorrelate: false });
  for (const s of scheme1Steps().slice(0, 4)) s.run(w);
  w.setOnline('B', true);
  w.command('B', { kind: 'PayeeFetch' });
  w.deliverOne(); // B → M fetch; M's delivery is queued for B
  const delivery = take(w, (e) => e.body.kind === 'MailboxDeliver');
  if (delivery.body.kind !== 'MailboxDeliver') throw new Error('not a delivery');
  expect(delivery.body.items).toHaveLength(1);
  return { w, delivery, items: delivery.body.items };
}

function deliver(w: World, delivery: Envelope, items: Bodies['MailboxDeliver']['items']) {
  const env = forge(w, { ...delivery, body: { kind: 'MailboxDeliver', items } });
  return w.inject('B', env);
}

const invoices = (r: { outgoing: readonly unknown[] }) =>
  r.outgoing.filter((e) => (e as Envelope).body.kind === 'Invoice');

describe("B's mailbox delivery, item by item", () => {
  it('invoices the genuine bundle once when A stored it twice', () => {
    const { w, delivery, items } = deliveryTaken();
    const r = deliver(w, delivery, [items[0]!, items[0]!]);
    expect(r.error).toBeUndefined();
    expect(invoices(r)).toHaveLength(1);
  });

  it('invoices the genuine bundle behind a garbage item, and notes the discarded one by its guard', () => {
    const { w, delivery, items } = deliveryTaken();
    const genuine = items[0]!;
    const flipped = genuine.sealed.slice(0, -2) + (genuine.sealed.endsWith('00') ? '01' : '00');
    const r = deliver(w, delivery, [{ ...genuine, sealed: flipped }, genuine]);
    expect(r.error).toBeUndefined();
    expect(invoices(r)).toHaveLength(1);
    expect(r.notes.some((n) => n.includes('payee:deliver-unseal-failed'))).toBe(true);
  });

  it('refuses a delivery with no good item, naming the first bad one, and keeps its snapshot', () => {
    const { w, delivery, items } = deliveryTaken();
    const genuine = items[0]!;
    const before = JSON.stringify(w.node('B').snapshot);
    const flipped = genuine.sealed.slice(0, -2) + (genuine.sealed.endsWith('00') ? '01' : '00');
    const r = deliver(w, delivery, [{ ...genuine, sealed: flipped }]);
    expect(r.error?.guard).toBe('payee:deliver-unseal-failed');
    expect(JSON.stringify(w.node('B').snapshot)).toBe(before);
  });
});

describe("scheme 2: A's mailbox delivery, item by item", () => {
  it("buys S's signature once when B stored its bundle twice, and behind a garbage item", () => {
    const w = new World({ seed: 54, hops: 0, scheme: 2, decorrelate: false });
    for (const s of scheme2Steps().slice(0, 4)) s.run(w);
    w.setOnline('A', true);
    w.command('A', { kind: 'PayerFetch' });
    w.deliverOne(); // A → M fetch; M's delivery is queued for A
    const delivery = take(w, (e) => e.body.kind === 'MailboxDeliver');
    if (delivery.body.kind !== 'MailboxDeliver') throw new Error('not a delivery');
    const genuine = delivery.body.items[0]!;
    const flipped = genuine.sealed.slice(0, -2) + (genuine.sealed.endsWith('00') ? '01' : '00');
    const r = w.inject(
      'A',
      forge(w, {
        ...delivery,
        body: { kind: 'MailboxDeliver', items: [{ ...genuine, sealed: flipped }, genuine, genuine] },
      }),
    );
    expect(r.error).toBeUndefined();
    expect(r.outgoing.filter((e) => (e as Envelope).body.kind === 'PtlcOffer')).toHaveLength(1);
    expect(r.notes.some((n) => n.includes('payer:deliver-unseal-failed'))).toBe(true);
    expect(r.notes.some((n) => n.includes('payer:bundle-already-bought'))).toBe(true);
  });
});
