/**
 * Each scheme-2 model action kind (model/scheme2/actions.ts) as the implementation steps it stands for. The
 * oracle calls `implStep` only for actions the model enables (the model's guard is the precondition); a step
 * the impl cannot do throws `ImplRefusal`, reported as a divergence. One model action delivers exactly the
 * messages that make up its step; the rest stay queued (abstraction.ts: a queued message counts as known).
 *
 * | model action | impl steps |
 * |---|---|
 * | PayeeHubSignSettlement | B `PayeeRequest` (amt 3, fee 1, expiry = h + mailboxExpiryBlocks); ProposeState, AcceptState and B's SettlementSig delivered; S's SettlementSig to B stays on the wire |
 * | PayeeSendBundle | S's SettlementSig to B (B signs s_B, seals the bundle for A), the MailboxStore to M; B offline |
 * | PayerComeOnline, PayeeComeBack | online (A records `payerCameInTime`) |
 * | MailboxDeliver | A `PayerFetch`; M answers; the MailboxDeliver waits for A on the wire |
 * | PayerOfferPtlc | the MailboxDeliver to A: A checks the bundle and offers S a PTLC locked to T_S |
 * | HubClaimPtlc | the PtlcOffer to S (S checks and claims, revealing s_S), the PtlcClaim to A (A completes U_BS(m+1)); a deviating S claiming for a superseded m+1 through `hubSellsStale` |
 * | PayerRefundPtlc | A ticks: its PTLC times out |
 * | PayerForwardUpdate | A `PayerHandoff`; the WatchtowerHandoff to B |
 * | PayeeHubCancel | B `PayeeUpdate` (payee-update.ts) and the whole B–S exchange: m+2 with the balances of m |
 * | PublishUpdate, PublishSettlement | an honest A, S or B: what its watcher broadcasts (`watchBroadcasts`); a deviating one: from what it holds, or was told (M only from what it was told) |
 * | ChainAdvance | one block |
 * | CoalitionShare | coalition.ts: the collusion channel reads what each member knows and tells every member the union (`driver.outOfBand`); a member publishes what it was told |
 *
 * The impl expiry is the model's (`bundleExpiry`): A pays only if its PTLC times out by it (R-05-07), in both.
 */
import type { Envelope } from '../../impl/node/messages.ts';
import { A, S, partyName } from '../../model/parties.ts';
import type { Scheme2Action, Scheme2ActionKind } from '../../model/scheme2/actions.ts';
import { isHonest as honest2, knows as knows2 } from '../../model/channel-machine.ts';
import { type Ctx as Ctx2, scheme2Machine } from '../../model/scheme2/machine.ts';
import { K2_ST1, K2_U2, type Scheme2State } from '../../model/scheme2/state.ts';
import { unreachable } from '../../util/unreachable.ts';
import { ImplRefusal } from '../node-network.ts';
import { coalitionShare } from './coalition.ts';
import { hubSellsStale } from './deviating-hub.ts';
import { AMOUNT, FEE, STATE_OFFSET, type Scheme2Driver } from './driver.ts';

export const SUPPORTED_ACTIONS: readonly Scheme2ActionKind[] = [
  'PayeeHubSignSettlement',
  'PayeeSendBundle',
  'PayerComeOnline',
  'PayeeComeBack',
  'MailboxDeliver',
  'PayerOfferPtlc',
  'HubClaimPtlc',
  'PayerRefundPtlc',
  'PayerForwardUpdate',
  'PayeeHubCancel',
  'PublishUpdate',
  'PublishSettlement',
  'CoalitionShare',
  'ChainAdvance',
];

/** Every scheme-2 protocol kind is driven; what is not, with why (the report's "not covered", conform.ts). */
export const UNSUPPORTED_ACTIONS: Readonly<Partial<Record<Scheme2ActionKind, string>>> = {
  HubRevealPartial: 'a flaw switch of the model only (hubRevealsBeforeClaim); the oracle refuses the flaw switches',
};

export function implSupports(_ctx: Ctx2, _s: Scheme2State, a: Scheme2Action): boolean {
  return SUPPORTED_ACTIONS.includes(a.kind);
}

export function skipReason(a: Scheme2Action): string {
  return UNSUPPORTED_ACTIONS[a.kind] === undefined ? a.kind : `${a.kind}: ${UNSUPPORTED_ACTIONS[a.kind] ?? ''}`;
}

/** R-05-05: an honest S claims only for an m+1 that is not superseded and whose St_BS(m+1) it holds. */
function hubStateOk(s: Scheme2State): boolean {
  return s.phase === 'bundleSent' && !knows2(s, S, K2_U2) && knows2(s, S, K2_ST1) && s.chain.update <= 1;
}

const M1 = STATE_OFFSET + 1;
const between = (x: string, y: string) => (e: Envelope) => (e.from === x && e.to === y) || (e.from === y && e.to === x);
const CHANNEL_KINDS = new Set(['ProposeState', 'AcceptState', 'SettlementSig', 'UpdateSig']);
const channelMsg = (e: Envelope): boolean => between('B', 'S')(e) && CHANNEL_KINDS.has(e.body.kind);

function mustQueue(d: Scheme2Driver, pred: (e: Envelope) => boolean, what: string): void {
  if (!d.queued().some(pred)) throw new ImplRefusal(what);
}

/** Performs `action` (enabled in model state `before`) on the implementation. */
export function implStep(d: Scheme2Driver, ctx: Ctx2, before: Scheme2State, action: Scheme2Action): void {
  switch (action.kind) {
    case 'PayeeHubSignSettlement':
      d.mustCommand('B', {
        kind: 'PayeeRequest',
        payer: 'A',
        amountSat: AMOUNT,
        feeSat: FEE,
        expiryHeight: d.implHeight + ctx.config.mailboxExpiryBlocks,
      });
      d.mustDeliver(
        (e) => channelMsg(e) && !(e.to === 'B' && e.body.kind === 'SettlementSig'),
        'PayeeHubSignSettlement',
        { atLeast: 3 },
      );
      return;
    case 'PayeeSendBundle':
      d.mustDeliver(
        (e) => e.to === 'B' && e.body.kind === 'SettlementSig' && e.body.state === M1,
        'PayeeSendBundle (St_BS(m+1) to B)',
      );
      d.mustDeliver(
        (e) => e.from === 'B' && e.to === 'M' && e.body.kind === 'MailboxStore',
        'PayeeSendBundle (bundle to M)',
      );
      d.setOnline('B', false);
      return;
    case 'PayerComeOnline':
      d.ghosts.payerCameInTime =
        before.bundleExpiry < 0 || before.height + ctx.config.ptlcTimeoutBlocks <= before.bundleExpiry;
      d.setOnline('A', true);
      return;
    case 'PayeeComeBack':
      d.setOnline('B', true);
      return;
    case 'MailboxDeliver':
      d.mustCommand('A', { kind: 'PayerFetch' });
      d.mustDeliver((e) => e.from === 'A' && e.to === 'M' && e.body.kind === 'MailboxFetch', 'MailboxDeliver');
      mustQueue(
        d,
        (e) =>
          e.from === 'M' &&
          e.to === 'A' &&
          e.body.kind === 'MailboxDeliver' &&
          e.body.items.some((i) => i.sender === 'B'),
        'MailboxDeliver: M handed A no bundle',
      );
      return;
    case 'PayerOfferPtlc':
      d.mustDeliver(
        (e) => e.from === 'M' && e.to === 'A' && e.body.kind === 'MailboxDeliver',
        'PayerOfferPtlc (bundle to A)',
      );
      mustQueue(
        d,
        (e) => e.from === 'A' && e.to === 'S' && e.body.kind === 'PtlcOffer',
        'PayerOfferPtlc: A offered no PTLC',
      );
      return;
    case 'HubClaimPtlc': {
      // A deviating S claims whatever the state of m+1 (the model's R-09 deviation): hubSellsStale.
      const role = honest2(ctx, S) || hubStateOk(before) ? {} : { role: hubSellsStale() as never };
      d.mustDeliver(
        (e) => e.to === 'S' && e.from === 'A' && e.body.kind === 'PtlcOffer',
        'HubClaimPtlc (offer to S)',
        role,
      );
      d.mustDeliver((e) => e.to === 'A' && e.from === 'S' && e.body.kind === 'PtlcClaim', 'HubClaimPtlc (claim to A)');
      return;
    }
    case 'PayerRefundPtlc':
      d.tick('A');
      return;
    case 'PayerForwardUpdate': {
      const a = d.node('A');
      const w = a.role === 'payer' ? a.snapshot.watches[0] : undefined;
      if (w === undefined) throw new ImplRefusal('PayerForwardUpdate: A holds no watch');
      d.mustCommand('A', { kind: 'PayerHandoff', paymentId: w.paymentId });
      d.mustDeliver((e) => e.from === 'A' && e.to === 'B' && e.body.kind === 'WatchtowerHandoff', 'PayerForwardUpdate');
      return;
    }
    case 'PayeeHubCancel':
      d.mustCommand('B', { kind: 'PayeeUpdate' });
      d.mustDeliver(channelMsg, 'PayeeHubCancel', { atLeast: 6 });
      return;
    case 'PublishUpdate': {
      const who = partyName(action.party);
      if (honest2(ctx, action.party)) {
        const tx = d.watchBroadcasts(who).find((t) => t.name === `U(${action.state + STATE_OFFSET})`);
        if (tx === undefined)
          throw new ImplRefusal(
            `${who}, watching the chain, did not broadcast U_BS(m+${action.state}) over the stale U_BS(m+${before.chain.update})`,
          );
        d.confirm(who, tx, { kind: 'update', j: action.state });
        return;
      }
      d.publishUpdate(who, action.state);
      return;
    }
    case 'PublishSettlement': {
      const who = partyName(action.party);
      if (honest2(ctx, action.party)) {
        const tx = d.watchBroadcasts(who).find((t) => t.name === `St(${before.chain.update + STATE_OFFSET})`);
        if (tx === undefined)
          throw new ImplRefusal(
            `${who}, watching the chain, did not broadcast St_BS(m+${before.chain.update}) once its update was CSV-deep`,
          );
        d.confirm(who, tx, { kind: 'settlement' });
        return;
      }
      d.publishSettlement(who);
      return;
    }
    case 'ChainAdvance':
      d.mineBlock();
      return;
    case 'CoalitionShare':
      coalitionShare(d, ctx);
      return;
    case 'HubRevealPartial':
      throw new Error(`${action.kind} is not driven: ${UNSUPPORTED_ACTIONS[action.kind] ?? ''}`);
    default:
      return unreachable(action, 'action');
  }
}

/**
 * After a step, the "must refuse" checks: an honest, online node handles what is waiting for it as soon as it
 * looks. When the model says the node must not act on it for good, it is delivered now and must be refused
 * (the abstraction must not change):
 * - an honest A with B's bundle waiting, no PTLC yet, and PayerOfferPtlc not enabled (too late for the expiry,
 *   R-05-07, or an update confirmed too long ago to rebind, R-05-08);
 * - an honest S with A's offer waiting and HubClaimPtlc not enabled (m+1 superseded, R-05-05; timed out).
 */
export function promptRefusals(d: Scheme2Driver, ctx: Ctx2, after: Scheme2State): void {
  const enabled = scheme2Machine.parts.actions(ctx, after);
  if (
    honest2(ctx, A) &&
    d.isOnline('A') &&
    after.ptlc.status === 'none' &&
    !enabled.some((a) => a.kind === 'PayerOfferPtlc')
  ) {
    d.deliverWhere((e) => e.from === 'M' && e.to === 'A' && e.body.kind === 'MailboxDeliver');
  }
  if (
    honest2(ctx, S) &&
    d.isOnline('S') &&
    after.ptlc.status === 'offered' &&
    !enabled.some((a) => a.kind === 'HubClaimPtlc')
  ) {
    d.deliverWhere((e) => e.from === 'A' && e.to === 'S' && e.body.kind === 'PtlcOffer');
  }
}
