/**
 * A role with one refusal guard dropped: a message (or an owner's command) that guard refuses is taken and
 * answered with nothing. The building block of the test mutants that check the oracle sees an accepted tamper or
 * resend.
 */
import type { GuardId } from '../impl/node/guards.ts';
import type { BaseSnapshot, Role } from '../impl/node/node.ts';

export function withoutGuard<S extends BaseSnapshot, C>(role: Role<S, C>, guard: GuardId): Role<S, C> {
  return {
    ...role,
    onMessage(draft, env, ctx) {
      const out = role.onMessage(draft, env, ctx);
      return 'guard' in out && out.guard === guard ? { send: [] } : out;
    },
    onCommand(draft, cmd, ctx) {
      const out = role.onCommand(draft, cmd, ctx);
      return 'guard' in out && out.guard === guard ? { send: [] } : out;
    },
  };
}
