/**
 * A successor's words written from its parent's equal the words of the successor next.ts builds, for every
 * reachable state and enabled action of several variants; the actions not handled give −1.
 */
import { describe, expect, it } from 'vitest';
import { MAX_WORDS, encodeWords } from './encode.ts';
import { successorWords } from './successor-words.ts';
import { CASES, reachable } from './testing/reachable.ts';

/** The kinds `successorWords` writes (the others give −1). */
const HANDLED = new Set([
  'CoalitionShare',
  'HubRecover',
  'HubCrash',
  'PayerComeBack',
  'PayerResign',
  'ResellSecret',
  'HubPersist',
  'EclipseCatchUp',
  'PublishUpdate',
  'PublishSettlement',
  'ChainAdvance',
  'PayeeComeOnline',
  'MailboxDeliver',
  'PayeeSendInvoice',
  'PayerHubFinish',
  'RefundPtlc',
]);

/** The flaw whose resignation reuses nonce slot 0 (the others mark slot 1). */
const NONCE_REUSE: readonly [string, Record<string, unknown>] = ['flaw-nonce-reuse-on-resign', { maxHeight: 5 }];

describe('successorWords', () => {
  const written = new Map<string, number>();
  for (const [name, over] of [...CASES.map(([n, o]) => [n, o] as const), NONCE_REUSE]) {
    it(`writes next's words for the handled actions of every reachable state of ${name} ${JSON.stringify(over)}`, () => {
      const { model, states } = reachable(name, over);
      expect(states.length).toBeGreaterThan(100);
      const parent = new Int32Array(2 + MAX_WORDS);
      const out = new Int32Array(3 + MAX_WORDS);
      const expected = new Int32Array(MAX_WORDS);
      let handled = 0;
      for (const s of states) {
        const parentEnd = encodeWords(s, parent, 2);
        for (const a of model.actions(s)) {
          // Leftovers from the last action must not pass for written words.
          out.fill(-7);
          const end = successorWords(model.ctx, s, a, parent, 2, out, 3);
          if (!HANDLED.has(a.kind)) {
            expect(end).toBe(-1);
            continue;
          }
          if (end < 0) continue;
          handled++;
          written.set(a.kind, (written.get(a.kind) ?? 0) + 1);
          const expectedEnd = encodeWords(model.next(s, a), expected, 0);
          const got = Array.from(out.subarray(3, end));
          const want = Array.from(expected.subarray(0, expectedEnd));
          if (got.join() !== want.join()) expect({ action: a, words: got }).toEqual({ action: a, words: want });
          // The parent's words are only read.
          expect(parentEnd).toBe(encodeWords(s, expected, 0) + 2);
        }
      }
      expect(handled).toBeGreaterThan(0);
    });
  }

  it('wrote words for each handled kind in the cases above', () => {
    expect([...written.keys()].sort()).toEqual([...HANDLED].sort());
  });
});
