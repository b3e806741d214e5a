/**
 * The declared expectations are rules over the coalition, not a list copied from one run: every variant
 * meets them for every coalition of up to one party, with and without S crashing (here), and of up to
 * two parties plus two three-party ones (APLN_LONG=1), also with S crashing, and the split variants with
 * equal hop timeouts. Also pins the all-honest runs, where the liveness of the
 * payment itself is asked.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../checker/index.ts';
import type { AnyModel } from '../checker/model.ts';
import { decodeConfig, type ProtocolConfig } from '../model/config.ts';
import { buildScheme2Variant, buildVariant } from './index.ts';
import { VARIANTS } from '../model/scheme1/variants.ts';
import { SCHEME2 } from '../model/scheme2/variants.ts';

const ALL = [
  ...VARIANTS.map((v) => ({
    name: v.name,
    defaults: v.defaults,
    build: (c: ProtocolConfig): AnyModel => buildVariant(v.name, c),
  })),
  { name: SCHEME2.name, defaults: SCHEME2.defaults, build: (c: ProtocolConfig): AnyModel => buildScheme2Variant(c) },
];

function subsets<T>(xs: readonly T[], k: number): T[][] {
  if (k === 0) return [[]];
  return xs.flatMap((x, i) => subsets(xs.slice(i + 1), k - 1).map((rest) => [x, ...rest]));
}

function coalitions(hops: number, maxSize: number): string[][] {
  const parties = ['A', 'S', 'B', 'M', ...Array.from({ length: hops }, (_, i) => `P${i + 1}`)];
  const out: string[][] = [];
  for (let k = 0; k <= maxSize; k++) out.push(...subsets(parties, k));
  if (maxSize >= 2 && hops >= 2) out.push(['S', 'P1', 'P2'], ['S', 'P2', 'B']);
  return out;
}

function misses(
  v: (typeof ALL)[number],
  deviating: string[],
  opts: { hubMayCrash: boolean; equalTimeouts?: boolean },
): string[] {
  const over = opts.equalTimeouts === true ? { hopDeltaBlocks: 0 } : {};
  const r = check(v.build(decodeConfig({ ...v.defaults, deviating, hubMayCrash: opts.hubMayCrash, ...over })), {
    links: 'memory',
  });
  const tag = `${v.name} ${JSON.stringify(deviating)}${opts.hubMayCrash ? ' hubMayCrash' : ''}${opts.equalTimeouts === true ? ' hopDeltaBlocks=0' : ''}`;
  const out = r.properties
    .filter((p) => !p.meetsExpectation)
    .map((p) => `${tag}: ${p.name} ${p.verdict}, expected ${p.expected}`);
  if (!r.complete) out.push(`${tag}: incomplete`);
  if (r.deadlock !== undefined) out.push(`${tag}: deadlock`);
  return out;
}

const SCHEME1 = ALL.filter((v) => v.name !== SCHEME2.name);

describe('declared expectations across coalitions', () => {
  it('hold for every variant with no deviating party or a single one', () => {
    expect(
      ALL.flatMap((v) => coalitions(v.defaults.hops, 1).map((c) => misses(v, c, { hubMayCrash: false }))).flat(),
    ).toEqual([]);
  });

  it('hold for every scheme-1 variant with no deviating party or a single one when S may crash', () => {
    expect(
      SCHEME1.flatMap((v) => coalitions(v.defaults.hops, 1).map((c) => misses(v, c, { hubMayCrash: true }))).flat(),
    ).toEqual([]);
  });

  it('hold for the split variants with equal hop timeouts (hopDeltaBlocks 0) and up to one deviating party', () => {
    const split = SCHEME1.filter((v) => v.defaults.hops > 0);
    expect(
      split
        .flatMap((v) =>
          coalitions(v.defaults.hops, 1).map((c) => misses(v, c, { hubMayCrash: false, equalTimeouts: true })),
        )
        .flat(),
    ).toEqual([]);
  });

  // Minutes, not seconds, on a shared machine: each part has its own generous timeout and names its misses.
  it.runIf(process.env.APLN_LONG)(
    'hold for every variant with coalitions of two, and S with two routing nodes',
    () => {
      expect(
        ALL.flatMap((v) => coalitions(v.defaults.hops, 2).map((c) => misses(v, c, { hubMayCrash: false }))).flat(),
      ).toEqual([]);
    },
    900_000,
  );

  it.runIf(process.env.APLN_LONG)(
    'hold for every scheme-1 variant with coalitions of two, and S with two routing nodes, when S may crash',
    () => {
      expect(
        SCHEME1.flatMap((v) => coalitions(v.defaults.hops, 2).map((c) => misses(v, c, { hubMayCrash: true }))).flat(),
      ).toEqual([]);
    },
    900_000,
  );

  it.runIf(process.env.APLN_LONG)(
    'hold for the split variants with equal hop timeouts and coalitions of two',
    () => {
      const split = SCHEME1.filter((v) => v.defaults.hops > 0);
      expect(
        split
          .flatMap((v) =>
            coalitions(v.defaults.hops, 2).map((c) => misses(v, c, { hubMayCrash: false, equalTimeouts: true })),
          )
          .flat(),
      ).toEqual([]);
    },
    900_000,
  );
});

describe('all-honest runs (where paymentCompletes is asked)', () => {
  const pinned: Record<string, number> = {
    'scheme1-direct': 103,
    'scheme1-split-same-point': 95,
    'scheme1-split-decorrelated': 95,
    'scheme1-timeout': 297,
    'scheme1-receipt': 103,
    'scheme2-payee-presigned': 91,
  };
  it.each(Object.keys(pinned))('%s: the payment completes under fairness, with the pinned state count', (name) => {
    const v = ALL.find((x) => x.name === name)!;
    const r = check(v.build(decodeConfig({ ...v.defaults, deviating: [] })), { links: 'memory' });
    expect(r.distinctStates).toBe(pinned[name]);
    expect(r.properties.find((p) => p.name === 'liveness.paymentCompletes')?.verdict).toBe('holds');
  });
});
