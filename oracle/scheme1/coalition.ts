/**
 * The coalition's collusion channel (the model's `CoalitionShare`, R-09-05, R-09-07, R-09-13), in the
 * adversary layer: honest node code has no such channel and never reads it.
 *
 * A share reads what each deviating party knows through the same inspection the abstraction uses (node
 * snapshots, the messages on the wire to it, what it was told before) and hands the union to every member.
 * What a member was told lives beside its node, in the driver's `outOfBand` record, not in its snapshot: the
 * deviating party acts on it only through the adversary's own steps (publishing a transaction from the pooled
 * signatures, `driver.publishUpdate` / `publishSettlement`), which honest code never takes, and a snapshot
 * edit would make its honest code misread its own history (an S "holding" s_A it did not buy would refuse the
 * invoice as already bought). The record carries:
 * - `bits`: the model's knowledge names the member was handed (the union, closed); the abstraction adds them;
 * - `channel`: a copy of the richest A–S channel record a member holds (S's or A's), so a member (S, or B,
 *   which has no channel) can put the updates and settlements it learned on chain; `payerPartial`: s_A.
 * `completeTold` makes U(n+1) complete in that record, just before the member publishes, once it holds both
 * halves (the model's `sA` and `sS1`).
 */
import type { Ctx } from '../../model/scheme1/context.ts';
import { K_ALL_SEC, K_SA, K_SS1, K_ST1, closeKnowledge } from '../../model/scheme1/knowledge.ts';
import { PARTY_COUNT, inMask, partyName } from '../../model/parties.ts';
import type { EltooChannel } from '../../impl/node/channel.ts';
import { hubSignUpdate } from '../../impl/node/channel-protocol.ts';
import { aggregatePartials } from '../../impl/node/eltoo-sign.ts';
import type { HubSnapshot } from '../../impl/node/hub.ts';
import { mailboxKeys } from '../../impl/node/node.ts';
import { openBundle } from '../../impl/node/sealed-payloads.ts';
import { abstraction, pathAnchor } from './abstraction.ts';
import { ImplRefusal, type ImplDriver, type Pooled } from './driver.ts';

/** The impl state number of the payment's n+1. */
const n1 = (d: ImplDriver): number => 1 + d.stateOffset;

/** The deviating parties' node ids. */
function coalitionMembers(ctx: Ctx): string[] {
  const out: string[] = [];
  for (let p = 0; p < PARTY_COUNT; p++) if (inMask(ctx.deviating, p)) out.push(partyName(p));
  return out;
}

/** s_A as a member holds it: A made it, S bought it, B opened (or has in hand) A's bundle, or was told. */
function secretHeldBy(d: ImplDriver, id: string): string | undefined {
  const pooled = d.outOfBand.get(id)?.channel?.proposals.find((p) => p.state === n1(d))?.partyUpdatePartial;
  if (pooled != null) return pooled;
  const n = d.node(id);
  if (n.role === 'payer')
    return (
      n.snapshot.channel.proposals.find((p) => p.state === n1(d) && p.purpose === 'async')?.partyUpdatePartial ??
      undefined
    );
  if (n.role === 'hub') return n.snapshot.sales.find((x) => x.payerPartialSig !== null)?.payerPartialSig ?? undefined;
  if (n.role === 'payee') {
    const r = n.snapshot.receipts[0];
    if (r !== undefined) return r.secret;
    // A bundle on its way to B counts as known to B (the abstraction's knowledge in transit): B opens it.
    for (const e of d.queued()) {
      if (e.to !== id || e.body.kind !== 'MailboxDeliver') continue;
      for (const item of e.body.items) {
        const bundle = openBundle({
          recipientSecKey: mailboxKeys(n.snapshot.seed).secKey,
          sealedHex: item.sealed,
          expectedSenderKeyHex: n.snapshot.directory[item.sender]?.node ?? '',
        });
        if (bundle.kind === 'PayerBundle') return bundle.partialSig;
      }
    }
  }
  return undefined;
}

/** S's own partial signature on U(n+1), made on a copy of S's snapshot (S's real nonce store is untouched). */
function hubPartialOf(d: ImplDriver): string | undefined {
  const hub = d.node('S');
  if (hub.role !== 'hub') return undefined;
  const copy = JSON.parse(JSON.stringify(hub.snapshot)) as HubSnapshot;
  const ch = copy.channels.find((c) => c.party === 'A');
  const p = ch?.proposals.find((x) => x.state === n1(d) && x.purpose === 'async');
  if (ch === undefined || p === undefined || p.hubUpdateNonce === null) return undefined;
  return p.hubUpdatePartial ?? hubSignUpdate(copy, ch, p);
}

/** The coalition pools what its members know and hands it to each of them (see the header). */
export function coalitionShare(d: ImplDriver, ctx: Ctx): void {
  const members = coalitionMembers(ctx);
  const abs = abstraction(d, ctx);
  let union = 0;
  for (let p = 0; p < PARTY_COUNT; p++) if (inMask(ctx.deviating, p)) union |= abs.knows[p] ?? 0;
  const anchor = pathAnchor(d);
  union = closeKnowledge(union, ctx.hops, anchor);
  // The richest channel record among the members (S's or A's, or one they were told), copied.
  const own = members.map((id) => d.channelOf(id)).find((c) => c !== undefined);
  const told = members.map((id) => d.outOfBand.get(id)?.channel).find((c) => c !== undefined);
  const base = own ?? told;
  const channel = base === undefined ? undefined : (JSON.parse(JSON.stringify(base)) as EltooChannel);
  const sA = (union & K_SA) === 0 ? undefined : members.map((id) => secretHeldBy(d, id)).find((x) => x !== undefined);
  if ((union & K_SA) !== 0 && sA === undefined)
    throw new ImplRefusal('CoalitionShare: the coalition knows s_A by the abstraction, but no member holds it');
  for (const id of members) {
    const before: Pooled | undefined = d.outOfBand.get(id);
    const ch = channel ?? before?.channel;
    const payerPartial = sA ?? before?.payerPartial;
    // Bits told under another anchor (before B forged an invoice) lose their path secrets, as in the model.
    const kept = before === undefined ? 0 : before.anchor === anchor ? before.bits : before.bits & ~K_ALL_SEC;
    d.outOfBand.set(id, {
      bits: union | kept,
      anchor,
      ...(ch === undefined ? {} : { channel: ch }),
      ...(payerPartial === undefined ? {} : { payerPartial }),
    });
  }
}

/**
 * Before a member publishes: completes U(n+1) in the record it was told when it holds both halves, s_A (its own
 * or told) and S's partial signature (told `sS1`: S, in the coalition, signs for its partners whenever asked,
 * as the model's S "knows" its partial from the start). A record told before St(n+1) existed gets n+1's public
 * part (keys, nonces, amounts) from a member's channel, with only the signatures the member was told.
 */
export function completeTold(d: ImplDriver, ctx: Ctx, id: string): void {
  const told = d.outOfBand.get(id);
  // S's half: S's own, or told (`sS1`); s_A below: told, or the member's own (B may open the bundle after the share).
  if (told?.channel === undefined || (id !== 'S' && (told.bits & K_SS1) === 0)) return;
  const ch = JSON.parse(JSON.stringify(told.channel)) as EltooChannel;
  let p = ch.proposals.find((x) => x.state === n1(d) && x.purpose === 'async');
  if (p === undefined) {
    const src = coalitionMembers(ctx)
      .map((m) => d.channelOf(m)?.proposals.find((x) => x.state === n1(d) && x.purpose === 'async'))
      .find((x) => x !== undefined);
    if (src === undefined) return;
    p = {
      ...src,
      partySettlePartial: null,
      hubSettlePartial: null,
      settleSig: (told.bits & K_ST1) !== 0 ? src.settleSig : null,
      partyUpdatePartial: null,
      hubUpdatePartial: null,
      updateSig: null,
    };
    ch.proposals.push(p);
  }
  if (p.updateSig !== null) return;
  const sA = told.payerPartial ?? secretHeldBy(d, id);
  const sS = p.hubUpdatePartial ?? (coalitionMembers(ctx).includes('S') ? hubPartialOf(d) : undefined);
  if (sA === undefined || sS === undefined || p.hubUpdateNonce === null) return;
  p.partyUpdatePartial = sA;
  p.hubUpdatePartial = sS;
  p.updateSig = aggregatePartials({ ch, p, kind: 'update', party: sA, hub: sS });
  d.outOfBand.set(id, { ...told, channel: ch });
}
