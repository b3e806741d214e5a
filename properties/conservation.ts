/** Conservation (PROTOCOL.md): funds on chain and in all channels always sum to the same total; none is negative. */
import type { Ctx } from '../model/scheme1/context.ts';
import { initialState, totalFunds } from '../model/scheme1/state.ts';
import type { ProtocolProperty } from './types.ts';

export function conservationProperties(ctx: Ctx): ProtocolProperty[] {
  const total = totalFunds(initialState({ hops: ctx.hops, publicTweaks: true }), ctx.hops);
  return [
    {
      kind: 'always',
      name: 'conservation.total',
      description: `The channel, every wallet and every locked PTLC always sum to ${total}.`,
      pred: (s) => {
        const t = totalFunds(s, ctx.hops);
        return t === total || `funds sum to ${t}, not ${total}`;
      },
    },
    {
      kind: 'always',
      name: 'conservation.nonNegative',
      description: 'No wallet and no channel ever holds a negative amount.',
      pred: (s) => (s.channelSat >= 0 && s.wallet.every((w) => w >= 0)) || 'a negative balance',
    },
    {
      kind: 'sometimes',
      name: 'conservation.witnessFundsMoved',
      description: 'Funds move: a PTLC is claimed (from one wallet to another).',
      pred: (s) => s.hops.some((h) => h.status === 'claimed'),
    },
  ];
}
