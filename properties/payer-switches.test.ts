/**
 * Issue 9 point 4: an honest A that does what the spec allows (`payerCancelsEarly`, `payerClosesAlone`, both off by
 * default). What each changes in `liveness.payerLockBounded`'s expected violation in scheme1-direct.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../checker/index.ts';
import { decodeConfig, decodeConfigWith, scheme2ConfigCodec } from '../model/config.ts';
import { VARIANTS } from '../model/scheme1/variants.ts';
import { SCHEME2 } from '../model/scheme2/variants.ts';
import { buildVariant } from '../variants/index.ts';

function run(deviating: string[], over: Record<string, unknown>) {
  const v = VARIANTS.find((x) => x.name === 'scheme1-direct')!;
  const r = check(buildVariant(v.name, decodeConfig({ ...v.defaults, deviating, ...over })), { links: 'memory' });
  const verdict = (name: string) => r.properties.find((p) => p.name === name)?.verdict;
  return { r, verdict, unmet: r.properties.filter((p) => !p.meetsExpectation).map((p) => p.name) };
}

describe("an honest A's own close after the expiry (payerClosesAlone)", () => {
  it.each([[['S']], [[]], [['B']]])('bounds its lock against %j: payerLockBounded holds', (deviating) => {
    const { verdict, unmet } = run(deviating, { payerClosesAlone: true });
    expect(verdict('liveness.payerLockBounded')).toBe('holds');
    expect(unmet).toEqual([]);
  });

  it('leaves the violation only to a deviating A, which may keep its own lock', () => {
    expect(run(['A'], { payerClosesAlone: true }).verdict('liveness.payerLockBounded')).toBe('violated');
  });
});

describe("an honest A's early cancel (payerCancelsEarly)", () => {
  it('does not bound the lock against a deviating S, which refuses to co-sign n+2', () => {
    const { verdict, unmet } = run(['S'], { payerCancelsEarly: true });
    expect(verdict('liveness.payerLockBounded')).toBe('violated');
    expect(unmet).toEqual([]);
  });

  it('lets an all-honest run stop a payment B came in time for (paymentCompletes violated: A chose to cancel)', () => {
    const { verdict, unmet } = run([], { payerCancelsEarly: true });
    expect(verdict('liveness.paymentCompletes')).toBe('violated');
    expect(unmet).toEqual([]);
  });
});

describe('the switches belong to scheme 1', () => {
  it.each(['payerCancelsEarly', 'payerClosesAlone'])('scheme 2 refuses %s, naming the key', (key) => {
    expect(() => decodeConfigWith(scheme2ConfigCodec, { ...SCHEME2.defaults, [key]: true })).toThrow(
      new RegExp(`config.${key}`),
    );
  });
});
