/**
 * The two-payment machine's guards and effects, and its checker `Model`. Same conventions as scheme 1
 * (model/scheme1/enabled.ts) and scheme 2: honest mandatory steps are urgent and hold time back; a deviating
 * party's steps and optional steps (coming online) never do; a deviating party may publish any update it
 * holds complete, at any time, and withhold anything.
 */
import type { Expectation, Model, Property } from '../../checker/model.ts';
import { unreachable } from '../../util/unreachable.ts';
import { inMask } from '../parties.ts';
import { pendingSlackBlocks } from '../scheme1/state.ts';
import { describeM, type MultiAction } from './actions.ts';
import { multiDeviating, type MultiConfig } from './config.ts';
import { encodeM, toItfM } from './encode.ts';
import {
  AMOUNTS_SAT, KM_U0, MA, MS, MULTI_PARTY_COUNT, closeM, initialMulti, kBundle, kInvoice, kSa, kSs, kSt, payeeOf, paySat, settlementOf,
  type MultiDesign, type MultiState, type PaymentState,
} from './state.ts';

export interface CtxM {
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

export function honestM(ctx: CtxM, p: number): boolean {
  return !inMask(ctx.deviating, p);
}

export function knowsM(s: MultiState, p: number, bits: number): boolean {
  return ((s.knows[p] ?? 0) & bits) === bits;
}

/** `p` holds a complete U(n+k): U(n) from the start, U(n+j+1) with s_A^j and S's partial on it. */
export function holdsUpdateM(s: MultiState, p: number, k: number): boolean {
  return knowsM(s, p, k === 0 ? KM_U0 : kSa(k - 1) | kSs(k - 1));
}

/** `p` holds the complete St(n+k). */
export function holdsSettlementM(s: MultiState, p: number, k: number): boolean {
  return knowsM(s, p, k === 0 ? KM_U0 : kSt(k - 1));
}

/** The latest state `p` can enforce on its own (complete update and settlement), or −1. */
export function bestM(ctx: CtxM, s: MultiState, p: number): number {
  for (let k = ctx.config.payments; k >= 0; k--) if (holdsUpdateM(s, p, k) && holdsSettlementM(s, p, k)) return k;
  return -1;
}

/**
 * The timeout of payment j's output in St(n+k) (payment-outputs design, R-06-14): the expiry of the latest
 * payment in that state, k−1, plus D (R-06-02's). Not expiry_j + D, as spec 11 §8.2 first had it: a state
 * n+k signed after expiry_j (A back late, S bought t_j long before) would give S's t_j an output that times
 * out with the very block St(n+k) can settle in, and A takes it back although S paid B_j (found by this
 * model, 22 steps; the ablation `ownExpiryTimeout` rebuilds that rule for the test that pins it).
 */
export function outputTimeout(ctx: CtxM, s: MultiState, j: number, k: number): number {
  const e = s.pay[ctx.ablation?.ownExpiryTimeout === true ? j : k - 1]?.expiry ?? -1;
  return e < 0 ? -1 : e + pendingSlackBlocks(ctx.config);
}

/**
 * An honest S's checks before it offers the PTLC for payment j (R-02-16 is implicit: an invoice here is
 * always for T_j; R-02-19 per payment; R-02-20 holds by config; R-02-21 against a confirmed update).
 * R-06-15's "the latest state carries payment j" always holds here (no cancellation is modelled: every
 * later state carries payment j, outright or as its output), so the state check reduces to "not settled".
 */
export function hubBuyCheck(ctx: CtxM, s: MultiState, j: number): boolean {
  const p = s.pay[j];
  if (p === undefined || p.stage !== 'sent' || s.chain.settled) return false;
  const { ptlcTimeoutBlocks: ptlc, rebindMarginBlocks: margin, csvDelayBlocks: csv } = ctx.config;
  if (s.height + ptlc > p.expiry) return false;
  return s.chain.update < 0 || s.height + ptlc + margin <= s.chain.updateHeight + csv;
}

/**
 * R-06-17: an honest S that holds t_j and a complete later update whose settlement carries output j must
 * get that settlement confirmed before output j's timeout: it publishes from `outputTimeout − csv − 1` on.
 */
function hubMustClose(ctx: CtxM, s: MultiState, k: number): boolean {
  if (ctx.design !== 'outputs' || ctx.ablation?.noHubClose === true) return false;
  for (const j of settlementOf(ctx.design, k).outputs) {
    if (knowsM(s, MS, kSa(j)) && s.height >= outputTimeout(ctx, s, j, k) - ctx.config.csvDelayBlocks - 1) return true;
  }
  return false;
}

interface CandM {
  readonly action: MultiAction;
  readonly urgent: boolean;
}

function candidatesM(ctx: CtxM, s: MultiState): CandM[] {
  const out: CandM[] = [];
  const h = (p: number): boolean => honestM(ctx, p);
  const on = (p: number): boolean => inMask(s.online, p);
  const add = (action: MultiAction, urgent: boolean): void => {
    out.push({ action, urgent });
  };
  const { csvDelayBlocks: csv, payments } = ctx.config;

  for (let j = 0; j < payments; j++) {
    const p = s.pay[j] as PaymentState;
    const b = payeeOf(j);
    // R-01-10, R-02-01, R-06-14: A and S (online) co-sign St(n+j+1) before any update signature: the first
    // payment in the first block, the second once A is back and the first bundle is out (nothing on chain).
    const prevSent = j === 0 ? s.height === 0 : s.pay[j - 1]?.stage === 'sent';
    if (p.stage === 'none' && on(MA) && on(MS) && prevSent && s.chain.update < 0) add({ kind: 'PayerHubSignSettlement', payment: j }, h(MA) && h(MS));
    // R-02-02, R-02-06: A, holding the complete St(n+j+1), seals s_A^j for B_j into the mailbox and goes offline.
    if (p.stage === 'signed' && on(MA)) add({ kind: 'PayerSendBundle', payment: j }, h(MA));
    // R-09-04, R-02-08: B_j comes online at any time after the bundle is out (never urgent); M delivers it until the expiry.
    if (p.stage === 'sent' && !on(b)) add({ kind: 'PayeeComeOnline', payment: j }, false);
    // R-02-10..R-02-12: B_j, holding the verified bundle, invoices S for T_j; an honest B_j only before the expiry.
    if (on(b) && knowsM(s, b, kBundle(j)) && !knowsM(s, MS, kInvoice(j)) && (!h(b) || s.height < p.expiry)) add({ kind: 'PayeeSendInvoice', payment: j }, h(b));
    // R-02-16..R-02-21, R-06-15: S, holding B_j's invoice, checks and offers the PTLC locked to T_j (a deviating S skips the checks).
    if (knowsM(s, MS, kInvoice(j)) && p.ptlc === 'none' && (!h(MS) || hubBuyCheck(ctx, s, j))) add({ kind: 'HubCheckAndOfferPtlc', payment: j }, h(MS));
    // R-02-13, R-02-14: B_j claims before the timeout, revealing s_A^j to S.
    if (on(b) && p.ptlc === 'offered' && s.height < p.ptlcTimeout && knowsM(s, b, kSa(j))) add({ kind: 'PayeeClaimPtlc', payment: j }, h(b));
    // R-08-12: S takes an unclaimed PTLC back from its timeout on.
    if (p.ptlc === 'offered' && s.height >= p.ptlcTimeout) add({ kind: 'HubRefundPtlc', payment: j }, h(MS));
    // R-06-16: S spends output j with t_j as soon as it can (before A's timeout path opens).
    if (p.output === 'unspent' && knowsM(s, MS, kSa(j))) add({ kind: 'HubSpendOutput', payment: j }, h(MS));
    // R-06-14: A takes output j back from its timeout on.
    if (p.output === 'unspent' && on(MA) && s.height >= outputTimeout(ctx, s, j, s.chain.update)) add({ kind: 'PayerSweepOutput', payment: j }, h(MA));
  }
  // R-09-04: A comes back at any time once a bundle is out (never urgent).
  if (!on(MA) && s.pay[0]?.stage === 'sent') add({ kind: 'PayerComeBack' }, false);
  // R-08-04, R-08-08, R-09-01, R-06-17: a deviating holder publishes any later complete update; an honest one
  // only its latest state, to answer an older update, or (S) to settle output j before its timeout.
  if (!s.chain.settled) {
    for (let p = 0; p < MULTI_PARTY_COUNT; p++) {
      if (!on(p)) continue;
      const best = bestM(ctx, s, p);
      for (let k = s.chain.update + 1; k <= payments; k++) {
        if (!holdsUpdateM(s, p, k)) continue;
        if (!h(p)) add({ kind: 'PublishUpdate', party: p, state: k }, false);
        else if (k === best && (s.chain.update >= 0 || (p === MS && hubMustClose(ctx, s, k)))) add({ kind: 'PublishUpdate', party: p, state: k }, true);
      }
    }
  }
  // R-08-05, R-08-09: after the CSV delay, a holder of the confirmed update's settlement publishes it.
  if (s.chain.update >= 0 && !s.chain.settled && s.height >= s.chain.updateHeight + csv) {
    for (let p = 0; p < MULTI_PARTY_COUNT; p++) {
      if (!on(p) || !holdsSettlementM(s, p, s.chain.update)) continue;
      if (!h(p)) add({ kind: 'PublishSettlement', party: p }, false);
      else if (bestM(ctx, s, p) <= s.chain.update) add({ kind: 'PublishSettlement', party: p }, true);
    }
  }
  // R-09-05, R-09-07: the coalition pools what it knows.
  const union = coalitionM(ctx, s);
  let members = 0;
  let learns = false;
  for (let p = 0; p < MULTI_PARTY_COUNT; p++) {
    if (!inMask(ctx.deviating, p)) continue;
    members++;
    if ((s.knows[p] ?? 0) !== union) learns = true;
  }
  if (members >= 2 && learns) add({ kind: 'CoalitionShare' }, false);
  return out;
}

function coalitionM(ctx: CtxM, s: MultiState): number {
  let u = 0;
  for (let p = 0; p < MULTI_PARTY_COUNT; p++) if (inMask(ctx.deviating, p)) u |= s.knows[p] ?? 0;
  return closeM(u);
}

export function actionsM(ctx: CtxM, s: MultiState): MultiAction[] {
  const cs = candidatesM(ctx, s);
  const out = cs.map((c) => c.action);
  // R-08-07, R-09-09: a block is mined when no honest party has a mandatory step left at this height.
  if (s.height < ctx.config.maxHeight && !cs.some((c) => c.urgent)) out.push({ kind: 'ChainAdvance' });
  return out;
}

function learn(knows: number[], p: number, bits: number): void {
  knows[p] = closeM((knows[p] ?? 0) | bits);
}

function addTo(arr: readonly number[], i: number, d: number): number[] {
  const out = [...arr];
  out[i] = (out[i] ?? 0) + d;
  return out;
}

function withPay(s: MultiState, j: number, f: (p: PaymentState) => PaymentState): readonly PaymentState[] {
  return s.pay.map((p, i) => (i === j ? f(p) : p));
}

export function nextM(ctx: CtxM, s: MultiState, a: MultiAction): MultiState {
  switch (a.kind) {
    case 'PayerHubSignSettlement': {
      const knows = [...s.knows];
      learn(knows, MA, kSt(a.payment) | kBundle(a.payment));
      learn(knows, MS, kSt(a.payment) | kSs(a.payment));
      return { ...s, knows, pay: withPay(s, a.payment, (p) => ({ ...p, stage: 'signed' })) };
    }
    case 'PayerSendBundle':
      return {
        ...s,
        online: s.online & ~(1 << MA),
        pay: withPay(s, a.payment, (p) => ({ ...p, stage: 'sent', expiry: s.height + ctx.config.mailboxExpiryBlocks })),
      };
    case 'PayerComeBack':
      return { ...s, online: s.online | (1 << MA) };
    case 'PayeeComeOnline': {
      const b = payeeOf(a.payment);
      const p = s.pay[a.payment] as PaymentState;
      const knows = [...s.knows];
      if (s.height < p.expiry) learn(knows, b, kBundle(a.payment));
      return {
        ...s,
        knows,
        online: s.online | (1 << b),
        pay: withPay(s, a.payment, (q) => ({ ...q, cameInTime: s.height + ctx.config.ptlcTimeoutBlocks <= q.expiry })),
      };
    }
    case 'PayeeSendInvoice': {
      const knows = [...s.knows];
      learn(knows, MS, kInvoice(a.payment));
      learn(knows, payeeOf(a.payment), kInvoice(a.payment));
      return { ...s, knows };
    }
    case 'HubCheckAndOfferPtlc':
      return {
        ...s,
        wallet: addTo(s.wallet, MS, -(AMOUNTS_SAT[a.payment] ?? 0)),
        pay: withPay(s, a.payment, (p) => ({ ...p, ptlc: 'offered', ptlcTimeout: s.height + ctx.config.ptlcTimeoutBlocks })),
      };
    case 'PayeeClaimPtlc': {
      const knows = [...s.knows];
      learn(knows, MS, kSa(a.payment));
      return {
        ...s,
        knows,
        wallet: addTo(s.wallet, payeeOf(a.payment), AMOUNTS_SAT[a.payment] ?? 0),
        pay: withPay(s, a.payment, (p) => ({ ...p, ptlc: 'claimed' })),
      };
    }
    case 'HubRefundPtlc':
      return { ...s, wallet: addTo(s.wallet, MS, AMOUNTS_SAT[a.payment] ?? 0), pay: withPay(s, a.payment, (p) => ({ ...p, ptlc: 'refunded' })) };
    case 'PublishUpdate':
      return { ...s, chain: { update: a.state, updateHeight: s.height, settled: false } };
    case 'PublishSettlement': {
      const st = settlementOf(ctx.design, s.chain.update);
      return {
        ...s,
        wallet: addTo(addTo(s.wallet, MA, st.payer), MS, st.hub),
        channelSat: 0,
        chain: { ...s.chain, settled: true },
        pay: s.pay.map((p, j) => (st.outputs.includes(j) ? { ...p, output: 'unspent' } : p)),
      };
    }
    case 'HubSpendOutput':
      return { ...s, wallet: addTo(s.wallet, MS, paySat(a.payment)), pay: withPay(s, a.payment, (p) => ({ ...p, output: 'hub' })) };
    case 'PayerSweepOutput':
      return { ...s, wallet: addTo(s.wallet, MA, paySat(a.payment)), pay: withPay(s, a.payment, (p) => ({ ...p, output: 'payer' })) };
    case 'CoalitionShare': {
      const union = coalitionM(ctx, s);
      return { ...s, knows: s.knows.map((k, p) => (inMask(ctx.deviating, p) ? union : k)) };
    }
    case 'ChainAdvance':
      return { ...s, height: s.height + 1 };
    default:
      return unreachable(a, 'action');
  }
}

export type MultiModel = Model<MultiState, MultiAction> & { readonly ctx: CtxM };

export function buildMulti(spec: {
  readonly name: string;
  readonly design: MultiDesign;
  readonly config: MultiConfig;
  readonly properties: (ctx: CtxM) => readonly Property<MultiState, MultiAction>[];
  readonly expect: (ctx: CtxM) => Readonly<Record<string, Expectation>>;
  readonly ablation?: Ablation;
}): MultiModel {
  const ctx: CtxM = { config: spec.config, design: spec.design, deviating: multiDeviating(spec.config), ...(spec.ablation === undefined ? {} : { ablation: spec.ablation }) };
  const e = spec.expect(ctx);
  const properties = spec.properties(ctx).map((p) => (e[p.name] === undefined ? p : { ...p, expect: e[p.name] }));
  const init = initialMulti();
  return {
    name: spec.name,
    ctx,
    init: () => [init],
    actions: (s) => actionsM(ctx, s),
    next: (s, a) => nextM(ctx, s, a),
    properties,
    encode: encodeM,
    toItf: toItfM,
    describe: describeM,
    terminal: (s) => s.height === ctx.config.maxHeight,
  };
}
