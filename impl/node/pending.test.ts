import { describe, expect, it } from 'vitest';
import { Chain } from '../chain/chain.ts';
import { xonlyPubKey } from '../crypto/schnorr.ts';
import { deriveScalar } from './rng.ts';
import { pendingOutput, sweepPending, type PendingTerms } from './pending.ts';

describe('the timeout variant’s pending output on the validating chain', () => {
  const hubSec = deriveScalar('11'.repeat(32), 'hub');
  const payerSec = deriveScalar('22'.repeat(32), 'payer');
  function setup(): { chain: Chain; terms: PendingTerms; outpoint: { txid: string; vout: number } } {
    const chain = new Chain();
    chain.addBlocks(100);
    const terms: PendingTerms = {
      pendingSat: 10_100,
      pendingTimeoutHeight: 150,
      claimMarginBlocks: 3,
      hubKey: xonlyPubKey(hubSec),
      payerKey: xonlyPubKey(payerSec),
    };
    const [outpoint] = chain.mint([{ value: 10_100n, script: pendingOutput(terms).scriptPubKey }]);
    if (outpoint === undefined) throw new Error('mint');
    return { chain, terms, outpoint };
  }

  it('S claims through the claim leaf only after the claim margin (CSV)', () => {
    const { chain, terms, outpoint } = setup();
    const tx = sweepPending({ terms, outpoint, by: 'hub', secKey: hubSec, auxRand: new Uint8Array(32) });
    expect(chain.check(tx)).toMatchObject({ ok: false, rejection: { rule: 'csv-not-satisfied' } });
    chain.addBlocks(terms.claimMarginBlocks - 1);
    expect(chain.confirm(tx).ok).toBe(true);
  });

  it('A takes it back through the timeout leaf only from the pending timeout height on (CLTV)', () => {
    const { chain, terms, outpoint } = setup();
    const tx = sweepPending({ terms, outpoint, by: 'payer', secKey: payerSec, auxRand: new Uint8Array(32) });
    expect(chain.check(tx).ok).toBe(false);
    chain.addBlocks(terms.pendingTimeoutHeight - chain.height);
    expect(chain.confirm(tx).ok).toBe(true);
  });

  it('refuses a sweep signed by the wrong party', () => {
    const { chain, terms, outpoint } = setup();
    chain.addBlocks(60);
    const tx = sweepPending({ terms, outpoint, by: 'payer', secKey: hubSec, auxRand: new Uint8Array(32) });
    expect(chain.check(tx)).toMatchObject({ ok: false, rejection: { rule: 'bad-signature' } });
  });
});
