/**
 * BIP-341 script-path commitment check: that the control block proves `script` is a leaf of the taproot
 * output key Q. Steps as in BIP-341 "Script validation rules".
 */
import * as ecc from '@bitcoinerlab/secp256k1';
import { bytesToHex, concatBytes, taggedHash } from '../crypto/index.ts';
import { tapleafHash } from '../tx/sighash-apo.ts';

const TAPROOT_CONTROL_BASE_SIZE = 33;
const TAPROOT_CONTROL_NODE_SIZE = 32;
const TAPROOT_CONTROL_MAX_NODES = 128;

/** Lexicographic comparison of two 32-byte hashes. */
function lessOrEqual(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < a.length; i++) {
    if (a[i]! !== b[i]!) return a[i]! < b[i]!;
  }
  return true;
}

export type CommitmentResult =
  | { readonly ok: true; readonly leafVersion: number; readonly internalKey: Uint8Array; readonly leafHash: Uint8Array }
  | { readonly ok: false; readonly detail: string };

export function verifyTaprootCommitment(opts: {
  readonly outputKey: Uint8Array;
  readonly script: Uint8Array;
  readonly controlBlock: Uint8Array;
}): CommitmentResult {
  const c = opts.controlBlock;
  // Fail if the control block's length is not 33 + 32m with m in [0, 128].
  const m = (c.length - TAPROOT_CONTROL_BASE_SIZE) / TAPROOT_CONTROL_NODE_SIZE;
  if (c.length < TAPROOT_CONTROL_BASE_SIZE || !Number.isInteger(m) || m > TAPROOT_CONTROL_MAX_NODES) {
    return { ok: false, detail: `control block length ${c.length} is not 33 + 32m (m ≤ 128)` };
  }
  // p = c[1:33], the internal key; v = c[0] & 0xfe, the leaf version.
  const internalKey = c.slice(1, 33);
  const leafVersion = c[0]! & 0xfe;
  if (!ecc.isXOnlyPoint(internalKey))
    return { ok: false, detail: `internal key ${bytesToHex(internalKey)} is not a valid x-only point` };
  // k0 = hash_TapLeaf(v || compact_size(size of s) || s)
  const leafHash = tapleafHash({ script: opts.script, leafVersion });
  let k = leafHash;
  // For j in [0, m): e_j = c[33+32j:65+32j]; k_{j+1} = hash_TapBranch(sorted(k_j, e_j)).
  for (let j = 0; j < m; j++) {
    const e = c.slice(33 + 32 * j, 65 + 32 * j);
    k = lessOrEqual(k, e) ? taggedHash('TapBranch', concatBytes(k, e)) : taggedHash('TapBranch', concatBytes(e, k));
  }
  // t = hash_TapTweak(p || k_m); fail if t ≥ n. Q = P + t·G.
  const t = taggedHash('TapTweak', concatBytes(internalKey, k));
  const tweaked = ecc.xOnlyPointAddTweak(internalKey, t);
  if (tweaked === null) return { ok: false, detail: 'tweak out of range or result at infinity' };
  // Fail if x(Q) ≠ q (the witness program) or (c[0] & 1) ≠ y(Q) mod 2.
  if (bytesToHex(tweaked.xOnlyPubkey) !== bytesToHex(opts.outputKey)) {
    return {
      ok: false,
      detail: `leaf and merkle path commit to output key ${bytesToHex(tweaked.xOnlyPubkey)}, the output is ${bytesToHex(opts.outputKey)}`,
    };
  }
  if (tweaked.parity !== (c[0]! & 1))
    return {
      ok: false,
      detail: `control block parity bit ${c[0]! & 1} does not match the output key's y parity ${tweaked.parity}`,
    };
  return { ok: true, leafVersion, internalKey, leafHash };
}
