/**
 * Test-only: the BIP-118 and BIP-341 vector codecs; the loader itself is `util/vectors.ts`. Not exported from index.ts.
 */
import * as t from 'io-ts';
import { readJsonVectorsIfPresent, vectorsPresent } from '../../util/vectors.ts';

/** Decoded file, or undefined (with a console note) when it is absent so the suite can `skipIf`. */
export function readVectorsIfPresent<C extends t.Mixed>(rel: string, codec: C): t.TypeOf<C> | undefined {
  return vectorsPresent(rel, 'impl/tx') ? readJsonVectorsIfPresent(rel, codec) : undefined;
}

/** `vectors/bip-0118/sighash-generated.json`. */
export const Bip118File = t.type({
  comment: t.string,
  vectors: t.array(
    t.type({
      tx: t.string,
      utxos: t.array(t.type({ scriptPubKey: t.string, value: t.number })),
      index: t.number,
      hash_type: t.number,
      leaf_script: t.string,
      leaf_ver: t.number,
      key_version: t.number,
      codesep_pos: t.number,
      sigmsg: t.string,
      sighash: t.string,
    }),
  ),
});

export type ScriptTreeJson = { id: number; script: string; leafVersion: number } | ScriptTreeJson[];
const ScriptTree: t.Type<ScriptTreeJson> = t.recursion('ScriptTree', () =>
  t.union([t.type({ id: t.number, script: t.string, leafVersion: t.number }), t.array(ScriptTree)]),
);

/** `vectors/bip-0341/wallet-test-vectors.json` (the fields these tests read). */
export const Bip341File = t.type({
  scriptPubKey: t.array(
    t.type({
      given: t.type({ internalPubkey: t.string, scriptTree: t.union([ScriptTree, t.null]) }),
      intermediary: t.type({
        leafHashes: t.union([t.array(t.string), t.undefined]),
        merkleRoot: t.union([t.string, t.null]),
        tweak: t.string,
        tweakedPubkey: t.string,
      }),
      expected: t.type({
        scriptPubKey: t.string,
        scriptPathControlBlocks: t.union([t.array(t.string), t.undefined]),
      }),
    }),
  ),
  keyPathSpending: t.array(
    t.type({
      given: t.type({
        rawUnsignedTx: t.string,
        utxosSpent: t.array(t.type({ scriptPubKey: t.string, amountSats: t.number })),
      }),
      inputSpending: t.array(
        t.type({
          given: t.type({
            txinIndex: t.number,
            internalPrivkey: t.string,
            merkleRoot: t.union([t.string, t.null]),
            hashType: t.number,
          }),
          intermediary: t.type({
            internalPubkey: t.string,
            tweak: t.string,
            tweakedPrivkey: t.string,
            sigMsg: t.string,
            sigHash: t.string,
          }),
          expected: t.type({ witness: t.array(t.string) }),
        }),
      ),
    }),
  ),
});
