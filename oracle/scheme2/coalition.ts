/**
 * Scheme 2's collusion channel (the model's `CoalitionShare`, R-09-05, R-09-07), in the adversary layer, as
 * ../coalition.ts is for scheme 1: honest node code has no such channel and never reads it.
 *
 * A share reads what each deviating party knows the way the abstraction does (abstraction: node snapshots and
 * the messages on their way to it) and hands the union, closed with `close2`, to every member. What a member was
 * told lives beside its node, in the driver's `outOfBand` record (`Told`), not in its snapshot: honest code must
 * not be given colluders' secrets, and a member acts on it only through the adversary's own steps
 * (`driver.publishUpdate` / `publishSettlement`, which use the member's own record first, then the told one).
 * The record carries the knowledge names and the B–S signatures behind them: every complete U_BS / St_BS of m,
 * m+1, m+2 some member holds, read from its B–S record (B's or S's channel, A's watch) as it would be after
 * reading what is queued to it (S's SettlementSig on its way to B, S's claim on its way to A), plus what members
 * were told before. So B, told s_S by A, puts U_BS(m+1) on chain; A or M, told U_BS(m) by B or S, publish it and
 * its settlement; S, told s_B and s_S by A, publishes U_BS(m+1).
 *
 * The model never gives S `sS` (S cannot complete U_BS(m+1) without s_B), so S's own partial signature is not
 * pooled; every other name the union holds must be backed by a signature a member holds, or the share is an
 * `ImplRefusal` (the abstraction counts something no member can show).
 */
import type { EltooChannel } from '../../impl/node/channel.ts';
import { heldSettlement, heldStates, type HeldSettlement, type HeldState } from '../../impl/node/onchain.ts';
import { inMask } from '../../model/parties.ts';
import {
  holdsSettlement as holdsSettlement2,
  holdsUpdate as holdsUpdate2,
  type Ctx as Ctx2,
} from '../../model/scheme2/machine.ts';
import { closeKnowledge as close2, type Scheme2State } from '../../model/scheme2/state.ts';
import { mailboxKeys } from '../../impl/node/node.ts';
import { openBundle } from '../../impl/node/sealed-payloads.ts';
import { ImplRefusal } from '../node-network.ts';
import { abstraction, PARTY_IDS, wire } from './abstraction.ts';
import { channelIn, STATE_OFFSET, type Scheme2Driver } from './driver.ts';

/** The deviating parties' node ids (A, S, B, M order). */
function coalitionMembers(ctx: Ctx2): string[] {
  return PARTY_IDS.filter((_, p) => inMask(ctx.deviating, p));
}

/** The model's knowledge union of the coalition in `s`, closed (machine.ts's coalition2). */
function unionOf(ctx: Ctx2, s: Scheme2State): number {
  let u = 0;
  for (let p = 0; p < PARTY_IDS.length; p++) if (inMask(ctx.deviating, p)) u |= s.knows[p] ?? 0;
  return close2(u);
}

/**
 * B's bundle as A reads it from the wire (delivered or queued, accepted or refused: abstraction counts it known
 * to A either way): its complete St_BS(m+1) and the channel's public part, for an A that holds no watch.
 */
function bundleRecord(d: Scheme2Driver): { channel: EltooChannel; settlement: HeldSettlement } | undefined {
  const a = d.node('A');
  if (a.role !== 'payer') return undefined;
  const msgs = wire(d);
  const fromB = new Set(
    msgs.flatMap((e) => (e.from === 'B' && e.to === 'M' && e.body.kind === 'MailboxStore' ? [e.body.sealed] : [])),
  );
  for (const e of msgs) {
    if (e.to !== 'A' || e.from !== 'M' || e.body.kind !== 'MailboxDeliver') continue;
    for (const item of e.body.items) {
      if (item.sender !== 'B' || !fromB.has(item.sealed)) continue;
      const b = openBundle({
        recipientSecKey: mailboxKeys(a.snapshot.seed).secKey,
        sealedHex: item.sealed,
        expectedSenderKeyHex: a.snapshot.directory.B?.node ?? '',
      });
      if (b.kind !== 'PayeeBundle') continue;
      const hubIndex = b.signerIndex === 0 ? 1 : 0;
      const channel: EltooChannel = {
        party: b.payee,
        hub: b.hub,
        partyKey: b.publicKeys[b.signerIndex] ?? '',
        hubKey: b.publicKeys[hubIndex] ?? '',
        number: 0,
        capacitySat: b.capacitySat,
        csvDelayBlocks: b.csvDelayBlocks,
        fundingTxid: b.fundingTxid,
        fundingVout: b.fundingVout,
        latest: {
          state: b.state,
          partySat: b.partySat,
          hubSat: b.hubSat,
          pending: null,
          updateSig: null,
          settleSig: b.settleSig,
        },
        proposals: [],
      };
      return {
        channel,
        settlement: { state: b.state, partySat: b.partySat, hubSat: b.hubSat, pending: null, settleSig: b.settleSig },
      };
    }
  }
  return undefined;
}

/** The coalition pools what its members know and hands it to each of them (see the header). */
export function coalitionShare(d: Scheme2Driver, ctx: Ctx2): void {
  const members = coalitionMembers(ctx);
  const union = unionOf(ctx, abstraction(d, ctx));
  const updates = new Map<number, HeldState>();
  const settlements = new Map<number, HeldSettlement>();
  let channel: EltooChannel | undefined;
  for (const id of members) {
    const own = channelIn(d.afterQueued(id));
    const told = d.outOfBand.get(id);
    if (own !== undefined) {
      channel ??= own;
      for (const h of heldStates(own)) if (!updates.has(h.state)) updates.set(h.state, h);
      for (let j = 0; j <= 2; j++) {
        const st = heldSettlement(own, j + STATE_OFFSET);
        if (st !== undefined && !settlements.has(st.state)) settlements.set(st.state, st);
      }
    }
    const bundle = id === 'A' ? bundleRecord(d) : undefined;
    if (bundle !== undefined) {
      channel ??= bundle.channel;
      if (!settlements.has(bundle.settlement.state)) settlements.set(bundle.settlement.state, bundle.settlement);
    }
    if (told !== undefined) {
      channel ??= told.channel;
      for (const h of told.updates) if (!updates.has(h.state)) updates.set(h.state, h);
      for (const st of told.settlements) if (!settlements.has(st.state)) settlements.set(st.state, st);
    }
  }
  // Every update or settlement the union lets a member publish must be backed by the signatures pooled here.
  const probe: Scheme2State = { ...abstraction(d, ctx), knows: PARTY_IDS.map(() => union) };
  for (let j = 0; j <= 2; j++) {
    if (holdsUpdate2(probe, 0, j) && !updates.has(j + STATE_OFFSET))
      throw new ImplRefusal(
        `CoalitionShare: the coalition holds U_BS(m+${j}) by the abstraction, but no member holds its signature`,
      );
    if (holdsSettlement2(probe, 0, j) && !settlements.has(j + STATE_OFFSET))
      throw new ImplRefusal(
        `CoalitionShare: the coalition holds St_BS(m+${j}) by the abstraction, but no member holds its signature`,
      );
  }
  const copy = channel === undefined ? undefined : (JSON.parse(JSON.stringify(channel)) as EltooChannel);
  const sorted = <T extends { state: number }>(m: Map<number, T>): T[] =>
    [...m.values()].sort((a, b) => a.state - b.state);
  for (const id of members) {
    d.outOfBand.set(id, {
      bits: union,
      ...(copy === undefined ? {} : { channel: copy }),
      updates: sorted(updates),
      settlements: sorted(settlements),
    });
  }
}
