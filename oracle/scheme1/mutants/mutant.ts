/**
 * A mutant: a deliberately broken implementation, as a small named change to the honest roles or to the
 * driver's hooks (impl/node exposes no mutation hooks, so the oracle wraps its roles; see README.md).
 */
import type { Mutant as AnyMutant } from '../../binding.ts';
import type { DriverHooks, Roles } from '../driver.ts';

export interface Mutant extends AnyMutant {
  /** The roles the driver runs (the honest ones with one changed). */
  roles(): Roles;
  /** Driver hooks (restart, receive), given the world seed. */
  hooks?(seed: number): DriverHooks;
}
