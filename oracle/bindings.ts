/** Every scheme the oracle drives, in report order; adding a scheme means adding its binding here. */
import type { AnyBinding } from './binding.ts';
import { SCHEME1_BINDING } from './scheme1/binding.ts';
import { SCHEME2_BINDING } from './scheme2/binding.ts';

export const BINDINGS: readonly AnyBinding[] = [SCHEME1_BINDING, SCHEME2_BINDING];

/** The binding that drives `variant`, if any. */
export function bindingFor(variant: string): AnyBinding | undefined {
  return BINDINGS.find((b) => b.serves(variant));
}
