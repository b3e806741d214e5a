/** The shared action values (made once, reused by every state) and their labels. */
import { describe, expect, it } from 'vitest';
import {
  confirmAction,
  forwardAction,
  hopAction,
  labelOf,
  partyAction,
  publishStaleAction,
  publishUpdateAction,
} from './actions.ts';
import { A, M, S, routerIndex } from '../parties.ts';

describe('shared action values', () => {
  it('are the literal actions, fields in the same order, and one value per fields', () => {
    const claim = hopAction('ClaimPtlc', 2, routerIndex(3));
    expect(JSON.stringify(claim)).toBe(JSON.stringify({ kind: 'ClaimPtlc', hop: 2, party: routerIndex(3) }));
    expect(hopAction('ClaimPtlc', 2, routerIndex(3))).toBe(claim);
    expect(hopAction('RefundPtlc', 2, routerIndex(3))).not.toBe(claim);
    expect(hopAction('ClaimPtlc', 1, routerIndex(3))).not.toBe(claim);
    expect(JSON.stringify(publishUpdateAction(S, 1))).toBe('{"kind":"PublishUpdate","party":1,"state":1}');
    expect(JSON.stringify(publishStaleAction(A, 2))).toBe('{"kind":"PublishStaleUpdate","party":0,"depth":2}');
    expect(JSON.stringify(partyAction('PublishSettlement', M))).toBe('{"kind":"PublishSettlement","party":3}');
    expect(JSON.stringify(forwardAction(3))).toBe('{"kind":"RouterForwardPtlc","hop":3}');
    expect(JSON.stringify(confirmAction(5))).toBe('{"kind":"ChainConfirm","index":5}');
    expect(confirmAction(5)).toBe(confirmAction(5));
  });

  it('refuse a field outside their table rather than share a wrong value', () => {
    expect(() => hopAction('ClaimPtlc', 16, S)).toThrow(/field 16 outside 0..15/);
    expect(() => publishUpdateAction(S, -1)).toThrow(/field -1 outside/);
  });

  it('label as before: the role of the party, then the kind', () => {
    expect(labelOf(hopAction('ClaimPtlc', 0, routerIndex(1)))).toBe('RouterClaimPtlc');
    expect(labelOf({ kind: 'ClaimPtlc', hop: 0, party: 2 })).toBe('PayeeClaimPtlc');
    expect(labelOf(publishUpdateAction(S, 1))).toBe('HubPublishUpdate');
    expect(labelOf(partyAction('PublishSettlement', A))).toBe('PayerPublishSettlement');
    expect(labelOf({ kind: 'ChainAdvance' })).toBe('ChainAdvance');
  });
});
