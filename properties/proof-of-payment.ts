/**
 * Proof of payment (PROTOCOL.md): whether A ends with something that proves B was paid. The proposal gives
 * A none (s_A is A's own secret); the receipt variant hands A B's receipt.
 */
import type { Ctx } from '../model/scheme1/context.ts';
import { isHonest, knows } from '../model/scheme1/context.ts';
import { K_RECEIPT } from '../model/scheme1/knowledge.ts';
import { A, B } from '../model/parties.ts';
import { onlyWhen } from './shared-clauses.ts';
import type { ProtocolProperty } from './types.ts';
import { payeePaying } from './views.ts';

export function proofOfPaymentProperties(ctx: Ctx): ProtocolProperty[] {
  return [
    {
      kind: 'always',
      name: 'proofOfPayment.payerHoldsProof',
      description: 'Once an honest A accepted n+1 as paid, it holds a receipt from B.',
      pred: onlyWhen(
        isHonest(ctx, A),
        (s) =>
          s.phase !== 'paid' || knows(s, A, K_RECEIPT) || 'A accepted the payment without any proof that B was paid',
      ),
    },
    {
      kind: 'always',
      name: 'proofOfPayment.proofImpliesPaid',
      description:
        'A holds a receipt only if an honest B was paid, or its claim is under way (claimSteps 2); a deviating B may acknowledge what it likes, 06 §2.4.',
      pred: onlyWhen(
        isHonest(ctx, B),
        (s) => !knows(s, A, K_RECEIPT) || payeePaying(ctx, s) || 'A holds a receipt but B was not paid',
      ),
    },
    {
      kind: 'sometimes',
      name: 'proofOfPayment.witnessPayerHoldsProof',
      description: 'A holds a receipt from B.',
      pred: (s) => knows(s, A, K_RECEIPT),
    },
  ];
}
