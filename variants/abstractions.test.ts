import { describe, expect, it } from 'vitest';
import { listModels } from '../checker/registry.ts';
import './index.ts';
import { DECLARED_VARIANTS, abstractionsOf } from './abstractions.ts';

describe('the declared abstractions table', () => {
  const protocol = listModels().filter((e) => e.family !== 'classic');

  it('declares exactly the registered protocol variants, and each registration carries its list', () => {
    expect([...DECLARED_VARIANTS].sort()).toEqual(protocol.map((e) => e.name).sort());
    for (const e of protocol) expect(e.abstracts).toEqual(abstractionsOf(e.name));
  });

  it('says every variant is checked without a mempool, without fees and only up to its horizon', () => {
    for (const e of protocol) {
      const names = (e.abstracts ?? []).map((a) => a.name.replace(/ \(default\)$/, ''));
      expect(names, e.name).toEqual(expect.arrayContaining(['no mempool', 'no fees', 'horizon', 'one-step claim']));
    }
  });

  it('keeps every summary short enough for the table footnote and pointing at its spec section', () => {
    for (const e of protocol) {
      for (const a of e.abstracts ?? []) {
        expect(a.name.length + a.summary.length, a.name).toBeLessThanOrEqual(116);
        expect(a.summary, a.name).toMatch(/\(§14\.[1-8]\)$/);
      }
    }
  });

  it('refuses a variant the table does not declare', () => {
    expect(() => abstractionsOf('no-such-variant')).toThrow(/declares nothing for variant 'no-such-variant'/);
  });
});
