/** The shared views and a few predicates on hand-made states (each clause can fail, with a clear message). */
import { describe, expect, it } from 'vitest';
import { decodeConfig } from '../model/config.ts';
import { buildVariant } from '../variants/index.ts';
import { K_SA, K_SS1, K_ST1, K_U0 } from '../model/scheme1/knowledge.ts';
import type { ProtocolModel } from '../model/scheme1/machine.ts';
import { A, S } from '../model/parties.ts';
import type { ProtocolState } from '../model/scheme1/state.ts';
import { VARIANTS } from '../model/scheme1/variants.ts';
import { coalitionLinks, payerGuaranteed } from './views.ts';
import { PAID, TO_OFFER } from '../model/scheme1/paths.ts';

function variant(name: string, over: Record<string, unknown> = {}): ProtocolModel {
  const v = VARIANTS.find((x) => x.name === name)!;
  return buildVariant(name, decodeConfig({ ...v.defaults, ...over }));
}

function walk(m: ProtocolModel, steps: readonly string[]): ProtocolState {
  let s = m.init()[0]!;
  for (const label of steps) {
    const a = m.actions(s).find((x) => m.describe(x).label === label);
    if (a === undefined) throw new Error(`${label} not enabled`);
    s = m.next(s, a);
  }
  return s;
}

function withKnows(s: ProtocolState, party: number, mask: number): ProtocolState {
  const knows = [...s.knows];
  knows[party] = mask;
  return { ...s, knows };
}

function pred(m: ProtocolModel, name: string): (s: ProtocolState) => boolean | string {
  const p = m.properties.find((x) => x.name === name);
  if (p === undefined || p.kind !== 'always') throw new Error(`no always property ${name}`);
  return p.pred;
}

describe("A's guaranteed balance", () => {
  it('is 10 before anything happens and 6 (its floor) once S bought s_A', () => {
    const m = variant('scheme1-direct');
    expect(payerGuaranteed(m.ctx, m.init()[0]!)).toBe(10);
    expect(payerGuaranteed(m.ctx, walk(m, PAID))).toBe(6);
  });

  it('is 0 when a deviating S holds a complete U(n+1) that nobody can settle', () => {
    const m = variant('scheme1-direct', { deviating: ['S'] });
    const s = withKnows(m.init()[0]!, S, K_U0 | K_SS1 | K_SA);
    expect(payerGuaranteed(m.ctx, s)).toBe(0);
    expect(pred(m, 'hubCannotSteal.payerBalanceFloor')(s)).toBe('A is guaranteed only 0 < 6');
  });

  it('ignores an update an honest holder would never publish without its settlement', () => {
    const m = variant('scheme1-direct', { deviating: [] });
    expect(payerGuaranteed(m.ctx, withKnows(m.init()[0]!, S, K_U0 | K_SS1 | K_SA))).toBe(10);
    expect(payerGuaranteed(m.ctx, withKnows(m.init()[0]!, S, K_U0 | K_SS1 | K_SA | K_ST1))).toBe(6);
  });
});

describe('linkability', () => {
  const path = [...TO_OFFER, 'RouterForwardPtlc', 'RouterForwardPtlc'];

  it('links A to B for {S, P2} with the same point on every hop', () => {
    const m = variant('scheme1-split-same-point');
    expect(coalitionLinks(m.ctx, walk(m, path))).toBe(true);
  });

  it('does not link them for {S, P2} with decorrelated points', () => {
    const m = variant('scheme1-split-decorrelated');
    expect(coalitionLinks(m.ctx, walk(m, path))).toBe(false);
  });

  it('links them when the coalition holds every tweak ({S, P1, P2}, decorrelated)', () => {
    const m = variant('scheme1-split-decorrelated', { deviating: ['S', 'P1', 'P2'] });
    const s = walk(m, [...path.slice(0, 6), 'RouterForwardPtlc', 'RouterForwardPtlc', 'CoalitionShare']);
    expect(coalitionLinks(m.ctx, s)).toBe(true);
  });
});

describe('predicates explain their failures', () => {
  const m = variant('scheme1-direct', { deviating: [] });
  const s0 = m.init()[0]!;

  it('conservation.total names the wrong sum', () => {
    expect(pred(m, 'conservation.total')({ ...s0, channelSat: 19 })).toBe('funds sum to 29, not 30');
  });

  it('nonceSafety.noReuse names the reused nonce', () => {
    expect(pred(m, 'nonceSafety.noReuse')({ ...s0, nonceUses: [3, 0] })).toBe(
      "A's nonce r1 signed 2 different messages",
    );
  });

  it('atomicSale.hubLearnsOnlyIfClaimed fires when S knows s_A unpaid', () => {
    expect(pred(m, 'atomicSale.hubLearnsOnlyIfClaimed')(withKnows(s0, S, K_U0 | K_SS1 | K_SA))).toBe(
      'S knows s_A but neither it nor its coalition paid for it',
    );
  });

  it('proofOfPayment.payerHoldsProof fires when A accepted without a receipt', () => {
    expect(pred(m, 'proofOfPayment.payerHoldsProof')({ ...s0, phase: 'paid' })).toBe(
      'A accepted the payment without any proof that B was paid',
    );
  });

  it('payeeNotCheated.secretOnlyForPayment names who knows s_A', () => {
    expect(pred(m, 'payeeNotCheated.secretOnlyForPayment')(withKnows(s0, S, K_SA))).toBe(
      'S knows s_A but B was not paid',
    );
    expect(pred(m, 'payeeNotCheated.secretOnlyForPayment')(withKnows(s0, A, K_SA))).toBe(true);
  });
});
