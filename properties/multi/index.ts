/**
 * The two-payment machine's properties: the scheme-1 groups read per payment (clause names end in the
 * payment's number, so a violation names the payment). The scheme-1 helpers in properties/ read
 * `ProtocolState`; these are their per-payment counterparts over `MultiState`, same definitions:
 * - hubCannotSteal: A's guarantee is the worst state that can still become final (A's own enforceable state,
 *   or any later update someone holds complete), read per payment: which p_j that state charges A for.
 * - payeeNotCheated, honestHubLosesNothing, conservation, liveness: as in scheme 1, per payment.
 */
import type { Property } from '../../checker/model.ts';
import { conservationClauses, horizonClause, onlyWhen, typeOkClauses } from '../shared-clauses.ts';
import type { MultiAction } from '../../model/multi/actions.ts';
import { isHonest, knows } from '../../model/channel-machine.ts';
import { feeOverSat, holdsUpdate, multiMachine, type Ctx } from '../../model/multi/machine.ts';
import {
  A,
  S,
  MULTI_PARTIES,
  MULTI_PARTY_COUNT,
  OUTPUT_STATUSES,
  PAYER_CHANNEL_SAT,
  PTLC_STATUSES,
  STAGES,
  closeKnowledge,
  initialState,
  kSa,
  payeeOf,
  paySat,
  settlementOf,
  totalFunds,
  type MultiState,
} from '../../model/multi/state.ts';

export type MultiProperty = Property<MultiState, MultiAction>;

/** B_j was paid: S's PTLC locked to T_j was claimed (only B_j can invoice T_j here). */
function payeePaid(s: MultiState, j: number): boolean {
  return s.pay[j]?.ptlc === 'claimed';
}

/** Payment j completed: B_j was paid and S holds s_A^j. */
function paymentCompleted(s: MultiState, j: number): boolean {
  return payeePaid(s, j) && knows(s, S, kSa(j));
}

/**
 * Whether final state St(n+k) charges A for payment j: paid to S outright, or (payment-outputs design) in
 * output j that S spent or can spend (it knows t_j). An output A took back, or S cannot unlock, does not.
 */
function charged(ctx: Ctx, s: MultiState, j: number, k: number): boolean {
  const st = settlementOf(ctx.design, k);
  if (!st.outputs.includes(j)) return j < k;
  const out = s.pay[j]?.output;
  if (out === 'hub') return true;
  if (out === 'payer') return false;
  return knows(s, S, kSa(j));
}

/** The states that can still become final: the settled one, or A's enforceable one and any later update someone may publish. */
function reachableFinal(ctx: Ctx, s: MultiState): number[] {
  if (s.chain.settled) return [s.chain.update];
  const jA = Math.max(0, s.chain.update);
  const out = [jA];
  for (let k = jA + 1; k <= ctx.config.payments; k++) {
    for (let p = 0; p < MULTI_PARTY_COUNT; p++) {
      // A deviating holder may publish any complete update; an honest one only its latest state.
      if (holdsUpdate(s, p, k) && (!isHonest(ctx, p) || multiMachine.bestEnforceable(ctx, s, p) === k)) {
        out.push(k);
        break;
      }
    }
  }
  return out;
}

/** What A ends with if state k becomes final. */
function payerEndsWith(ctx: Ctx, s: MultiState, k: number): number {
  let v = PAYER_CHANNEL_SAT - feeOverSat(ctx, k);
  for (let j = 0; j < ctx.config.payments; j++) if (charged(ctx, s, j, k)) v -= paySat(j);
  return v;
}

/** What A is guaranteed to end with, whatever the others do from here (the minimum over the states that can become final). */
function payerGuaranteed(ctx: Ctx, s: MultiState): number {
  return Math.min(...reachableFinal(ctx, s).map((k) => payerEndsWith(ctx, s, k)));
}

/** A's floor: its balance minus every p_j. */
function payerFloor(ctx: Ctx): number {
  let v = PAYER_CHANNEL_SAT;
  for (let j = 0; j < ctx.config.payments; j++) v -= paySat(j);
  return v;
}

/** An honest S that paid B_j is still credited p_j (false: how it lost it). */
function hubCredited(ctx: Ctx, s: MultiState, j: number): true | string {
  if (!s.chain.settled) return true;
  const k = s.chain.update;
  const st = settlementOf(ctx.design, k);
  if (st.outputs.includes(j))
    return s.pay[j]?.output !== 'payer' || `S paid B${j + 1} but A took output ${j + 1} back through its timeout`;
  return j < k || `S paid B${j + 1} but the channel settled in state n+${k}, which does not pay it p_${j + 1}`;
}

function payments(ctx: Ctx): number[] {
  return Array.from({ length: ctx.config.payments }, (_, j) => j);
}

/** The fair labels: honest parties' protocol steps, plus the chain. */
function fairLabels(ctx: Ctx): string[] {
  const h = (p: number): boolean => isHonest(ctx, p);
  const out = ['ChainAdvance'];
  if (h(A) && h(S)) out.push('PayerHubSignSettlement');
  if (h(A))
    out.push('PayerSendBundle', 'PayerComeBack', 'PayerPublishUpdate', 'PayerPublishSettlement', 'PayerSweepOutput');
  if (payments(ctx).every((j) => h(payeeOf(j))))
    out.push('PayeeComeOnline', 'PayeeSendInvoice', 'PayeeClaimPtlc', 'PayeePublishUpdate', 'PayeePublishSettlement');
  if (h(S))
    out.push('HubCheckAndOfferPtlc', 'HubRefundPtlc', 'HubPublishUpdate', 'HubPublishSettlement', 'HubSpendOutput');
  return out;
}

export function multiProperties(ctx: Ctx): MultiProperty[] {
  const aHonest = isHonest(ctx, A);
  const sHonest = isHonest(ctx, S);
  const js = payments(ctx);
  const floor = payerFloor(ctx);
  const allPaid = (s: MultiState): boolean => js.every((j) => payeePaid(s, j));
  const out: MultiProperty[] = [
    ...typeOkClauses<MultiState>(
      ctx.config.maxHeight,
      'Every field of the state is in its range and knowledge is closed.',
      (s) =>
        (s.height >= 0 &&
          s.height <= ctx.config.maxHeight &&
          s.knows.length === MULTI_PARTIES.length &&
          s.knows.every((k) => closeKnowledge(k) === k) &&
          s.pay.length === 2 &&
          s.pay.every(
            (p) => STAGES.includes(p.stage) && PTLC_STATUSES.includes(p.ptlc) && OUTPUT_STATUSES.includes(p.output),
          ) &&
          s.chain.update <= ctx.config.payments) ||
        'a field out of range',
    ),
    {
      kind: 'always',
      name: 'hubCannotSteal.payerBalanceFloor',
      description: `An honest A is always guaranteed at least its balance minus every p_j (${floor}).`,
      pred: onlyWhen(aHonest, (s) => {
        const g = payerGuaranteed(ctx, s);
        return g >= floor || `A is guaranteed only ${g} < ${floor}`;
      }),
    },
    ...js.map(
      (j): MultiProperty => ({
        kind: 'always',
        name: `hubCannotSteal.paidOnlyIfPayeePaid${j + 1}`,
        description: `An honest A can be charged p_${j + 1} (in a state that can still become final) only once an honest B${j + 1} was paid.`,
        pred: onlyWhen(aHonest && isHonest(ctx, payeeOf(j)), (s) => {
          if (payeePaid(s, j)) return true;
          const k = reachableFinal(ctx, s).find((x) => charged(ctx, s, j, x));
          return (
            k === undefined ||
            `St(n+${k}) can become final and charges A p_${j + 1} = ${paySat(j)}, but B${j + 1} was not paid`
          );
        }),
      }),
    ),
    {
      kind: 'sometimes',
      name: 'hubCannotSteal.witnessPaidToFloor',
      description: 'Every payment goes through: every payee is paid and A is guaranteed exactly its floor.',
      pred: (s) => allPaid(s) && payerGuaranteed(ctx, s) === floor,
    },
    ...js.map(
      (j): MultiProperty => ({
        kind: 'always',
        name: `payeeNotCheated.secretOnlyForPayment${j + 1}`,
        description: `Nobody but A and B${j + 1} knows s_A^${j + 1} until B${j + 1} has been paid for it (honest A and B${j + 1}).`,
        pred: onlyWhen(aHonest && isHonest(ctx, payeeOf(j)), (s) => {
          if (payeePaid(s, j)) return true;
          for (let p = 0; p < MULTI_PARTY_COUNT; p++) {
            if (p !== A && p !== payeeOf(j) && knows(s, p, kSa(j)))
              return `${MULTI_PARTIES[p]} knows s_A^${j + 1} but B${j + 1} was not paid`;
          }
          return true;
        }),
      }),
    ),
    {
      kind: 'sometimes',
      name: 'payeeNotCheated.witnessPayeesPaid',
      description: 'Every payee is paid for its s_A^j.',
      pred: allPaid,
    },
    ...js.map(
      (j): MultiProperty => ({
        kind: 'always',
        name: `honestHubLosesNothing.notTooLate${j + 1}`,
        description: `An honest S that paid B${j + 1} is still credited p_${j + 1} (no final state or timeout takes it back).`,
        pred: onlyWhen(sHonest, (s) => !payeePaid(s, j) || hubCredited(ctx, s, j)),
      }),
    ),
    {
      kind: 'sometimes',
      name: 'honestHubLosesNothing.witnessUsablePurchase',
      description: 'S paid for every s_A^j and holds the complete last update.',
      pred: (s) => allPaid(s) && holdsUpdate(s, S, ctx.config.payments),
    },
    ...conservationClauses<MultiState>({
      total: totalFunds(initialState()),
      sum: totalFunds,
      summed: 'The channel, every wallet, every offered PTLC and every unspent output',
      fundsMoved: (s) => s.pay.some((p) => p.ptlc === 'claimed'),
      moved: 'A PTLC is claimed.',
    }),
  ];
  if (ctx.design === 'outputs' && ctx.config.payments === 2) {
    out.push(
      {
        kind: 'sometimes',
        name: 'hubCannotSteal.witnessOutputReturned',
        description:
          "A takes an unsold payment's output back through its timeout (the channel settled in a later state).",
        pred: (s) => s.pay.some((p) => p.output === 'payer'),
      },
      {
        kind: 'sometimes',
        name: 'honestHubLosesNothing.witnessOutputSpent',
        description:
          "S spends an earlier payment's output with the t_j it bought (the channel settled in a later state).",
        pred: (s) => s.pay.some((p) => p.output === 'hub'),
      },
    );
  }
  if (ctx.config.deviating.length === 0) {
    out.push({
      kind: 'eventually',
      name: 'liveness.paymentCompletes',
      description:
        'With everybody honest and every payee online early enough, every payment completes (B_j paid, S holds s_A^j).',
      pred: (s) =>
        js.every((j) => paymentCompleted(s, j)) ||
        js.some((j) => (s.online & (1 << payeeOf(j))) !== 0 && !(s.pay[j]?.cameInTime ?? false)),
      weakFairness: fairLabels(ctx),
    });
  }
  out.push({
    kind: 'sometimes',
    name: 'liveness.witnessAllComplete',
    description: 'Every payment completes.',
    pred: (s) => js.every((j) => paymentCompleted(s, j)),
  });
  // The horizon probe (properties/shared-clauses.ts): a run ends at maxHeight with a race undecided.
  out.push(
    horizonClause<MultiState>({
      maxHeight: ctx.config.maxHeight,
      races: "a payee's PTLC offered, a payment output unspent, or an update unsettled",
      openRace: openRaceMulti,
      hasUrgentStep: (s) => multiMachine.hasUrgentStep(ctx, s),
    }),
  );
  return out;
}

/** The race `s` leaves open, in words, or undefined when every race is decided. */
export function openRaceMulti(s: MultiState): string | undefined {
  const j = s.pay.findIndex((p) => p.ptlc === 'offered');
  if (j >= 0) return `payment ${j + 1}'s PTLC offered, undecided (times out at ${s.pay[j]?.ptlcTimeout})`;
  const o = s.pay.findIndex((p) => p.output === 'unspent');
  if (o >= 0) return `payment ${o + 1}'s output unspent`;
  if (s.chain.update >= 0 && !s.chain.settled) return `U(n+${s.chain.update}) confirmed, not yet settled`;
  return undefined;
}
