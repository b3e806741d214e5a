import { describe, expect, it } from 'vitest';
import { buildVariant } from '../variants/index.ts';
import { nextState } from './scheme1/next.ts';
import { Refused } from './refused.ts';

describe('a disabled step is a typed refusal', () => {
  const model = buildVariant('scheme1-direct');
  const init = model.init()[0]!;
  const claim = { kind: 'ClaimPtlc', hop: 0, party: 3, onChain: false } as const;

  it("scheme 1's next returns Refused, naming the step, for a PTLC hop that does not exist", () => {
    const r = nextState(model.ctx, init, { ...claim, hop: 7 });
    expect(r).toBeInstanceOf(Refused);
    expect((r as Refused).why).toBe('ClaimPtlc on missing hop 7');
  });

  it("the model's step refuses an action the state does not enable, and takes an enabled one", () => {
    expect(model.actions(init).some((a) => a.kind === 'ClaimPtlc')).toBe(false);
    const r = model.step(init, claim);
    expect(r).toBeInstanceOf(Refused);
    expect((r as Refused).why).toMatch(/is not enabled in this state$/);
    const first = model.actions(init)[0]!;
    const ok = model.step(init, first);
    expect(ok).not.toBeInstanceOf(Refused);
    expect(ok).toEqual(model.next(init, first));
  });
});
