/**
 * Coalitions and knowledge, the same for every machine: what a party knows is a bitmask of a machine's
 * knowledge names, closed under the machine's derivation rules (`close`); the deviating parties act as one
 * coalition that may pool what it knows (R-09-05, R-09-07).
 */
import { inMask } from './parties.ts';

/** `party` knows every name in `bits`. */
export function knowsAll(knows: readonly number[], party: number, bits: number): boolean {
  return ((knows[party] ?? 0) & bits) === bits;
}

/** Adds `bits` to what `party` knows, closed under `close` (in place, on a copy the caller made). */
export function learn(knows: number[], party: number, bits: number, close: (mask: number) => number): void {
  knows[party] = close((knows[party] ?? 0) | bits);
}

/** The union of the coalition's (`deviating`, a party bitmask) knowledge, closed. */
export function coalitionKnowledge(
  deviating: number,
  knows: readonly number[],
  close: (mask: number) => number,
): number {
  let union = 0;
  for (let p = 0; p < knows.length; p++) if (inMask(deviating, p)) union |= knows[p]!;
  return close(union);
}

/**
 * Pooling `union` teaches some member of the coalition something (at least two deviate, and one of them does not
 * know `union` exactly): `CoalitionShare`'s guard, which every state's enabled actions ask (plain loops, no array).
 */
export function poolingTeaches(deviating: number, knows: readonly number[], union: number): boolean {
  let members = 0;
  let learns = false;
  for (let p = 0; p < knows.length; p++) {
    if (!inMask(deviating, p)) continue;
    members++;
    if (knows[p] !== union) learns = true;
  }
  return members >= 2 && learns;
}

/**
 * What each party knows once the coalition pools `union` (every member knows it), or undefined when pooling would
 * teach no member anything (fewer than two deviate, or each already knows `union`): `CoalitionShare`'s guard and
 * effect in every machine.
 */
export function pooled(deviating: number, knows: readonly number[], union: number): number[] | undefined {
  if (!poolingTeaches(deviating, knows, union)) return undefined;
  const out = [...knows];
  for (let p = 0; p < out.length; p++) if (inMask(deviating, p)) out[p] = union;
  return out;
}
