/**
 * Scheme 2's guards, effects and checker `Model`. Same conventions as scheme 1 (enabled.ts): honest
 * mandatory steps are urgent and hold time back; deviating parties' steps and optional steps never do.
 */
import type { Expectation, ItfValue, Model, Property, WordSink } from '../../checker/model.ts';
import { unreachable } from '../../util/unreachable.ts';
import type { ProtocolConfig } from '../config.ts';
import { deviatingIndices } from '../config.ts';
import { A, B, M, PARTIES, S, inMask, maskOf } from '../parties.ts';
import { describe2, type Scheme2Action } from './actions.ts';
import {
  K2_BUNDLE, K2_NAMES, K2_SB, K2_SS, K2_ST1, K2_U0, K2_U2, MAILBOX2, PHASES2, PTLC2_SAT, PTLC_STATUSES,
  close2, hubShare2, initialScheme2, payeeShare2, type Scheme2State,
} from './state.ts';

export interface Ctx2 {
  readonly config: ProtocolConfig;
  readonly deviating: number;
}

const PARTIES2 = 4;

export function honest2(ctx: Ctx2, p: number): boolean {
  return !inMask(ctx.deviating, p);
}

export function knows2(s: Scheme2State, p: number, bits: number): boolean {
  return ((s.knows[p] ?? 0) & bits) === bits;
}

export function holdsUpdate2(s: Scheme2State, p: number, j: number): boolean {
  return knows2(s, p, j === 0 ? K2_U0 : j === 1 ? K2_SB | K2_SS : K2_U2);
}

export function holdsSettlement2(s: Scheme2State, p: number, j: number): boolean {
  return knows2(s, p, j === 0 ? K2_U0 : j === 1 ? K2_ST1 : K2_U2);
}

function best2(s: Scheme2State, p: number): number {
  for (let j = 2; j >= 0; j--) if (holdsUpdate2(s, p, j) && holdsSettlement2(s, p, j)) return j;
  return -1;
}

interface Cand {
  readonly action: Scheme2Action;
  readonly urgent: boolean;
}

function candidates2(ctx: Ctx2, s: Scheme2State): Cand[] {
  const out: Cand[] = [];
  const h = (p: number): boolean => honest2(ctx, p);
  const on = (p: number): boolean => inMask(s.online, p);
  const add = (action: Scheme2Action, urgent: boolean): void => {
    out.push({ action, urgent });
  };
  const { ptlcTimeoutBlocks: ptlc, csvDelayBlocks: csv, rebindMarginBlocks: margin } = ctx.config;

  // R-05-01: in the first block, B and S (online) co-sign St_BS(m+1) before any update signature.
  if (on(B) && on(S) && s.phase === 'setup' && s.height === 0 && !knows2(s, B, K2_ST1)) add({ kind: 'PayeeHubSignSettlement' }, h(B) && h(S));
  // R-05-02: B, holding the complete St_BS(m+1), signs s_B and sends A the sealed bundle through M, then goes offline.
  if (on(B) && s.phase === 'setup' && s.height === 0 && knows2(s, B, K2_ST1)) add({ kind: 'PayeeSendBundle' }, h(B));
  // R-09-04: A comes online at any time (never urgent).
  if (!on(A)) add({ kind: 'PayerComeOnline' }, false);
  // R-09-04, R-05-13: B comes back at any time after sending its bundle (never urgent).
  if (!on(B) && s.phase !== 'setup') add({ kind: 'PayeeComeBack' }, false);
  // R-02-08: M hands the bundle to A once A is online, until the expiry.
  if (s.mailbox === 'held' && on(A) && s.height < s.bundleExpiry) add({ kind: 'MailboxDeliver' }, h(M));
  // R-05-06..R-05-08: A, with a valid bundle, pays S with a PTLC for s_S when its timeout ends by the expiry,
  // fits in the CSV delay, and no confirmed update makes rebinding too late.
  const chainOk = s.chain.update < 0 || (!s.chain.settled && s.chain.update <= 1 && s.height + ptlc + margin <= s.chain.updateHeight + csv);
  if (on(A) && knows2(s, A, K2_BUNDLE) && s.ptlc.status === 'none' && s.height + ptlc <= s.bundleExpiry && ptlc + margin <= csv && chainOk) {
    add({ kind: 'PayerOfferPtlc' }, h(A));
  }
  // R-05-04, R-05-05: S claims A's PTLC (revealing s_S) before its timeout, if m+1 is not superseded and
  // S holds St_BS(m+1) (a deviating S claims regardless).
  const stateOk = s.phase === 'bundleSent' && !knows2(s, S, K2_U2) && knows2(s, S, K2_ST1) && s.chain.update <= 1;
  if (on(S) && s.ptlc.status === 'offered' && s.height < s.ptlc.timeoutHeight && (!h(S) || stateOk)) add({ kind: 'HubClaimPtlc' }, h(S));
  // R-08-12: A takes an unclaimed PTLC back from its timeout on.
  if (on(A) && s.ptlc.status === 'offered' && s.height >= s.ptlc.timeoutHeight) add({ kind: 'PayerRefundPtlc' }, h(A));
  // R-05-11: A, holding the complete U_BS(m+1), sends its signature to B (B learns it when online).
  if (on(A) && on(B) && holdsUpdate2(s, A, 1) && !knows2(s, B, K2_SS)) add({ kind: 'PayerForwardUpdate' }, h(A));
  // R-05-03: B and S may agree m+2 without the payment; an honest B only after the expiry with no PTLC paid.
  if (on(B) && on(S) && s.phase === 'bundleSent' && s.ptlc.status !== 'claimed' && s.chain.update < 0 && (!h(B) || s.height >= s.bundleExpiry)) {
    add({ kind: 'PayeeHubCancel' }, false);
  }
  // R-05-10, R-08-08, R-09-01: publish a later complete update; honest parties only to answer an older one.
  if (!s.chain.settled) {
    for (let p = 0; p < PARTIES2; p++) {
      if (!on(p)) continue;
      const best = best2(s, p);
      for (let j = s.chain.update + 1; j <= 2; j++) {
        if (!holdsUpdate2(s, p, j)) continue;
        if (h(p)) {
          if (s.chain.update >= 0 && j === best) add({ kind: 'PublishUpdate', party: p, state: j }, true);
        } else add({ kind: 'PublishUpdate', party: p, state: j }, false);
      }
    }
  }
  // R-08-09: after the CSV delay, a holder of the confirmed update's settlement publishes it.
  if (s.chain.update >= 0 && !s.chain.settled && s.height >= s.chain.updateHeight + csv) {
    for (let p = 0; p < PARTIES2; p++) {
      if (!on(p) || !holdsSettlement2(s, p, s.chain.update)) continue;
      if (h(p)) {
        if (best2(s, p) <= s.chain.update) add({ kind: 'PublishSettlement', party: p }, true);
      } else add({ kind: 'PublishSettlement', party: p }, false);
    }
  }
  // R-09-05, R-09-07: the coalition pools what it knows.
  const union = coalition2(ctx, s);
  let members = 0;
  let learns = false;
  for (let p = 0; p < PARTIES2; p++) {
    if (!inMask(ctx.deviating, p)) continue;
    members++;
    if ((s.knows[p] ?? 0) !== union) learns = true;
  }
  if (members >= 2 && learns) add({ kind: 'CoalitionShare' }, false);
  return out;
}

function coalition2(ctx: Ctx2, s: Scheme2State): number {
  let u = 0;
  for (let p = 0; p < PARTIES2; p++) if (inMask(ctx.deviating, p)) u |= s.knows[p] ?? 0;
  return close2(u);
}

export function actions2(ctx: Ctx2, s: Scheme2State): Scheme2Action[] {
  const cs = candidates2(ctx, s);
  const out = cs.map((c) => c.action);
  // R-08-07, R-09-09: a block is mined when no honest party has a mandatory step left at this height.
  if (s.height < ctx.config.maxHeight && !cs.some((c) => c.urgent)) out.push({ kind: 'ChainAdvance' });
  return out;
}

function learn(knows: number[], p: number, bits: number): void {
  knows[p] = close2((knows[p] ?? 0) | bits);
}

function add(arr: readonly number[], i: number, d: number): number[] {
  const out = [...arr];
  out[i] = (out[i] ?? 0) + d;
  return out;
}

export function next2(ctx: Ctx2, s: Scheme2State, a: Scheme2Action): Scheme2State {
  switch (a.kind) {
    case 'PayeeHubSignSettlement': {
      const knows = [...s.knows];
      learn(knows, B, K2_ST1);
      learn(knows, S, K2_ST1);
      return { ...s, knows };
    }
    case 'PayeeSendBundle': {
      const knows = [...s.knows];
      learn(knows, B, K2_SB);
      return { ...s, knows, phase: 'bundleSent', mailbox: 'held', bundleExpiry: s.height + ctx.config.mailboxExpiryBlocks, online: s.online & ~(1 << B) };
    }
    case 'PayerComeOnline':
      return { ...s, online: s.online | (1 << A), payerCameInTime: s.bundleExpiry < 0 || s.height + ctx.config.ptlcTimeoutBlocks <= s.bundleExpiry };
    case 'PayeeComeBack':
      return { ...s, online: s.online | (1 << B) };
    case 'MailboxDeliver': {
      const knows = [...s.knows];
      learn(knows, A, K2_BUNDLE);
      return { ...s, knows, mailbox: 'delivered' };
    }
    case 'PayerOfferPtlc':
      return { ...s, ptlc: { status: 'offered', timeoutHeight: s.height + ctx.config.ptlcTimeoutBlocks }, wallet: add(s.wallet, A, -PTLC2_SAT) };
    case 'HubClaimPtlc': {
      const knows = [...s.knows];
      learn(knows, A, K2_SS);
      return { ...s, knows, ptlc: { ...s.ptlc, status: 'claimed' }, wallet: add(s.wallet, S, PTLC2_SAT), phase: s.phase === 'bundleSent' ? 'bought' : s.phase };
    }
    case 'PayerRefundPtlc':
      return { ...s, ptlc: { ...s.ptlc, status: 'refunded' }, wallet: add(s.wallet, A, PTLC2_SAT) };
    case 'PayerForwardUpdate': {
      const knows = [...s.knows];
      learn(knows, B, K2_SS);
      return { ...s, knows };
    }
    case 'PayeeHubCancel': {
      const knows = [...s.knows];
      learn(knows, B, K2_U2);
      learn(knows, S, K2_U2);
      return { ...s, knows, phase: 'cancelled' };
    }
    case 'PublishUpdate':
      return { ...s, chain: { update: a.state, updateHeight: s.height, settled: false } };
    case 'PublishSettlement': {
      const j = s.chain.update;
      return { ...s, wallet: add(add(s.wallet, B, payeeShare2(j)), S, hubShare2(j)), channelSat: 0, chain: { ...s.chain, settled: true } };
    }
    case 'CoalitionShare': {
      const union = coalition2(ctx, s);
      return { ...s, knows: s.knows.map((k, p) => (inMask(ctx.deviating, p) ? union : k)) };
    }
    case 'ChainAdvance':
      return { ...s, height: s.height + 1 };
    default:
      return unreachable(a, 'action');
  }
}

export function encode2(s: Scheme2State, sink: WordSink): void {
  sink.word(s.height);
  sink.word(s.online);
  for (let p = 0; p < PARTIES2; p++) sink.word(s.knows[p] ?? 0);
  sink.word(PHASES2.indexOf(s.phase));
  sink.word(s.bundleExpiry + 1);
  sink.word(MAILBOX2.indexOf(s.mailbox));
  sink.word(s.payerCameInTime ? 1 : 0);
  sink.word(PTLC_STATUSES.indexOf(s.ptlc.status) | ((s.ptlc.timeoutHeight + 1) << 4));
  for (let p = 0; p < PARTIES2; p++) sink.word(s.wallet[p] ?? 0);
  sink.word(s.channelSat);
  sink.word((s.chain.update + 1) | ((s.chain.updateHeight + 1) << 4) | ((s.chain.settled ? 1 : 0) << 12));
}

export function toItf2(s: Scheme2State): Readonly<Record<string, ItfValue>> {
  const names = PARTIES.slice(0, PARTIES2);
  return {
    height: s.height,
    online: { '#set': names.filter((_, i) => inMask(s.online, i)) },
    knows: { '#map': names.map((n, i) => [n, { '#set': K2_NAMES.filter((_, b) => ((s.knows[i] ?? 0) & (1 << b)) !== 0) }] as const) },
    phase: s.phase,
    bundleExpiry: s.bundleExpiry,
    mailbox: s.mailbox,
    payerCameInTime: s.payerCameInTime,
    ptlc: { status: s.ptlc.status, timeoutHeight: s.ptlc.timeoutHeight },
    wallet: { '#map': names.map((n, i) => [n, s.wallet[i] ?? 0] as const) },
    channelSat: s.channelSat,
    chain: { update: s.chain.update, updateHeight: s.chain.updateHeight, settled: s.chain.settled },
  };
}

export type Scheme2Model = Model<Scheme2State, Scheme2Action> & { readonly ctx: Ctx2 };

export function buildScheme2(spec: {
  readonly name: string;
  readonly config: ProtocolConfig;
  readonly properties: (ctx: Ctx2) => readonly Property<Scheme2State, Scheme2Action>[];
  readonly expect: (ctx: Ctx2) => Readonly<Record<string, Expectation>>;
}): Scheme2Model {
  const ctx: Ctx2 = { config: spec.config, deviating: maskOf(deviatingIndices(spec.config)) };
  const e = spec.expect(ctx);
  const properties = spec.properties(ctx).map((p) => (e[p.name] === undefined ? p : { ...p, expect: e[p.name] }));
  const init = initialScheme2();
  return {
    name: spec.name,
    ctx,
    init: () => [init],
    actions: (s) => actions2(ctx, s),
    next: (s, a) => next2(ctx, s, a),
    properties,
    encode: encode2,
    toItf: toItf2,
    describe: describe2,
    terminal: (s) => s.height === ctx.config.maxHeight,
  };
}
