/** typeOk catches each kind of bad state. */
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
