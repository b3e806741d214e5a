/**
 * The baselines' properties, named after the proposal's wherever they mean the same thing (the table puts
 * them in the same columns), each `always` with a `sometimes` witness:
 * - typeOk; hubCannotSteal (an honest A's HTLC is claimed only if B was paid, or B is in S's coalition);
 * - payeeNotCheated (B's preimage leaves B only through a claim that pays B: LightningRod, plain Lightning;
 *   in the LSP design p is A's, and B never ends below its start);
 * - honestHubLosesNothing.notTooLate (an honest S that paid B gets A's HTLC);
 * - conservation; liveness (the payer's lock is bounded; everybody honest, the payment completes);
 * - proofOfPayment (once A's HTLC is claimed, A holds p and B's signature on h);
 * - channelStaysOpen (the A–S channel is never closed on chain): the cost of a held HTLC whose release, or
 *   whose payer, comes too late.
 */
import type { Property } from '../../checker/model.ts';
import { conservationClauses, horizonClause, typeOkClauses } from '../shared-clauses.ts';
import { A, B, M, S } from '../../model/parties.ts';
import type { BaselineAction } from '../../model/baselines/actions.ts';
import { hasUrgentStep, isHonestIn, knowsP, type BaselineCtx } from '../../model/baselines/machine.ts';
import { twoStepClaim } from '../../model/config.ts';
import {
  PAYER_HTLC_SAT,
  payerHtlcSat,
  HTLC_STATUSES,
  MESSAGES,
  START_SAT,
  totalFunds,
  type BaselineState,
} from '../../model/baselines/state.ts';

export type BaselineProperty = Property<BaselineState, BaselineAction>;

function payeePaid(s: BaselineState): boolean {
  return s.payeeHtlc.status === 'claimed';
}

/**
 * With the claim in two steps (claimSteps 2), B's fulfill hands S the preimage before B is paid: B is not
 * cheated while its HTLC is still offered before its timeout (S's commitment, or B's claim on chain, may
 * still pay it). Once the timeout passes unpaid, S holds p and may take the HTLC back.
 */
function payeeStillPayable(ctx: BaselineCtx, s: BaselineState): boolean {
  return twoStepClaim(ctx.config) && s.payeeHtlc.status === 'offered' && s.height < s.payeeHtlc.timeout;
}

/** Labels of honest parties' protocol steps, plus the chain (weak fairness). */
function fairLabels(ctx: BaselineCtx): string[] {
  const h = (p: number): boolean => isHonestIn(ctx, p);
  const out = ['ChainAdvance'];
  if (h(A)) out.push('PayerSendRequest', 'PayerOfferHtlc', 'PayerTimeoutClose', 'PayerComeBack');
  if (h(B))
    out.push(
      'PayeeRegisterHash',
      'PayeeReleaseHeld',
      'PayeeClaimHtlc',
      'PayeeComeOnline',
      'PayeeFulfillHtlc',
      'PayeeCloseChannel',
    );
  if (h(M)) out.push('MailboxDeliver');
  if (h(S))
    out.push(
      'HubForwardHtlc',
      'HubRefundHtlc',
      'HubSettleHtlc',
      'HubClaimOnChain',
      'HubFailHtlc',
      'HubRecover',
      'HubCommitFulfill',
    );
  return out;
}

/** The race `s` leaves open, in words, or undefined when every HTLC is decided. */
export function openRaceBaseline(s: BaselineState): string | undefined {
  if (s.payerHtlc.status === 'offered') return `A's HTLC offered, undecided (times out at ${s.payerHtlc.timeout})`;
  if (s.payeeHtlc.status === 'offered') return `S's HTLC to B offered, undecided (times out at ${s.payeeHtlc.timeout})`;
  return undefined;
}

export function baselineProperties(ctx: BaselineCtx): BaselineProperty[] {
  const h = (p: number): boolean => isHonestIn(ctx, p);
  const out: BaselineProperty[] = [
    ...typeOkClauses<BaselineState>(
      ctx.config.maxHeight,
      'Every field is in its range.',
      (s) =>
        (s.height >= 0 &&
          s.height <= ctx.config.maxHeight &&
          MESSAGES.includes(s.message) &&
          HTLC_STATUSES.includes(s.payerHtlc.status) &&
          HTLC_STATUSES.includes(s.payeeHtlc.status) &&
          s.wallet.length === 4) ||
        'a field out of range',
    ),
    {
      kind: 'always',
      name: 'hubCannotSteal.paidOnlyIfPayeePaid',
      description: "An honest A's HTLC is claimed only if B was paid (or B is in the coalition that claimed it).",
      pred: (s) =>
        !h(A) ||
        !h(B) ||
        s.payerHtlc.status !== 'claimed' ||
        payeePaid(s) ||
        payeeStillPayable(ctx, s) ||
        "A's HTLC was claimed but B was not paid",
    },
    {
      kind: 'always',
      name: 'hubCannotSteal.payerBalanceFloor',
      description: 'An honest A never ends below its start minus amt + fee.',
      pred: (s) =>
        !h(A) ||
        (s.wallet[A] ?? 0) + (s.payerHtlc.status === 'offered' ? payerHtlcSat(s) : 0) >= START_SAT - PAYER_HTLC_SAT ||
        'A lost more than amt + fee',
    },
    {
      kind: 'sometimes',
      name: 'hubCannotSteal.witnessPaid',
      description: "A's HTLC is claimed and B paid.",
      pred: (s) => s.payerHtlc.status === 'claimed' && payeePaid(s),
    },
    {
      kind: 'always',
      name: 'payeeNotCheated.secretOnlyForPayment',
      description:
        ctx.design === 'lsp'
          ? "B ends no lower than it started (the preimage is A's: B gives nothing away)."
          : "An honest B's preimage reaches S only through a claim that pays B.",
      pred: (s) =>
        !h(B) ||
        (ctx.design === 'lsp' ? (s.wallet[B] ?? 0) >= 0 : !knowsP(s, S) || payeePaid(s) || payeeStillPayable(ctx, s)) ||
        'S learnt p but B was not paid',
    },
    { kind: 'sometimes', name: 'payeeNotCheated.witnessPayeePaid', description: 'B is paid.', pred: payeePaid },
    {
      kind: 'always',
      name: 'honestHubLosesNothing.notTooLate',
      description: "An honest S that paid B is not left without A's HTLC (it never times out back to A after S paid).",
      pred: (s) => !h(S) || !(payeePaid(s) && s.payerHtlc.status === 'refunded') || 'S paid B and A took its HTLC back',
    },
    {
      kind: 'sometimes',
      name: 'honestHubLosesNothing.witnessPaidBack',
      description: "S paid B and claimed A's HTLC.",
      pred: (s) => payeePaid(s) && s.payerHtlc.status === 'claimed',
    },
    ...conservationClauses<BaselineState>({
      total: 2 * START_SAT,
      sum: totalFunds,
      summed: 'Every wallet and every offered HTLC',
      fundsMoved: payeePaid,
      moved: 'B is paid.',
    }),
    {
      kind: 'eventually',
      name: 'liveness.payerLockBounded',
      description:
        "A's HTLC is eventually claimed or returned, even if B never comes back in time (a payment that never started by the last height locks nothing; at the last height, an HTLC whose timeout lies past it counts as released: A can still close alone then).",
      // Not `status !== 'offered'`: that holds in the initial state, before A offers anything, and made the
      // clause hold vacuously (spec 10 §4). An honest A coming back is fair here, as in scheme 1.
      pred: (s) =>
        s.payerHtlc.status === 'claimed' ||
        s.payerHtlc.status === 'refunded' ||
        (s.height === ctx.config.maxHeight &&
          (s.payerHtlc.status === 'none' || s.payerHtlc.timeout > ctx.config.maxHeight)),
      weakFairness: fairLabels(ctx),
    },
    {
      kind: 'sometimes',
      name: 'liveness.witnessLockReleased',
      description: "A's HTLC is resolved.",
      pred: (s) => s.payerHtlc.status === 'claimed' || s.payerHtlc.status === 'refunded',
    },
    {
      kind: 'always',
      name: 'proofOfPayment.payerHoldsProof',
      description: "Once an honest A's HTLC is claimed, A holds p and B's signature on h (a proof that B was paid).",
      pred: (s) =>
        !h(A) ||
        s.payerHtlc.status !== 'claimed' ||
        (ctx.design !== 'lsp' && knowsP(s, A) && s.payerHoldsPayeeSig) ||
        (ctx.design === 'lsp'
          ? "a keysend preimage is A's own: it proves nothing"
          : "A paid without p and B's signature"),
    },
    {
      kind: 'sometimes',
      name: 'proofOfPayment.witnessPayerHoldsProof',
      description: "A holds p and B's signature on h.",
      pred: (s) => ctx.design !== 'lsp' && knowsP(s, A) && s.payerHoldsPayeeSig && payeePaid(s),
    },
    {
      kind: 'always',
      name: 'channelStaysOpen.noForcedClose',
      description: 'The A–S channel is never closed on chain to settle or time out this payment.',
      pred: (s) => !s.forceClosed || 'the A–S channel was closed on chain',
    },
    {
      kind: 'sometimes',
      name: 'channelStaysOpen.witnessSettledOffChain',
      description: "A's HTLC is settled off chain.",
      pred: (s) => s.payerHtlc.status === 'claimed' && !s.forceClosed,
    },
  ];
  // The horizon probe (properties/shared-clauses.ts): a run ends at maxHeight with an HTLC still undecided.
  out.push(
    horizonClause<BaselineState>({
      maxHeight: ctx.config.maxHeight,
      races: "A's or S's HTLC offered",
      openRace: openRaceBaseline,
      hasUrgentStep: (s) => hasUrgentStep(ctx, s),
    }),
  );
  if (ctx.config.deviating.length === 0) {
    out.push({
      kind: 'eventually',
      name: 'liveness.paymentCompletes',
      description:
        "With everybody honest (and A coming back), B is paid and S holds A's HTLC, or the HTLC is returned because B came too late (unless the horizon ends before A's HTLC could time out).",
      pred: (s) =>
        (payeePaid(s) && s.payerHtlc.status === 'claimed') ||
        s.payerHtlc.status === 'refunded' ||
        (s.height === ctx.config.maxHeight &&
          (s.payerHtlc.status === 'none' || s.payerHtlc.timeout > ctx.config.maxHeight)),
      weakFairness: fairLabels(ctx),
    });
  }
  return out;
}
