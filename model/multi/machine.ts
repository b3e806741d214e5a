/**
 * The two-payment machine's guards, effects and checker `Model`: its own steps over the channel machine's
 * skeleton (model/channel-machine.ts: the channel's publish steps, the coalition, time, the common state words).
 * Same conventions as scheme 1 and scheme 2: honest mandatory steps are urgent and hold time back; a deviating
 * party's steps and optional steps (coming online) never do; a deviating party may publish any update it holds
 * complete, at any time, and withhold anything.
 */
import { unreachable } from '../../util/unreachable.ts';
import { leavesTimeToRebind } from '../chain.ts';
import { type ChannelCtx, channelMachine, knows, type StepKit, taught } from '../channel-machine.ts';
import { assembleModel, type MachineModel, type VariantSpec } from '../machine.ts';
import { addTo } from '../money.ts';
import { pendingSlackBlocks } from '../scheme1/state.ts';
import { describeAction, labelOf, type MultiAction, type MultiOwnAction } from './actions.ts';
import { multiDeviating, type MultiConfig } from './config.ts';
import {
  AMOUNTS_SAT,
  K_U0,
  A,
  S,
  KNOWLEDGE_NAMES,
  MULTI_PARTIES,
  OUTPUT_STATUSES,
  PTLC_STATUSES,
  STAGES,
  closeKnowledge,
  initialState,
  kBundle,
  kInvoice,
  kSa,
  kSs,
  kSt,
  payeeOf,
  paySat,
  settlementOf,
  changed,
  type MultiDesign,
  type MultiState,
  type PaymentState,
} from './state.ts';

export interface Ctx extends ChannelCtx {
  readonly config: MultiConfig;
  readonly design: MultiDesign;
  /** Bitmask of the deviating parties over MULTI_PARTIES. */
  readonly deviating: number;
  /** Rules taken out, for the tests that show each is needed (in no registered variant). */
  readonly ablation?: Ablation;
}

/**
 * `ownExpiryTimeout`: output j times out at expiry_j + D (spec 11 §8.2's first wording, see `outputTimeout`);
 * `noHubClose`: an honest S does not close on its own to spend an output in time (without R-06-17).
 */
export interface Ablation {
  readonly ownExpiryTimeout?: boolean;
  readonly noHubClose?: boolean;
}

/** `p` holds a complete U(n+k): U(n) from the start, U(n+j+1) with s_A^j and S's partial on it. */
export function holdsUpdate(s: MultiState, p: number, k: number): boolean {
  return knows(s, p, k === 0 ? K_U0 : kSa(k - 1) | kSs(k - 1));
}

/** `p` holds the complete St(n+k). */
function holdsSettlement(s: MultiState, p: number, k: number): boolean {
  return knows(s, p, k === 0 ? K_U0 : kSt(k - 1));
}

/**
 * The timeout of payment j's output in St(n+k) (payment-outputs design, R-06-14): the expiry of the latest
 * payment in that state, k−1, plus D (R-06-02's). Not expiry_j + D, as spec 11 §8.2 first had it: a state
 * n+k signed after expiry_j (A back late, S bought t_j long before) would give S's t_j an output that times
 * out with the very block St(n+k) can settle in, and A takes it back although S paid B_j (found by this
 * model, 22 steps; the ablation `ownExpiryTimeout` rebuilds that rule for the test that pins it).
 */
function outputTimeout(ctx: Ctx, s: MultiState, j: number, k: number): number {
  const e = s.pay[ctx.ablation?.ownExpiryTimeout === true ? j : k - 1]?.expiry ?? -1;
  return e < 0 ? -1 : e + pendingSlackBlocks(ctx.config);
}

/**
 * An honest S's checks before it offers the PTLC for payment j (R-02-16 is implicit: an invoice here is
 * always for T_j; R-02-19 per payment; R-02-20 holds by config; R-02-21 against a confirmed update).
 * R-06-15's "the latest state carries payment j" always holds here (no cancellation is modelled: every
 * later state carries payment j, outright or as its output), so the state check reduces to "not settled".
 */
function hubBuyCheck(ctx: Ctx, s: MultiState, j: number): boolean {
  const p = s.pay[j];
  if (p === undefined || p.stage !== 'sent' || s.chain.settled) return false;
  const { ptlcTimeoutBlocks: ptlc } = ctx.config;
  // hubChecksFirstExpiry (a flaw, against R-02-19 per payment): S checks against the first payment's expiry.
  const expiry = ctx.config.hubChecksFirstExpiry === true ? (s.pay[0]?.expiry ?? p.expiry) : p.expiry;
  if (s.height + ptlc > expiry) return false;
  // hubSkipsRebindCheck (a flaw, against R-02-21): S buys although it could not rebind a confirmed update in time.
  return ctx.config.hubSkipsRebindCheck === true || leavesTimeToRebind(s.chain, s.height, ctx.config);
}

/**
 * `payerSkipsFeeCheck` (a flaw, against R-01-10): A co-signs St(n+k) without checking that its fee is the agreed
 * one, and a deviating S named it one sat higher: St(n+k), k ≥ 1, pays S one sat more of A's share than its design.
 */
export function feeOverSat(ctx: Ctx, k: number): number {
  return ctx.config.payerSkipsFeeCheck === true && (ctx.deviating & (1 << S)) !== 0 && k >= 1 ? 1 : 0;
}

/**
 * R-06-17: an honest S that holds t_j and a complete later update whose settlement carries output j must
 * get that settlement confirmed before output j's timeout: it publishes from `outputTimeout − csv − 1` on.
 */
function hubMustClose(ctx: Ctx, s: MultiState, k: number): boolean {
  if (ctx.design !== 'outputs' || ctx.ablation?.noHubClose === true) return false;
  for (const j of settlementOf(ctx.design, k).outputs) {
    if (knows(s, S, kSa(j)) && s.height >= outputTimeout(ctx, s, j, k) - ctx.config.csvDelayBlocks - 1) return true;
  }
  return false;
}

function steps(ctx: Ctx, s: MultiState, { add, h, on }: StepKit<MultiOwnAction>): void {
  const { payments } = ctx.config;
  for (let j = 0; j < payments; j++) {
    const p = s.pay[j] as PaymentState;
    const b = payeeOf(j);
    // R-01-10, R-02-01, R-06-14: A and S (online) co-sign St(n+j+1) before any update signature: the first
    // payment in the first block, the second once A is back and the first bundle is out (nothing on chain).
    const prevSent = j === 0 ? s.height === 0 : s.pay[j - 1]?.stage === 'sent';
    if (p.stage === 'none' && on(A) && on(S) && prevSent && s.chain.update < 0)
      add({ kind: 'PayerHubSignSettlement', payment: j }, h(A) && h(S));
    // R-02-02, R-02-06: A, holding the complete St(n+j+1), seals s_A^j for B_j into the mailbox and goes offline.
    if (p.stage === 'signed' && on(A)) add({ kind: 'PayerSendBundle', payment: j }, h(A));
    // R-09-04, R-02-08: B_j comes online at any time after the bundle is out (never urgent); M delivers it until the expiry.
    if (p.stage === 'sent' && !on(b)) add({ kind: 'PayeeComeOnline', payment: j }, false);
    // R-02-10..R-02-12: B_j, holding the verified bundle, invoices S for T_j; an honest B_j only before the expiry.
    if (on(b) && knows(s, b, kBundle(j)) && !knows(s, S, kInvoice(j)) && (!h(b) || s.height < p.expiry))
      add({ kind: 'PayeeSendInvoice', payment: j }, h(b));
    // R-02-16..R-02-21, R-06-15: S, holding B_j's invoice, checks and offers the PTLC locked to T_j (a deviating S skips the checks).
    if (knows(s, S, kInvoice(j)) && p.ptlc === 'none' && (!h(S) || hubBuyCheck(ctx, s, j)))
      add({ kind: 'HubCheckAndOfferPtlc', payment: j }, h(S));
    // R-02-13, R-02-14: B_j claims before the timeout, revealing s_A^j to S.
    if (on(b) && p.ptlc === 'offered' && s.height < p.ptlcTimeout && knows(s, b, kSa(j)))
      add({ kind: 'PayeeClaimPtlc', payment: j }, h(b));
    // R-08-12: S takes an unclaimed PTLC back from its timeout on.
    if (p.ptlc === 'offered' && s.height >= p.ptlcTimeout) add({ kind: 'HubRefundPtlc', payment: j }, h(S));
    // R-06-16: S spends output j with t_j as soon as it can (before A's timeout path opens).
    if (p.output === 'unspent' && knows(s, S, kSa(j))) add({ kind: 'HubSpendOutput', payment: j }, h(S));
    // R-06-14: A takes output j back from its timeout on.
    if (p.output === 'unspent' && on(A) && s.height >= outputTimeout(ctx, s, j, s.chain.update))
      add({ kind: 'PayerSweepOutput', payment: j }, h(A));
  }
  // R-09-04: A comes back at any time once a bundle is out (never urgent).
  if (!on(A) && s.pay[0]?.stage === 'sent') add({ kind: 'PayerComeBack' }, false);
}

function withPay(s: MultiState, j: number, f: (p: PaymentState) => PaymentState): readonly PaymentState[] {
  return s.pay.map((p, i) => (i === j ? f(p) : p));
}

/** `s.knows` after each [party, bits] is learnt. */
const learnt = (s: MultiState, ...l: (readonly [number, number])[]): number[] => taught(s.knows, closeKnowledge, ...l);

function effect(ctx: Ctx, s: MultiState, a: MultiOwnAction): MultiState {
  switch (a.kind) {
    case 'PayerHubSignSettlement': {
      const knows = learnt(s, [A, kSt(a.payment) | kBundle(a.payment)], [S, kSt(a.payment) | kSs(a.payment)]);
      return changed(s, { knows, pay: withPay(s, a.payment, (p) => ({ ...p, stage: 'signed' })) });
    }
    case 'PayerSendBundle':
      return changed(s, {
        online: s.online & ~(1 << A),
        pay: withPay(s, a.payment, (p) => ({ ...p, stage: 'sent', expiry: s.height + ctx.config.mailboxExpiryBlocks })),
      });
    case 'PayerComeBack':
      return changed(s, { online: s.online | (1 << A) });
    case 'PayeeComeOnline': {
      const b = payeeOf(a.payment);
      const p = s.pay[a.payment] as PaymentState;
      return changed(s, {
        knows: s.height < p.expiry ? learnt(s, [b, kBundle(a.payment)]) : s.knows,
        online: s.online | (1 << b),
        pay: withPay(s, a.payment, (q) => ({ ...q, cameInTime: s.height + ctx.config.ptlcTimeoutBlocks <= q.expiry })),
      });
    }
    case 'PayeeSendInvoice': {
      // payeeRevealsBeforePaid (a flaw, against R-02-13): B_j hands S s_A^j with its invoice, trusting S to pay.
      const reveal = ctx.config.payeeRevealsBeforePaid === true ? kSa(a.payment) : 0;
      return changed(s, {
        knows: learnt(s, [S, kInvoice(a.payment) | reveal], [payeeOf(a.payment), kInvoice(a.payment)]),
      });
    }
    case 'HubCheckAndOfferPtlc':
      return changed(s, {
        wallet: addTo(s.wallet, S, -(AMOUNTS_SAT[a.payment] ?? 0)),
        pay: withPay(s, a.payment, (p) => ({
          ...p,
          ptlc: 'offered',
          ptlcTimeout: s.height + ctx.config.ptlcTimeoutBlocks,
        })),
      });
    case 'PayeeClaimPtlc':
      return changed(s, {
        knows: learnt(s, [S, kSa(a.payment)]),
        wallet: addTo(s.wallet, payeeOf(a.payment), AMOUNTS_SAT[a.payment] ?? 0),
        pay: withPay(s, a.payment, (p) => ({ ...p, ptlc: 'claimed' })),
      });
    case 'HubRefundPtlc':
      return changed(s, {
        wallet: addTo(s.wallet, S, AMOUNTS_SAT[a.payment] ?? 0),
        pay: withPay(s, a.payment, (p) => ({ ...p, ptlc: 'refunded' })),
      });
    case 'HubSpendOutput':
      return changed(s, {
        wallet: addTo(s.wallet, S, paySat(a.payment)),
        pay: withPay(s, a.payment, (p) => ({ ...p, output: 'hub' })),
      });
    case 'PayerSweepOutput':
      return changed(s, {
        wallet: addTo(s.wallet, A, paySat(a.payment)),
        pay: withPay(s, a.payment, (p) => ({ ...p, output: 'payer' })),
      });
    default:
      return unreachable(a, 'action');
  }
}

/** St(n+k) pays A and S what the design says and opens its outputs (`settlementOf`). */
function settle(ctx: Ctx, s: MultiState): Partial<MultiState> {
  const st = settlementOf(ctx.design, s.chain.update);
  const over = feeOverSat(ctx, s.chain.update);
  return {
    wallet: addTo(addTo(s.wallet, A, st.payer - over), S, st.hub + over),
    pay: s.pay.map((p, j) => (st.outputs.includes(j) ? { ...p, output: 'unspent' } : p)),
  };
}

/** The two-payment machine over the skeleton: the A–S channel, states n..n+payments; A, S, B1, B2 may publish. */
export const multiMachine = channelMachine<MultiState, MultiOwnAction, Ctx>({
  parties: MULTI_PARTIES,
  knowledge: KNOWLEDGE_NAMES,
  close: closeKnowledge,
  latest: (ctx) => ctx.config.payments,
  holdsUpdate,
  holdsSettlement,
  steps,
  // R-06-17: an honest S also closes on its own to settle output j before its timeout.
  mustClose: (ctx, s, p, k) => p === S && hubMustClose(ctx, s, k),
  effect,
  changed,
  settle,
  encode: (s, sink) => {
    for (const p of s.pay) {
      const stage = STAGES.indexOf(p.stage) | ((p.cameInTime ? 1 : 0) << 2);
      sink.word(stage | (PTLC_STATUSES.indexOf(p.ptlc) << 3) | (OUTPUT_STATUSES.indexOf(p.output) << 5));
      sink.word((p.expiry + 1) | ((p.ptlcTimeout + 1) << 8));
    }
  },
  toItf: (s) => ({
    pay: s.pay.map((p) => ({
      stage: p.stage,
      expiry: p.expiry,
      cameInTime: p.cameInTime,
      ptlc: p.ptlc,
      ptlcTimeout: p.ptlcTimeout,
      output: p.output,
    })),
  }),
});

export type MultiModel = MachineModel<MultiState, MultiAction, Ctx>;

export function buildMachine(
  spec: VariantSpec<MultiState, MultiAction, Ctx> & {
    readonly design: MultiDesign;
    readonly config: MultiConfig;
    readonly ablation?: Ablation;
  },
): MultiModel {
  return assembleModel(spec, {
    ctx: {
      config: spec.config,
      design: spec.design,
      deviating: multiDeviating(spec.config),
      ...(spec.ablation === undefined ? {} : { ablation: spec.ablation }),
    },
    init: initialState(),
    ...multiMachine.parts,
    describe: describeAction,
    label: labelOf,
  });
}
