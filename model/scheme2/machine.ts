/**
 * Scheme 2's guards, effects and checker `Model`: its own steps over the channel machine's skeleton
 * (model/channel-machine.ts: the channel's publish steps, the coalition, time, the common state words). Same
 * conventions as scheme 1: honest mandatory steps are urgent and hold time back.
 */
import { leavesTimeToRebind } from '../chain.ts';
import { type ChannelCtx, channelMachine, isHonest, knows, type StepKit, taught } from '../channel-machine.ts';
import type { ProtocolConfig } from '../config.ts';
import { deviatingIndices } from '../config.ts';
import { assembleModel, type MachineModel, type VariantSpec } from '../machine.ts';
import { addTo } from '../money.ts';
import { A, B, M, PARTIES, S, maskOf } from '../parties.ts';
import { cameInTime } from '../time.ts';
import { unreachable } from '../../util/unreachable.ts';
import { describeAction, labelOf, type Scheme2Action, type Scheme2OwnAction } from './actions.ts';
import {
  K2_BUNDLE,
  K2_BUNDLE_EARLY,
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
  ptlcSat,
  initialState,
  payeeShare,
  changed,
  type Scheme2State,
} from './state.ts';

export interface Ctx extends ChannelCtx {
  readonly config: ProtocolConfig;
}

export function holdsUpdate(s: Scheme2State, p: number, j: number): boolean {
  return knows(s, p, j === 0 ? K2_U0 : j === 1 ? K2_SB | K2_SS : K2_U2);
}

export function holdsSettlement(s: Scheme2State, p: number, j: number): boolean {
  return knows(s, p, j === 0 ? K2_U0 : j === 1 ? K2_ST1 : K2_U2);
}

/** `s.knows` after each [party, bits] is learnt. */
const learnt = (s: Scheme2State, ...l: (readonly [number, number])[]): number[] =>
  taught(s.knows, closeKnowledge, ...l);

function steps(ctx: Ctx, s: Scheme2State, { add, h, on }: StepKit<Scheme2OwnAction>): void {
  const { ptlcTimeoutBlocks: ptlc, csvDelayBlocks: csv, rebindMarginBlocks: margin } = ctx.config;
  // R-05-01: in the first block, B and S (online) co-sign St_BS(m+1) before any update signature.
  if (on(B) && on(S) && s.phase === 'setup' && s.height === 0 && !knows(s, B, K2_ST1))
    add({ kind: 'PayeeHubSignSettlement' }, h(B) && h(S));
  // R-05-02: B, holding the complete St_BS(m+1), signs s_B and sends A the sealed bundle through M, then goes offline.
  // payeeSignsBeforeSettlement (a flaw, against R-05-01): B sends it without waiting for St_BS(m+1).
  const early = ctx.config.payeeSignsBeforeSettlement === true;
  if (on(B) && s.phase === 'setup' && s.height === 0 && (knows(s, B, K2_ST1) || early))
    add({ kind: 'PayeeSendBundle' }, h(B));
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
    // An honest A checks the bundle's St_BS(m+1) (R-05-06); a deviating A pays for an early bundle too.
    (knows(s, A, K2_BUNDLE) || (!h(A) && knows(s, A, K2_BUNDLE_EARLY))) &&
    s.ptlc.status === 'none' &&
    s.height + ptlc <= s.bundleExpiry &&
    ptlc + margin <= csv &&
    chainOk
  ) {
    add({ kind: 'PayerOfferPtlc' }, h(A));
    // payerSkipsPointCheck (a flaw, against R-05-06): A locks its PTLC to whatever point a deviating S names.
    if (ctx.config.payerSkipsPointCheck === true && !h(S)) add({ kind: 'PayerOfferPtlc', toHubPoint: true }, h(A));
    // payerSkipsFeeCheck (a flaw, against R-05-06): A pays the fee a deviating S names, one sat more than agreed.
    if (ctx.config.payerSkipsFeeCheck === true && !h(S)) add({ kind: 'PayerOfferPtlc', overpays: true }, h(A));
  }
  // R-05-04, R-05-05: S claims A's PTLC (revealing s_S) before its timeout, if m+1 is not superseded and
  // S holds St_BS(m+1) (a deviating S claims regardless).
  const stateOk = s.phase === 'bundleSent' && !knows(s, S, K2_U2) && knows(s, S, K2_ST1) && s.chain.update <= 1;
  if (on(S) && s.ptlc.status === 'offered' && s.height < s.ptlc.timeoutHeight && (!h(S) || stateOk))
    add({ kind: 'HubClaimPtlc' }, h(S));
  // hubRevealsBeforeClaim (a flaw, against R-05-04): S hands A s_S with its acceptance of the PTLC, before claiming.
  if (
    ctx.config.hubRevealsBeforeClaim === true &&
    on(S) &&
    on(A) &&
    s.ptlc.status === 'offered' &&
    !s.ptlcToHubPoint &&
    !knows(s, A, K2_SS)
  )
    add({ kind: 'HubRevealPartial' }, h(S));
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
}

function effect(ctx: Ctx, s: Scheme2State, a: Scheme2OwnAction): Scheme2State {
  switch (a.kind) {
    case 'PayeeHubSignSettlement':
      return changed(s, { knows: learnt(s, [B, K2_ST1], [S, K2_ST1]) });
    case 'PayeeSendBundle':
      return changed(s, {
        // payeeBundlePlaintext (a flaw, against R-05-02): M reads the bundle it holds.
        knows:
          ctx.config.payeeBundlePlaintext === true
            ? learnt(s, [B, K2_SB], [M, knows(s, B, K2_ST1) ? K2_BUNDLE : K2_BUNDLE_EARLY])
            : learnt(s, [B, K2_SB]),
        phase: 'bundleSent',
        mailbox: 'held',
        bundleExpiry: s.height + ctx.config.mailboxExpiryBlocks,
        online: s.online & ~(1 << B),
      });
    case 'PayerComeOnline':
      return changed(s, {
        online: s.online | (1 << A),
        // A first coming online decides the premise; a return after leaving (payerLeavesAfterPaying) keeps it.
        payerCameInTime:
          s.payerCameInTime || s.bundleExpiry < 0 || cameInTime(s.height, ctx.config.ptlcTimeoutBlocks, s.bundleExpiry),
      });
    case 'PayeeComeBack':
      return changed(s, { online: s.online | (1 << B) });
    case 'MailboxDeliver':
      // A bundle sent before St_BS(m+1) was co-signed (payeeSignsBeforeSettlement) carries s_B only.
      return changed(s, {
        knows: learnt(s, [A, knows(s, B, K2_ST1) ? K2_BUNDLE : K2_BUNDLE_EARLY]),
        mailbox: 'delivered',
      });
    case 'PayerOfferPtlc':
      return changed(s, {
        ptlc: { status: 'offered', timeoutHeight: s.height + ctx.config.ptlcTimeoutBlocks },
        wallet: addTo(s.wallet, A, -(PTLC_SAT + (a.overpays ? 1 : 0))),
        ...(a.toHubPoint ? { ptlcToHubPoint: true } : {}),
        ...(a.overpays ? { ptlcOverpays: true } : {}),
      });
    case 'HubClaimPtlc': {
      // With `payerLeavesAfterPaying`, A goes offline once paid (it may come back at any time, or never: R-05-10 not kept).
      const leaves = ctx.config.payerLeavesAfterPaying === true && isHonest(ctx, A);
      return changed(s, {
        // A PTLC locked to S's own point teaches A S's secret, not s_S.
        knows: s.ptlcToHubPoint ? s.knows : learnt(s, [A, K2_SS]),
        online: leaves ? s.online & ~(1 << A) : s.online,
        ptlc: { ...s.ptlc, status: 'claimed' },
        wallet: addTo(s.wallet, S, ptlcSat(s)),
        phase: s.phase === 'bundleSent' ? 'bought' : s.phase,
      });
    }
    case 'PayerRefundPtlc':
      return changed(s, { ptlc: { ...s.ptlc, status: 'refunded' }, wallet: addTo(s.wallet, A, ptlcSat(s)) });
    case 'HubRevealPartial':
      return changed(s, { knows: learnt(s, [A, K2_SS]) });
    case 'PayerForwardUpdate':
      return changed(s, { knows: learnt(s, [B, K2_SS]) });
    case 'PayeeHubCancel':
      return changed(s, { knows: learnt(s, [B, K2_U2], [S, K2_U2]), phase: 'cancelled' });
    default:
      return unreachable(a, 'action');
  }
}

/** Scheme 2 over the skeleton: the B–S channel, states m, m+1, m+2; parties A, S, B, M, every one may publish. */
export const scheme2Machine = channelMachine<Scheme2State, Scheme2OwnAction, Ctx>({
  parties: PARTIES.slice(0, 4),
  knowledge: K2_NAMES,
  close: closeKnowledge,
  latest: () => 2,
  holdsUpdate,
  holdsSettlement,
  steps,
  effect,
  changed,
  settle: (_ctx, s) => ({ wallet: addTo(addTo(s.wallet, B, payeeShare(s.chain.update)), S, hubShare(s.chain.update)) }),
  encode: (s, sink) => {
    sink.word(PHASES.indexOf(s.phase));
    sink.word(s.bundleExpiry + 1);
    sink.word(MAILBOXES.indexOf(s.mailbox));
    sink.word(s.payerCameInTime ? 1 : 0);
    sink.word(
      PTLC_STATUSES.indexOf(s.ptlc.status) |
        ((s.ptlc.timeoutHeight + 1) << 4) |
        ((s.ptlcToHubPoint ? 1 : 0) << 9) |
        ((s.ptlcOverpays ? 1 : 0) << 10),
    );
  },
  toItf: (s) => ({
    phase: s.phase,
    bundleExpiry: s.bundleExpiry,
    mailbox: s.mailbox,
    payerCameInTime: s.payerCameInTime,
    ptlc: { status: s.ptlc.status, timeoutHeight: s.ptlc.timeoutHeight },
  }),
});

export type Scheme2Model = MachineModel<Scheme2State, Scheme2Action, Ctx>;

export function buildMachine(
  spec: VariantSpec<Scheme2State, Scheme2Action, Ctx> & { readonly config: ProtocolConfig },
): Scheme2Model {
  return assembleModel(spec, {
    ctx: { config: spec.config, deviating: maskOf(deviatingIndices(spec.config)) },
    init: initialState(),
    ...scheme2Machine.parts,
    describe: describeAction,
    label: labelOf,
  });
}
