/**
 * Scheme 2's guards, effects and checker `Model`. Same conventions as scheme 1: honest mandatory steps are
 * urgent and hold time back (model/time.ts); the chain, coalition and money rules are the shared ones
 * (model/chain.ts, model/coalition.ts, model/money.ts).
 */
import { encodeFunds, encodeParties } from '../encoding.ts';
import type { ItfValue, WordSink } from '../../checker/model.ts';
import { unreachable } from '../../util/unreachable.ts';
import { channelSteps, type ChannelView, channelViewOf, confirmUpdate, leavesTimeToRebind } from '../chain.ts';
import { coalitionKnowledge, knowsAll, learn as learnInto, pooled } from '../coalition.ts';
import type { ProtocolConfig } from '../config.ts';
import { deviatingIndices } from '../config.ts';
import { assembleModel, type MachineModel, type VariantSpec } from '../machine.ts';
import { addTo } from '../money.ts';
import { A, B, M, PARTIES, S, inMask, maskOf } from '../parties.ts';
import { cameInTime, withChainAdvance, type Candidate } from '../time.ts';
import { describeAction, labelOf, type Scheme2Action } from './actions.ts';
import {
  K2_BUNDLE,
  K2_NAMES,
  K2_SB,
  K2_SS,
  K2_ST1,
  K2_U0,
  K2_U2,
  MAILBOXES,
  PHASES,
  PTLC_SAT,
  PTLC_STATUSES,
  closeKnowledge,
  hubShare,
  initialState,
  payeeShare,
  type Scheme2State,
} from './state.ts';

export interface Ctx {
  readonly config: ProtocolConfig;
  readonly deviating: number;
}

const PARTY_COUNT = 4;

export function isHonest(ctx: Ctx, p: number): boolean {
  return !inMask(ctx.deviating, p);
}

export function knows(s: Scheme2State, p: number, bits: number): boolean {
  return knowsAll(s.knows, p, bits);
}

export function holdsUpdate(s: Scheme2State, p: number, j: number): boolean {
  return knows(s, p, j === 0 ? K2_U0 : j === 1 ? K2_SB | K2_SS : K2_U2);
}

export function holdsSettlement(s: Scheme2State, p: number, j: number): boolean {
  return knows(s, p, j === 0 ? K2_U0 : j === 1 ? K2_ST1 : K2_U2);
}

/** The B–S channel as the chain rules see it: states m, m+1, m+2, every party may publish. */
function channelView(ctx: Ctx, s: Scheme2State): ChannelView {
  return channelViewOf(s, {
    parties: PARTY_COUNT,
    latest: 2,
    holdsUpdate,
    holdsSettlement,
    isHonest: (p) => isHonest(ctx, p),
  });
}

export function candidates(ctx: Ctx, s: Scheme2State): Candidate<Scheme2Action>[] {
  const out: Candidate<Scheme2Action>[] = [];
  const h = (p: number): boolean => isHonest(ctx, p);
  const on = (p: number): boolean => inMask(s.online, p);
  const add = (action: Scheme2Action, urgent: boolean): void => {
    out.push({ action, urgent });
  };
  const { ptlcTimeoutBlocks: ptlc, csvDelayBlocks: csv, rebindMarginBlocks: margin } = ctx.config;

  // R-05-01: in the first block, B and S (online) co-sign St_BS(m+1) before any update signature.
  if (on(B) && on(S) && s.phase === 'setup' && s.height === 0 && !knows(s, B, K2_ST1))
    add({ kind: 'PayeeHubSignSettlement' }, h(B) && h(S));
  // R-05-02: B, holding the complete St_BS(m+1), signs s_B and sends A the sealed bundle through M, then goes offline.
  if (on(B) && s.phase === 'setup' && s.height === 0 && knows(s, B, K2_ST1)) add({ kind: 'PayeeSendBundle' }, h(B));
  // R-09-04: A comes online at any time (never urgent).
  if (!on(A)) add({ kind: 'PayerComeOnline' }, false);
  // R-09-04, R-05-13: B comes back at any time after sending its bundle (never urgent).
  if (!on(B) && s.phase !== 'setup') add({ kind: 'PayeeComeBack' }, false);
  // R-02-08: M hands the bundle to A once A is online, until the expiry.
  if (s.mailbox === 'held' && on(A) && s.height < s.bundleExpiry) add({ kind: 'MailboxDeliver' }, h(M));
  // R-05-06..R-05-08: A, with a valid bundle, pays S with a PTLC for s_S when its timeout ends by the expiry,
  // fits in the CSV delay, and no confirmed update makes rebinding too late.
  const chainOk = s.chain.update <= 1 && leavesTimeToRebind(s.chain, s.height, ctx.config);
  if (
    on(A) &&
    knows(s, A, K2_BUNDLE) &&
    s.ptlc.status === 'none' &&
    s.height + ptlc <= s.bundleExpiry &&
    ptlc + margin <= csv &&
    chainOk
  ) {
    add({ kind: 'PayerOfferPtlc' }, h(A));
  }
  // R-05-04, R-05-05: S claims A's PTLC (revealing s_S) before its timeout, if m+1 is not superseded and
  // S holds St_BS(m+1) (a deviating S claims regardless).
  const stateOk = s.phase === 'bundleSent' && !knows(s, S, K2_U2) && knows(s, S, K2_ST1) && s.chain.update <= 1;
  if (on(S) && s.ptlc.status === 'offered' && s.height < s.ptlc.timeoutHeight && (!h(S) || stateOk))
    add({ kind: 'HubClaimPtlc' }, h(S));
  // R-08-12: A takes an unclaimed PTLC back from its timeout on.
  if (on(A) && s.ptlc.status === 'offered' && s.height >= s.ptlc.timeoutHeight) add({ kind: 'PayerRefundPtlc' }, h(A));
  // R-05-11: A, holding the complete U_BS(m+1), sends its signature to B (B learns it when online).
  if (on(A) && on(B) && holdsUpdate(s, A, 1) && !knows(s, B, K2_SS)) add({ kind: 'PayerForwardUpdate' }, h(A));
  // R-05-03: B and S may agree m+2 without the payment; an honest B only after the expiry with no PTLC paid.
  if (
    on(B) &&
    on(S) &&
    s.phase === 'bundleSent' &&
    s.ptlc.status !== 'claimed' &&
    s.chain.update < 0 &&
    (!h(B) || s.height >= s.bundleExpiry)
  ) {
    add({ kind: 'PayeeHubCancel' }, false);
  }
  // R-05-10, R-08-04, R-08-08, R-09-01 (model/chain.ts): later updates, and the settlement after the CSV delay.
  for (const c of channelSteps(channelView(ctx, s), s.chain, s.height, csv)) add(c.action, c.urgent);
  // R-09-05, R-09-07: the coalition pools what it knows.
  if (pooledKnows(ctx, s) !== undefined) add({ kind: 'CoalitionShare' }, false);
  return out;
}

export function enabledActions(ctx: Ctx, s: Scheme2State): Scheme2Action[] {
  return withChainAdvance(candidates(ctx, s), s.height, ctx.config.maxHeight, { kind: 'ChainAdvance' });
}

/** What each party knows once the coalition pools (R-09-05, R-09-07); undefined when that teaches nobody anything. */
function pooledKnows(ctx: Ctx, s: Scheme2State): number[] | undefined {
  return pooled(ctx.deviating, s.knows, coalitionKnowledge(ctx.deviating, s.knows, closeKnowledge));
}

function learn(knows: number[], p: number, bits: number): void {
  learnInto(knows, p, bits, closeKnowledge);
}

function nextState(ctx: Ctx, s: Scheme2State, a: Scheme2Action): Scheme2State {
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
      return {
        ...s,
        knows,
        phase: 'bundleSent',
        mailbox: 'held',
        bundleExpiry: s.height + ctx.config.mailboxExpiryBlocks,
        online: s.online & ~(1 << B),
      };
    }
    case 'PayerComeOnline':
      return {
        ...s,
        online: s.online | (1 << A),
        // A first coming online decides the premise; a return after leaving (payerLeavesAfterPaying) keeps it.
        payerCameInTime:
          s.payerCameInTime || s.bundleExpiry < 0 || cameInTime(s.height, ctx.config.ptlcTimeoutBlocks, s.bundleExpiry),
      };
    case 'PayeeComeBack':
      return { ...s, online: s.online | (1 << B) };
    case 'MailboxDeliver': {
      const knows = [...s.knows];
      learn(knows, A, K2_BUNDLE);
      return { ...s, knows, mailbox: 'delivered' };
    }
    case 'PayerOfferPtlc':
      return {
        ...s,
        ptlc: { status: 'offered', timeoutHeight: s.height + ctx.config.ptlcTimeoutBlocks },
        wallet: addTo(s.wallet, A, -PTLC_SAT),
      };
    case 'HubClaimPtlc': {
      const knows = [...s.knows];
      learn(knows, A, K2_SS);
      // With `payerLeavesAfterPaying`, A goes offline once paid (it may come back at any time, or never: R-05-10 not kept).
      const leaves = ctx.config.payerLeavesAfterPaying === true && isHonest(ctx, A);
      return {
        ...s,
        knows,
        online: leaves ? s.online & ~(1 << A) : s.online,
        ptlc: { ...s.ptlc, status: 'claimed' },
        wallet: addTo(s.wallet, S, PTLC_SAT),
        phase: s.phase === 'bundleSent' ? 'bought' : s.phase,
      };
    }
    case 'PayerRefundPtlc':
      return { ...s, ptlc: { ...s.ptlc, status: 'refunded' }, wallet: addTo(s.wallet, A, PTLC_SAT) };
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
      return { ...s, chain: confirmUpdate(a.state, s.height) };
    case 'PublishSettlement': {
      const j = s.chain.update;
      return {
        ...s,
        wallet: addTo(addTo(s.wallet, B, payeeShare(j)), S, hubShare(j)),
        channelSat: 0,
        chain: { ...s.chain, settled: true },
      };
    }
    case 'CoalitionShare':
      return { ...s, knows: pooledKnows(ctx, s) ?? s.knows };
    case 'ChainAdvance':
      return { ...s, height: s.height + 1 };
    default:
      return unreachable(a, 'action');
  }
}

function encodeState(s: Scheme2State, sink: WordSink): void {
  encodeParties(sink, s, PARTY_COUNT);
  sink.word(PHASES.indexOf(s.phase));
  sink.word(s.bundleExpiry + 1);
  sink.word(MAILBOXES.indexOf(s.mailbox));
  sink.word(s.payerCameInTime ? 1 : 0);
  sink.word(PTLC_STATUSES.indexOf(s.ptlc.status) | ((s.ptlc.timeoutHeight + 1) << 4));
  encodeFunds(sink, s, PARTY_COUNT);
}

function stateToItf(s: Scheme2State): Readonly<Record<string, ItfValue>> {
  const names = PARTIES.slice(0, PARTY_COUNT);
  return {
    height: s.height,
    online: { '#set': names.filter((_, i) => inMask(s.online, i)) },
    knows: {
      '#map': names.map(
        (n, i) => [n, { '#set': K2_NAMES.filter((_, b) => ((s.knows[i] ?? 0) & (1 << b)) !== 0) }] as const,
      ),
    },
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

export type Scheme2Model = MachineModel<Scheme2State, Scheme2Action, Ctx>;

export function buildMachine(
  spec: VariantSpec<Scheme2State, Scheme2Action, Ctx> & { readonly config: ProtocolConfig },
): Scheme2Model {
  return assembleModel(spec, {
    ctx: { config: spec.config, deviating: maskOf(deviatingIndices(spec.config)) },
    init: initialState(),
    actions: enabledActions,
    next: nextState,
    encode: encodeState,
    toItf: stateToItf,
    describe: describeAction,
    label: labelOf,
  });
}
