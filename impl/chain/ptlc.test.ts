import { describe, expect, it } from 'vitest';
import { adapt, adaptorPointOf, bytesToHex, extract, preSign, schnorrSign } from '../crypto/index.ts';
import { keyPathOutput } from '../tx/keypath.ts';
import {
  buildPtlcClaimTx,
  buildPtlcRefundTx,
  claimSenderSig,
  finishPtlcClaim,
  finishPtlcRefund,
  ptlcClaimSighash,
  ptlcRefundSighash,
  type PtlcTerms,
} from '../tx/ptlc.ts';
import { bindSettlement, firstPtlcVout, type SettlementTerms } from '../tx/settlement.ts';
import { bindUpdate } from '../tx/update.ts';
import { fundedChannel, testKey, testRand } from './test-fixtures.ts';

/** A channel settled on chain at state 1 with one PTLC of 100_000 sat from S to A (timeout 150). */
function settledWithPtlc() {
  const ch = fundedChannel();
  const ptlc: PtlcTerms = { senderKey: ch.s.xonly, receiverKey: ch.a.xonly, amountSat: 100_000n, timeoutHeight: 150 };
  const terms: SettlementTerms = { ...ch.settlementTerms(1, 500_000n, 400_000n), ptlcs: [ptlc] };
  const u1 = ch.chain.confirm(
    bindUpdate({
      params: ch.params,
      stateNumber: 1,
      signature: ch.signUpdate(1),
      spends: { kind: 'funding', outpoint: ch.funding },
    }),
  );
  if (!u1.ok) throw new Error('U(1) refused');
  ch.chain.addBlocks(ch.params.csvDelayBlocks - 1);
  const st = ch.chain.confirm(
    bindSettlement({ ...terms, signature: ch.signSettlement(terms), updateOutpoint: { txid: u1.txid, vout: 0 } }),
  );
  if (!st.ok) throw new Error(`St(1) refused: ${JSON.stringify(st.rejection)}`);
  return { ch, ptlc, outpoint: { txid: st.txid, vout: firstPtlcVout(terms) } };
}

describe('PTLC outputs on the validating chain', () => {
  it('confirms a claim carrying the completed adaptor signature, from which the sender extracts the secret', () => {
    const { ch, ptlc, outpoint } = settledWithPtlc();
    expect(ch.chain.utxo(outpoint)?.output.value).toBe(100_000n);
    const secret = testKey('payment secret t').sec;
    const T = adaptorPointOf(secret);
    const to = keyPathOutput({ internalKey: ch.a.xonly }).scriptPubKey;
    const claim = buildPtlcClaimTx({ terms: ptlc, outpoint, toScript: to, feeSat: 500n });
    // The sender pre-signs (ANYPREVOUT, so it could have done so before the settlement's txid was known).
    const senderMsg = ptlcClaimSighash({ terms: ptlc, tx: claim, signer: 'sender' });
    const preSig = preSign({ secKey: ch.s.sec, msg: senderMsg, adaptorPoint: T, auxRand: testRand('pre') });
    // A pre-signature is not a signature: the chain refuses the claim with it.
    const receiverSig = schnorrSign({
      secKey: ch.a.sec,
      msg: ptlcClaimSighash({ terms: ptlc, tx: claim, signer: 'receiver' }),
      auxRand: testRand('r'),
    });
    const uncompleted = finishPtlcClaim({ terms: ptlc, tx: claim.clone(), senderSig: preSig.slice(1), receiverSig });
    expect(ch.chain.check(uncompleted)).toMatchObject({ ok: false, rejection: { rule: 'bad-signature', input: 0 } });
    // The receiver completes it with t.
    const senderSig = adapt({ preSig, secret, pubKey: ch.s.xonly, msg: senderMsg });
    const signed = finishPtlcClaim({ terms: ptlc, tx: claim, senderSig, receiverSig });
    const r = ch.chain.confirm(signed);
    expect(r.ok).toBe(true);
    // The sender reads the claim from the chain and learns t.
    const onChain = ch.chain.transaction(r.txid)!;
    expect(bytesToHex(extract({ sig: claimSenderSig(onChain), preSig, adaptorPoint: T }))).toBe(bytesToHex(secret));
  });

  it("refuses the claim without the receiver's signature", () => {
    const { ch, ptlc, outpoint } = settledWithPtlc();
    const claim = buildPtlcClaimTx({
      terms: ptlc,
      outpoint,
      toScript: keyPathOutput({ internalKey: ch.a.xonly }).scriptPubKey,
    });
    const senderSig = schnorrSign({
      secKey: ch.s.sec,
      msg: ptlcClaimSighash({ terms: ptlc, tx: claim, signer: 'sender' }),
      auxRand: testRand('s'),
    });
    // The receiver's slot holds the sender's signature over the receiver's message: wrong key.
    const wrong = schnorrSign({
      secKey: ch.s.sec,
      msg: ptlcClaimSighash({ terms: ptlc, tx: claim, signer: 'receiver' }),
      auxRand: testRand('w'),
    });
    expect(ch.chain.check(finishPtlcClaim({ terms: ptlc, tx: claim, senderSig, receiverSig: wrong }))).toMatchObject({
      ok: false,
      rejection: { rule: 'bad-signature', input: 0 },
    });
  });

  it('refunds the sender only once the tip reaches the timeout height', () => {
    const { ch, ptlc, outpoint } = settledWithPtlc();
    const refund = buildPtlcRefundTx({
      terms: ptlc,
      outpoint,
      toScript: keyPathOutput({ internalKey: ch.s.xonly }).scriptPubKey,
    });
    const signed = finishPtlcRefund({
      terms: ptlc,
      tx: refund,
      senderSig: schnorrSign({
        secKey: ch.s.sec,
        msg: ptlcRefundSighash({ terms: ptlc, tx: refund }),
        auxRand: testRand('refund'),
      }),
    });
    ch.chain.addBlocks(ptlc.timeoutHeight - 1 - ch.chain.height);
    expect(ch.chain.height).toBe(ptlc.timeoutHeight - 1);
    expect(ch.chain.check(signed)).toMatchObject({
      ok: false,
      rejection: { rule: 'locktime-not-reached', locktime: 150 },
    });
    ch.chain.addBlocks(1);
    const r = ch.chain.confirm(signed);
    expect(r).toMatchObject({ ok: true, height: ptlc.timeoutHeight + 1 });
  });

  it("refuses a refund whose nLockTime is below the timeout leaf's CLTV, even when signed", () => {
    const { ch, ptlc, outpoint } = settledWithPtlc();
    ch.chain.addBlocks(200);
    const early = buildPtlcRefundTx({
      terms: ptlc,
      outpoint,
      toScript: keyPathOutput({ internalKey: ch.s.xonly }).scriptPubKey,
    });
    early.locktime = ptlc.timeoutHeight - 1;
    finishPtlcRefund({
      terms: ptlc,
      tx: early,
      senderSig: schnorrSign({
        secKey: ch.s.sec,
        msg: ptlcRefundSighash({ terms: ptlc, tx: early }),
        auxRand: testRand('early'),
      }),
    });
    expect(ch.chain.check(early)).toMatchObject({ ok: false, rejection: { rule: 'cltv-failed', input: 0 } });
  });
});
