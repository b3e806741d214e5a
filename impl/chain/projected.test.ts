import { describe, expect, it } from 'vitest';
import { Transaction } from 'bitcoinjs-lib';
import { keyPathOutput, signKeyPath } from '../tx/keypath.ts';
import { outpointHash, type Outpoint } from '../tx/outpoint.ts';
import { Chain } from './chain.ts';
import { testKey, testRand } from './test-fixtures.ts';

const alice = testKey('alice');
const wallet = keyPathOutput({ internalKey: alice.xonly });
const prevout = { script: wallet.scriptPubKey, value: 10_000n };

/** alice's key-path spend of `from` (10_000 sat) back to her, with nLockTime `locktime`. */
function spend(from: Outpoint, locktime = 0): Transaction {
  const tx = new Transaction();
  tx.version = 2;
  tx.locktime = locktime;
  tx.addInput(outpointHash(from), from.vout, 0xfffffffe);
  tx.addOutput(wallet.scriptPubKey, 10_000n);
  tx.setWitness(0, signKeyPath({ tx, inputIndex: 0, prevouts: [prevout], secKey: alice.sec, auxRand: testRand('p') }));
  return tx;
}

describe('Chain.projected: the chain with mempool transactions in the next block', () => {
  it('reads a picked mempool transaction as confirmed at tip + 1 and leaves the chain itself unchanged', () => {
    const chain = new Chain();
    const [c1, c2] = chain.mint([prevout, prevout]);
    const t1 = spend(c1!);
    const t2 = spend(c2!);
    expect(chain.submit(t1).ok).toBe(true);
    expect(chain.submit(t2).ok).toBe(true);
    const p = chain.projected((txid) => txid === t1.getId());
    expect(p.height).toBe(chain.height + 1);
    expect(p.spentBy(c1!)).toBe(t1.getId());
    expect(p.confirmationHeight(t1.getId())).toBe(chain.height + 1);
    // Not picked: still waiting in the projection, unspent there.
    expect(p.spentBy(c2!)).toBeUndefined();
    expect(p.mempool().map((t) => t.getId())).toEqual([t2.getId()]);
    // The chain is untouched: both still in its mempool, neither confirmed.
    expect(chain.spentBy(c1!)).toBeUndefined();
    expect(chain.isConfirmed(t1.getId())).toBe(false);
    expect(chain.mempool()).toHaveLength(2);
    // Mining the mempool confirms where the projection said.
    const mined = chain.mine();
    expect(mined).toMatchObject({ ok: true, height: p.height });
    expect(chain.confirmationHeight(t1.getId())).toBe(p.confirmationHeight(t1.getId()));
  });

  it('is the chain itself when nothing is picked', () => {
    const chain = new Chain();
    const [c] = chain.mint([prevout]);
    expect(chain.projected()).toBe(chain);
    expect(chain.submit(spend(c!)).ok).toBe(true);
    expect(chain.projected(() => false)).toBe(chain);
    expect(chain.projected()).not.toBe(chain);
  });

  it('takes an absolute locktime into the mempool only once the next block is past it', () => {
    const chain = new Chain();
    const [c] = chain.mint([prevout]);
    const locked = spend(c!, chain.height + 1);
    expect(chain.submit(locked)).toMatchObject({ ok: false, rejection: { rule: 'locktime-not-reached' } });
    chain.addBlocks(1);
    expect(chain.submit(locked).ok).toBe(true);
  });
});
