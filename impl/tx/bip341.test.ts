import { describe, expect, it } from 'vitest';
import { Transaction } from 'bitcoinjs-lib';
import { bytesToHex, hexToBytes, schnorrVerify, xonlyPubKey } from '../crypto/index.ts';
import { tweakSecKey } from './keypath.ts';
import { signatureHash, signatureMessage, tapleafHash, type SpentOutput } from './sighash-apo.ts';
import { taprootOutput, type TapTree } from './taproot.ts';
import { Bip341File, readVectorsIfPresent, type ScriptTreeJson } from './test-vectors.ts';
import * as secp from '@noble/secp256k1'; // hashes wired by impl/crypto's index (imported above)

const file = readVectorsIfPresent('bip-0341/wallet-test-vectors.json', Bip341File);

function tree(j: ScriptTreeJson): TapTree {
  if (Array.isArray(j)) {
    const [l, r] = j;
    if (l === undefined || r === undefined || j.length !== 2)
      throw new Error('script tree node must have two children');
    return [tree(l), tree(r)];
  }
  return { script: hexToBytes('script', j.script), leafVersion: j.leafVersion };
}

describe.skipIf(file === undefined)('BIP-341 wallet vectors (vectors/bip-0341/wallet-test-vectors.json)', () => {
  const spk = file?.scriptPubKey ?? [];
  it.each(spk.map((_, i) => [i] as const))(
    'builds scriptPubKey vector #%i (output key, leaf hashes, control blocks)',
    (i) => {
      const v = spk[i]!;
      const out = taprootOutput({
        internalKey: hexToBytes('internalPubkey', v.given.internalPubkey),
        ...(v.given.scriptTree === null ? {} : { tree: tree(v.given.scriptTree) }),
      });
      expect(bytesToHex(out.scriptPubKey), `#${i} scriptPubKey`).toBe(v.expected.scriptPubKey);
      expect(bytesToHex(out.outputKey), `#${i} tweakedPubkey`).toBe(v.intermediary.tweakedPubkey);
      expect(
        out.leaves.map((l) => bytesToHex(l.leafHash)),
        `#${i} leafHashes`,
      ).toEqual(v.intermediary.leafHashes ?? []);
      expect(
        out.leaves.map((l) => bytesToHex(tapleafHash({ script: l.script, leafVersion: l.leafVersion }))),
        `#${i}`,
      ).toEqual(v.intermediary.leafHashes ?? []);
      expect(
        out.leaves.map((l) => bytesToHex(l.controlBlock)),
        `#${i} controlBlocks`,
      ).toEqual(v.expected.scriptPathControlBlocks ?? []);
    },
  );

  const kp = file?.keyPathSpending ?? [];
  const cases = kp.flatMap((k, ki) =>
    k.inputSpending.map((s, si) => ({
      k,
      s,
      label: `tx ${ki} input #${si} (txin ${s.given.txinIndex}, hash type 0x${s.given.hashType.toString(16)})`,
    })),
  );
  it.each(cases.map((c, i) => [c.label, i] as const))(
    'computes the key-path sighash and signature of %s',
    (_label, i) => {
      const { k, s } = cases[i]!;
      const tx = Transaction.fromHex(k.given.rawUnsignedTx);
      const prevouts: SpentOutput[] = k.given.utxosSpent.map((u) => ({
        value: BigInt(u.amountSats),
        script: hexToBytes('utxo', u.scriptPubKey),
      }));
      const input = {
        tx,
        inputIndex: s.given.txinIndex,
        prevouts,
        hashType: s.given.hashType,
        path: { kind: 'key' },
      } as const;
      expect(bytesToHex(signatureMessage(input))).toBe(s.intermediary.sigMsg);
      const ours = signatureHash(input);
      expect(bytesToHex(ours)).toBe(s.intermediary.sigHash);
      const theirs = tx.hashForWitnessV1(
        s.given.txinIndex,
        prevouts.map((p) => p.script),
        prevouts.map((p) => p.value),
        s.given.hashType,
      );
      expect(bytesToHex(theirs)).toBe(s.intermediary.sigHash);
      const secKey = hexToBytes('internalPrivkey', s.given.internalPrivkey);
      expect(bytesToHex(xonlyPubKey(secKey))).toBe(s.intermediary.internalPubkey);
      const merkleRoot = s.given.merkleRoot === null ? undefined : hexToBytes('merkleRoot', s.given.merkleRoot);
      const tweaked = tweakSecKey(merkleRoot === undefined ? { secKey } : { secKey, merkleRoot });
      expect(bytesToHex(tweaked)).toBe(s.intermediary.tweakedPrivkey);
      // The vectors sign with aux_rand = 32 zero bytes; the witness is sig (|| hash_type unless DEFAULT).
      const sig = secp.schnorr.sign(ours, tweaked, new Uint8Array(32));
      const expectedWitness = s.expected.witness[0]!;
      expect(bytesToHex(sig)).toBe(expectedWitness.slice(0, 128));
      expect(expectedWitness.length).toBe(s.given.hashType === 0 ? 128 : 130);
      expect(schnorrVerify({ pubKey: xonlyPubKey(tweaked), msg: ours, sig })).toBe(true);
    },
  );
});
