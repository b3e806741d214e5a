/**
 * Taproot outputs (BIP-341) built with bitcoinjs-lib's `payments.p2tr`: the output key, the scriptPubKey
 * `OP_1 <32-byte Q>`, and for each leaf its tapleaf hash and control block. Every eltoo and PTLC output of
 * impl/tx is one of these.
 */
import './ecc.ts';
import { payments } from 'bitcoinjs-lib';

import { bytesToHex, expectBytes, hexToBytes } from '../crypto/index.ts';
import { InputError } from '../../util/input-error.ts';
import { PublicMemo } from '../../util/public-memo.ts';
import { TAPSCRIPT_LEAF_VERSION, tapleafHash } from './sighash-apo.ts';

/** bitcoinjs-lib's script-tree type (not exported from its package root). */
type Taptree = NonNullable<Parameters<typeof payments.p2tr>[0]['scriptTree']>;

/**
 * BIP-341's provably unspendable internal key H = lift_x(SHA256(G uncompressed)): "a point with unknown
 * discrete logarithm". Outputs with this internal key can only be spent through their script leaves.
 */
export const NUMS_INTERNAL_KEY: Uint8Array = hexToBytes(
  'NUMS',
  '50929b74c1a04954b78b4b6035e97a5e078a5a0f28ec96d547bfee9ace803ac0',
  32,
);

/** One tapscript leaf. */
export interface TapLeaf {
  readonly script: Uint8Array;
  /** Defaults to 0xc0 (BIP-342 tapscript). */
  readonly leafVersion?: number;
}

/** A script tree: a leaf or a pair of subtrees (bitcoinjs-lib's shape, with our leaf type). */
export type TapTree = TapLeaf | readonly [TapTree, TapTree];

/** A leaf with what a script-path spend of it needs in the witness. */
export interface TapLeafSpend {
  readonly script: Uint8Array;
  readonly leafVersion: number;
  readonly leafHash: Uint8Array;
  /** `(leaf_version | parity) || internal key || merkle path`. */
  readonly controlBlock: Uint8Array;
}

export interface TaprootOutput {
  readonly internalKey: Uint8Array;
  /** x-only output key Q = P + t·G. */
  readonly outputKey: Uint8Array;
  /** `OP_1 0x20 Q` (34 bytes). */
  readonly scriptPubKey: Uint8Array;
  /** The leaves in tree order (depth first, left first), each with its control block. */
  readonly leaves: readonly TapLeafSpend[];
}

function isLeaf(t: TapTree): t is TapLeaf {
  return !Array.isArray(t);
}

function toBitcoinjs(t: TapTree): Taptree {
  if (isLeaf(t)) return { output: t.script, version: t.leafVersion ?? TAPSCRIPT_LEAF_VERSION };
  return [toBitcoinjs(t[0]), toBitcoinjs(t[1])];
}

function flatten(t: TapTree): TapLeaf[] {
  return isLeaf(t) ? [t] : [...flatten(t[0]), ...flatten(t[1])];
}

/** Builds a taproot output from an x-only internal key and an optional script tree. */
export function taprootOutput(opts: { readonly internalKey: Uint8Array; readonly tree?: TapTree }): TaprootOutput {
  const internalKey = expectBytes('taproot internalKey', opts.internalKey, 32);
  const key = `${bytesToHex(internalKey)}|${opts.tree === undefined ? '' : treeKey(opts.tree)}`;
  const out = outputMemo.get(key, () => buildTaprootOutput(internalKey, opts.tree));
  // Copies: a caller may write into what it gets without changing what the next caller gets.
  return {
    internalKey: out.internalKey.slice(),
    outputKey: out.outputKey.slice(),
    scriptPubKey: out.scriptPubKey.slice(),
    leaves: out.leaves.map((l) => ({
      script: l.script.slice(),
      leafVersion: l.leafVersion,
      leafHash: l.leafHash.slice(),
      controlBlock: l.controlBlock.slice(),
    })),
  };
}

/**
 * An output is a pure function of its public internal key and script tree, and nodes rebuild the same channel
 * outputs at every step: remembered, by the key's and the tree's bytes. Cleared when full.
 */
const outputMemo = new PublicMemo<TaprootOutput>(4096);

function treeKey(t: TapTree): string {
  return isLeaf(t)
    ? `${(t.leafVersion ?? TAPSCRIPT_LEAF_VERSION).toString(16)}:${bytesToHex(t.script)}`
    : `(${treeKey(t[0])},${treeKey(t[1])})`;
}

function buildTaprootOutput(internalKey: Uint8Array, tree: TapTree | undefined): TaprootOutput {
  const opts = { tree };
  const scriptTree = opts.tree === undefined ? undefined : toBitcoinjs(opts.tree);
  const base = payments.p2tr(
    scriptTree === undefined ? { internalPubkey: internalKey } : { internalPubkey: internalKey, scriptTree },
  );
  if (base.output === undefined || base.pubkey === undefined) {
    throw new InputError('taproot internalKey', `${bytesToHex(internalKey)} is not a valid x-only key`);
  }
  const leaves = opts.tree === undefined ? [] : flatten(opts.tree);
  const spends = leaves.map((leaf): TapLeafSpend => {
    const leafVersion = leaf.leafVersion ?? TAPSCRIPT_LEAF_VERSION;
    const p = payments.p2tr({
      internalPubkey: internalKey,
      scriptTree: scriptTree!,
      redeem: { output: leaf.script, redeemVersion: leafVersion },
    });
    const controlBlock = p.witness?.[p.witness.length - 1];
    if (controlBlock === undefined) throw new Error('taprootOutput: bitcoinjs-lib returned no control block');
    return {
      script: leaf.script.slice(),
      leafVersion,
      leafHash: tapleafHash({ script: leaf.script, leafVersion }),
      controlBlock,
    };
  });
  return { internalKey: internalKey.slice(), outputKey: base.pubkey, scriptPubKey: base.output, leaves: spends };
}

/** The leaf spend whose script equals `script`; throws if the output has no such leaf. */
export function leafOf(out: TaprootOutput, script: Uint8Array): TapLeafSpend {
  const hex = bytesToHex(script);
  const leaf = out.leaves.find((l) => bytesToHex(l.script) === hex);
  if (leaf === undefined) throw new InputError('taproot leaf', `the output has no leaf with script ${hex}`);
  return leaf;
}
