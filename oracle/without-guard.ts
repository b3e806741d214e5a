/**
 * A role with one refusal guard dropped: a message (or an owner's command) that guard refuses is taken and
 * answered with nothing. The building block of the test mutants that check the oracle sees an accepted tamper or
 * resend. `node:crypto-input-refused` is node.ts's, around every role: dropping it, the role takes a message
 * impl/crypto refuses (its `InputError`) in the same way.
 */
import type { GuardId } from '../impl/node/guards.ts';
import type { BaseSnapshot, Role } from '../impl/node/node.ts';
import { isInputError } from '../util/input-error.ts';

export function withoutGuard<S extends BaseSnapshot, C>(role: Role<S, C>, guard: GuardId): Role<S, C> {
  const taken = <T>(f: () => T): T | { send: [] } => {
    try {
      return f();
    } catch (e) {
      if (guard === 'node:crypto-input-refused' && isInputError(e)) return { send: [] };
      throw e;
    }
  };
  return {
    ...role,
    onMessage(draft, env, ctx) {
      const out = taken(() => role.onMessage(draft, env, ctx));
      return 'guard' in out && out.guard === guard ? { send: [] } : out;
    },
    onCommand(draft, cmd, ctx) {
      const out = taken(() => role.onCommand(draft, cmd, ctx));
      return 'guard' in out && out.guard === guard ? { send: [] } : out;
    },
  };
}
