/**
 * The parties of the system and their fixed indices (used in bitmasks and per-party arrays).
 * A payer, S hub (A's channel partner), B payee, M mailbox, P1..P3 routing nodes between S and B.
 */
export const PARTIES = ['A', 'S', 'B', 'M', 'P1', 'P2', 'P3'] as const;
export type Party = (typeof PARTIES)[number];

export const A = 0;
export const S = 1;
export const B = 2;
export const M = 3;
/** Index of routing node P_j (j = 1..3). */
export function routerIndex(j: number): number {
  return 3 + j;
}
export const PARTY_COUNT = PARTIES.length;

export function partyName(index: number): Party {
  const name = PARTIES[index];
  if (name === undefined) throw new Error(`no party with index ${index}`);
  return name;
}

/**
 * The node that offers hop `i` of the payment path S → P1 → … → Pk → payee (hop i goes from node i to
 * node i+1). `hops` is k; the last hop (i = k) pays `payee` (B, or M when M sells a plaintext bundle).
 */
export function hopOfferer(i: number): number {
  return i === 0 ? S : routerIndex(i);
}

/** The node that receives hop `i`; the last hop pays `payee`. */
export function hopReceiver(i: number, hops: number, payee: number): number {
  return i === hops ? payee : routerIndex(i + 1);
}

/** Bitmask of a list of parties. */
export function maskOf(parties: readonly number[]): number {
  let m = 0;
  for (const p of parties) m |= 1 << p;
  return m;
}

export function inMask(mask: number, party: number): boolean {
  return (mask & (1 << party)) !== 0;
}
