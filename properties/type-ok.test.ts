/** typeOk catches each kind of bad state, and its knowledge check is closeKnowledge's rules. */
import { describe, expect, it } from 'vitest';
import { decodeConfig } from '../model/config.ts';
import { buildVariant } from '../variants/index.ts';
import {
  K_BUNDLE,
  K_FORGED,
  K_INVOICE,
  K_SA,
  K_SS1,
  K_U2,
  closeKnowledge,
  kRel,
  kSec,
} from '../model/scheme1/knowledge.ts';
import { S } from '../model/parties.ts';
import { FORGED_BUNDLE, type ProtocolState } from '../model/scheme1/state.ts';
import { VARIANTS } from '../model/scheme1/variants.ts';
import { knowledgeClosed } from './type-ok.ts';

/** The bits closeKnowledge's rules read, each combination of which the comparison covers. */
const RULE_BITS = [K_BUNDLE, K_SA, K_FORGED, ...[0, 1, 2, 3].flatMap((i) => [kSec(i), kRel(i)])];

describe('the knowledge check of typeOk', () => {
  it('says closed exactly when closeKnowledge adds nothing, for every combination of the bits its rules read', () => {
    const disagreements: string[] = [];
    let closed = 0;
    for (let combo = 0; combo < 1 << RULE_BITS.length; combo++) {
      let rule = 0;
      RULE_BITS.forEach((bit, k) => {
        if ((combo & (1 << k)) !== 0) rule |= bit;
      });
      for (const other of [0, K_SS1 | K_U2 | K_INVOICE])
        for (let hops = 0; hops <= 3; hops++)
          for (const anchor of [K_SA, K_FORGED]) {
            const mask = rule | other;
            const expected = closeKnowledge(mask, hops, anchor) === mask;
            if (expected) closed++;
            if (knowledgeClosed(mask, hops, anchor) !== expected)
              disagreements.push(`mask ${mask.toString(2)} hops ${hops} anchor ${anchor}`);
          }
    }
    expect(disagreements).toEqual([]);
    // Both answers occur often (the comparison is not all one way).
    expect(closed).toBeGreaterThan(1000);
    expect(closed).toBeLessThan((1 << RULE_BITS.length) * 16 - 1000);
  });
});

describe('typeOk', () => {
  const v = VARIANTS.find((x) => x.name === 'scheme1-split-decorrelated')!;
  const m = buildVariant(v.name, decodeConfig({ ...v.defaults, hops: 2 }));
  const typeOk = m.properties.find((p) => p.name === 'typeOk');
  if (typeOk === undefined || typeOk.kind !== 'always') throw new Error('no typeOk');
  const init = m.init()[0]!;
  const withKnows = (party: number, mask: number): ProtocolState => {
    const knows = [...init.knows];
    knows[party] = mask;
    return { ...init, knows };
  };

  it('holds on the initial state', () => {
    expect(typeOk.pred(init)).toBe(true);
  });

  it.each<[string, ProtocolState, string]>([
    ['a height past maxHeight', { ...init, height: m.ctx.config.maxHeight + 1 }, 'height'],
    ['a fractional height', { ...init, height: 0.5 }, 'height'],
    ['an unknown phase', { ...init, phase: 'done' as never }, 'bad phase or mailbox'],
    ['an unknown mailbox', { ...init, mailbox: 'lost' as never }, 'bad phase or mailbox'],
    ['a missing party', { ...init, wallet: init.wallet.slice(1) }, 'per-party arrays of the wrong length'],
    ['a hop too many', { ...init, hops: [...init.hops, init.hops[0]!] }, 'bad hops'],
    [
      'an unknown hop status',
      { ...init, hops: init.hops.map((h, i) => (i === 2 ? { ...h, status: 'lost' as never } : h)) },
      'bad hops',
    ],
    ['the bundle without s_A', withKnows(S, (init.knows[S] ?? 0) | K_BUNDLE), 'knowledge not closed'],
    // S knows hop 0's tweak: with hop 0's secret it can derive s_A.
    ['a secret whose neighbour is derivable', withKnows(S, (init.knows[S] ?? 0) | kSec(0)), 'knowledge not closed'],
    [
      's_A after a forged bundle',
      { ...withKnows(S, (init.knows[S] ?? 0) | K_SA | kSec(0)), forged: FORGED_BUNDLE },
      'someone knows s_A',
    ],
    ['a chain update out of range', { ...init, chain: { ...init.chain, update: 3 } }, 'bad chain update 3'],
  ])('fails on %s', (_what, s, message) => {
    expect(typeOk.pred(s)).toContain(message);
  });
});
