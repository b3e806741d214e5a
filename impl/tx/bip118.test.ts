import { describe, expect, it } from 'vitest';
import { Transaction } from 'bitcoinjs-lib';
import { bytesToHex, hexToBytes } from '../crypto/index.ts';
import { inputMode, hashTypeName } from './hash-type.ts';
import { signatureHash, signatureMessage, tapleafHash, type SpentOutput } from './sighash-apo.ts';
import { Bip118File, readVectorsIfPresent } from './test-vectors.ts';

const file = readVectorsIfPresent('bip-0118/sighash-generated.json', Bip118File);
const vectors = file?.vectors ?? [];

function setup(v: (typeof vectors)[number]) {
  const tx = Transaction.fromHex(v.tx);
  const prevouts: SpentOutput[] = v.utxos.map((u) => ({
    value: BigInt(u.value),
    script: hexToBytes('utxo', u.scriptPubKey),
  }));
  const leafScript = hexToBytes('leaf_script', v.leaf_script);
  return { tx, prevouts, leafScript };
}

describe.skipIf(file === undefined)('BIP-118 signature messages (vectors/bip-0118/sighash-generated.json)', () => {
  it('has the 60 vectors the project pins', () => {
    expect(vectors.length).toBe(60);
  });

  it.each(vectors.map((v, i) => [`#${i} ${hashTypeName(v.hash_type)} key_version ${v.key_version}`, i] as const))(
    'computes the message and hash of vector %s',
    (_label, i) => {
      const v = vectors[i]!;
      const { tx, prevouts, leafScript } = setup(v);
      const input = {
        tx,
        inputIndex: v.index,
        prevouts,
        hashType: v.hash_type,
        path: {
          kind: 'script',
          leafScript,
          leafVersion: v.leaf_ver,
          keyVersion: v.key_version === 1 ? 1 : 0,
          codesepPos: v.codesep_pos,
        },
      } as const;
      expect(bytesToHex(signatureMessage(input)), `vector #${i} sigmsg`).toBe(v.sigmsg);
      expect(bytesToHex(signatureHash(input)), `vector #${i} sighash`).toBe(v.sighash);
    },
  );

  it.each(
    vectors
      .map((v, i) => [`#${i} ${hashTypeName(v.hash_type)}`, i] as const)
      .filter(([, i]) => !['anyprevout', 'anyprevoutanyscript'].includes(inputMode(vectors[i]!.hash_type))),
  )('agrees with bitcoinjs-lib hashForWitnessV1 on non-APO vector %s (as a key_version 0 signature)', (_label, i) => {
    const v = vectors[i]!;
    const { tx, prevouts, leafScript } = setup(v);
    const ours = signatureHash({
      tx,
      inputIndex: v.index,
      prevouts,
      hashType: v.hash_type,
      path: { kind: 'script', leafScript, leafVersion: v.leaf_ver, keyVersion: 0 },
    });
    const theirs = tx.hashForWitnessV1(
      v.index,
      prevouts.map((p) => p.script),
      prevouts.map((p) => p.value),
      v.hash_type,
      tapleafHash({ script: leafScript, leafVersion: v.leaf_ver }),
    );
    expect(bytesToHex(ours)).toBe(bytesToHex(theirs));
    if (v.key_version === 0) expect(bytesToHex(ours), `vector #${i}`).toBe(v.sighash);
  });

  it('commits to neither outpoint nor script under ANYPREVOUTANYSCRIPT, but to the script under ANYPREVOUT', () => {
    const v =
      vectors.find((x) => x.hash_type === 0xc1) ??
      vectors.find((x) => inputMode(x.hash_type) === 'anyprevoutanyscript')!;
    const { tx, prevouts, leafScript } = setup(v);
    const msg = (t: Transaction, p: SpentOutput[], hashType: number, script = leafScript) =>
      bytesToHex(
        signatureHash({
          tx: t,
          inputIndex: v.index,
          prevouts: p,
          hashType,
          path: { kind: 'script', leafScript: script, leafVersion: 0xc0, keyVersion: 1 },
        }),
      );
    const moved = tx.clone();
    moved.ins[v.index]!.hash = new Uint8Array(32).fill(7);
    const otherPrev = prevouts.map((p) => ({
      value: p.value,
      script: Uint8Array.of(0x51, 0x20, ...new Uint8Array(32).fill(9)),
    }));
    const otherLeaf = Uint8Array.of(0x51);
    expect(msg(moved, otherPrev, 0xc1, otherLeaf)).toBe(msg(tx, prevouts, 0xc1));
    expect(msg(moved, prevouts, 0x41)).toBe(msg(tx, prevouts, 0x41));
    expect(msg(tx, otherPrev, 0x41)).not.toBe(msg(tx, prevouts, 0x41));
    expect(msg(tx, prevouts, 0x41, otherLeaf)).not.toBe(msg(tx, prevouts, 0x41));
    expect(msg(moved, prevouts, 0x01)).not.toBe(msg(tx, prevouts, 0x01));
  });

  it('refuses an undefined hash type and ANYPREVOUT for a non-BIP-118 key', () => {
    const v = vectors[0]!;
    const { tx, prevouts, leafScript } = setup(v);
    const base = { tx, inputIndex: v.index, prevouts } as const;
    expect(() =>
      signatureMessage({
        ...base,
        hashType: 0x41,
        path: { kind: 'script', leafScript, leafVersion: 0xc0, keyVersion: 0 },
      }),
    ).toThrow(/not defined for a bip342/);
    expect(() => signatureMessage({ ...base, hashType: 0x41, path: { kind: 'key' } })).toThrow(/taproot-key-path/);
    expect(() =>
      signatureMessage({
        ...base,
        hashType: 0x84,
        path: { kind: 'script', leafScript, leafVersion: 0xc0, keyVersion: 1 },
      }),
    ).toThrow(/0x84/);
  });
});
