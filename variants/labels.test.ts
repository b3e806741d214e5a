// Every registered model that gives the checker a cheap `label` (the liveness graph labels every edge with it)
// gives the label `describe` gives, on every action of its first few thousand states.
import { describe, expect, it } from 'vitest';
import { listModels } from '../checker/registry.ts';
import '../examples/index.ts';
import './index.ts';

describe('model.label', () => {
  const entries = listModels();
  const withLabel = entries.filter((e) => e.build(e.defaults).label !== undefined);

  it('is given by the protocol machines', () => {
    expect(withLabel.map((e) => e.name)).toContain('scheme1-direct');
    expect(withLabel.length).toBeGreaterThanOrEqual(10);
  });

  it.each(withLabel.map((e) => [e.name, e] as const))('%s: equals describe(action).label', (_, entry) => {
    const model = entry.build(entry.defaults);
    let frontier = [...model.init()];
    let checked = 0;
    for (let level = 0; level < 8 && frontier.length > 0 && checked < 3000; level++) {
      const next = [];
      for (const s of frontier.slice(0, 400)) {
        for (const a of model.actions(s)) {
          expect(model.label!(a)).toBe(model.describe(a).label);
          checked++;
          next.push(model.next(s, a));
        }
      }
      frontier = next;
    }
    expect(checked).toBeGreaterThan(0);
  });
});
