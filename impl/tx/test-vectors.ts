/**
 * Test-only: reads BIP vector files IN PLACE from `$APLN_VECTORS` or `<repo>/../shared/vectors` (never copied
 * into the repo), decoded with io-ts. Not exported from index.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as t from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either.js';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import { InputError } from '../../util/input-error.ts';

export const VECTORS_DIR: string =
  process.env.APLN_VECTORS ?? fileURLToPath(new URL('../../../shared/vectors', import.meta.url));

/** Decoded file, or undefined (with a console note) when it is absent so the suite can `skipIf`. */
export function readVectorsIfPresent<C extends t.Mixed>(rel: string, codec: C): t.TypeOf<C> | undefined {
  const path = join(VECTORS_DIR, rel);
  if (!existsSync(path)) {
    console.warn(`[impl/tx] skipping: vector file ${path} not found (set APLN_VECTORS)`);
    return undefined;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new InputError(path, `cannot read JSON: ${(e as Error).message}`);
  }
  const decoded = codec.decode(raw);
  if (isLeft(decoded)) throw new InputError(path, PathReporter.report(decoded).join('; '));
  return decoded.right;
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
