/** Nonce safety (PROTOCOL.md): no secret nonce ever signs two different messages (reuse reveals the key). */
import type { ProtocolProperty } from './types.ts';
import { MSG_U3 } from '../model/scheme1/state.ts';

function popcount(x: number): number {
  let n = 0;
  for (let v = x; v !== 0; v &= v - 1) n++;
  return n;
}

export function nonceSafetyProperties(): ProtocolProperty[] {
  return [
    {
      kind: 'always',
      name: 'nonceSafety.noReuse',
      description: "Each of A's secret nonces signs at most one message.",
      pred: (s) => {
        const i = s.nonceUses.findIndex((m) => popcount(m) > 1);
        return i < 0 || `A's nonce r${i + 1} signed ${popcount(s.nonceUses[i] ?? 0)} different messages`;
      },
    },
    {
      kind: 'sometimes',
      name: 'nonceSafety.witnessResigned',
      description: 'After a cancellation A signs a new attempt (the step where reuse could happen).',
      pred: (s) => s.nonceUses.some((m) => (m & MSG_U3) !== 0),
    },
  ];
}
