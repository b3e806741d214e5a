import { describe, expect, it } from 'vitest';
import { bindSettlement } from '../tx/settlement.ts';
import { bindUpdate, buildUpdateTx, updateOutput, updateSighash } from '../tx/update.ts';
import { leafOf } from '../tx/taproot.ts';
import { settlementLeaf, updateLeaf } from '../tx/scripts.ts';
import { MusigSession, concatBytes, equalBytes, musigKeySort, musigNonceAgg, musigNonceGen } from '../crypto/index.ts';
import type { Outpoint } from '../tx/outpoint.ts';
import { fundedChannel, testRand } from './test-fixtures.ts';
import type { ConfirmResult } from './chain.ts';

function ok(r: ConfirmResult): { txid: string; height: number } {
  if (!r.ok) throw new Error(`expected confirmation, got ${JSON.stringify(r.rejection)}`);
  return r;
}

const out0 = (txid: string): Outpoint => ({ txid, vout: 0 });

describe('eltoo on the validating chain', () => {
  it('confirms U(1) on the funding output and St(1) exactly csvDelayBlocks later, paying both balances', () => {
    const ch = fundedChannel();
    const u1 = ok(
      ch.chain.confirm(
        bindUpdate({
          params: ch.params,
          stateNumber: 1,
          signature: ch.signUpdate(1),
          spends: { kind: 'funding', outpoint: ch.funding },
        }),
      ),
    );
    const terms = ch.settlementTerms(1, 600_000n, 400_000n);
    const st1 = bindSettlement({ ...terms, signature: ch.signSettlement(terms), updateOutpoint: out0(u1.txid) });
    ch.chain.addBlocks(4); // U(1) has 5 confirmations: one short of 6
    expect(ch.chain.check(st1)).toMatchObject({ ok: false, rejection: { rule: 'csv-not-satisfied', input: 0 } });
    ch.chain.addBlocks(1);
    const st = ok(ch.chain.confirm(st1));
    expect(st.height - u1.height).toBe(6);
    expect(ch.chain.utxo({ txid: st.txid, vout: 0 })?.output.value).toBe(600_000n);
    expect(ch.chain.utxo({ txid: st.txid, vout: 1 })?.output.value).toBe(400_000n);
  });

  it('refuses a stale update U(1) on the output of U(2) (CLTV of the update leaf)', () => {
    const ch = fundedChannel();
    const u2 = ok(
      ch.chain.confirm(
        bindUpdate({
          params: ch.params,
          stateNumber: 2,
          signature: ch.signUpdate(2),
          spends: { kind: 'funding', outpoint: ch.funding },
        }),
      ),
    );
    // U(1) exactly as signed (nLockTime 500000001), pointed at U(2)'s output through U(2)'s update leaf
    // (bindUpdate refuses to build this, so the witness is put together by hand).
    const stale = buildUpdateTx({ params: ch.params, stateNumber: 1, spends: out0(u2.txid) });
    const leaf = leafOf(updateOutput(ch.params, 2), updateLeaf({ channelKey: ch.params.channelKey, stateNumber: 2 }));
    stale.setWitness(0, [concatBytes(ch.signUpdate(1), Uint8Array.of(0xc1)), leaf.script, leaf.controlBlock]);
    expect(ch.chain.check(stale)).toMatchObject({ ok: false, rejection: { rule: 'cltv-failed', input: 0 } });
    // U(2) cannot be replayed on its own output either (needs nLockTime ≥ 500000003).
    const replay = buildUpdateTx({ params: ch.params, stateNumber: 2, spends: out0(u2.txid) });
    replay.setWitness(0, [concatBytes(ch.signUpdate(2), Uint8Array.of(0xc1)), leaf.script, leaf.controlBlock]);
    expect(ch.chain.check(replay)).toMatchObject({ ok: false, rejection: { rule: 'cltv-failed', input: 0 } });
    // While U(3) with its own signature passes the same leaf.
    expect(
      ch.chain.check(
        bindUpdate({
          params: ch.params,
          stateNumber: 3,
          signature: ch.signUpdate(3),
          spends: { kind: 'update', stateNumber: 2, outpoint: out0(u2.txid) },
        }),
      ).ok,
    ).toBe(true);
  });

  it('rebinds U(3) to a confirmed stale U(1) with the same signature, within the CSV delay, and settles state 3', () => {
    const ch = fundedChannel();
    const sig3 = ch.signUpdate(3);
    // A (or S) publishes the stale state 1.
    const u1 = ok(
      ch.chain.confirm(
        bindUpdate({
          params: ch.params,
          stateNumber: 1,
          signature: ch.signUpdate(1),
          spends: { kind: 'funding', outpoint: ch.funding },
        }),
      ),
    );
    const terms1 = ch.settlementTerms(1, 900_000n, 100_000n);
    const st1 = bindSettlement({ ...terms1, signature: ch.signSettlement(terms1), updateOutpoint: out0(u1.txid) });
    ch.chain.addBlocks(2);
    // The other party answers before St(1) matures: the SAME 64-byte signature as on the funding output.
    const onFunding = bindUpdate({
      params: ch.params,
      stateNumber: 3,
      signature: sig3,
      spends: { kind: 'funding', outpoint: ch.funding },
    });
    const onU1 = bindUpdate({
      params: ch.params,
      stateNumber: 3,
      signature: sig3,
      spends: { kind: 'update', stateNumber: 1, outpoint: out0(u1.txid) },
    });
    expect(onU1.ins[0]!.witness[0]).toEqual(onFunding.ins[0]!.witness[0]);
    expect(ch.chain.check(onFunding)).toMatchObject({
      ok: false,
      rejection: { rule: 'double-spend', spentBy: u1.txid },
    });
    const u3 = ok(ch.chain.confirm(onU1));
    ch.chain.addBlocks(10);
    // St(1) is dead: its input is spent by U(3).
    expect(ch.chain.check(st1)).toMatchObject({ ok: false, rejection: { rule: 'double-spend', spentBy: u3.txid } });
    // St(1)'s signature does not settle U(3)'s output either (ANYPREVOUT commits to the scriptPubKey, which holds n).
    const st1OnU3 = bindSettlement({ ...terms1, signature: ch.signSettlement(terms1), updateOutpoint: out0(u3.txid) });
    const r = ch.chain.check(st1OnU3);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.rejection.rule).toMatch(/bad-taproot-commitment|bad-signature/);
    const terms3 = ch.settlementTerms(3, 500_000n, 500_000n);
    ok(
      ch.chain.confirm(
        bindSettlement({ ...terms3, signature: ch.signSettlement(terms3), updateOutpoint: out0(u3.txid) }),
      ),
    );
  });

  it('rebinds one U(4) signature to the funding output or to any of U(1)..U(3)', () => {
    const ch = fundedChannel();
    const sig4 = ch.signUpdate(4);
    for (const m of [1, 2, 3]) {
      const c = fundedChannel();
      const um = ok(
        c.chain.confirm(
          bindUpdate({
            params: c.params,
            stateNumber: m,
            signature: c.signUpdate(m),
            spends: { kind: 'funding', outpoint: c.funding },
          }),
        ),
      );
      ok(
        c.chain.confirm(
          bindUpdate({
            params: c.params,
            stateNumber: 4,
            signature: sig4,
            spends: { kind: 'update', stateNumber: m, outpoint: out0(um.txid) },
          }),
        ),
      );
    }
    ok(
      ch.chain.confirm(
        bindUpdate({
          params: ch.params,
          stateNumber: 4,
          signature: sig4,
          spends: { kind: 'funding', outpoint: ch.funding },
        }),
      ),
    );
  });

  it('keeps update and settlement signatures apart: an update cannot settle, a settlement cannot update', () => {
    const ch = fundedChannel();
    const u1 = ok(
      ch.chain.confirm(
        bindUpdate({
          params: ch.params,
          stateNumber: 1,
          signature: ch.signUpdate(1),
          spends: { kind: 'funding', outpoint: ch.funding },
        }),
      ),
    );
    ch.chain.addBlocks(20);
    const out = updateOutput(ch.params, 1);
    const settleLeaf = leafOf(
      out,
      settlementLeaf({ channelKey: ch.params.channelKey, csvDelayBlocks: ch.params.csvDelayBlocks }),
    );
    const updLeaf = leafOf(out, updateLeaf({ channelKey: ch.params.channelKey, stateNumber: 1 }));
    // U(2) through U(1)'s settlement leaf: its 0xc1 signature would verify there, but its nSequence disables CSV.
    const u2 = buildUpdateTx({ params: ch.params, stateNumber: 2, spends: out0(u1.txid) });
    u2.setWitness(0, [concatBytes(ch.signUpdate(2), Uint8Array.of(0xc1)), settleLeaf.script, settleLeaf.controlBlock]);
    expect(ch.chain.check(u2)).toMatchObject({ ok: false, rejection: { rule: 'csv-failed', input: 0 } });
    // St(1) through U(1)'s update leaf: its nLockTime 500000001 is below that leaf's 500000002.
    const terms = ch.settlementTerms(1, 1n, 999_999n);
    const st1 = bindSettlement({ ...terms, signature: ch.signSettlement(terms), updateOutpoint: out0(u1.txid) });
    st1.setWitness(0, [st1.ins[0]!.witness[0]!, updLeaf.script, updLeaf.controlBlock]);
    expect(ch.chain.check(st1)).toMatchObject({ ok: false, rejection: { rule: 'cltv-failed', input: 0 } });
    // And were the locktime high enough, St(1)'s 0x41 signature commits to the settlement leaf, not the update leaf.
    st1.locktime = 500_000_009;
    expect(ch.chain.check(st1)).toMatchObject({ ok: false, rejection: { rule: 'bad-signature', input: 0 } });
  });

  it("lets S confirm the state it bought: U(2) completed from A's partial signature and its own, then St(2)", () => {
    const ch = fundedChannel();
    const u1 = ok(
      ch.chain.confirm(
        bindUpdate({
          params: ch.params,
          stateNumber: 1,
          signature: ch.signUpdate(1),
          spends: { kind: 'funding', outpoint: ch.funding },
        }),
      ),
    );
    // Steps 1-3 and 8 of scheme 1: nonces, A's partial signature s_A on U(2)'s BIP-118 message, S's own.
    const msg = updateSighash({ params: ch.params, stateNumber: 2 });
    const publicKeys = musigKeySort([ch.a.compressed, ch.s.compressed]);
    const nA = musigNonceGen({ pubKey: ch.a.compressed, secKey: ch.a.sec, msg, rand: testRand('nA') });
    const nS = musigNonceGen({ pubKey: ch.s.compressed, secKey: ch.s.sec, msg, rand: testRand('nS') });
    const aFirst = equalBytes(publicKeys[0]!, ch.a.compressed);
    const aggNonce = musigNonceAgg(aFirst ? [nA.pubNonce, nS.pubNonce] : [nS.pubNonce, nA.pubNonce]);
    const session = new MusigSession({ aggNonce, publicKeys, msg });
    const sA = session.partialSign({ secNonce: nA.secNonce, secKey: ch.a.sec });
    const sS = session.partialSign({ secNonce: nS.secNonce, secKey: ch.s.sec });
    const full = session.aggregate(aFirst ? [sA, sS] : [sS, sA]);
    // A complete signature of another state (U(1)'s) does not stand in for U(2)'s.
    const forged = ch.signUpdate(1);
    const spend = { kind: 'update', stateNumber: 1, outpoint: out0(u1.txid) } as const;
    expect(
      ch.chain.check(bindUpdate({ params: ch.params, stateNumber: 2, signature: forged, spends: spend })),
    ).toMatchObject({
      ok: false,
      rejection: { rule: 'bad-signature', input: 0 },
    });
    const u2 = ok(ch.chain.confirm(bindUpdate({ params: ch.params, stateNumber: 2, signature: full, spends: spend })));
    const terms2 = ch.settlementTerms(2, 899_000n, 101_000n);
    const st2 = bindSettlement({ ...terms2, signature: ch.signSettlement(terms2), updateOutpoint: out0(u2.txid) });
    ch.chain.addBlocks(ch.params.csvDelayBlocks - 1);
    const st = ok(ch.chain.confirm(st2));
    expect(ch.chain.utxo({ txid: st.txid, vout: 1 })?.output.value).toBe(101_000n);
  });
});
