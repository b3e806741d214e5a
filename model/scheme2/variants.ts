/** Scheme 2's registered variant: its own machine (model/scheme2/), the same config keys with hops = 0. */
import type { Expectation } from '../../checker/model.ts';
import type { ProtocolConfig } from '../config.ts';
import { isHonest } from '../channel-machine.ts';
import type { Ctx } from './machine.ts';
import { A, B, S } from '../parties.ts';

/**
 * Scheme 2's expected verdicts (spec 10 §3): A pays for a superseded m+1 when S and B deviate together (R-05-03:
 * A cannot see the B–S channel's history); an A that does not watch in time (`payerLeavesAfterPaying`, against
 * R-05-10) lets a deviating S (or B) settle the stale state m: what A paid for credits B no more, though A holds
 * its proof; and A and S together complete the proof without any payment.
 */
function scheme2Expectations(ctx: Ctx): Record<string, Expectation> {
  const e: Record<string, Expectation> = {};
  const aHonest = isHonest(ctx, A);
  const sHonest = isHonest(ctx, S);
  const bHonest = isHonest(ctx, B);
  const leaves = ctx.config.payerLeavesAfterPaying === true;
  // S and B replace m+1 behind A's back (R-05-03), or, while A is away, either of them settles the stale m.
  if (aHonest && ((!sHonest && !bHonest) || (leaves && (!sHonest || !bHonest))))
    e['hubCannotSteal.paidOnlyIfPayeeCredited'] = 'violated';
  // A's proof credits an honest B no more: A and S together complete U_BS(m+1) without the claim (the analogue of
  // 06 §2.4), or S settles the stale m while A is away.
  if (bHonest && !sHonest && (!aHonest || leaves)) e['proofOfPayment.proofImpliesPaid'] = 'violated';
  return { ...e, ...flawExpectations(ctx) };
}

/**
 * What each flaw switch breaks (spec 10 §4): the clause guarding the rule it drops, and its consequences.
 * - payeeBundlePlaintext (R-05-02): M reads the bundle it holds.
 * - hubRevealsBeforeClaim (R-05-04): A learns s_S while its PTLC is only offered, so U_BS(m+1) is complete before
 *   S is paid; a deviating S that reveals and then settles the stale m leaves A a proof of nothing.
 * - payerSkipsPointCheck (R-05-06): a deviating S's claim of a PTLC locked to its own point teaches A nothing:
 *   A paid without s_S, so without its proof, and an honest B's credit is enforceable by nobody.
 * - payerSkipsFeeCheck (R-05-06): A pays the fee a deviating S names, one sat above amt + fee.
 * - payeeSignsBeforeSettlement (R-05-01): A and S together complete U_BS(m+1) with no St_BS(m+1) to settle it, and
 *   B's funds are stuck; with everybody honest, A refuses the bundle and the payment never completes.
 */
function flawExpectations(ctx: Ctx): Record<string, Expectation> {
  const e: Record<string, Expectation> = {};
  const c = ctx.config;
  const [aHonest, sHonest, bHonest] = [isHonest(ctx, A), isHonest(ctx, S), isHonest(ctx, B)];
  if (c.payeeBundlePlaintext === true && aHonest && bHonest) e['secrecy.mailboxLearnsNothing'] = 'violated';
  if (c.hubRevealsBeforeClaim === true) {
    e['atomicSale.payerLearnsOnlyIfClaimed'] = 'violated';
    if (sHonest) e['honestHubLosesNothing.creditOnlyIfPaid'] = 'violated';
    if (bHonest && !sHonest) e['proofOfPayment.proofImpliesPaid'] = 'violated';
  }
  if (c.payerSkipsPointCheck === true && !sHonest) {
    e['atomicSale.claimedOnlyIfPayerLearns'] = 'violated';
    e['proofOfPayment.payerHoldsProof'] = 'violated';
    if (aHonest && bHonest) e['hubCannotSteal.paidOnlyIfPayeeCredited'] = 'violated';
  }
  if (c.payerSkipsFeeCheck === true && !sHonest && aHonest) e['hubCannotSteal.payerBalanceFloor'] = 'violated';
  if (c.payeeSignsBeforeSettlement === true) {
    if (!aHonest && !sHonest) e['proofOfPayment.payerHoldsProof'] = 'violated';
    if (!aHonest && !sHonest && bHonest) e['payeeNotCheated.neverBelowStart'] = 'violated';
    if (c.deviating.length === 0) e['liveness.paymentCompletes'] = 'violated';
  }
  return e;
}

export const SCHEME2: {
  readonly name: string;
  readonly description: string;
  readonly defaults: ProtocolConfig;
  readonly expect: (ctx: Ctx) => Readonly<Record<string, Expectation>>;
} = {
  name: 'scheme2-payee-presigned',
  description:
    "Scheme 2: B and S pre-sign B's credit, A buys S's partial signature with a PTLC A → S and watches the chain for B.",
  defaults: {
    hops: 0,
    payments: 1,
    csvDelayBlocks: 2,
    ptlcTimeoutBlocks: 1,
    rebindMarginBlocks: 1,
    hopDeltaBlocks: 1,
    mailboxExpiryBlocks: 3,
    deviating: ['S'],
    maxHeight: 5,
    hubMayCrash: false,
  },
  expect: scheme2Expectations,
};
