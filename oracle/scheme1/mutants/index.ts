/** Every mutant, by name (`apln conform --list-mutants`). */
import { acceptsForged } from './accepts-forged.ts';
import { hubBuysSuperseded } from './hub-buys-superseded.ts';
import { hubSkipsPointCheck } from './hub-skips-point-check.ts';
import type { Mutant } from './mutant.ts';
import { payeeRevealsEarly } from './payee-reveals-early.ts';
import { payerReusesNonce } from './payer-reuses-nonce.ts';
import { restartLosesState } from './restart-loses-state.ts';
import { watcherAsleep } from './watcher-asleep.ts';

export type { Mutant } from './mutant.ts';

export const MUTANTS: readonly Mutant[] = [
  hubSkipsPointCheck,
  hubBuysSuperseded,
  payeeRevealsEarly,
  payerReusesNonce,
  acceptsForged,
  restartLosesState,
  watcherAsleep,
];

export function findMutant(name: string): Mutant | undefined {
  return MUTANTS.find((m) => m.name === name);
}
