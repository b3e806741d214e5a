import { describe, expect, it } from 'vitest';
import { isInputError } from '../../util/input-error.ts';
import { checkDemoOptions, formatDemo, runDemo } from './demo.ts';

describe('the demo run', () => {
  const t = runDemo({ hops: 1, scheme: 1, decorrelate: true, seed: 9 });

  it('completes scheme 1 over one routing node and the chain confirms U(1) then St(1) a CSV delay later', () => {
    expect(t.completed).toBe(true);
    expect(t.chain.map((c) => [c.node, c.tx, c.confirmed])).toEqual([
      ['S', 'U(1)', true],
      ['S', 'St(1)', true],
    ]);
    expect((t.chain[1]?.height ?? 0) - (t.chain[0]?.height ?? 0)).toBe(t.config.params.csvDelayBlocks);
  });

  it('records every message with its envelope and the balances after each step', () => {
    const kinds = t.steps.flatMap((s) => s.messages.map((m) => m.kind));
    expect(kinds).toEqual([
      'ProposeState',
      'AcceptState',
      'SettlementSig',
      'SettlementSig',
      'MailboxStore',
      'MailboxFetch',
      'MailboxDeliver',
      'Invoice',
      'PtlcOffer',
      'PtlcAccept',
      'PtlcOffer',
      'PtlcAccept',
      'PtlcClaim',
      'PtlcClaim',
      'PayerReturn',
      'StateProof',
    ]);
    const last = t.steps[t.steps.length - 1];
    expect(last?.balances.find((b) => b.node === 'A' && b.kind === 'eltoo')).toMatchObject({
      state: 1,
      localSat: 89_900,
    });
  });

  it('lists S’s broadcastable U(1) with raw hex and the prevout, leaf and control block to check it', () => {
    const afterSale = t.steps.find((s) => s.step.startsWith('B comes online'));
    const [u] = afterSale?.broadcastable.S ?? [];
    expect(u?.name).toBe('U(1)');
    expect(u?.hex).toMatch(/^[0-9a-f]+$/);
    expect(u?.spends[0]).toMatchObject({ inputIndex: 0, prevout: { amountSat: 200_000, vout: 0 } });
    expect(u?.spends[0]?.tapleafScript).toMatch(/^[0-9a-f]+$/);
    expect(afterSale?.broadcastable.A).toEqual([]);
  });

  it('is the same byte for byte for the same seed, and differs for another seed', () => {
    expect(JSON.stringify(runDemo({ hops: 1, scheme: 1, decorrelate: true, seed: 9 }))).toBe(JSON.stringify(t));
    expect(runDemo({ hops: 1, scheme: 1, decorrelate: true, seed: 10 }).chain[0]?.txid).not.toBe(t.chain[0]?.txid);
  });

  it('runs scheme 2 to a confirmed B–S settlement', () => {
    const t2 = runDemo({ hops: 0, scheme: 2, decorrelate: false, seed: 9 });
    expect(t2.completed).toBe(true);
    expect(t2.chain.map((c) => c.node)).toEqual(['B', 'B']);
    expect(formatDemo(t2)).toContain('payment completed and enforced on chain');
  });

  it('rejects bad options with an InputError naming the flag', () => {
    const bad = [
      { hops: -1, scheme: 1, decorrelate: false, seed: 0 },
      { hops: 99, scheme: 1, decorrelate: false, seed: 0 },
      { hops: 1, scheme: 2, decorrelate: false, seed: 0 },
      { hops: 0, scheme: 3, decorrelate: false, seed: 0 },
    ] as const;
    for (const o of bad) {
      let err: unknown;
      try {
        checkDemoOptions(o as never);
      } catch (e) {
        err = e;
      }
      expect(isInputError(err)).toBe(true);
      expect((err as Error).message).toMatch(/^--(hops|scheme)/);
    }
  });
});

describe('the demo run with the timeout variant', () => {
  it('moves the pending amount to S in state 2 and settles that state on chain', () => {
    const t = runDemo({ hops: 0, scheme: 1, decorrelate: false, seed: 9, timeout: true });
    expect(t.completed).toBe(true);
    expect(t.chain.map((c) => c.tx)).toEqual(['U(2)', 'St(2)']);
  });
});
