import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Transaction } from 'bitcoinjs-lib';
import { bytesToHex } from '../crypto/index.ts';
import { signatureHash, tapleafHash, type SpentOutput } from './sighash-apo.ts';

const RUNS = process.env.APLN_LONG ? 2000 : 100;
const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });

const arbTx = fc
  .record({
    version: fc.integer({ min: 1, max: 3 }),
    locktime: fc.nat({ max: 0xffffffff }),
    ins: fc.array(
      fc.record({ hash: bytes(32, 32), index: fc.nat({ max: 5 }), sequence: fc.nat({ max: 0xffffffff }) }),
      { minLength: 1, maxLength: 3 },
    ),
    outs: fc.array(fc.record({ script: bytes(0, 40), value: fc.bigInt({ min: 0n, max: 2_100_000_000_000_000n }) }), {
      minLength: 1,
      maxLength: 3,
    }),
    // Spent outputs are taproot-shaped (OP_1 <32 bytes>): bitcoinjs-lib sizes its ANYONECANPAY buffer for 35-byte scripts.
    prevScripts: fc.array(
      bytes(32, 32).map((k) => Uint8Array.of(0x51, 0x20, ...k)),
      { minLength: 3, maxLength: 3 },
    ),
    prevValues: fc.array(fc.bigInt({ min: 0n, max: 2_100_000_000_000_000n }), { minLength: 3, maxLength: 3 }),
    leaf: bytes(0, 60),
    annex: fc.option(
      bytes(0, 20).map((b) => Uint8Array.of(0x50, ...b)),
      { nil: undefined },
    ),
    pick: fc.nat(),
  })
  .map((r) => {
    const tx = new Transaction();
    tx.version = r.version;
    tx.locktime = r.locktime;
    for (const i of r.ins) tx.addInput(i.hash, i.index, i.sequence);
    for (const o of r.outs) tx.addOutput(o.script, o.value);
    const prevouts: SpentOutput[] = r.ins.map((_, i) => ({ script: r.prevScripts[i]!, value: r.prevValues[i]! }));
    return { tx, prevouts, leaf: r.leaf, annex: r.annex, inputIndex: r.pick % r.ins.length };
  });

const BIP341_TYPES = [0x00, 0x01, 0x02, 0x03, 0x81, 0x82, 0x83];

describe('signature hashes on random transactions', () => {
  it('equal bitcoinjs-lib hashForWitnessV1 for every BIP-341 hash type, key path and script path, with or without annex', () => {
    fc.assert(
      fc.property(arbTx, fc.constantFrom(...BIP341_TYPES), ({ tx, prevouts, leaf, annex, inputIndex }, hashType) => {
        fc.pre(!((hashType & 3) === 3 && inputIndex >= tx.outs.length));
        const scripts = prevouts.map((p) => p.script);
        const values = prevouts.map((p) => p.value);
        const a = annex === undefined ? {} : { annex };
        const key = signatureHash({ tx, inputIndex, prevouts, hashType, path: { kind: 'key' }, ...a });
        expect(bytesToHex(key)).toBe(
          bytesToHex(tx.hashForWitnessV1(inputIndex, scripts, values, hashType, undefined, annex)),
        );
        const script = signatureHash({
          tx,
          inputIndex,
          prevouts,
          hashType,
          path: { kind: 'script', leafScript: leaf, leafVersion: 0xc0, keyVersion: 0 },
          ...a,
        });
        const theirs = tx.hashForWitnessV1(inputIndex, scripts, values, hashType, tapleafHash({ script: leaf }), annex);
        expect(bytesToHex(script)).toBe(bytesToHex(theirs));
      }),
      { numRuns: RUNS },
    );
  });

  it('ANYPREVOUT ignores every outpoint but commits to amount, scriptPubKey, leaf and nSequence', () => {
    fc.assert(
      fc.property(
        arbTx,
        fc.constantFrom(0x41, 0x42, 0x43),
        bytes(32, 32),
        ({ tx, prevouts, leaf, inputIndex }, hashType, newHash) => {
          fc.pre(!((hashType & 3) === 3 && inputIndex >= tx.outs.length));
          const h = (t: Transaction, p: SpentOutput[], l: Uint8Array) =>
            bytesToHex(
              signatureHash({
                tx: t,
                inputIndex,
                prevouts: p,
                hashType,
                path: { kind: 'script', leafScript: l, leafVersion: 0xc0, keyVersion: 1 },
              }),
            );
          const base = h(tx, prevouts, leaf);
          const moved = tx.clone();
          moved.ins.forEach((i) => {
            i.hash = newHash;
            i.index += 1;
          });
          expect(h(moved, prevouts, leaf)).toBe(base);
          const otherValue = prevouts.map((p, i) => (i === inputIndex ? { ...p, value: p.value + 1n } : p));
          expect(h(tx, otherValue, leaf)).not.toBe(base);
          expect(h(tx, prevouts, Uint8Array.of(...leaf, 0x51))).not.toBe(base);
          const reseq = tx.clone();
          reseq.ins[inputIndex]!.sequence = (reseq.ins[inputIndex]!.sequence + 1) >>> 0;
          expect(h(reseq, prevouts, leaf)).not.toBe(base);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('ANYPREVOUTANYSCRIPT also ignores amount, scriptPubKey and leaf, but not nLockTime', () => {
    fc.assert(
      fc.property(arbTx, fc.constantFrom(0xc1, 0xc2, 0xc3), ({ tx, prevouts, leaf, inputIndex }, hashType) => {
        fc.pre(!((hashType & 3) === 3 && inputIndex >= tx.outs.length));
        const h = (t: Transaction, p: (SpentOutput | undefined)[], l: Uint8Array) =>
          bytesToHex(
            signatureHash({
              tx: t,
              inputIndex,
              prevouts: p,
              hashType,
              path: { kind: 'script', leafScript: l, leafVersion: 0xc0, keyVersion: 1 },
            }),
          );
        const base = h(tx, prevouts, leaf);
        expect(h(tx, [], Uint8Array.of(0x51))).toBe(base);
        const relocked = tx.clone();
        relocked.locktime = (relocked.locktime + 1) >>> 0;
        expect(h(relocked, prevouts, leaf)).not.toBe(base);
      }),
      { numRuns: RUNS },
    );
  });
});
