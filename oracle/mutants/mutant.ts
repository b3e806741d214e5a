/**
 * A mutant: a deliberately broken implementation, as a small named change to the honest roles or to the
 * driver's hooks (impl/node exposes no mutation hooks, so the oracle wraps its roles; see README.md).
 */
import type { DriverHooks, Roles } from '../driver.ts';

export interface Mutant {
  /** kebab-case, what `apln conform --mutant NAME` takes. */
  readonly name: string;
  /** One sentence: what is broken. */
  readonly description: string;
  /** The roles the driver runs (the honest ones with one changed). */
  roles(): Roles;
  /** Driver hooks (restart, receive), given the world seed. */
  hooks?(seed: number): DriverHooks;
}
