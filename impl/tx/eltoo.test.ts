import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../crypto/index.ts';
import { InputError } from '../../util/input-error.ts';
import type { EltooChannelParams } from './channel.ts';
import { describeTx, formatTx } from './describe.ts';
import { fundingOutput } from './funding.ts';
import {
  bindSettlement,
  buildSettlementTx,
  checkSettlementTerms,
  settlementSighash,
  type SettlementTerms,
} from './settlement.ts';
import { settlementLeaf, updateLeaf } from './scripts.ts';
import { signatureHash } from './sighash-apo.ts';
import { NUMS_INTERNAL_KEY } from './taproot.ts';
import { bindUpdate, buildUpdateTx, updateOutput, updateSighash } from './update.ts';

const P = hexToBytes('P', 'f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9', 32);
const params: EltooChannelParams = { channelKey: P, settlementKey: P, capacitySat: 1_000_000n, csvDelayBlocks: 6 };
const SIG = new Uint8Array(64).fill(0x11);
const FUNDING = { txid: 'aa'.repeat(32), vout: 1 };
const terms = (n: number): SettlementTerms => ({
  params,
  stateNumber: n,
  balances: [
    {
      key: hexToBytes('a', 'dff1d77f2a671c5f36183726db2341be58feae1da2deced843240f7b502ba659', 32),
      valueSat: 700_000n,
    },
    {
      key: hexToBytes('s', '2c0b7cf95324a07d05398b240174dc0c2be444d96b159aa6c7f7b1e668680991', 32),
      valueSat: 300_000n,
    },
  ],
  ptlcs: [],
});

describe('eltoo scripts', () => {
  it('encodes the update leaf of state n as <500000000+n+1> CLTV DROP <0x01‖P> CHECKSIG', () => {
    // 500000001 = 0x1dcd6501, a 4-byte script number pushed little-endian.
    expect(bytesToHex(updateLeaf({ channelKey: P, stateNumber: 0 }))).toBe(`040165cd1db1752101${bytesToHex(P)}ac`);
    expect(bytesToHex(updateLeaf({ channelKey: P, stateNumber: 7 }))).toBe(`040865cd1db1752101${bytesToHex(P)}ac`);
  });

  it('encodes the settlement leaf as <csv> CSV DROP <0x01‖P> CHECKSIG, with OP_6 for six blocks', () => {
    expect(bytesToHex(settlementLeaf({ channelKey: P, csvDelayBlocks: 6 }))).toBe(`56b2752101${bytesToHex(P)}ac`);
    expect(bytesToHex(settlementLeaf({ channelKey: P, csvDelayBlocks: 144 }))).toBe(`029000b2752101${bytesToHex(P)}ac`);
  });

  it('refuses out-of-range parameters with an InputError naming the field', () => {
    expect(() => updateLeaf({ channelKey: P, stateNumber: -1 })).toThrow(/stateNumber/);
    expect(() => settlementLeaf({ channelKey: P, csvDelayBlocks: 0 })).toThrow(/csvDelayBlocks/);
    expect(() => fundingOutput({ ...params, channelKey: P.slice(1) })).toThrow(InputError);
    expect(() => fundingOutput({ ...params, capacitySat: 0n })).toThrow(/capacitySat/);
  });
});

describe('eltoo transactions', () => {
  it('builds U(n) with nLockTime 500000000 + n, a non-final input and the whole capacity in the update output', () => {
    const tx = buildUpdateTx({ params, stateNumber: 5, spends: FUNDING });
    expect(tx.locktime).toBe(500_000_005);
    expect(tx.version).toBe(2);
    expect(tx.ins[0]!.sequence).toBe(0xfffffffd);
    expect(tx.outs).toHaveLength(1);
    expect(tx.outs[0]!.value).toBe(1_000_000n);
    expect(bytesToHex(tx.outs[0]!.script)).toBe(bytesToHex(updateOutput(params, 5).scriptPubKey));
  });

  it('signs U(n) over a message that does not depend on what it spends (0xc1, key version 1)', () => {
    const msg = updateSighash({ params, stateNumber: 3 });
    for (const spends of [
      { kind: 'funding', outpoint: FUNDING },
      { kind: 'update', stateNumber: 1, outpoint: { txid: 'bb'.repeat(32), vout: 0 } },
      { kind: 'update', stateNumber: 2, outpoint: { txid: 'cc'.repeat(32), vout: 0 } },
    ] as const) {
      const tx = bindUpdate({ params, stateNumber: 3, signature: SIG, spends });
      const [sig, leafScript] = tx.ins[0]!.witness as [Uint8Array, Uint8Array];
      expect(sig[64]).toBe(0xc1);
      const prevout = spends.kind === 'funding' ? fundingOutput(params) : updateOutput(params, spends.stateNumber);
      const onTx = signatureHash({
        tx,
        inputIndex: 0,
        prevouts: [{ value: params.capacitySat, script: prevout.scriptPubKey }],
        hashType: 0xc1,
        path: { kind: 'script', leafScript, leafVersion: 0xc0, keyVersion: 1 },
      });
      expect(bytesToHex(onTx)).toBe(bytesToHex(msg));
    }
    expect(bytesToHex(updateSighash({ params, stateNumber: 4 }))).not.toBe(bytesToHex(msg));
  });

  it('refuses to bind U(n) to the output of U(m) with m ≥ n', () => {
    expect(() =>
      bindUpdate({
        params,
        stateNumber: 2,
        signature: SIG,
        spends: { kind: 'update', stateNumber: 2, outpoint: FUNDING },
      }),
    ).toThrow(/states only move forward/);
  });

  it("signs St(n) under 0x41, binding it to state n's update output but not to its outpoint", () => {
    const msg = settlementSighash(terms(2));
    const a = bindSettlement({ ...terms(2), signature: SIG, updateOutpoint: { txid: 'dd'.repeat(32), vout: 0 } });
    expect(a.ins[0]!.witness[0]![64]).toBe(0x41);
    expect(a.ins[0]!.sequence).toBe(6);
    const onTx = signatureHash({
      tx: a,
      inputIndex: 0,
      prevouts: [{ value: params.capacitySat, script: updateOutput(params, 2).scriptPubKey }],
      hashType: 0x41,
      path: { kind: 'script', leafScript: a.ins[0]!.witness[1]!, leafVersion: 0xc0, keyVersion: 1 },
    });
    expect(bytesToHex(onTx)).toBe(bytesToHex(msg));
    expect(bytesToHex(settlementSighash(terms(3)))).not.toBe(bytesToHex(msg));
  });

  it('refuses settlement outputs that do not add up to the capacity', () => {
    const t = terms(1);
    expect(() => checkSettlementTerms({ ...t, balances: [t.balances[0]!] })).toThrow(
      /sum to 700000 sat, the capacity is 1000000/,
    );
    expect(() =>
      buildSettlementTx({ ...t, balances: [{ ...t.balances[0]!, valueSat: -1n }], updateOutpoint: FUNDING }),
    ).toThrow(/negative/);
  });
});

describe('describeTx', () => {
  it('takes an update transaction apart: state number, sequence meaning, leaf ASM, control block', () => {
    const tx = bindUpdate({ params, stateNumber: 3, signature: SIG, spends: { kind: 'funding', outpoint: FUNDING } });
    const d = describeTx(tx, { prevouts: [{ value: params.capacitySat, script: fundingOutput(params).scriptPubKey }] });
    expect(d.locktimeMeaning).toContain('state number 3');
    expect(d.inputs[0]!.outpoint).toBe(`${'aa'.repeat(32)}:1`);
    expect(d.inputs[0]!.sequenceMeaning).toContain('BIP-68 disabled');
    const w = d.inputs[0]!.witness;
    expect(w.kind).toBe('script-path');
    if (w.kind !== 'script-path') return;
    expect(w.leafAsm).toBe(`0165cd1d OP_CHECKLOCKTIMEVERIFY OP_DROP 01${bytesToHex(P)} OP_CHECKSIG`);
    expect(w.stack[0]).toContain('ALL|ANYPREVOUTANYSCRIPT');
    expect(w.controlBlock.internalKey).toBe(bytesToHex(NUMS_INTERNAL_KEY));
    expect(w.controlBlock.merklePath).toEqual([]);
    const text = formatTx(d, { title: 'U(3)' });
    expect(text).toContain('U(3) ');
    expect(text).toContain(`raw ${tx.toHex()}`);
  });
});
