import { describe, expect, it } from 'vitest';
import '../variants/index.ts';
import { listModels } from '../checker/registry.ts';
import { variantParties } from './parties.ts';
import { isVacuous, protectedBy } from './protects.ts';

const variants = listModels().filter((e) => e.family !== 'classic');

describe('the table of protected parties', () => {
  it('has an entry for every clause of every registered variant, with and without a coalition', () => {
    const missing: string[] = [];
    let clauses = 0;
    for (const e of variants) {
      const base = e.codec.encode(e.defaults) as Record<string, unknown>;
      const parties = variantParties(e, base);
      for (const deviating of [[], base.deviating, parties]) {
        const decoded = e.codec.decode({ ...base, deviating });
        expect(decoded._tag).toBe('Right');
        if (decoded._tag !== 'Right') continue;
        for (const p of e.build(decoded.right).properties) {
          if (p.kind === 'sometimes') continue;
          clauses++;
          if (protectedBy(p.name) === undefined) missing.push(`${e.name}: ${p.name}`);
        }
      }
    }
    expect(variants.length).toBeGreaterThanOrEqual(13);
    expect(clauses).toBeGreaterThan(200);
    expect(missing).toEqual([]);
  });

  it('names only parties some variant has', () => {
    const all = new Set(
      variants.flatMap((e) =>
        variantParties(e, { ...(e.codec.encode(e.defaults) as Record<string, unknown>), hops: 3 }),
      ),
    );
    for (const clause of [
      'hubCannotSteal.payerBalanceFloor',
      'hubCannotSteal.paidOnlyIfPayeePaid2',
      'honestHubLosesNothing.notTooLate',
    ]) {
      const p = protectedBy(clause);
      expect(Array.isArray(p)).toBe(true);
      for (const x of p as readonly string[]) expect(all.has(x)).toBe(true);
    }
  });

  it('calls a clause vacuous exactly when its protected party deviates', () => {
    const parties = ['A', 'S', 'B', 'M', 'P1', 'P2'];
    expect(isVacuous(['A', 'B'], ['S', 'B'], parties)).toBe(true);
    expect(isVacuous(['A', 'B'], ['S', 'M'], parties)).toBe(false);
    expect(isVacuous([], parties, parties)).toBe(false);
    expect(isVacuous('routers', ['P1'], parties)).toBe(false);
    expect(isVacuous('routers', ['P1', 'P2'], parties)).toBe(true);
    expect(isVacuous('everyone', [], parties)).toBe(false);
    expect(isVacuous('everyone', ['M'], parties)).toBe(true);
  });
});

describe('the parties of a variant, from the registry', () => {
  it('are A, S, B, M plus one router per hop, or A, S, B1, B2 for two payments', () => {
    const find = (n: string) => variants.find((e) => e.name === n)!;
    expect(variantParties(find('scheme1-direct'), { hops: 0 })).toEqual(['A', 'S', 'B', 'M']);
    expect(variantParties(find('scheme1-split-same-point'), { hops: 2 })).toEqual(['A', 'S', 'B', 'M', 'P1', 'P2']);
    expect(variantParties(find('flaw-stacked-payments'), { hops: 0 })).toEqual(['A', 'S', 'B1', 'B2']);
  });
});
