/**
 * The honest nodes' protocol status (issue 10), compared beside the abstraction: what each honest node records
 * of the payment (its proposal of n+1, its latest state, S's sale, B's receipt). The abstraction reads what a
 * party knows and holds; a node that takes a message it must refuse can move its status without moving any of
 * that, and the oracle would not see it. Two views, each a pure function:
 * - `modelStatus(ctx, s)`: the status the model state implies, for the honest parties and only the fields it
 *   determines (a field it cannot derive in `s` is left out, and so not compared);
 * - `implStatus(d)`: the same fields read from the nodes' snapshots.
 * And `stutterStatus(d, ctx)`: everything an honest node records of the protocol (every proposal, sale, receipt,
 * payment, watch and PTLC, by status), which an adversarial stutter (the model does not move) must leave as it is.
 */
import { K_ST1, K_U2 } from '../../model/scheme1/knowledge.ts';
import { isHonest, isOnline, type Ctx } from '../../model/scheme1/context.ts';
import { A, B, S } from '../../model/parties.ts';
import { MSG_U3, type ProtocolState } from '../../model/scheme1/state.ts';
import { channelStatus, honestRecords, oneOrMany, type Status } from '../node-status.ts';
import type { ImplDriver } from './driver.ts';

const has = (s: ProtocolState, p: number, bit: number): boolean => ((s.knows[p] ?? 0) & bit) !== 0;

/** S's sale of A's n+1, as S's PTLC of hop 0 implies it: buying while offered, bought once S read the claim. */
function saleOf(s: ProtocolState): string | undefined {
  const hop = s.hops[0];
  if (hop === undefined || hop.status === 'none') return undefined;
  if (hop.status === 'claimed') return (s.pendingReveal & 1) !== 0 ? 'buying' : 'bought';
  return hop.status === 'refunded' ? 'failed' : 'buying';
}

/**
 * The model's view of the honest nodes' status. Left out: every field once an update is on chain (a watcher may
 * complete or settle a state from the chain, which the model does not name), and once A signed a new attempt
 * (PayerResign: its state n+3 the model does not number); S's while it is offline (it reads claims on recovery);
 * A's and S's channel fields with the cancellation as its messages (cancelSteps 2).
 */
export function modelStatus(ctx: Ctx, s: ProtocolState): Status {
  const out: Status = {};
  if (s.chain.update >= 0 || s.nonceUses.some((m) => (m & MSG_U3) !== 0)) return out;
  const sale = saleOf(s);
  // With the cancellation as its messages (cancelSteps 2), A and S hold U(n+2) at steps the model's bits do not
  // name one for one: their latest state and proposal are not derived there.
  const channel = (ctx.config.cancelSteps ?? 1) === 1;
  if (isHonest(ctx, S) && isOnline(s, S)) {
    const cancelled = has(s, S, K_U2);
    if (channel) {
      out['S.latest'] = cancelled ? 2 : sale === 'bought' ? 1 : 0;
      out['S.proposal'] = cancelled
        ? 'superseded'
        : sale === 'bought'
          ? 'complete'
          : has(s, S, K_ST1)
            ? 'settled'
            : 'none';
    }
    out['S.sale'] = sale ?? 'none';
  }
  if (isHonest(ctx, A) && channel) {
    out['A.latest'] = has(s, A, K_U2) ? 2 : s.phase === 'paid' ? 1 : 0;
    out['A.proposal'] =
      s.phase === 'paid'
        ? 'complete'
        : s.phase === 'cancelled'
          ? 'superseded'
          : s.phase === 'bundleSent'
            ? 'settled'
            : has(s, S, K_ST1)
              ? 'accepted'
              : 'none';
  }
  if (isHonest(ctx, B)) {
    // B's receipt: made with its invoice, paid when B took S's offer (its claim goes out at once).
    const last = s.hops[ctx.hops];
    out['B.receipt'] = s.invoiceFrom !== B ? 'none' : last?.status === 'claimed' ? 'paid' : 'invoiced';
  }
  return out;
}

/** The implementation's view of the fields `modelStatus` names. */
export function implStatus(d: ImplDriver): Status {
  const base = d.stateOffset;
  const n1 = 1 + base;
  const hub = d.node('S');
  const payer = d.node('A');
  const payee = d.node('B');
  const out: Status = {};
  if (hub.role === 'hub') {
    const ch = channelStatus(
      hub.snapshot.channels.find((c) => c.party === 'A'),
      base,
      n1,
    );
    out['S.latest'] = ch.latest;
    out['S.proposal'] = ch.proposal;
    out['S.sale'] = oneOrMany(hub.snapshot.sales.filter((x) => x.party === 'A' && x.state === n1).map((x) => x.status));
  }
  if (payer.role === 'payer') {
    const ch = channelStatus(payer.snapshot.channel, base, n1);
    out['A.latest'] = ch.latest;
    out['A.proposal'] = ch.proposal;
  }
  if (payee.role === 'payee') {
    out['B.receipt'] = oneOrMany(payee.snapshot.receipts.map((x) => x.status));
  }
  return out;
}

/** Everything the honest nodes record of the protocol, by status: a stutter must leave it as it is. */
export function stutterStatus(d: ImplDriver, ctx: Ctx): Status {
  const ids = ['A', 'S', 'B', ...Array.from({ length: ctx.hops }, (_, j) => `P${j + 1}`)];
  return honestRecords(ids, ctx.config.deviating, (id) => d.node(id));
}
