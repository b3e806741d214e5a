/**
 * Scheme 2's honest nodes' protocol status (issue 10, as ../scheme1/status.ts for scheme 1), compared beside the
 * abstraction: what each honest node records of the payment. The abstraction reads what a party knows and holds;
 * a node that takes a message it must refuse can move its records without moving any of that. Two views, each a
 * pure function:
 * - `modelStatus(ctx, s)`: the status the model state implies, for the honest parties and only the fields it
 *   determines: S's B–S proposal of m+1 and latest state, whether S sold s_S; B's proposal of m+1 and latest
 *   state; A's PTLC to S and its watch of the B–S channel;
 * - `implStatus(d)`: the same fields read from the nodes' snapshots.
 * And `stutterStatus(d, ctx)`: every record of every honest node, which a stutter must leave as it is.
 * Left out: everything once an update of the B–S channel is on chain (a watcher completes or settles a state from
 * the chain, which the model does not name).
 */
import { isHonest, knows } from '../../model/channel-machine.ts';
import { A, B, S } from '../../model/parties.ts';
import type { Ctx } from '../../model/scheme2/machine.ts';
import { K2_SS, K2_ST1, type Scheme2State } from '../../model/scheme2/state.ts';
import { channelStatus, honestRecords, oneOrMany, type Status } from '../node-status.ts';
import { STATE_OFFSET, type Scheme2Driver } from './driver.ts';

/** A's PTLC to S in the implementation's words (an entry is pending while offered; it times out, not refunded). */
const PTLC: Readonly<Record<Scheme2State['ptlc']['status'], string>> = {
  none: 'none',
  offered: 'pending',
  claimed: 'claimed',
  refunded: 'timed-out',
};

/**
 * S's or B's record of U_BS(m+1): none before B's request; once B and S agreed it (S holds St_BS(m+1)), S's is
 * settled and B's accepted until S's settlement signature reaches B (with B's bundle); superseded by the cancel;
 * B's complete once it has S's partial from A.
 */
function proposalOf(s: Scheme2State, party: typeof S | typeof B): string {
  if (s.phase === 'cancelled') return 'superseded';
  if (!knows(s, S, K2_ST1)) return 'none';
  if (party === S) return 'settled';
  if (s.phase === 'setup') return 'accepted';
  return knows(s, B, K2_SS) ? 'complete' : 'settled';
}

/** The model's view of the honest nodes' status. */
export function modelStatus(ctx: Ctx, s: Scheme2State): Status {
  const out: Status = {};
  if (s.chain.update >= 0) return out;
  if (isHonest(ctx, S)) {
    out['S.latest'] = s.phase === 'cancelled' ? 2 : 0;
    out['S.proposal'] = proposalOf(s, S);
    out['S.sold'] = s.ptlc.status === 'claimed';
  }
  if (isHonest(ctx, B)) {
    out['B.latest'] = s.phase === 'cancelled' ? 2 : knows(s, B, K2_SS) ? 1 : 0;
    out['B.proposal'] = proposalOf(s, B);
  }
  if (isHonest(ctx, A)) {
    out['A.ptlc'] = PTLC[s.ptlc.status];
    out['A.watch'] =
      s.ptlc.status === 'none'
        ? 'none'
        : s.ptlc.status === 'claimed'
          ? knows(s, B, K2_SS)
            ? 'handed-off'
            : 'holding'
          : 'buying';
  }
  return out;
}

/** The implementation's view of the fields `modelStatus` names. */
export function implStatus(d: Scheme2Driver): Status {
  const m1 = STATE_OFFSET + 1;
  const hub = d.node('S');
  const payer = d.node('A');
  const payee = d.node('B');
  const out: Status = {};
  if (hub.role === 'hub') {
    const ch = channelStatus(
      hub.snapshot.channels.find((c) => c.party === 'B'),
      STATE_OFFSET,
      m1,
    );
    out['S.latest'] = ch.latest;
    out['S.proposal'] = ch.proposal;
    out['S.sold'] = hub.snapshot.sold.length > 0;
  }
  if (payee.role === 'payee') {
    const ch = channelStatus(payee.snapshot.channel, STATE_OFFSET, m1);
    out['B.latest'] = ch.latest;
    out['B.proposal'] = ch.proposal;
  }
  if (payer.role === 'payer') {
    out['A.ptlc'] = oneOrMany(
      payer.snapshot.ptlcs.filter((p) => p.peer === 'S' && p.direction === 'out').map((p) => p.status),
    );
    out['A.watch'] = oneOrMany(payer.snapshot.watches.map((x) => x.status));
  }
  return out;
}

/** Everything the honest nodes record of the protocol, by status: a stutter must leave it as it is. */
export function stutterStatus(d: Scheme2Driver, ctx: Ctx): Status {
  return honestRecords(['A', 'S', 'B'], ctx.config.deviating, (id) => d.node(id));
}
