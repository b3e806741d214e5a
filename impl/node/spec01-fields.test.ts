/**
 * Spec 01 §1 and §3 field by field, on the transactions the nodes build in a scheme-1 run (what `apln demo --json`
 * shows): U(n), St(n) of the A–S channel and the routing channel's H, claim and refund. Each expectation is a line
 * of the spec's transaction listing; a change to either side fails here.
 */
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../crypto/bytes.ts';
import { keyPathOutput } from '../tx/keypath.ts';
import { NUMS_INTERNAL_KEY } from '../tx/taproot.ts';
import { channelParams } from './eltoo-txs.ts';
import { fundingOutput } from '../tx/funding.ts';
import { updateOutput } from '../tx/update.ts';
import { runSteps, scheme1Steps } from './scenario.ts';
import { fromHex } from './wire.ts';
import { World } from './world.ts';

const LOCKTIME_THRESHOLD = 500_000_000;

describe('spec 01 transaction fields, as the nodes build them', () => {
  const w = new World({ seed: 41, hops: 0, scheme: 1, decorrelate: false });
  runSteps(w, scheme1Steps());
  const ch = w.channelOf('S', 'A');
  const n = ch.latest.state;
  const held = w.broadcastable('A');
  const U = held.find((t) => t.name === `U(${n})`)?.tx;
  const St = held.find((t) => t.name === `St(${n})`)?.tx;

  it('U(k): nVersion 2, nLockTime 500000000 + k, one input with nSequence 0xfffffffd, one output of funding_sat, signed 0xc1', () => {
    expect(n).toBeGreaterThanOrEqual(1);
    if (U === undefined) throw new Error(`A holds no U(${n})`);
    expect(U.version).toBe(2);
    expect(U.locktime).toBe(LOCKTIME_THRESHOLD + n);
    expect(U.ins).toHaveLength(1);
    expect(U.ins[0]?.sequence).toBe(0xfffffffd);
    expect(U.outs).toHaveLength(1);
    expect(U.outs[0]?.value).toBe(BigInt(ch.capacitySat));
    expect(bytesToHex(U.outs[0]?.script ?? new Uint8Array())).toBe(
      bytesToHex(updateOutput(channelParams(ch), n).scriptPubKey),
    );
    // witness [sig ‖ 0xc1, update leaf, control block]: 65-byte signature ending in ANYPREVOUTANYSCRIPT|ALL.
    const wit = U.ins[0]?.witness ?? [];
    expect(wit).toHaveLength(3);
    expect(wit[0]?.length).toBe(65);
    expect(wit[0]?.[64]).toBe(0xc1);
  });

  it('funding and update outputs: NUMS internal key, funding = the update leaf of state 0 (CLTV 500000001)', () => {
    const f = fundingOutput(channelParams(ch));
    expect(bytesToHex(f.internalKey)).toBe(bytesToHex(NUMS_INTERNAL_KEY));
    expect(f.leaves).toHaveLength(1);
    expect(bytesToHex(f.leaves[0]?.script ?? new Uint8Array()).slice(0, 10)).toBe('040165cd1d'); // push 500000001
    const u = updateOutput(channelParams(ch), n);
    expect(bytesToHex(u.internalKey)).toBe(bytesToHex(NUMS_INTERNAL_KEY));
    expect(u.leaves).toHaveLength(2);
  });

  it("St(k): nVersion 2, nLockTime 500000000 + k, nSequence csv_delay_blocks, A's then S's balance by key path, summing to funding_sat (settlement_fee_sat 0), signed 0x41", () => {
    if (St === undefined) throw new Error(`A holds no St(${n})`);
    expect(St.version).toBe(2);
    expect(St.locktime).toBe(LOCKTIME_THRESHOLD + n);
    expect(St.ins).toHaveLength(1);
    expect(St.ins[0]?.sequence).toBe(ch.csvDelayBlocks);
    const expected = [
      { key: ch.partyKey, sat: ch.latest.partySat },
      { key: ch.hubKey, sat: ch.latest.hubSat },
    ].filter((b) => b.sat > 0);
    expect(St.outs.map((o) => [bytesToHex(o.script), o.value])).toEqual(
      expected.map((b) => [
        bytesToHex(keyPathOutput({ internalKey: fromHex(b.key).slice(1) }).scriptPubKey),
        BigInt(b.sat),
      ]),
    );
    expect(St.outs.reduce((s, o) => s + o.value, 0n)).toBe(BigInt(ch.capacitySat));
    const wit = St.ins[0]?.witness ?? [];
    expect(wit).toHaveLength(3);
    expect(wit[0]?.[64]).toBe(0x41);
  });

  it('H, claim and refund of the routing channel S–B as spec 01 §3 lists them', () => {
    const s = w.node('S');
    if (s.role !== 'hub') throw new Error('role');
    const entry = s.snapshot.ptlcs[0];
    const ledger = s.snapshot.ledgers.find((l) => l.peer === entry?.peer);
    if (entry === undefined || ledger === undefined) throw new Error('S offered no PTLC');
    const fromB = w.ptlcTransactions('B');
    const H = fromB.find((t) => t.name.startsWith('H('))?.tx;
    const claim = fromB.find((t) => t.name.startsWith('PtlcClaim('))?.tx;
    const refund = w.ptlcTransactions('S').find((t) => t.name.startsWith('PtlcRefund('))?.tx;
    if (H === undefined || claim === undefined || refund === undefined) throw new Error('missing PTLC transactions');
    // H: nVersion 2, nLockTime 0, input nSequence 0xfffffffd, both sign SIGHASH_DEFAULT (64-byte signatures).
    expect([H.version, H.locktime, H.ins.length, H.ins[0]?.sequence]).toEqual([2, 0, 1, 0xfffffffd]);
    const hw = H.ins[0]?.witness ?? [];
    expect(hw.slice(0, 2).map((x) => x.length)).toEqual([64, 64]);
    // F_h's leaf <H_1> CHECKSIGVERIFY <H_2> CHECKSIG with H_1 < H_2 bytewise: the leaf in H's witness.
    const keys = [fromHex(ledger.localKey).slice(1), fromHex(ledger.remoteKey).slice(1)];
    const [k1, k2] = keys.map(bytesToHex).sort();
    expect(bytesToHex(hw[2] ?? new Uint8Array())).toBe(`20${k1}ad20${k2}ac`);
    // outputs: the PTLC (amount_sat), then the offerer's and the receiver's balances (left out when zero).
    expect(H.outs[0]?.value).toBe(BigInt(entry.amountSat));
    expect(H.outs.slice(1).map((o) => o.value)).toEqual(
      [entry.offererSat, entry.receiverSat].filter((x) => x > 0).map(BigInt),
    );
    expect(H.outs.reduce((s2, o) => s2 + o.value, 0n)).toBe(BigInt(ledger.capacitySat));
    // claim: nVersion 2, nLockTime 0, nSequence 0xfffffffe, one output of amount_sat; witness [sig_r, sig_s‖0x41, leaf, cb].
    expect([claim.version, claim.locktime, claim.ins[0]?.sequence, claim.outs.length]).toEqual([2, 0, 0xfffffffe, 1]);
    expect(claim.outs[0]?.value).toBe(BigInt(entry.amountSat));
    const cw = claim.ins[0]?.witness ?? [];
    expect(cw).toHaveLength(4);
    expect([cw[0]?.length, cw[1]?.length, cw[1]?.[64]]).toEqual([64, 65, 0x41]);
    // refund: nLockTime = timeout_height, nSequence 0xfffffffe, one output to the offerer's H key; witness [sig_s, leaf, cb].
    expect([refund.version, refund.locktime, refund.ins[0]?.sequence, refund.outs.length]).toEqual([
      2,
      entry.timeoutHeight,
      0xfffffffe,
      1,
    ]);
    expect(bytesToHex(refund.outs[0]?.script ?? new Uint8Array())).toBe(
      bytesToHex(keyPathOutput({ internalKey: fromHex(ledger.localKey).slice(1) }).scriptPubKey),
    );
    const rw = refund.ins[0]?.witness ?? [];
    expect(rw).toHaveLength(3);
    expect(rw[0]?.length).toBe(64);
  });
});
