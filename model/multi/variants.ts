/**
 * The two registered two-payment variants (spec/06-variants.md §3, spec/11-open-questions.md §8), their
 * defaults and expectations (rules over the coalition, checked for every coalition of up to two in
 * multi.test.ts). The rationale is in model/README.md ("Two payments in flight").
 */
import type { Expectation } from '../../checker/model.ts';
import { A, S, payeeOf, type MultiDesign } from './state.ts';
import type { MultiConfig } from './config.ts';
import { isHonest } from '../channel-machine.ts';
import type { Ctx } from './machine.ts';

export interface MultiVariantDef {
  readonly name: string;
  readonly family: 'scheme1' | 'flaw';
  readonly design: MultiDesign;
  readonly description: string;
  readonly defaults: MultiConfig;
  readonly expect: (ctx: Ctx) => Readonly<Record<string, Expectation>>;
}

/**
 * Direct, two payments, deviating S. Shorter delays than scheme1-direct's (CSV 1, no rebind margin, expiry 2)
 * so that output 1's timeout (expiry_1 + D = 2 + 3 at the earliest, D as R-06-02's) falls within the
 * horizon of 5 blocks: A's timeout path is exercised. A margin of 0 costs nothing here, as claims are off
 * chain and S is always online (scheme 1's margin finding needs an on-chain claim in the PTLC's last block).
 */
const MULTI_DEFAULTS: MultiConfig = {
  hops: 0,
  payments: 2,
  csvDelayBlocks: 1,
  ptlcTimeoutBlocks: 1,
  rebindMarginBlocks: 0,
  hopDeltaBlocks: 1,
  mailboxExpiryBlocks: 2,
  deviating: ['S'],
  maxHeight: 5,
  hubMayCrash: false,
};

/**
 * The naive stack: selling s_A^2 completes U(n+2), whose settlement also pays S p_1. Whoever holds
 * U(n+2) complete (S once it bought s_A^2) can make A pay p_1 with B1 unpaid, so the clause fails whenever
 * A and B1 are honest and there are two payments (even with an honest S: only its restraint would keep p_1).
 */
function stackedExpect(ctx: Ctx): Readonly<Record<string, Expectation>> {
  const flawed = ctx.config.payments === 2 && isHonest(ctx, A) && isHonest(ctx, payeeOf(0));
  return { ...(flawed ? { 'hubCannotSteal.paidOnlyIfPayeePaid1': 'violated' } : {}), ...flawExpect(ctx) };
}

/**
 * What each flaw switch breaks (spec 10 §4), on both designs: the clause guarding the rule it drops.
 * - payerSkipsFeeCheck (R-01-10): a deviating S's settlements charge A one sat more, so A's floor is not kept and
 *   no run pays everyone with A at exactly its floor.
 * - payeeRevealsBeforePaid (R-02-13): S learns s_A^j from B_j's invoice, so it knows the secret and holds the
 *   complete U(n+j+1) (which charges A p_j) before B_j is paid.
 * - hubSkipsRebindCheck (R-02-21): a deviating A publishes a stale update; S buys anyway and the stale state's
 *   settlement confirms before S can rebind with what it bought.
 * - hubChecksFirstExpiry (R-02-19): with everybody honest, S refuses a second payment whose B2 came in time.
 */
function flawExpect(ctx: Ctx): Record<string, Expectation> {
  const e: Record<string, Expectation> = {};
  const c = ctx.config;
  const [aHonest, sHonest] = [isHonest(ctx, A), isHonest(ctx, S)];
  if (c.payerSkipsFeeCheck === true && !sHonest) {
    e['hubCannotSteal.witnessPaidToFloor'] = 'unreached';
    if (aHonest) e['hubCannotSteal.payerBalanceFloor'] = 'violated';
  }
  for (let j = 0; j < c.payments; j++) {
    if (c.payeeRevealsBeforePaid === true && aHonest && isHonest(ctx, payeeOf(j))) {
      e[`payeeNotCheated.secretOnlyForPayment${j + 1}`] = 'violated';
      e[`hubCannotSteal.paidOnlyIfPayeePaid${j + 1}`] = 'violated';
    }
    if (c.hubSkipsRebindCheck === true && sHonest && !aHonest)
      e[`honestHubLosesNothing.notTooLate${j + 1}`] = 'violated';
  }
  if (c.hubChecksFirstExpiry === true && c.payments === 2 && c.deviating.length === 0)
    e['liveness.paymentCompletes'] = 'violated';
  return e;
}

/**
 * Every safety clause holds. An unsold payment's output reaches the chain only when a deviating A or S
 * closes the channel in state n+2 (an honest S closes on its own only holding t_1, R-06-17; an honest A
 * never closes first), so A's timeout path is a witness only then.
 */
function outputsExpect(ctx: Ctx): Readonly<Record<string, Expectation>> {
  const e = flawExpect(ctx);
  if (ctx.config.payments !== 2) return e;
  // payeeRevealsBeforePaid: a deviating B2's late invoice hands an honest S t_2 and so the complete U(n+2) after
  // its R-06-17 deadline: S closes in n+2 too late to spend output 1 before A takes it back (whatever A is).
  const reveal = ctx.config.payeeRevealsBeforePaid === true;
  if (reveal && isHonest(ctx, S) && !isHonest(ctx, payeeOf(1))) e['honestHubLosesNothing.notTooLate1'] = 'violated';
  if (!isHonest(ctx, A) || !isHonest(ctx, S)) return e;
  const lateInvoice = reveal && ctx.config.deviating.length > 0;
  return lateInvoice ? e : { ...e, 'hubCannotSteal.witnessOutputReturned': 'unreached' };
}

export const MULTI_VARIANTS: readonly MultiVariantDef[] = [
  {
    name: 'flaw-stacked-payments',
    family: 'flaw',
    design: 'stacked',
    description:
      'Two payments in flight as naive stacked states (spec 11 §8.1): St(n+2) pays S p_1 + p_2, so selling s_A^2 alone also pays S for payment 1.',
    defaults: MULTI_DEFAULTS,
    expect: stackedExpect,
  },
  {
    name: 'scheme1-payment-outputs',
    family: 'scheme1',
    design: 'outputs',
    description:
      'Two payments in flight (spec 06 §3): St(n+k) pays S only p_k; each earlier payment sits in its own output that S spends with t_j and A takes back after a timeout.',
    defaults: MULTI_DEFAULTS,
    expect: outputsExpect,
  },
];
