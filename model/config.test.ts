import { describe, expect, it } from 'vitest';
import { decodeConfig, protocolConfigCodec, scheme2ConfigCodec, type ProtocolConfig } from './config.ts';
import { VARIANTS } from './scheme1/variants.ts';
import { configProblem } from './config-problem.ts';

const GOOD: ProtocolConfig = {
  hops: 2,
  payments: 1,
  csvDelayBlocks: 4,
  ptlcTimeoutBlocks: 3,
  rebindMarginBlocks: 1,
  hopDeltaBlocks: 1,
  mailboxExpiryBlocks: 4,
  deviating: ['S', 'P2'],
  maxHeight: 4,
  hubMayCrash: false,
};

describe('the protocol config decoder', () => {
  it('accepts every variant default and round-trips it through encode', () => {
    for (const v of VARIANTS) {
      expect(decodeConfig(v.defaults)).toEqual(v.defaults);
      expect(decodeConfig(protocolConfigCodec.encode(v.defaults))).toEqual(v.defaults);
    }
  });

  it('rejects an out-of-range hop count naming the key and the value', () => {
    expect(configProblem({ ...GOOD, hops: 7 })).toBe('config.hops: expected an integer 0..3, got 7');
  });

  it('rejects a non-integer', () => {
    expect(configProblem({ ...GOOD, csvDelayBlocks: 1.5 })).toBe(
      'config.csvDelayBlocks: expected an integer 1..6, got 1.5',
    );
  });

  it('rejects an unknown party', () => {
    expect(configProblem({ ...GOOD, deviating: ['Z'] })).toBe(
      'config.deviating: unknown party "Z" (known: A, S, B, M, P1..Pk)',
    );
  });

  it('rejects a routing node beyond the path', () => {
    expect(configProblem({ ...GOOD, hops: 1, deviating: ['P2'] })).toBe(
      'config.deviating: unknown party "P2" (known: A, S, B, M, P1..P1; hops is 1)',
    );
  });

  it('rejects a party listed twice', () => {
    expect(configProblem({ ...GOOD, deviating: ['S', 'S'] })).toBe('config.deviating: party "S" is listed twice');
  });

  it('rejects an unknown key', () => {
    expect(configProblem({ ...GOOD, feeSat: 1 })).toBe(
      "config.feeSat: unknown key 'feeSat' (known: hops, payments, csvDelayBlocks, ptlcTimeoutBlocks, rebindMarginBlocks, hopDeltaBlocks, mailboxExpiryBlocks, deviating, maxHeight, hubMayCrash, hubTimeGuard, claimSteps, hopCloseDelayBlocks, payerLeavesAfterPaying, payeeBundlePlaintext, hubRevealsBeforeClaim, payerSkipsPointCheck, payerSkipsFeeCheck, payeeSignsBeforeSettlement, payeeSkipsExpiryCheck, payerSkipsAmountCheck, payeeRevealsBeforePaid, hubSkipsRebindCheck, hubChecksFirstExpiry, payeeReusesReceiptNonce, inclusionDelayBlocks, payerCancelsEarly, payerClosesAlone, hubReusesNonceOnCancel, eclipseBlocks, eclipsed, claimMarginBlocks, cancelSteps, hubChecksCancelSigs, hubCrashLosesUnpersisted, hubPersistsFirst, staleStates)",
    );
  });

  it('rejects a missing key', () => {
    const { maxHeight: _, ...rest } = GOOD;
    expect(configProblem(rest)).toBe("config.maxHeight: missing key 'maxHeight'");
  });

  it('rejects more than one payment (the model covers one) and names the variants that model two', () => {
    expect(configProblem({ ...GOOD, payments: 2 })).toBe(
      'config.payments: this variant models one payment in flight, got 2; two payments in flight are modelled only by flaw-stacked-payments and scheme1-payment-outputs (model/multi/)',
    );
    expect(configProblem({ ...GOOD, payments: 3 })).toBe('config.payments: expected an integer 1..2, got 3');
  });

  it('rejects timeouts that leave the last hop no time', () => {
    expect(configProblem({ ...GOOD, ptlcTimeoutBlocks: 2, hopDeltaBlocks: 1 })).toBe(
      'config.ptlcTimeoutBlocks: the last hop would time out 0 blocks after the offer (ptlcTimeoutBlocks 2 − hops 2 × hopDeltaBlocks 1); it must be at least 1',
    );
  });

  it('rejects a PTLC timeout longer than the CSV delay (S would never buy, R-02-20)', () => {
    expect(configProblem({ ...GOOD, ptlcTimeoutBlocks: 4, mailboxExpiryBlocks: 5 })).toBe(
      'config.ptlcTimeoutBlocks: 4 + rebindMarginBlocks 1 exceeds csvDelayBlocks 4: S would refuse every purchase (R-02-20), so no payment could happen (hubTimeGuard=false ablates the check of S to explore such timings)',
    );
  });

  it('rejects an expiry that leaves S no time to buy (R-02-02)', () => {
    expect(configProblem({ ...GOOD, mailboxExpiryBlocks: 3 })).toBe(
      'config.mailboxExpiryBlocks: 3 must exceed ptlcTimeoutBlocks 3 (R-02-02), or S could never buy before the expiry',
    );
  });

  it('rejects a non-boolean crash switch', () => {
    expect(configProblem({ ...GOOD, hubMayCrash: 'yes' })).toBe(
      'config.hubMayCrash: expected true or false, got "yes"',
    );
  });

  it('rejects routing nodes and crashes for scheme 2', () => {
    const base = { ...GOOD, hops: 0, deviating: ['S'], ptlcTimeoutBlocks: 2, mailboxExpiryBlocks: 3 };
    expect(scheme2ConfigCodec.is(base)).toBe(true);
    const hops = scheme2ConfigCodec.decode({ ...base, hops: 1 });
    expect(hops._tag === 'Left' && hops.left[0]?.message).toBe('scheme 2 has no routing path: expected 0, got 1');
    const crash = scheme2ConfigCodec.decode({ ...base, hubMayCrash: true });
    expect(crash._tag === 'Left' && crash.left[0]?.message).toBe('scheme 2 does not model crashes: expected false');
  });

  it('rejects a non-object', () => {
    expect(configProblem([1, 2])).toMatch(/^config: expected an object with keys hops, /);
  });

  it('puts the coalition in canonical order', () => {
    expect(decodeConfig({ ...GOOD, deviating: ['P2', 'S'] }).deviating).toEqual(['S', 'P2']);
  });
});
