import { describe, expect, it } from 'vitest';
import { check } from '../checker/index.ts';
import { decodeConfig, scheme2ConfigCodec, type ProtocolConfig } from '../model/config.ts';
import { multiConfigCodec } from '../model/multi/config.ts';
import { MULTI_VARIANTS } from '../model/multi/variants.ts';
import { buildVariant } from './index.ts';
import { VARIANTS } from '../model/scheme1/variants.ts';
import { SCHEME2 } from '../model/scheme2/variants.ts';
import { configProblem } from '../model/config-problem.ts';

const direct = VARIANTS.find((v) => v.name === 'scheme1-direct')!.defaults;
// ptlc 2 + margin 1 > csv 2: R-02-20 refuses it.
const LATE: ProtocolConfig = { ...direct, ptlcTimeoutBlocks: 2, mailboxExpiryBlocks: 4, deviating: ['A', 'B'] };

describe('the hubTimeGuard ablation', () => {
  it('is off the table by default: R-02-20 refuses the timing and the message names the ablation', () => {
    expect(configProblem(LATE)).toMatch(
      /^config\.ptlcTimeoutBlocks: 2 \+ rebindMarginBlocks 1 exceeds csvDelayBlocks 2: .*R-02-20.*hubTimeGuard=false/,
    );
  });

  it('lets the decoder take a timing R-02-20 refuses, and keeps false in the decoded config', () => {
    expect(decodeConfig({ ...LATE, hubTimeGuard: false })).toEqual({ ...LATE, hubTimeGuard: false });
  });

  it('decodes an explicit true to the config without the key (existing configs are unchanged)', () => {
    expect(decodeConfig({ ...direct, hubTimeGuard: true })).toEqual(direct);
    expect('hubTimeGuard' in decodeConfig({ ...direct, hubTimeGuard: true })).toBe(false);
  });

  it('rejects a non-boolean naming the key', () => {
    expect(configProblem({ ...direct, hubTimeGuard: 'no' })).toBe(
      'config.hubTimeGuard: expected true or false, got "no"',
    );
  });

  it("is refused by scheme 2, whose timelock checks are A's", () => {
    const r = scheme2ConfigCodec.decode({ ...SCHEME2.defaults, hubTimeGuard: false });
    expect(r._tag).toBe('Left');
  });

  it('is accepted by the two-payment variants', () => {
    const d = MULTI_VARIANTS[0]!.defaults;
    expect(multiConfigCodec.decode({ ...d, hubTimeGuard: false })._tag).toBe('Right');
  });

  it('without the guard, a deviating A and B make an honest S pay for a channel that settles in state n (R-02-20 is needed)', () => {
    const r = check(buildVariant('scheme1-direct', decodeConfig({ ...LATE, hubTimeGuard: false })));
    const p = r.properties.find((x) => x.name === 'honestHubLosesNothing.notTooLate')!;
    expect(p.verdict).toBe('violated');
    expect(p.message).toBe('S paid for s_A but the channel settled in state n');
  });

  it('with the guard on a legal timing, switching it off changes nothing the guard already allowed (same verdicts on the defaults)', () => {
    const on = check(buildVariant('scheme1-direct', direct));
    const off = check(buildVariant('scheme1-direct', decodeConfig({ ...direct, hubTimeGuard: false })));
    expect(off.properties.map((p) => [p.name, p.verdict])).toEqual(on.properties.map((p) => [p.name, p.verdict]));
  });
});
