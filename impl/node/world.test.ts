import { describe, expect, it } from 'vitest';
import { World } from './world.ts';

describe('the world driver', () => {
  it('keeps messages for an offline node queued until it is back, and delivers them in order', () => {
    const w = new World({ seed: 61, hops: 0, scheme: 1, decorrelate: false });
    w.setOnline('S', false);
    w.command('A', { kind: 'PayerPay', payee: 'B', amountSat: 1_000, feeSat: 10, expiryHeight: w.height + 100 });
    w.deliver();
    expect(w.queued()).toHaveLength(1);
    w.setOnline('S', true);
    w.deliver();
    expect(w.queued()).toHaveLength(0);
    expect(w.refusals()).toEqual([]);
  });

  it('lets a test choose which message goes first; a later message of the same stream is then out of order', () => {
    const w = new World({ seed: 62, hops: 0, scheme: 1, decorrelate: false });
    w.command('A', { kind: 'PayerPay', payee: 'B', amountSat: 1_000, feeSat: 10, expiryHeight: w.height + 100 });
    w.command('A', { kind: 'PayerReturn' }); // a second A → S message (seq 2) behind the first
    w.deliver({ max: 1, where: (e) => e.body.kind === 'PayerReturn' });
    expect(w.refusals()).toEqual([{ node: 'S', error: expect.objectContaining({ kind: 'out-of-order' }) }]);
    w.deliver({ max: 1 });
    expect(w.refusals()).toHaveLength(1);
  });

  it('the chain is the only clock: the world’s height is the chain’s, moved only by mining', () => {
    const w = new World({ seed: 63, hops: 0, scheme: 1, decorrelate: false, startHeight: 200 });
    expect(w.height).toBe(200);
    w.mine(5);
    expect(w.height).toBe(205);
    expect(w.chain.height).toBe(205);
  });
});
