/**
 * The registered baseline designs (family `baseline`): models only, the conformance oracle does not drive
 * them. Each has its defaults and the verdict it is meant to give on every property, as rules over the
 * config (the reasons are in README.md, "Expectations").
 */
import type { Expectation } from '../../checker/model.ts';
import { holdCltvFor, type BaselineConfig } from './config.ts';
import { hopCloseDelay, twoStepClaim } from '../config.ts';
import { isHonestIn, type BaselineCtx, type Design } from './machine.ts';
import { A, B, S } from '../parties.ts';

export interface BaselineDef {
  readonly name: 'lightningrod-hold-invoice' | 'lsp-held-htlc' | 'plain-lightning';
  readonly design: Design;
  readonly description: string;
  readonly defaults: BaselineConfig;
  readonly expect: (ctx: BaselineCtx) => Readonly<Record<string, Expectation>>;
}

const AWAY = 3;
const FWD = 1;

function defaults(name: BaselineDef['name']): BaselineConfig {
  return {
    payeeAwayBlocks: AWAY,
    holdCltvBlocks: holdCltvFor(name, AWAY, FWD),
    forwardDeltaBlocks: FWD,
    deviating: ['S'],
    maxHeight: name === 'plain-lightning' ? 4 : 12,
    hubMayCrash: false,
  };
}

/**
 * claimSteps 2 with an honest B that checks the expiry (no payeeSkipsExpiryCheck) and no time to claim on chain at
 * all (forwardDeltaBlocks ≤ hopCloseDelayBlocks): B never fulfills, so B is never paid and S never pays.
 */
function payeeNeverPaid(ctx: BaselineCtx): boolean {
  return (
    twoStepClaim(ctx.config) &&
    ctx.config.payeeSkipsExpiryCheck !== true &&
    isHonestIn(ctx, B) &&
    ctx.config.forwardDeltaBlocks <= hopCloseDelay(ctx.config)
  );
}

/** What every HTLC design gives: the rules shared by the three. */
function htlcExpect(ctx: BaselineCtx): Record<string, Expectation> {
  const e: Record<string, Expectation> = {};
  const h = (p: number): boolean => isHonestIn(ctx, p);
  // A may stay offline past its HTLC's timeout (coming back is optional): S, holding p, must then claim on
  // chain, or A, back after the timeout, closes to take its HTLC back.
  // Plain Lightning's honest A and S stay online and settle off chain: only a deviating A or S, or S's crash
  // past A's timeout, closes the channel.
  if (ctx.design !== 'ln' || !h(A) || !h(S) || ctx.config.hubMayCrash) e['channelStaysOpen.noForcedClose'] = 'violated';
  // Only A's own close at its HTLC's timeout bounds its lock: a deviating A that stays away keeps it locked.
  if (!h(A)) e['liveness.payerLockBounded'] = 'violated';
  // An honest S that crashes after paying B and stays down past A's timeout loses A's HTLC to A's close.
  if (ctx.config.hubMayCrash && h(S)) e['honestHubLosesNothing.notTooLate'] = 'violated';
  if (ctx.config.hubMayCrash && ctx.config.deviating.length === 0) e['liveness.paymentCompletes'] = 'holds';
  // claimSteps 2: B's fulfill hands S the preimage before B is paid. B waits a block for S's commitment, then
  // closes and claims on chain the close delay later. An honest B fulfills only while that is still in time
  // (BOLT 4's final-hop check); one that skips the check (payeeSkipsExpiryCheck) is too late unless
  // forwardDeltaBlocks ≥ delay + 2 (against a stalling S), or ≥ delay + 1 (when S crashed: B closes at once).
  // Then S (a deviating S, or an honest one back from its crash) takes B's HTLC back at its timeout and still
  // holds p: B is not paid, A's HTLC is.
  const d = hopCloseDelay(ctx.config);
  const fwd = ctx.config.forwardDeltaBlocks;
  // The stall: B fulfills in the block S forwards in, or, when a deviating S crashed and came back, as late as the
  // block before the timeout.
  const stalled = !h(S) && (d + 2 > fwd || ctx.config.hubMayCrash);
  const crashed = h(S) && ctx.config.hubMayCrash && d + 1 > fwd;
  const flawed = ctx.config.payeeSkipsExpiryCheck === true;
  if (twoStepClaim(ctx.config) && flawed && h(B) && (stalled || crashed)) {
    if (ctx.design !== 'lsp') e['payeeNotCheated.secretOnlyForPayment'] = 'violated';
    if (h(A)) e['hubCannotSteal.paidOnlyIfPayeePaid'] = 'violated';
    if (crashed && ctx.config.deviating.length === 0) e['liveness.paymentCompletes'] = 'violated';
  }
  // An honest B that checks the expiry and has no time to claim on chain at all (delta ≤ close delay) never
  // fulfills: B is never paid, S never pays.
  if (ctx.design === 'rod' && ctx.config.payerSkipsAmountCheck === true && h(A) && !h(S))
    e['hubCannotSteal.payerBalanceFloor'] = 'violated';
  if (payeeNeverPaid(ctx)) {
    for (const w of [
      'hubCannotSteal.witnessPaid',
      'payeeNotCheated.witnessPayeePaid',
      'honestHubLosesNothing.witnessPaidBack',
      'conservation.witnessFundsMoved',
      'proofOfPayment.witnessPayerHoldsProof',
    ])
      e[w] = 'unreached';
    // In the LSP design p is A's: A and S together settle A's HTLC without B.
    if (ctx.design !== 'lsp' || h(A) || h(S)) e['channelStaysOpen.witnessSettledOffChain'] = 'unreached';
    delete e['honestHubLosesNothing.notTooLate'];
  }
  return e;
}

export const BASELINES: readonly BaselineDef[] = [
  {
    name: 'lightningrod-hold-invoice',
    design: 'rod',
    description:
      "LightningRod v1 (breez/LightningRod): B registers its hash with the rod node S, A pays S a hold HTLC for amt + fee, S pays B's invoice when B returns and settles A's HTLC with the preimage when A returns. Model only: the conformance oracle does not drive it.",
    defaults: defaults('lightningrod-hold-invoice'),
    expect: (ctx) => htlcExpect(ctx),
  },
  {
    name: 'lsp-held-htlc',
    design: 'lsp',
    description:
      "LDK / BOLT 12 async payments: A's HTLC (a keysend to B's static invoice) is held at A's LSP S with a long CLTV until B, online, sends release_held_htlc; then forwarded. A too-late release, or a payer back after the timeout, closes the channel. Model only: the conformance oracle does not drive it.",
    defaults: defaults('lsp-held-htlc'),
    expect: (ctx) => ({
      ...htlcExpect(ctx),
      // A keysend preimage is A's own (BOLT 12 static invoices, bolts #1149): no proof of payment.
      ...(isHonestIn(ctx, A) && !payeeNeverPaid(ctx) ? { 'proofOfPayment.payerHoldsProof': 'violated' as const } : {}),
      'proofOfPayment.witnessPayerHoldsProof': 'unreached',
    }),
  },
  {
    name: 'plain-lightning',
    design: 'ln',
    description:
      'Plain Lightning, the reference row: A and B online together, A pays B through S with an HTLC of a short CLTV. Model only: the conformance oracle does not drive it.',
    defaults: defaults('plain-lightning'),
    expect: (ctx) => htlcExpect(ctx),
  },
];
