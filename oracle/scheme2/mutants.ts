/**
 * Deliberately broken scheme-2 implementations the oracle must catch (role wrappers: impl/node exposes no
 * mutation hooks, and no impl file is edited).
 * - `hub-sells-stale`: S claims A's PTLC, selling s_S, although m+1 was superseded (B and S agreed m+2):
 *   R-05-05. A pays for a signature on a dead state.
 */
import { hubRole } from '../../impl/node/hub.ts';
import { hubSellsStale } from './deviating-hub.ts';
import { HONEST_ROLES2 } from './driver.ts';
import type { Mutant2 } from './run.ts';

export const MUTANTS2: readonly Mutant2[] = [
  { name: 'hub-sells-stale', description: 'S sells s_S for a superseded U_BS(m+1) (R-05-05)', roles: () => ({ ...HONEST_ROLES2, hub: hubSellsStale(hubRole) }) },
];

export function findMutant2(name: string): Mutant2 | undefined {
  return MUTANTS2.find((m) => m.name === name);
}
