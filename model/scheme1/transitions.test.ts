/** Single transitions and guards, driven from the initial state by action labels. */
import { describe, expect, it } from 'vitest';
import { buildMachine, type ProtocolModel } from './machine.ts';
import type { ProtocolConfig } from '../config.ts';
import type { ProtocolState } from './state.ts';
import { K_FORGED, K_SA, closeKnowledge, kRel, kSec } from './knowledge.ts';
import { A, B, S, routerIndex } from '../parties.ts';
import { holdsUpdate } from './context.ts';
import { decodeConfig } from '../config.ts';
import { VARIANTS } from './variants.ts';

function labels(m: ProtocolModel, s: ProtocolState): string[] {
  return m.actions(s).map((a) => m.describe(a).label);
}

/** Takes the actions with these labels in order (the first enabled one of each label). */
function walk(m: ProtocolModel, steps: readonly string[], from?: ProtocolState): ProtocolState {
  let s = from ?? m.init()[0]!;
  for (const label of steps) {
    const a = m.actions(s).find((x) => m.describe(x).label === label);
    if (a === undefined) throw new Error(`${label} is not enabled; enabled: ${labels(m, s).join(', ')}`);
    s = m.next(s, a);
  }
  return s;
}

/** The variant's machine alone (its properties are not needed here: they live in properties/). */
function buildVariant(name: string, config: ProtocolConfig): ProtocolModel {
  const v = VARIANTS.find((x) => x.name === name)!;
  return buildMachine({ name, config, switches: v.switches, properties: () => [], expect: () => ({}) });
}

function variant(name: string, over: Record<string, unknown> = {}): ProtocolModel {
  const v = VARIANTS.find((x) => x.name === name)!;
  return buildVariant(name, decodeConfig({ ...v.defaults, ...over }));
}

const TO_INVOICE = [
  'PayerHubSignSettlement',
  'PayerSendBundle',
  'PayerComeBack',
  'PayeeComeOnline',
  'MailboxDeliver',
  'PayeeSendInvoice',
];

describe('S buying s_A', () => {
  it('refuses to buy a signature for a superseded state', () => {
    const m = variant('scheme1-direct', { deviating: ['A', 'B'] });
    const s = walk(m, [...TO_INVOICE, 'PayerHubCancel']);
    expect(s.phase).toBe('cancelled');
    expect(labels(m, s)).not.toContain('HubCheckAndOfferPtlc');
  });

  it('buys it anyway when the hub skips its state check (the flaw)', () => {
    const m = variant('flaw-hub-skips-state-check');
    const s = walk(m, [...TO_INVOICE, 'PayerHubCancel']);
    expect(labels(m, s)).toContain('HubCheckAndOfferPtlc');
  });

  it('refuses a second invoice for a state it already bought (R-02-18)', () => {
    const m = variant('scheme1-direct', { deviating: ['B'] });
    const s = walk(m, [...TO_INVOICE, 'HubCheckAndOfferPtlc', 'PayeeResellSecret']);
    expect(s.resale).toEqual({ from: 2, paid: false });
    expect(labels(m, s)).not.toContain('HubPayResale');
  });

  it('pays the second invoice when the hub skips its state check (the flaw): amt moves from S to the seller', () => {
    const m = variant('flaw-hub-skips-state-check', { deviating: ['B'] });
    const before = walk(m, [...TO_INVOICE, 'HubCheckAndOfferPtlc', 'PayeeResellSecret']);
    expect(labels(m, before)).toContain('HubPayResale');
    const after = walk(m, ['HubPayResale'], before);
    expect(after.resale).toEqual({ from: 2, paid: true });
    expect([after.wallet[S], after.wallet[2]]).toEqual([(before.wallet[S] ?? 0) - 3, (before.wallet[2] ?? 0) + 3]);
  });

  it('gets no second invoice from an honest B', () => {
    const m = variant('flaw-hub-skips-state-check', { deviating: [] });
    expect(labels(m, walk(m, [...TO_INVOICE, 'HubCheckAndOfferPtlc']))).not.toContain('PayeeResellSecret');
  });

  it('refuses when its PTLC would outlive the bundle (R-02-19)', () => {
    const m = variant('scheme1-direct', {
      deviating: [],
      mailboxExpiryBlocks: 3,
      ptlcTimeoutBlocks: 2,
      csvDelayBlocks: 3,
    });
    const s = walk(m, [
      'PayerHubSignSettlement',
      'PayerSendBundle',
      'ChainAdvance',
      'ChainAdvance',
      'PayeeComeOnline',
      'MailboxDeliver',
      'PayeeSendInvoice',
    ]);
    expect(s.height).toBe(2);
    expect(labels(m, s)).not.toContain('HubCheckAndOfferPtlc');
  });

  it('refuses when its PTLC timeout exceeds the CSV delay (R-02-20), even under a config the decoder would reject', () => {
    const defaults = VARIANTS.find((x) => x.name === 'scheme1-direct')!.defaults;
    const m = buildVariant('scheme1-direct', {
      ...defaults,
      deviating: [],
      ptlcTimeoutBlocks: 3,
      csvDelayBlocks: 2,
      mailboxExpiryBlocks: 5,
    });
    const s = walk(m, TO_INVOICE);
    expect(labels(m, s)).not.toContain('HubCheckAndOfferPtlc');
  });

  it('moves hop 0 amount out of S and reveals s_A to S on the claim', () => {
    const m = variant('scheme1-direct', { deviating: [] });
    const before = walk(m, TO_INVOICE);
    const offered = walk(m, ['HubCheckAndOfferPtlc'], before);
    expect(offered.wallet[S]).toBe((before.wallet[S] ?? 0) - 3);
    expect(offered.hops[0]).toEqual({ status: 'offered', timeoutHeight: 1 });
    const claimed = walk(m, ['PayeeClaimPtlc'], offered);
    expect(claimed.hops[0]?.status).toBe('claimed');
    expect(((claimed.knows[S] ?? 0) & K_SA) !== 0).toBe(true);
  });
});

describe('equivocation (R-09-14)', () => {
  const has = (s: ProtocolState, p: number, bits: number): boolean => ((s.knows[p] ?? 0) & bits) === bits;

  it('a forged bundle passes B, whose honest invoice an honest S then refuses for good', () => {
    const m = variant('scheme1-direct', { deviating: ['A'] });
    const s = walk(m, ['PayerHubSignSettlement', 'PayerForgeBundle', 'PayeeComeOnline', 'MailboxDeliver']);
    expect([s.forged, s.nonceUses[0], has(s, B, K_FORGED), has(s, B, K_SA), has(s, A, K_SA)]).toEqual([
      1,
      4,
      true,
      false,
      false,
    ]);
    expect(labels(m, s)).toContain('PayeeSendInvoice');
    const invoiced = walk(m, ['PayeeSendInvoice'], s);
    expect(invoiced.forged).toBe(3);
    expect(labels(m, invoiced)).not.toContain('HubCheckAndOfferPtlc');
    // Time passes (the refusal is not an honest step pending) and the invoice stays refused.
    expect(labels(m, walk(m, ['ChainAdvance'], invoiced))).not.toContain('HubCheckAndOfferPtlc');
  });

  it('offers a deviating A the forged bundle only where it could send the real one, and never to an honest A', () => {
    const honest = variant('scheme1-direct', { deviating: [] });
    expect(labels(honest, walk(honest, ['PayerHubSignSettlement']))).not.toContain('PayerForgeBundle');
    const m = variant('scheme1-direct', { deviating: ['A'] });
    expect(labels(m, m.init()[0]!)).not.toContain('PayerForgeBundle');
    expect(labels(m, walk(m, ['PayerHubSignSettlement']))).toEqual(
      expect.arrayContaining(['PayerSendBundle', 'PayerForgeBundle']),
    );
  });

  it('a forged invoice paid by the point-check flaw teaches S a secret that completes nothing, and unties the path from s_A', () => {
    const m = variant('flaw-hub-skips-point-check');
    const forged = walk(m, [
      'PayerHubSignSettlement',
      'PayerSendBundle',
      'PayeeComeOnline',
      'MailboxDeliver',
      'PayeeForgeInvoice',
    ]);
    // Same point: before, everyone holding s_A could derive hop 0's secret; after, only the forged secret's holder (B).
    expect([has(forged, A, K_SA), has(forged, A, kSec(0)), has(forged, B, K_FORGED | kSec(0))]).toEqual([
      true,
      false,
      true,
    ]);
    const claimed = walk(m, ['HubCheckAndOfferPtlc', 'PayeeClaimPtlc'], forged);
    expect([
      claimed.hops[0]?.status,
      has(claimed, S, kSec(0) | K_FORGED),
      has(claimed, S, K_SA),
      holdsUpdate(claimed, S, 1),
    ]).toEqual(['claimed', true, false, false]);
    expect(labels(m, claimed)).not.toContain('PayerHubFinish');
  });

  it('a deviating S paying a forged invoice across a split learns only the forged secret back from the routers', () => {
    const m = variant('scheme1-split-same-point', { deviating: ['S', 'B'] });
    const s = walk(m, [
      'PayerHubSignSettlement',
      'PayerSendBundle',
      'PayeeComeOnline',
      'MailboxDeliver',
      'PayeeForgeInvoice',
      'HubCheckAndOfferPtlc',
      'RouterForwardPtlc',
      'RouterForwardPtlc',
      'PayeeClaimPtlc',
      'RouterClaimPtlc',
      'RouterClaimPtlc',
    ]);
    expect(s.hops.map((h) => h.status)).toEqual(['claimed', 'claimed', 'claimed']);
    expect([has(s, S, K_FORGED), has(s, S, K_SA), holdsUpdate(s, S, 1)]).toEqual([true, false, false]);
  });
});

describe('a claim to a crashed S (R-08-14)', () => {
  // PTLC timeout 2 blocks, so there is a block in which B waits for S.
  const crashy = (deviating: string[]): ProtocolModel =>
    variant('scheme1-direct', {
      deviating,
      hubMayCrash: true,
      ptlcTimeoutBlocks: 2,
      csvDelayBlocks: 3,
      mailboxExpiryBlocks: 4,
    });

  it('is not made off chain while S is down: an honest B waits, then claims on chain in the last block before the timeout', () => {
    const m = crashy([]);
    const down = walk(m, [...TO_INVOICE, 'HubCheckAndOfferPtlc', 'HubCrash']);
    expect(down.hops[0]).toEqual({ status: 'offered', timeoutHeight: 2 });
    expect(labels(m, down)).not.toContain('PayeeClaimPtlc');
    expect(labels(m, down)).not.toContain('PayeeClaimPtlcOnChain');
    expect(labels(m, down)).toContain('ChainAdvance');
    const last = walk(m, ['ChainAdvance'], down);
    expect(labels(m, last)).toContain('PayeeClaimPtlcOnChain');
    expect(labels(m, last)).not.toContain('ChainAdvance');
    const onChain = walk(m, ['PayeeClaimPtlcOnChain'], last);
    expect([onChain.hops[0]?.status, ((onChain.knows[S] ?? 0) & K_SA) !== 0]).toEqual(['claimed', false]);
    expect(((walk(m, ['ChainAdvance'], onChain).knows[S] ?? 0) & K_SA) !== 0).toBe(true);
  });

  it('goes through off chain once S recovers in time', () => {
    const m = crashy([]);
    const back = walk(m, [...TO_INVOICE, 'HubCheckAndOfferPtlc', 'HubCrash', 'HubRecover']);
    expect(labels(m, back)).toContain('PayeeClaimPtlc');
    expect(labels(m, back)).not.toContain('PayeeClaimPtlcOnChain');
  });

  it('leaves a deviating B free to claim on chain at any moment, never off chain to a crashed S', () => {
    const m = crashy(['B']);
    const down = walk(m, [...TO_INVOICE, 'HubCheckAndOfferPtlc', 'HubCrash']);
    expect(labels(m, down)).toContain('PayeeClaimPtlcOnChain');
    expect(labels(m, down)).not.toContain('PayeeClaimPtlc');
  });
});

describe('A and the channel', () => {
  it('does not hand out s_A before St(n+1) is co-signed', () => {
    const m = variant('scheme1-direct', { deviating: [] });
    const s0 = m.init()[0]!;
    expect(labels(m, s0)).toContain('PayerHubSignSettlement');
    expect(labels(m, s0)).not.toContain('PayerSendBundle');
  });

  it('hands out s_A first in the reversed-order flaw', () => {
    const m = variant('flaw-update-before-settlement');
    expect(labels(m, m.init()[0]!)).toContain('PayerSendBundle');
  });

  it('keeps the chain still while an honest party has a mandatory step', () => {
    const m = variant('scheme1-direct', { deviating: [] });
    expect(labels(m, m.init()[0]!)).not.toContain('ChainAdvance');
    const waiting = walk(m, ['PayerHubSignSettlement', 'PayerSendBundle']);
    expect(labels(m, waiting)).toContain('ChainAdvance');
  });

  it('lets an honest S answer a stale U(n) with U(n+1) before the next block', () => {
    const m = variant('scheme1-direct', { deviating: ['A'] });
    const bought = walk(m, [...TO_INVOICE, 'HubCheckAndOfferPtlc', 'PayeeClaimPtlc']);
    const stale = m.next(
      bought,
      m.actions(bought).find((a) => a.kind === 'PublishUpdate' && a.party === 0 && a.state === 0)!,
    );
    expect(stale.chain.update).toBe(0);
    expect(labels(m, stale)).toContain('HubPublishUpdate');
    expect(labels(m, stale)).not.toContain('ChainAdvance');
    expect(walk(m, ['HubPublishUpdate'], stale).chain.update).toBe(1);
  });
});

describe('symbolic knowledge', () => {
  it('derives s_A from any hop secret when every tweak is public (same point)', () => {
    const all = kRel(0) | kRel(1) | kRel(2);
    expect(closeKnowledge(kSec(2) | all, 2) & K_SA).toBe(K_SA);
  });

  it('does not derive s_A from the last hop secret without the middle tweak (decorrelated)', () => {
    expect(closeKnowledge(kSec(2) | kRel(0) | kRel(2), 2) & K_SA).toBe(0);
  });

  it('gives an intermediary its incoming secret from its outgoing one', () => {
    const m = variant('scheme1-split-decorrelated', { deviating: [] });
    const p1 = m.init()[0]!.knows[routerIndex(1)] ?? 0;
    expect(closeKnowledge(p1 | kSec(1), 2) & kSec(0)).toBe(kSec(0));
  });
});
