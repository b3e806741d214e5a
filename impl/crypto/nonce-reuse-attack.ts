/**
 * Test-only: the MuSig2 nonce-reuse key recovery (PROTOCOL.md "Nonce safety"), to show that the node's nonces
 * defeat it. A signer's BIP-327 partial signature is s = σ⋅(k1 + b⋅k2) + e⋅a⋅g⋅gacc⋅x (mod n), σ = ±1 by the
 * parity of the final nonce R, g = ±1 by the parity of Q. Three signatures with one secret nonce (k1, k2) and
 * different (b, e) are three linear equations in k1, k2 and x: solving them gives the secret key x. Not part of
 * the public API.
 */
import { hasEvenY } from './point.ts';
import { CURVE_ORDER, bytesToBigInt, modN, scalarToBytes } from './scalar.ts';
import { keyAggCoeff, sessionValues } from './session-values.ts';
import type { Tweak } from './musig.ts';

/** One observed partial signature: the public session data and the 32-byte partial signature. */
export type ObservedPartial = {
  readonly aggNonce: Uint8Array;
  readonly publicKeys: readonly Uint8Array[];
  readonly tweaks?: readonly Tweak[];
  readonly msg: Uint8Array;
  readonly signerPubKey: Uint8Array;
  readonly partialSig: Uint8Array;
};

function inv(a: bigint): bigint {
  // Fermat: a^(n-2) mod n.
  let r = 1n;
  let b = modN(a);
  let e = CURVE_ORDER - 2n;
  while (e > 0n) {
    if (e & 1n) r = modN(r * b);
    b = modN(b * b);
    e >>= 1n;
  }
  return r;
}

/** The row [σ, σ⋅b, e⋅a⋅g⋅gacc | s] of one partial signature's equation. */
function row(o: ObservedPartial): bigint[] {
  const v = sessionValues({ aggNonce: o.aggNonce, publicKeys: o.publicKeys, tweaks: o.tweaks ?? [], msg: o.msg });
  const sigma = hasEvenY(v.R) ? 1n : CURVE_ORDER - 1n;
  const g = hasEvenY(v.Q) ? 1n : CURVE_ORDER - 1n;
  const a = keyAggCoeff(o.publicKeys, o.signerPubKey);
  return [sigma, modN(sigma * v.b), modN(v.e * a * g * v.gacc), bytesToBigInt(o.partialSig)];
}

/**
 * The secret key behind three partial signatures made with one secret nonce, or null when the equations do not
 * determine it (fewer than three distinct sessions).
 */
export function recoverKeyFromNonceReuse(observed: readonly ObservedPartial[]): Uint8Array | null {
  if (observed.length < 3) return null;
  const m = observed.slice(0, 3).map(row);
  // Gaussian elimination mod n on the 3×4 augmented matrix.
  for (let col = 0; col < 3; col++) {
    const pivot = m.findIndex((r, i) => i >= col && (r[col] ?? 0n) !== 0n);
    if (pivot < 0) return null;
    [m[col], m[pivot]] = [m[pivot] as bigint[], m[col] as bigint[]];
    const p = m[col] as bigint[];
    const k = inv(p[col] ?? 0n);
    for (let j = 0; j < 4; j++) p[j] = modN((p[j] ?? 0n) * k);
    for (let i = 0; i < 3; i++) {
      if (i === col) continue;
      const r = m[i] as bigint[];
      const f = r[col] ?? 0n;
      for (let j = 0; j < 4; j++) r[j] = modN((r[j] ?? 0n) - f * (p[j] ?? 0n));
    }
  }
  const x = m[2]?.[3] ?? 0n;
  return x === 0n ? null : scalarToBytes(x);
}
