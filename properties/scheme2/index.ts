/**
 * Scheme 2's properties, named after the same PROTOCOL.md bullets as scheme 1's (the sale is now of s_S,
 * A is the buyer, B the one credited):
 * - atomicSale: A learns s_S iff its PTLC to S is claimed.
 * - hubCannotSteal: an honest A pays (its PTLC is claimed) only when B's credit is enforceable by an honest
 *   party (A or B holds the complete U_BS(m+1) with St_BS(m+1), and nothing supersedes it); A never ends
 *   below its balance minus amt + fee.
 * - payeeNotCheated: an honest B never ends below its starting channel balance.
 * - honestHubLosesNothing: an honest S is credited... i.e. B's credit is enforceable only if S was paid.
 * - conservation, secrecy (M learns nothing), liveness, proofOfPayment (A holds B's signatures crediting it).
 */
import type { Ctx } from '../../model/scheme2/machine.ts';
import { isHonest, knows } from '../../model/channel-machine.ts';
import { holdsSettlement, holdsUpdate, scheme2Machine } from '../../model/scheme2/machine.ts';
import type { Scheme2Action } from '../../model/scheme2/actions.ts';
import {
  K2_BUNDLE,
  K2_SB,
  K2_SS,
  K2_ST1,
  K2_U2,
  MAILBOXES,
  PAYEE_CHANNEL_SAT,
  PAYER_WALLET_SAT,
  PHASES,
  PTLC_SAT,
  PTLC_STATUSES,
  closeKnowledge,
  initialState,
  ptlcSat,
  payeeShare,
  totalFunds,
  type Scheme2State,
} from '../../model/scheme2/state.ts';
import type { Property } from '../../checker/model.ts';
import { conservationClauses, horizonClause, onlyWhen, typeOkClauses } from '../shared-clauses.ts';

/** A property of the scheme-2 model. */
export type Scheme2Property = Property<Scheme2State, Scheme2Action>;
const A = 0;
const S = 1;
const B = 2;
const M = 3;

function claimed(s: Scheme2State): boolean {
  return s.ptlc.status === 'claimed';
}

/** A's proof that B was credited: the complete U_BS(m+1) (s_B and s_S) with the complete St_BS(m+1). */
const PROOF = K2_SB | K2_SS | K2_ST1;

/** B's credit (state m+1) is enforceable by an honest A or B: it holds U_BS(m+1) complete with its settlement and nothing later exists. */
function payeeCredited(ctx: Ctx, s: Scheme2State): boolean {
  if (s.chain.settled) return s.chain.update === 1;
  if (s.chain.update > 1 || s.knows.some((k) => (k & K2_U2) !== 0)) return false;
  for (const p of [A, B]) if (isHonest(ctx, p) && holdsUpdate(s, p, 1) && holdsSettlement(s, p, 1)) return true;
  return false;
}

/** B's credit stands: the channel settled in m+1, or nothing supersedes m+1 and no earlier state settled. */
function creditStands(s: Scheme2State): boolean {
  if (s.chain.settled) return s.chain.update === 1;
  return s.chain.update <= 1 && !s.knows.some((k) => (k & K2_U2) !== 0);
}

/** What an honest B is guaranteed from the channel: its share in the worst state that can still become final. */
function payeeGuaranteed(s: Scheme2State): number {
  if (s.chain.settled) return s.wallet[B] ?? 0;
  let worst = Infinity;
  for (let j = Math.max(0, s.chain.update); j <= 2; j++) {
    const reachable = j === s.chain.update || s.knows.some((_, p) => holdsUpdate(s, p, j));
    if (reachable) worst = Math.min(worst, s.knows.some((_, p) => holdsSettlement(s, p, j)) ? payeeShare(j) : 0);
  }
  return worst;
}

function fair(ctx: Ctx, opts: { payerMustCome: boolean }): string[] {
  const out = ['ChainAdvance'];
  if (isHonest(ctx, A)) {
    out.push('PayerOfferPtlc', 'PayerRefundPtlc', 'PayerForwardUpdate', 'PayerPublishUpdate', 'PayerPublishSettlement');
    if (opts.payerMustCome) out.push('PayerComeOnline');
  }
  if (isHonest(ctx, B)) out.push('PayeeSendBundle', 'PayeeComeBack', 'PayeePublishUpdate', 'PayeePublishSettlement');
  if (isHonest(ctx, B) && isHonest(ctx, S)) out.push('PayeeHubSignSettlement');
  if (isHonest(ctx, S)) out.push('HubClaimPtlc', 'HubPublishUpdate', 'HubPublishSettlement', 'HubRevealPartial');
  if (isHonest(ctx, M)) out.push('MailboxDeliver');
  return out;
}

/** The race `s` leaves open, in words, or undefined when every race is decided. */
function openRace(s: Scheme2State): string | undefined {
  if (s.ptlc.status === 'offered') return `A's PTLC offered, undecided (times out at ${s.ptlc.timeoutHeight})`;
  if (s.chain.update >= 0 && !s.chain.settled) return `U(m+${s.chain.update}) confirmed, not yet settled`;
  return undefined;
}

export function scheme2Properties(ctx: Ctx): Scheme2Property[] {
  const aHonest = isHonest(ctx, A);
  const bHonest = isHonest(ctx, B);
  const sHonest = isHonest(ctx, S);
  const out: Scheme2Property[] = [
    ...typeOkClauses<Scheme2State>(
      ctx.config.maxHeight,
      'Every field of the state is in its range and knowledge is closed.',
      (s) =>
        (s.height >= 0 &&
          s.height <= ctx.config.maxHeight &&
          PHASES.includes(s.phase) &&
          MAILBOXES.includes(s.mailbox) &&
          PTLC_STATUSES.includes(s.ptlc.status) &&
          s.knows.length === 4 &&
          s.knows.every((k) => closeKnowledge(k) === k)) ||
        'a field out of range',
    ),
    {
      kind: 'always',
      name: 'atomicSale.payerLearnsOnlyIfClaimed',
      description: "A knows s_S only if S claimed A's PTLC.",
      pred: (s) => !knows(s, A, K2_SS) || claimed(s) || 'A knows s_S without S having claimed',
    },
    {
      kind: 'always',
      name: 'atomicSale.claimedOnlyIfPayerLearns',
      description: "When S claims A's PTLC, A learns s_S.",
      pred: (s) => !claimed(s) || knows(s, A, K2_SS) || 'S claimed but A does not know s_S',
    },
    {
      kind: 'sometimes',
      name: 'atomicSale.witnessSale',
      description: 'A buys s_S.',
      pred: (s) => claimed(s) && knows(s, A, K2_SS),
    },
    {
      kind: 'always',
      name: 'hubCannotSteal.payerBalanceFloor',
      description: `An honest A never holds less than ${PAYER_WALLET_SAT - PTLC_SAT}.`,
      pred: onlyWhen(
        aHonest,
        (s) =>
          (s.wallet[A] ?? 0) + (s.ptlc.status === 'offered' ? ptlcSat(s) : 0) >= PAYER_WALLET_SAT - PTLC_SAT ||
          'A below its floor',
      ),
    },
    {
      kind: 'always',
      name: 'hubCannotSteal.paidOnlyIfPayeeCredited',
      description:
        "When an honest A's PTLC is claimed, B's credit is enforceable by an honest party (A itself when B deviates: what A bought must still credit B).",
      pred: onlyWhen(
        aHonest,
        (s) => !claimed(s) || payeeCredited(ctx, s) || "A paid S but B's credit is not enforceable",
      ),
    },
    {
      kind: 'sometimes',
      name: 'hubCannotSteal.witnessPaidAndCredited',
      description: "A paid and B's credit is enforceable.",
      pred: (s) => claimed(s) && payeeCredited(ctx, s),
    },
    {
      kind: 'always',
      name: 'payeeNotCheated.neverBelowStart',
      description: `An honest B is always guaranteed at least its starting channel balance (${PAYEE_CHANNEL_SAT}).`,
      pred: onlyWhen(bHonest, (s) => {
        const g = payeeGuaranteed(s);
        return g >= PAYEE_CHANNEL_SAT || `B is guaranteed only ${g}`;
      }),
    },
    {
      kind: 'sometimes',
      name: 'payeeNotCheated.witnessPayeeHoldsCredit',
      description: 'B holds the complete U_BS(m+1).',
      pred: (s) => holdsUpdate(s, B, 1),
    },
    {
      kind: 'always',
      name: 'honestHubLosesNothing.creditOnlyIfPaid',
      description:
        "An honest S's channel can be made to credit B (someone holds the complete U_BS(m+1)) only once S was paid.",
      pred: onlyWhen(
        sHonest,
        (s) =>
          claimed(s) || !s.knows.some((_, p) => holdsUpdate(s, p, 1)) || 'U_BS(m+1) is complete but S was not paid',
      ),
    },
    { kind: 'sometimes', name: 'honestHubLosesNothing.witnessPaid', description: 'S is paid.', pred: claimed },
    ...conservationClauses<Scheme2State>({
      total: totalFunds(initialState()),
      sum: totalFunds,
      summed: 'All funds',
      fundsMoved: claimed,
      moved: 'The PTLC is claimed.',
    }),
    {
      kind: 'always',
      name: 'secrecy.mailboxLearnsNothing',
      description: 'M never learns the bundle.',
      pred: onlyWhen(aHonest && bHonest, (s) => !knows(s, M, K2_BUNDLE) || 'M knows the bundle'),
    },
    {
      kind: 'sometimes',
      name: 'secrecy.witnessPayerReadsBundle',
      description: 'A reads the bundle.',
      pred: (s) => knows(s, A, K2_BUNDLE),
    },
    {
      kind: 'always',
      name: 'proofOfPayment.payerHoldsProof',
      description:
        "Once A paid, it holds the complete U_BS(m+1) with St_BS(m+1): B's signatures (from the bundle) and s_S, the piece only the payment gives.",
      pred: (s) => !claimed(s) || knows(s, A, PROOF) || 'A paid without the complete U_BS(m+1) and St_BS(m+1)',
    },
    {
      kind: 'always',
      name: 'proofOfPayment.proofImpliesPaid',
      description:
        "A holds the complete U_BS(m+1) and St_BS(m+1) only while B's credit stands: not superseded, no earlier state settled (with B honest: a deviating B's signatures are its own word).",
      pred: onlyWhen(
        bHonest,
        (s) =>
          !knows(s, A, PROOF) ||
          creditStands(s) ||
          "A holds the complete U_BS(m+1) and St_BS(m+1) but B's credit no longer stands",
      ),
    },
    {
      kind: 'sometimes',
      name: 'proofOfPayment.witnessPayerHoldsProof',
      description: "A holds B's signatures and s_S.",
      pred: (s) => knows(s, A, K2_SB | K2_ST1 | K2_SS),
    },
  ];
  if (ctx.config.deviating.length === 0) {
    out.push({
      kind: 'eventually',
      name: 'liveness.paymentCompletes',
      description: 'With everybody honest and A online early enough, S is paid and B holds the complete U_BS(m+1).',
      pred: (s) => (claimed(s) && holdsUpdate(s, B, 1)) || ((s.online & 1) !== 0 && !s.payerCameInTime),
      weakFairness: fair(ctx, { payerMustCome: true }),
    });
  }
  // A's lock is A's guarantee: asked only when A is honest (a deviating A may leave its own PTLC hanging).
  if (aHonest) {
    out.push({
      kind: 'eventually',
      name: 'liveness.payerLockBounded',
      description: "A's PTLC is eventually claimed or refunded (or never offered by the last height).",
      pred: (s) =>
        s.ptlc.status === 'claimed' ||
        s.ptlc.status === 'refunded' ||
        (s.ptlc.status === 'none' && s.height === ctx.config.maxHeight),
      weakFairness: fair(ctx, { payerMustCome: false }),
    });
  }
  // The horizon probe (properties/shared-clauses.ts): a run ends at maxHeight with A's PTLC or the B–S channel undecided.
  out.push(
    horizonClause<Scheme2State>({
      maxHeight: ctx.config.maxHeight,
      races: "A's PTLC offered, or an update unsettled",
      openRace,
      hasUrgentStep: (s) => scheme2Machine.hasUrgentStep(ctx, s),
    }),
  );
  out.push({
    kind: 'sometimes',
    name: 'liveness.witnessLockReleased',
    description: "A's PTLC is resolved.",
    pred: (s) => s.ptlc.status === 'claimed' || s.ptlc.status === 'refunded',
  });
  return out;
}
