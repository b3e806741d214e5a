/**
 * Symbolic knowledge: what a party knows is a bitmask of the names below. Crypto is symbolic: a secret
 * or signature is known or not; nobody can compute one from public data (no forging, no discrete logs).
 *
 * The one derivation rule is linear: the secret of a hop's lock point and the secret of the next point are
 * related by a tweak, so knowing one secret and the tweak that relates it gives the other. With the
 * same-point split every tweak is zero and public (every `REL` bit is known to everyone).
 */

/** s_A: A's partial signature on U(n+1); its point is T = s_A·G, computable from public data. */
export const K_SA = 1 << 0;
/** S's own partial signature on U(n+1). U(n+1) is complete for whoever knows both K_SA and K_SS1. */
export const K_SS1 = 1 << 1;
/** Both signatures of the settlement St(n+1) (complete, broadcastable after the CSV delay). */
export const K_ST1 = 1 << 2;
/** Complete U(n) and St(n): the state before the payment (both A and S hold them at the start). */
export const K_U0 = 1 << 3;
/**
 * Complete U(n+2) and St(n+2): the cancellation state (settlement signed first, as R-03 requires). With
 * `cancelSteps` 2 a holder of this bit also holds `K_ST2` (the settlement comes first).
 */
export const K_U2 = 1 << 4;
/** The bundle's plaintext: U(n+1), s_A, nonces, amt, fee, expiry. Knowing it means knowing s_A. */
export const K_BUNDLE = 1 << 5;
/** An invoice signed by B for amt with payment point T (S learns T, and so links it to A's channel). */
export const K_INVOICE = 1 << 6;
/** A receipt signed by B saying it was paid for T (receipt variant only). */
export const K_RECEIPT = 1 << 7;
/** The secret of hop i's lock point (T, or T + X_i·G decorrelated), i = 0..3. */
export function kSec(i: number): number {
  return 1 << (8 + i);
}
/** The tweak relating hop i's point to the previous one: REL_0 relates T and hop 0, REL_i hop i-1 and hop i. */
export function kRel(i: number): number {
  return 1 << (12 + i);
}
/**
 * The secret behind a forged point T' ≠ T (R-09-14): the scalar in a bundle A forged (a partial signature on a
 * message S never agreed), or B's own secret behind an invoice whose point is not s_A's. It completes nothing.
 */
export const K_FORGED = 1 << 16;
/** `cancelSteps` 2 only: the complete St(n+2) (03 §1 steps 5–6), before any signature on U(n+2). */
export const K_ST2 = 1 << 17;
/** `cancelSteps` 2 only: S made (and sent A) its partial signature on U(n+2) (03 §1 step 8): R-03-06's trigger. */
export const K_SS2 = 1 << 18;
/**
 * `hubPersistsFirst` false only: S's record of its purchase of state n+1 (R-02-22), which its "not yet bought" check
 * reads; S offers hop 0 before writing it, so a crash can lose it (its unpersisted bits).
 */
export const K_BOUGHT = 1 << 19;

export const KNOWLEDGE_NAMES: readonly string[] = [
  'sA',
  'sS1',
  'St1',
  'U0St0',
  'U2St2',
  'bundle',
  'invoice',
  'receipt',
  'sec0',
  'sec1',
  'sec2',
  'sec3',
  'rel0',
  'rel1',
  'rel2',
  'rel3',
  'sForged',
  'St2',
  'sS2',
  'bought',
];

/** The names of the bits set in `mask`, in bit order (a sorted set for traces). */
export function knowledgeNames(mask: number): string[] {
  const out: string[] = [];
  KNOWLEDGE_NAMES.forEach((name, bit) => {
    if ((mask & (1 << bit)) !== 0) out.push(name);
  });
  return out;
}

/** Every hop secret bit (sec0..sec3). */
export const K_ALL_SEC = kSec(0) | kSec(1) | kSec(2) | kSec(3);

/**
 * Closes `mask` under the derivation rules for a path of `hops` routing nodes: the bundle gives s_A; a hop
 * secret plus the tweak that relates it to its neighbour gives the neighbour's secret. `anchor` is the secret
 * behind the invoice's point, which hop 0's point tweaks ("hop -1"): s_A, or `K_FORGED` once S holds an
 * invoice whose point is not s_A's (then the path's secrets say nothing about s_A).
 */
export function closeKnowledge(mask: number, hops: number, anchor: number = K_SA): number {
  let m = mask;
  if ((m & K_BUNDLE) !== 0) m |= K_SA;
  let changed = true;
  while (changed) {
    changed = false;
    for (let i = 0; i <= hops; i++) {
      if ((m & kRel(i)) === 0) continue;
      const left = i === 0 ? anchor : kSec(i - 1);
      const right = kSec(i);
      const knowsLeft = (m & left) !== 0;
      const knowsRight = (m & right) !== 0;
      if (knowsLeft !== knowsRight) {
        m |= left | right;
        changed = true;
      }
    }
  }
  return m;
}
