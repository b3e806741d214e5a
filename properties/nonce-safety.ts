/**
 * Nonce safety (PROTOCOL.md): no secret nonce ever signs two different messages (reuse reveals the key).
 * A's nonces are tracked in the state (`nonceUses`). S's nonce for U(n+1), r_S, is read from what S holds: an
 * honest S signs U(n+1) with r_S when it completes U(n+1) (it knows s_A), and signs the cancellation's U(n+2)
 * with r_S only under the flaw switch `hubReusesNonceOnCancel` (R-03-04 broken); otherwise U(n+2) has its own
 * fresh nonce. B's receipt nonce (scheme1-receipt) is read the same way: it signs the receipt pre-signature B's
 * invoice carries (R-06-07) once B has invoiced, and the invoice itself too under the flaw switch
 * `payeeReusesReceiptNonce`.
 */
import { B, S } from '../model/parties.ts';
import type { Ctx } from '../model/scheme1/context.ts';
import { isHonest } from '../model/scheme1/context.ts';
import { K_SA, K_SS2, K_U2 } from '../model/scheme1/knowledge.ts';
import { MSG_U3, type ProtocolState } from '../model/scheme1/state.ts';
import type { ProtocolProperty } from './types.ts';

function popcount(x: number): number {
  let n = 0;
  for (let v = x; v !== 0; v &= v - 1) n++;
  return n;
}

/** The messages S's U(n+1) nonce has signed (0, 1 or 2): U(n+1) once S completed it, U(n+2) under the flaw switch. */
function hubNonceUses(ctx: Ctx, s: ProtocolState): number {
  const k = s.knows[S] ?? 0;
  const u1 = (k & K_SA) !== 0 ? 1 : 0;
  // S's partial on U(n+2): sent in the cancellation (K_SS2 with cancelSteps 2; K_U2 when it is one step).
  const u2 = ctx.config.hubReusesNonceOnCancel === true && (k & (K_U2 | K_SS2)) !== 0 ? 1 : 0;
  return u1 + u2;
}

/** The messages B's receipt nonce has signed (0, 1 or 2): the receipt pre-signature in B's invoice, and the invoice under the flaw switch. */
function payeeReceiptNonceUses(ctx: Ctx, s: ProtocolState): number {
  if (!ctx.switches.receipt || s.invoiceFrom !== B) return 0;
  return ctx.config.payeeReusesReceiptNonce === true ? 2 : 1;
}

export function nonceSafetyProperties(ctx: Ctx): ProtocolProperty[] {
  const sHonest = isHonest(ctx, S);
  const bHonest = isHonest(ctx, B);
  return [
    {
      kind: 'always',
      name: 'nonceSafety.noReuse',
      description:
        "Each of A's secret nonces, S's nonce for U(n+1) (S honest) and B's receipt nonce (B honest) signs at most one message.",
      pred: (s) => {
        for (let i = 0; i < s.nonceUses.length; i++) {
          const uses = popcount(s.nonceUses[i]!);
          if (uses > 1) return `A's nonce r${i + 1} signed ${uses} different messages`;
        }
        if (sHonest && hubNonceUses(ctx, s) >= 2) return "S's U(n+1) nonce signed both U(n+1) and U(n+2)";
        return (
          !bHonest || payeeReceiptNonceUses(ctx, s) < 2 || "B's receipt nonce signed both its invoice and the receipt"
        );
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
