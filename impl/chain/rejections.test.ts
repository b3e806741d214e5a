import { describe, expect, it } from 'vitest';
import { Transaction, opcodes, script as bscript } from 'bitcoinjs-lib';
import { concatBytes, schnorrSign } from '../crypto/index.ts';
import { keyPathOutput, signKeyPath } from '../tx/keypath.ts';
import { outpointHash, type Outpoint } from '../tx/outpoint.ts';
import { bindSettlement, buildSettlementTx, settlementSighash } from '../tx/settlement.ts';
import { signatureHash, type SpentOutput } from '../tx/sighash-apo.ts';
import { NUMS_INTERNAL_KEY, taprootOutput } from '../tx/taproot.ts';
import { bindUpdate } from '../tx/update.ts';
import { Chain } from './chain.ts';
import { describeRejection, type Rejection } from './rejection.ts';
import { fundedChannel, musigSign, testKey, testRand } from './test-fixtures.ts';

const alice = testKey('alice');
const wallet = keyPathOutput({ internalKey: alice.xonly });

/** A chain with one 100_000-sat coin of alice's (key path). */
function withCoin() {
  const chain = new Chain();
  const [coin] = chain.mint([{ script: wallet.scriptPubKey, value: 100_000n }]);
  return { chain, coin: coin!, prevout: { script: wallet.scriptPubKey, value: 100_000n } };
}

/** alice's key-path spend of `from` paying `valueSat` back to her, with optional tweaks before signing. */
function keySpend(opts: {
  from: Outpoint;
  prevout: SpentOutput;
  valueSat: bigint;
  locktime?: number;
  sequence?: number;
  hashType?: number;
}): Transaction {
  const tx = new Transaction();
  tx.version = 2;
  tx.locktime = opts.locktime ?? 0;
  tx.addInput(outpointHash(opts.from), opts.from.vout, opts.sequence ?? 0xffffffff);
  tx.addOutput(wallet.scriptPubKey, opts.valueSat);
  tx.setWitness(
    0,
    signKeyPath({
      tx,
      inputIndex: 0,
      prevouts: [opts.prevout],
      secKey: alice.sec,
      auxRand: testRand('key'),
      hashType: opts.hashType ?? 0,
    }),
  );
  return tx;
}

/** A chain with a coin locked by a single custom leaf `script` (NUMS internal key). */
function withLeafCoin(script: Uint8Array, opts: { internalKey?: Uint8Array } = {}) {
  const chain = new Chain();
  const out = taprootOutput({ internalKey: opts.internalKey ?? NUMS_INTERNAL_KEY, tree: { script } });
  const [coin] = chain.mint([{ script: out.scriptPubKey, value: 50_000n }]);
  const tx = new Transaction();
  tx.version = 2;
  tx.addInput(outpointHash(coin!), 0, 0xfffffffe);
  tx.addOutput(wallet.scriptPubKey, 50_000n);
  const prevouts = [{ script: out.scriptPubKey, value: 50_000n }];
  const leaf = out.leaves[0]!;
  const sigFor = (opts: { keyVersion: 0 | 1; hashType: number }) => {
    const msg = signatureHash({
      tx,
      inputIndex: 0,
      prevouts,
      hashType: opts.hashType,
      path: { kind: 'script', leafScript: script, leafVersion: 0xc0, keyVersion: opts.keyVersion },
    });
    const sig = schnorrSign({ secKey: alice.sec, msg, auxRand: testRand('leaf') });
    return opts.hashType === 0 ? sig : concatBytes(sig, Uint8Array.of(opts.hashType));
  };
  return { chain, tx, leaf, sigFor };
}

function rejected(r: { ok: boolean; rejection?: Rejection }): Rejection {
  if (r.ok || r.rejection === undefined) throw new Error('expected a rejection');
  expect(describeRejection(r.rejection)).toContain(r.rejection.rule);
  return r.rejection;
}

describe('the chain refuses, naming the rule', () => {
  it('accepts a correct key-path spend (the baseline the refusals below break)', () => {
    const { chain, coin, prevout } = withCoin();
    expect(chain.confirm(keySpend({ from: coin, prevout, valueSat: 99_000n }))).toMatchObject({ ok: true, height: 2 });
  });

  it('malformed: a transaction without inputs', () => {
    const { chain } = withCoin();
    const tx = new Transaction();
    tx.addOutput(wallet.scriptPubKey, 1n);
    expect(rejected(chain.check(tx)).rule).toBe('malformed');
  });

  it('duplicate: the same transaction submitted twice, or confirmed twice', () => {
    const { chain, coin, prevout } = withCoin();
    const tx = keySpend({ from: coin, prevout, valueSat: 99_000n });
    expect(chain.submit(tx).ok).toBe(true);
    expect(rejected(chain.submit(tx)).rule).toBe('duplicate');
    expect(chain.mine()).toMatchObject({ ok: true, txids: [tx.getId()] });
    expect(rejected(chain.check(tx)).rule).toBe('duplicate');
    expect(chain.mempool()).toHaveLength(0);
  });

  it('missing-input: an outpoint that never existed', () => {
    const { chain, prevout } = withCoin();
    const r = rejected(chain.check(keySpend({ from: { txid: 'ab'.repeat(32), vout: 0 }, prevout, valueSat: 1n })));
    expect(r).toMatchObject({ rule: 'missing-input', input: 0, outpoint: { txid: 'ab'.repeat(32), vout: 0 } });
  });

  it('double-spend: on chain, in the same block, in the mempool, and twice in one transaction', () => {
    const { chain, coin, prevout } = withCoin();
    const first = keySpend({ from: coin, prevout, valueSat: 99_000n });
    const second = keySpend({ from: coin, prevout, valueSat: 98_000n });
    // Same block: the block is refused as a whole, naming the second transaction.
    expect(chain.mine([first, second])).toMatchObject({
      ok: false,
      index: 1,
      rejection: { rule: 'double-spend', spentBy: first.getId() },
    });
    expect(chain.height).toBe(1);
    // Mempool.
    expect(chain.submit(first).ok).toBe(true);
    expect(rejected(chain.submit(second))).toMatchObject({ rule: 'double-spend', spentBy: first.getId() });
    // On chain; the conflicting mempool entry is evicted when `second` confirms directly.
    expect(chain.mine([second])).toMatchObject({
      ok: true,
      evicted: [{ txid: first.getId(), rejection: { rule: 'double-spend' } }],
    });
    expect(chain.mempool()).toHaveLength(0);
    expect(rejected(chain.check(first))).toMatchObject({ rule: 'double-spend', input: 0, spentBy: second.getId() });
    // Twice in one transaction.
    const { chain: c2, coin: coin2, prevout: p2 } = withCoin();
    const twice = new Transaction();
    twice.version = 2;
    twice.addInput(outpointHash(coin2), 0);
    twice.addInput(outpointHash(coin2), 0);
    twice.addOutput(wallet.scriptPubKey, 1n);
    twice.setWitness(
      0,
      signKeyPath({ tx: twice, inputIndex: 0, prevouts: [p2, p2], secKey: alice.sec, auxRand: testRand('a') }),
    );
    expect(rejected(c2.check(twice))).toMatchObject({ rule: 'double-spend', input: 1 });
  });

  it('value-created: outputs worth more than the inputs, even with a valid signature', () => {
    const { chain, coin, prevout } = withCoin();
    expect(rejected(chain.check(keySpend({ from: coin, prevout, valueSat: 100_001n })))).toMatchObject({
      rule: 'value-created',
      inputSat: 100_000n,
      outputSat: 100_001n,
    });
  });

  it('leaves the chain as it was after a refusal: height, mempool, the coin unspent, no block, the tx unknown', () => {
    const { chain, coin, prevout } = withCoin();
    const view = () =>
      JSON.stringify(
        {
          height: chain.height,
          mempool: chain.mempool().map((t) => t.getId()),
          coin: chain.utxo(coin),
          spentBy: chain.spentBy(coin) ?? null,
          tip: chain.tip,
        },
        (_k, v) =>
          typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v,
      );
    const before = view();
    const bad = keySpend({ from: coin, prevout, valueSat: 100_001n });
    expect(rejected(chain.submit(bad)).rule).toBe('value-created');
    expect(rejected(chain.confirm(bad) as { ok: boolean; rejection?: Rejection }).rule).toBe('value-created');
    expect(view()).toBe(before);
    expect(chain.isConfirmed(bad.getId())).toBe(false);
    expect(chain.transaction(bad.getId())).toBeUndefined();
    // Not vacuous: a good spend does change the view.
    expect(chain.confirm(keySpend({ from: coin, prevout, valueSat: 99_000n })).ok).toBe(true);
    expect(view()).not.toBe(before);
  });

  it('locktime-not-reached: a height lock above the next block, and final once the sequence is 0xffffffff', () => {
    const { chain, coin, prevout } = withCoin();
    expect(
      rejected(chain.check(keySpend({ from: coin, prevout, valueSat: 1n, locktime: 5, sequence: 0xfffffffe }))),
    ).toMatchObject({
      rule: 'locktime-not-reached',
      locktime: 5,
    });
    expect(chain.check(keySpend({ from: coin, prevout, valueSat: 1n, locktime: 5, sequence: 0xffffffff })).ok).toBe(
      true,
    );
    // Time locks compare with the tip's median time past (1_700_000_000 + 600 per block).
    expect(
      rejected(chain.check(keySpend({ from: coin, prevout, valueSat: 1n, locktime: 1_800_000_000, sequence: 0 }))),
    ).toMatchObject({
      rule: 'locktime-not-reached',
    });
    expect(chain.check(keySpend({ from: coin, prevout, valueSat: 1n, locktime: 500_000_007, sequence: 0 })).ok).toBe(
      true,
    );
  });

  it('csv-not-satisfied: a BIP-68 relative lock on a too-young output', () => {
    const { chain, coin, prevout } = withCoin();
    const tx = keySpend({ from: coin, prevout, valueSat: 1n, sequence: 3 });
    chain.addBlocks(1);
    expect(rejected(chain.check(tx))).toMatchObject({ rule: 'csv-not-satisfied', input: 0 });
    chain.addBlocks(1);
    expect(chain.check(tx).ok).toBe(true);
    // Time-based (bit 22): 2 × 512 s; blocks are 600 s apart in median time past, so two blocks are needed.
    const { chain: c2, coin: coin2, prevout: p2 } = withCoin();
    const timed = keySpend({ from: coin2, prevout: p2, valueSat: 1n, sequence: 0x00400002 });
    expect(rejected(c2.check(timed))).toMatchObject({
      rule: 'csv-not-satisfied',
      detail: expect.stringContaining('512 s'),
    });
    c2.addBlocks(1);
    expect(c2.check(timed).ok).toBe(true);
  });

  it("csv-failed: a settlement whose nSequence is below the leaf's CSV, signed for that nSequence", () => {
    const ch = fundedChannel();
    const u1 = ch.chain.confirm(
      bindUpdate({
        params: ch.params,
        stateNumber: 1,
        signature: ch.signUpdate(1),
        spends: { kind: 'funding', outpoint: ch.funding },
      }),
    );
    if (!u1.ok) throw new Error('U(1)');
    ch.chain.addBlocks(20);
    const terms = ch.settlementTerms(1, 500_000n, 500_000n);
    // A settlement with nSequence 3 (< 6): BIP-68 is satisfied after 20 blocks, OP_CSV is not.
    const short = { ...terms, params: { ...ch.params, csvDelayBlocks: 3 } };
    const tx = buildSettlementTx({ ...short, updateOutpoint: { txid: u1.txid, vout: 0 } });
    const good = bindSettlement({
      ...terms,
      signature: ch.signSettlement(terms),
      updateOutpoint: { txid: u1.txid, vout: 0 },
    });
    tx.setWitness(0, [
      concatBytes(musigSign([ch.a, ch.s], settlementSighash(short), 'short'), Uint8Array.of(0x41)),
      ...good.ins[0]!.witness.slice(1),
    ]);
    expect(rejected(ch.chain.check(tx))).toMatchObject({ rule: 'csv-failed', input: 0 });
    expect(ch.chain.check(good).ok).toBe(true);
  });

  it('cltv-failed: an update leaf spent by a transaction whose nLockTime is a height', () => {
    const ch = fundedChannel();
    const tx = bindUpdate({
      params: ch.params,
      stateNumber: 1,
      signature: ch.signUpdate(1),
      spends: { kind: 'funding', outpoint: ch.funding },
    });
    tx.locktime = 1;
    expect(rejected(ch.chain.check(tx))).toMatchObject({ rule: 'cltv-failed', input: 0 });
  });

  it('bad-signature: one flipped bit, and a 63-byte signature', () => {
    const { chain, coin, prevout } = withCoin();
    const tx = keySpend({ from: coin, prevout, valueSat: 1n });
    const sig = tx.ins[0]!.witness[0]!;
    const flipped = Uint8Array.from(sig);
    flipped[10] = flipped[10]! ^ 1;
    tx.setWitness(0, [flipped]);
    expect(rejected(chain.check(tx))).toMatchObject({ rule: 'bad-signature', input: 0 });
    tx.setWitness(0, [sig.slice(0, 63)]);
    expect(rejected(chain.check(tx))).toMatchObject({ rule: 'bad-signature', input: 0 });
  });

  it('wrong-sighash-type: ANYPREVOUT on a key path and on a 32-byte tapscript key, 0x00 spelled out, SINGLE without output', () => {
    const { chain, coin, prevout } = withCoin();
    const tx = keySpend({ from: coin, prevout, valueSat: 1n });
    tx.setWitness(0, [concatBytes(tx.ins[0]!.witness[0]!, Uint8Array.of(0x41))]);
    expect(rejected(chain.check(tx))).toMatchObject({ rule: 'wrong-sighash-type', hashType: 0x41 });
    tx.setWitness(0, [concatBytes(tx.ins[0]!.witness[0]!.slice(0, 64), Uint8Array.of(0x00))]);
    expect(rejected(chain.check(tx))).toMatchObject({ rule: 'wrong-sighash-type', hashType: 0x00 });
    const plain = withLeafCoin(bscript.compile([alice.xonly, opcodes.OP_CHECKSIG]));
    const apo = concatBytes(plain.sigFor({ keyVersion: 0, hashType: 0x01 }).slice(0, 64), Uint8Array.of(0x41));
    plain.tx.setWitness(0, [apo, plain.leaf.script, plain.leaf.controlBlock]);
    expect(rejected(plain.chain.check(plain.tx))).toMatchObject({ rule: 'wrong-sighash-type', hashType: 0x41 });
    // SINGLE for input 1 of a one-output transaction.
    const { chain: c2, prevout: p2 } = withCoin();
    const [coinB] = c2.mint([{ script: wallet.scriptPubKey, value: 5n }]);
    const [coinA] = c2.mint([{ script: wallet.scriptPubKey, value: 5n }]);
    const two = new Transaction();
    two.version = 2;
    two.addInput(outpointHash(coinA!), 0);
    two.addInput(outpointHash(coinB!), 0);
    two.addOutput(wallet.scriptPubKey, 1n);
    const ps = [
      { ...p2, value: 5n },
      { ...p2, value: 5n },
    ];
    two.setWitness(0, signKeyPath({ tx: two, inputIndex: 0, prevouts: ps, secKey: alice.sec, auxRand: testRand('0') }));
    const single = signKeyPath({
      tx: two,
      inputIndex: 0,
      prevouts: ps,
      secKey: alice.sec,
      auxRand: testRand('1'),
      hashType: 0x03,
    })[0]!;
    two.setWitness(1, [single]);
    expect(rejected(c2.check(two))).toMatchObject({ rule: 'wrong-sighash-type', input: 1, hashType: 0x03 });
  });

  it('bad-taproot-commitment: a flipped parity bit, a changed internal key, another leaf script', () => {
    const ch = fundedChannel();
    const tx = bindUpdate({
      params: ch.params,
      stateNumber: 1,
      signature: ch.signUpdate(1),
      spends: { kind: 'funding', outpoint: ch.funding },
    });
    const [sig, leafScript, cb] = tx.ins[0]!.witness as [Uint8Array, Uint8Array, Uint8Array];
    const parity = Uint8Array.from(cb);
    parity[0] = parity[0]! ^ 1;
    tx.setWitness(0, [sig, leafScript, parity]);
    expect(rejected(ch.chain.check(tx))).toMatchObject({ rule: 'bad-taproot-commitment', input: 0 });
    tx.setWitness(0, [sig, leafScript, concatBytes(cb.slice(0, 1), alice.xonly)]);
    expect(rejected(ch.chain.check(tx))).toMatchObject({ rule: 'bad-taproot-commitment', input: 0 });
    tx.setWitness(0, [sig, bscript.compile([Uint8Array.of(0x01, ...ch.params.channelKey), opcodes.OP_CHECKSIG]), cb]);
    expect(rejected(ch.chain.check(tx))).toMatchObject({ rule: 'bad-taproot-commitment', input: 0 });
    tx.setWitness(0, [sig, leafScript, concatBytes(cb, new Uint8Array(5))]);
    expect(rejected(ch.chain.check(tx))).toMatchObject({ rule: 'bad-taproot-commitment', input: 0 });
  });

  it('unsupported-opcode: a leaf with OP_CODESEPARATOR, and one with OP_ADD', () => {
    for (const [op, name] of [
      [opcodes.OP_CODESEPARATOR, 'OP_CODESEPARATOR'],
      [opcodes.OP_ADD, 'OP_ADD'],
    ] as const) {
      const c = withLeafCoin(bscript.compile([opcodes.OP_1, opcodes.OP_1, op]));
      c.tx.setWitness(0, [c.leaf.script, c.leaf.controlBlock]);
      expect(rejected(c.chain.check(c.tx))).toMatchObject({ rule: 'unsupported-opcode', input: 0, opcode: name });
    }
  });

  it('unsupported-script: a non-taproot output, and an unknown public key type', () => {
    const chain = new Chain();
    const p2wpkh = Uint8Array.of(0x00, 0x14, ...new Uint8Array(20));
    const [coin] = chain.mint([{ script: p2wpkh, value: 10n }]);
    expect(
      rejected(chain.check(keySpend({ from: coin!, prevout: { script: p2wpkh, value: 10n }, valueSat: 1n }))),
    ).toMatchObject({
      rule: 'unsupported-script',
    });
    const c = withLeafCoin(bscript.compile([Uint8Array.of(0x02, ...alice.xonly), opcodes.OP_CHECKSIG]));
    c.tx.setWitness(0, [c.sigFor({ keyVersion: 0, hashType: 0 }), c.leaf.script, c.leaf.controlBlock]);
    expect(rejected(c.chain.check(c.tx))).toMatchObject({
      rule: 'unsupported-script',
      detail: expect.stringContaining('unknown public key type'),
    });
  });

  it('script-failed: an empty signature (CHECKSIG false) and an unclean stack', () => {
    const c = withLeafCoin(bscript.compile([alice.xonly, opcodes.OP_CHECKSIG]));
    c.tx.setWitness(0, [new Uint8Array(0), c.leaf.script, c.leaf.controlBlock]);
    expect(rejected(c.chain.check(c.tx))).toMatchObject({ rule: 'script-failed', detail: 'the script left false' });
    const good = c.sigFor({ keyVersion: 0, hashType: 0 });
    c.tx.setWitness(0, [Uint8Array.of(7), good, c.leaf.script, c.leaf.controlBlock]);
    expect(rejected(c.chain.check(c.tx))).toMatchObject({
      rule: 'script-failed',
      detail: expect.stringContaining('2 stack elements'),
    });
    c.tx.setWitness(0, [good, c.leaf.script, c.leaf.controlBlock]);
    expect(c.chain.check(c.tx).ok).toBe(true);
  });

  it('treats 0x01-prefixed keys as BIP-118 keys: APO signatures pass there, and key_version 0 signatures fail', () => {
    const c = withLeafCoin(bscript.compile([Uint8Array.of(0x01, ...alice.xonly), opcodes.OP_CHECKSIG]));
    for (const hashType of [0x00, 0x01, 0x41, 0xc1, 0xc3]) {
      c.tx.setWitness(0, [c.sigFor({ keyVersion: 1, hashType }), c.leaf.script, c.leaf.controlBlock]);
      expect(c.chain.check(c.tx).ok, `hash type 0x${hashType.toString(16)}`).toBe(true);
    }
    c.tx.setWitness(0, [c.sigFor({ keyVersion: 0, hashType: 0x01 }), c.leaf.script, c.leaf.controlBlock]);
    expect(rejected(c.chain.check(c.tx))).toMatchObject({ rule: 'bad-signature' });
  });

  it('reads the 1-byte BIP-118 key (OP_1) as the internal key from the control block', () => {
    const c = withLeafCoin(bscript.compile([opcodes.OP_1, opcodes.OP_CHECKSIG]), { internalKey: alice.xonly });
    c.tx.setWitness(0, [c.sigFor({ keyVersion: 1, hashType: 0x41 }), c.leaf.script, c.leaf.controlBlock]);
    expect(c.chain.check(c.tx).ok).toBe(true);
    const other = withLeafCoin(bscript.compile([opcodes.OP_1, opcodes.OP_CHECKSIG]), {
      internalKey: testKey('bob').xonly,
    });
    other.tx.setWitness(0, [
      other.sigFor({ keyVersion: 1, hashType: 0x41 }),
      other.leaf.script,
      other.leaf.controlBlock,
    ]);
    expect(rejected(other.chain.check(other.tx))).toMatchObject({ rule: 'bad-signature' });
  });
});

describe('the chain is deterministic', () => {
  it('gives the same txids and blocks for the same steps', () => {
    const run = () => {
      const ch = fundedChannel();
      const u = ch.chain.confirm(
        bindUpdate({
          params: ch.params,
          stateNumber: 1,
          signature: ch.signUpdate(1),
          spends: { kind: 'funding', outpoint: ch.funding },
        }),
      );
      ch.chain.addBlocks(3);
      return { u, blocks: [0, 1, 2, 3].map((h) => ch.chain.block(h)), tip: ch.chain.tip };
    };
    expect(run()).toEqual(run());
  });
});
