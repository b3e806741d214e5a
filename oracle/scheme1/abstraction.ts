/**
 * `abstraction(driver) → model state`: the one function that maps the real system onto the model
 * (scheme 1, direct: S pays B without routing nodes). Every field comes from what the impl shows: node
 * snapshots through the inspection API and the channel records, the messages on the wire, and the chain.
 *
 * Observations, field by field:
 * - `height`, `online`: the world's height and online map.
 * - `knows`: a party knows a signature when its snapshot holds it; a message queued to a party counts as known
 *   to it (it reads it the moment it looks: the oracle's network is reliable); any message that carries s_A in
 *   the clear teaches s_A to whoever it is addressed to (so a node that leaks the secret is caught even when
 *   the receiver ignores the message). Tweaks are public in the direct variant (the model's `rel` bits).
 * - `phase`, `bundleExpiry`: A's payment record.
 * - `mailbox`: M's store and what M handed out.
 * - `invoiceFrom`: an invoice signed and sent by B exists (queued to S or delivered), for T or, forged (R-09-14),
 *   for another point; `forged`: A sealed a forged bundle (`driver.equivocation`), S holds a forged invoice from B
 *   (an envelope a stutter injected never counts); then the path's secrets are anchored at the forged secret.
 * - `hops`: S's outgoing PTLC as S records it (pending = offered, timed-out = refunded).
 * - `wallet`: off-chain ledgers minus the starting balance, plus the settlement's and the sweep's on-chain outputs.
 * - `pending`: the settlement's output to neither A's nor S's key (the timeout variant's claim/timeout leaves),
 *   unspent since the settlement, or swept to S's key (claim leaf) or A's (timeout leaf).
 * - `chain`: the update and settlement the oracle confirmed on the validating chain (a stale U(n − i): update 0, stale i).
 * - `nonceUses`: A's partial signatures on async updates, grouped by A's public nonce.
 * - `payeeCameInTime`, `lockReleased`, `hubCrashed`: history ghosts recorded by the driver when they happen.
 * - With the cancellation as messages (cancelSteps 2): `St2` from a party's complete St(n+2); S's `sS2` once its
 *   partial signature on U(n+2) reached A; `phase` cancelled once A's reached S; `hubUnpersisted` (U2St2) while S
 *   has not written A's partial it took (`driver.hubStore`, hubCrashLosesUnpersisted).
 * - `knows` also holds what a coalition member was told out of band (`driver.outOfBand`, coalition.ts).
 * - `resale`: a second distinct invoice for T that went to S (its sender), paid when S recorded a second sale.
 */
import { EMPTY_MEMPOOL } from '../../model/chain.ts';
import { cancelAsMessages } from '../../model/config.ts';
import { keyPathOutput } from '../../impl/tx/keypath.ts';
import type { Envelope } from '../../impl/node/messages.ts';
import type { Ctx } from '../../model/scheme1/context.ts';
import {
  K_ALL_SEC,
  K_BUNDLE,
  K_FORGED,
  K_INVOICE,
  K_RECEIPT,
  K_SA,
  K_SS1,
  K_SS2,
  K_ST1,
  K_ST2,
  K_U0,
  K_U2,
  closeKnowledge,
  kRel,
  kSec,
} from '../../model/scheme1/knowledge.ts';
import { A, B, M, PARTY_COUNT, S, hopOfferer, partyName } from '../../model/parties.ts';
import {
  FORGED_BUNDLE,
  NO_PENDING,
  NO_RESALE,
  FORGED_INVOICE,
  MSG_FORGED,
  MSG_U1,
  MSG_U3,
  PAYER_CHANNEL_SAT,
  HUB_CHANNEL_SAT,
  hopAmountSat,
  type Hop,
  type Mailbox,
  type PendingOutput,
  type Phase,
  type ProtocolState,
  type Resale,
} from '../../model/scheme1/state.ts';
import { SIDE_SAT, type ImplDriver } from './driver.ts';
import { fromHex } from '../../impl/node/wire.ts';

const PARTY_IDS = ['A', 'S', 'B', 'M'] as const;

/** The routing nodes of the path, P1..Pk (model indices 4..3+k). */
function routers(ctx: Ctx): string[] {
  return Array.from({ length: ctx.hops }, (_, j) => `P${j + 1}`);
}

/** The path S → P1 → … → Pk → B, by node id. */
function path(ctx: Ctx): string[] {
  return ['S', ...routers(ctx), 'B'];
}

function wire(d: ImplDriver): readonly Envelope[] {
  return d.wire();
}

/** A's payment of the run: the first async payment A made (a later one is a new attempt, PayerResign). */
function firstPayment(d: ImplDriver) {
  const a = d.node('A');
  if (a.role !== 'payer') return undefined;
  return a.snapshot.payments[0];
}

/**
 * The payment's phase, from A's record. With the cancellation as messages (the model's cancelSteps 2) A completes
 * U(n+2) first (03 §1 step 8); the model's phase is cancelled once A's own partial signature reached S (step 9).
 */
function phaseOf(d: ImplDriver, ctx: Ctx): Phase {
  const p = firstPayment(d);
  if (p === undefined) return 'setup';
  switch (p.status) {
    case 'proposing':
      return 'setup';
    case 'sent':
      return 'bundleSent';
    case 'completed':
      return 'paid';
    case 'cancelled':
      return !cancelAsMessages(ctx.config) || payerCancelSigDelivered(d) ? 'cancelled' : 'bundleSent';
  }
}

/** `who`'s partial signature on the cancellation's U(n+2), to the other side (03 §1 steps 8–9). */
function isCancelUpdateSig(d: ImplDriver, e: Envelope, who: 'A' | 'S'): boolean {
  return (
    e.from === who &&
    e.to === (who === 'A' ? 'S' : 'A') &&
    e.body.kind === 'UpdateSig' &&
    e.body.state === cancelState(d)
  );
}

/** A's partial signature on U(n+2) reached S (delivered at least once, not only queued). */
function payerCancelSigDelivered(d: ImplDriver): boolean {
  const sent = wire(d).filter((e) => isCancelUpdateSig(d, e, 'A')).length;
  return sent > d.queued().filter((e) => isCancelUpdateSig(d, e, 'A')).length;
}

/** The impl state number of the payment's state n+1. */
const paymentState = (d: ImplDriver): number => 1 + d.stateOffset;
/** The impl state number of the cancellation's state n+2. */
const cancelState = (d: ImplDriver): number => 2 + d.stateOffset;

/** s_A in hex, once A made it. */
function payerSecret(d: ImplDriver): string | undefined {
  const ch = d.channelOf('A');
  return (
    ch?.proposals.find((p) => p.state === paymentState(d) && p.purpose === 'async')?.partyUpdatePartial ?? undefined
  );
}

/** An invoice for the payment's point T = s_A·G (the model's K_INVOICE); one for another point is a forgery S must refuse. */
function isTrueInvoice(d: ImplDriver, e: Envelope): boolean {
  if (e.body.kind !== 'Invoice') return false;
  const sA = payerSecret(d);
  return sA !== undefined && e.body.paymentPoint === d.pointOf(sA);
}

/**
 * B's invoice to S whose point is not s_A's (R-09-14: from a bundle A forged, or B's own forgery): sent by B's
 * node or by the adversary acting for B (`PayeeForgeInvoice`), never by a stutter (`driver.stutters`).
 */
function isForgedInvoice(d: ImplDriver, e: Envelope): boolean {
  return e.body.kind === 'Invoice' && e.from === 'B' && e.to === 'S' && !d.stutters.has(e.sig) && !isTrueInvoice(d, e);
}

/** The model's `forged` bits: A sealed a forged bundle; S holds (or has on its way) a forged invoice from B. */
function forgedBits(d: ImplDriver): number {
  let f = 0;
  if (d.equivocation?.by === 'A') f |= FORGED_BUNDLE;
  if (wire(d).some((e) => isForgedInvoice(d, e))) f |= FORGED_INVOICE;
  return f;
}

/**
 * The anchor the path's secret bits are relative to (the model's `K_SA`, or `K_FORGED` once S holds, or has on
 * its way, a forged invoice from B): the point the invoice's point is s_A's, or the forged one.
 */
export function pathAnchor(d: ImplDriver): number {
  return (forgedBits(d) & FORGED_INVOICE) !== 0 ? K_FORGED : K_SA;
}

function holdsComplete(d: ImplDriver, id: string, implState: number): boolean {
  return d.updateSigOf(id, implState) !== undefined && d.settlementOf(id, implState) !== undefined;
}

function knowledge(d: ImplDriver, ctx: Ctx): number[] {
  const knows = new Array<number>(PARTY_COUNT).fill(0);
  const n1 = paymentState(d);
  const sA = payerSecret(d);
  const msgs = wire(d);
  const queued = d.queued();
  const aCh = d.channelOf('A');
  const sCh = d.channelOf('S');
  const aP = aCh?.proposals.find((p) => p.state === n1);
  const sP = sCh?.proposals.find((p) => p.state === n1);
  // A
  let a = 0;
  if (holdsComplete(d, 'A', d.stateOffset)) a |= K_U0;
  const st1InFlight = queued.some((e) => e.to === 'A' && e.body.kind === 'SettlementSig' && e.body.state === n1);
  if (aP?.settleSig != null || (sP?.settleSig != null && st1InFlight)) a |= K_ST1;
  if (aP?.partyUpdatePartial != null) a |= K_SA | K_BUNDLE;
  // A forged the bundle (R-09-14): it knows the forged scalar, not s_A.
  if (d.equivocation?.by === 'A') a |= K_FORGED;
  if (aP?.hubUpdatePartial != null) a |= K_SS1;
  if (firstPayment(d)?.invoice != null) a |= K_INVOICE;
  if (firstPayment(d)?.receipt != null) a |= K_RECEIPT;
  if (holdsComplete(d, 'A', cancelState(d))) a |= K_U2;
  const messages = cancelAsMessages(ctx.config);
  // cancelSteps 2: the complete St(n+2) (03 §1 steps 5–6).
  if (messages && d.settlementOf('A', cancelState(d)) !== undefined) a |= K_ST2;
  knows[A] = a;
  // S
  let s = 0;
  if (holdsComplete(d, 'S', d.stateOffset)) s |= K_U0;
  if (sP?.settleSig != null) s |= K_ST1;
  // S can make its own partial signature on U(n+1) whenever it likes (its key, its nonce): the model has it known from the start.
  s |= K_SS1;
  const hub = d.node('S');
  if (hub.role === 'hub' && hub.snapshot.sales.some((x) => x.payerPartialSig !== null)) s |= K_SA;
  if (hub.role === 'hub' && hub.snapshot.sales.some((x) => x.receipt !== null)) s |= K_RECEIPT;
  if (msgs.some((e) => e.to === 'S' && (isTrueInvoice(d, e) || isForgedInvoice(d, e)))) s |= K_INVOICE;
  if (holdsComplete(d, 'S', cancelState(d))) s |= K_U2;
  if (messages && d.settlementOf('S', cancelState(d)) !== undefined) s |= K_ST2;
  // cancelSteps 2: S's partial signature on U(n+2) has reached A (03 §1 step 8; S made it with St(n+2), and the
  // network held it until the model's HubSendCancelUpdate).
  if (
    messages &&
    wire(d).some((e) => isCancelUpdateSig(d, e, 'S')) &&
    !queued.some((e) => isCancelUpdateSig(d, e, 'S'))
  )
    s |= K_SS2;
  knows[S] = s;
  // B
  let b = 0;
  const payee = d.node('B');
  // The bundle B read (opened, or on its way to it): A's, or the one A forged (its scalar, not s_A).
  const read = K_BUNDLE;
  const bundleBit = d.equivocation?.by === 'A' ? K_FORGED : read;
  if (payee.role === 'payee' && payee.snapshot.receipts.length > 0) b |= bundleBit;
  if (queued.some((e) => e.to === 'B' && e.body.kind === 'MailboxDeliver' && e.body.items.length > 0)) b |= bundleBit;
  // B forged an invoice's point (R-09-14): it knows that point's secret.
  if (d.equivocation?.by === 'B') b |= K_FORGED;
  knows[B] = b;
  knows[M] = 0;
  // s_A in the clear on the wire teaches it to the receiver (A's own StateProof excepted: A made s_A).
  if (sA !== undefined) {
    for (const e of msgs) {
      if (e.to === 'A') continue;
      if (JSON.stringify(e.body).includes(sA)) {
        const idx = PARTY_IDS.indexOf(e.to as (typeof PARTY_IDS)[number]);
        if (idx >= 0) knows[idx] = (knows[idx] ?? 0) | K_SA;
      }
    }
  }
  // A lock secret a node holds (it claimed, or extracted it from a claim) is known to it.
  [...PARTY_IDS, ...routers(ctx)].forEach((id, p) => {
    const n = d.node(id);
    if (n.role === 'mailbox') return;
    for (const e of n.snapshot.ptlcs)
      if (e.secret !== null && e.hop <= ctx.hops) knows[p] = (knows[p] ?? 0) | kSec(e.hop);
  });
  // A claim confirmed on chain shows its secret to the hop's offerer (in its witness), online or not (R-08-06).
  for (const [hop, c] of d.onChainClaims)
    if (c.confirmed && hop <= ctx.hops) {
      const p = hopOfferer(hop);
      knows[p] = (knows[p] ?? 0) | kSec(hop);
    }
  // The tweaks, as B draws them (the model's initial knowledge): with the same point every tweak is zero and
  // public; decorrelated, B knows them all, S their sum (rel 0), P_j its own difference.
  let all = 0;
  for (let i = 0; i <= ctx.hops; i++) all |= kRel(i);
  const rels = (p: number): number => {
    if (!ctx.switches.decorrelated) return all;
    if (p === B) return all;
    if (p === S) return kRel(0);
    return p >= 4 && p < 4 + ctx.hops ? kRel(p - 3) : 0;
  };
  // The path's secrets tweak the invoice's point: s_A's, or a forged one once S holds a forged invoice.
  const anchor = pathAnchor(d);
  // What a coalition member was told by its partners (CoalitionShare, coalition.ts): its path secrets only while
  // the anchor they were told under is still the invoice's (the model's forge drops every sec bit, next.ts).
  [...PARTY_IDS, ...routers(ctx)].forEach((id, p) => {
    const told = d.outOfBand.get(id);
    if (told !== undefined) knows[p] = (knows[p] ?? 0) | (told.anchor === anchor ? told.bits : told.bits & ~K_ALL_SEC);
  });
  // Parties beyond the path (P_j with j > hops) take no part and know nothing.
  return knows.map((m, p) => (p < 4 + ctx.hops ? closeKnowledge(m | rels(p), ctx.hops, anchor) : 0));
}

/**
 * The second sale (R-09-11, R-09-12): the second distinct invoice for T = s_A·G that went to S (a replayed
 * envelope, same sender and sequence number, is the same invoice), from whom; paid when S recorded a second sale
 * for n+1. Absent when S got one invoice at most.
 */
function resaleOf(d: ImplDriver): Resale | undefined {
  const seen = new Set<string>();
  const senders: string[] = [];
  for (const e of wire(d)) {
    // A stutter's invoice (the adversary's `tamper` of one B sent) is not a sale offer: the model stutters.
    if (e.to !== 'S' || !isTrueInvoice(d, e) || d.stutters.has(e.sig)) continue;
    const key = `${e.from}/${e.seq}`;
    if (seen.has(key)) continue;
    seen.add(key);
    senders.push(e.from);
  }
  const from = senders[1];
  if (from === undefined) return undefined;
  const hub = d.node('S');
  const sales =
    hub.role === 'hub' ? hub.snapshot.sales.filter((x) => x.party === 'A' && x.state === paymentState(d)).length : 0;
  return { from: PARTY_IDS.indexOf(from as (typeof PARTY_IDS)[number]), paid: sales > 1 };
}

function mailboxOf(d: ImplDriver): Mailbox {
  const m = d.node('M');
  const handedOut = wire(d).some(
    (e) =>
      e.from === 'M' &&
      e.body.kind === 'MailboxDeliver' &&
      e.body.items.some((i) => i.sender === 'A') &&
      // A stutter's delivery (the `bundle` stutter's crafted item) hands out nothing of A's.
      !d.stutters.has(e.sig),
  );
  if (handedOut) return 'delivered';
  if (m.role === 'mailbox' && m.snapshot.stored.some((x) => x.sender === 'A')) return 'held';
  return 'empty';
}

/** Hop i as its offerer records it (pending = offered, timed-out = refunded). */
function hopOf(d: ImplDriver, i: number): Hop {
  const n = d.node(partyName(hopOfferer(i)));
  if (n.role === 'mailbox') return { status: 'none', timeoutHeight: -1 };
  const e = n.snapshot.ptlcs.find((p) => p.direction === 'out' && p.hop === i);
  if (e === undefined) return { status: 'none', timeoutHeight: -1 };
  // Claimed on chain (in the next block, or confirmed): the model's hop is claimed when the receiver publishes.
  if (d.onChainClaims.has(i)) return { status: 'claimed', timeoutHeight: e.timeoutHeight - d.base };
  const status = e.status === 'pending' ? 'offered' : e.status === 'claimed' ? 'claimed' : 'refunded';
  return { status, timeoutHeight: e.timeoutHeight - d.base };
}

/**
 * Node `id`'s balance in its routing channel with `peer`: the ledger's; once a PTLC of the channel is claimed on
 * chain, H's output to it instead, plus the PTLC for its receiver (H's outputs replace the ledger: counted once).
 */
function ledgerLocal(d: ImplDriver, id: string, peer: string): number {
  const n = d.node(id);
  if (n.role === 'mailbox') return SIDE_SAT;
  const onChain = n.snapshot.ptlcs.find((e) => e.peer === peer && d.onChainClaims.has(e.hop));
  if (onChain !== undefined)
    return onChain.direction === 'in' ? onChain.receiverSat + onChain.amountSat : onChain.offererSat;
  return n.snapshot.ledgers.find((l) => l.peer === peer)?.localSat ?? SIDE_SAT;
}

/** What the settlement and the pending output's sweep pay to `keyHex`'s key-path output. */
function onChainTo(d: ImplDriver, keyHex: string): number {
  const script = keyPathOutput({ internalKey: fromHex(keyHex).slice(1) }).scriptPubKey;
  let total = 0;
  for (const tx of [d.settlement?.tx, d.sweep?.tx]) {
    if (tx === undefined) continue;
    for (const o of tx.outs) if (Buffer.from(o.script).equals(Buffer.from(script))) total += Number(o.value);
  }
  return total;
}

/**
 * The timeout variant's pending output (06 §1): an output of the confirmed settlement that pays neither A's nor
 * S's key path (the claim and timeout leaves' taproot output); unspent, or swept by S (claim leaf) or A (timeout
 * leaf), whose key the sweep pays. Absent when the settlement has none.
 */
function pendingOf(d: ImplDriver, payerKey: string, hubKey: string): PendingOutput | undefined {
  const st = d.settlement;
  if (st === undefined) return undefined;
  const keyScript = (k: string) => Buffer.from(keyPathOutput({ internalKey: fromHex(k).slice(1) }).scriptPubKey);
  const a = keyScript(payerKey);
  const sK = keyScript(hubKey);
  const other = st.tx.outs.some((o) => !Buffer.from(o.script).equals(a) && !Buffer.from(o.script).equals(sK));
  if (!other) return undefined;
  const sweep = d.sweep;
  if (sweep === undefined) return { status: 'unspent', since: st.height };
  const toHub = sweep.tx.outs.some((o) => Buffer.from(o.script).equals(sK));
  return { status: toHub ? 'claimedByHub' : 'sweptByPayer', since: st.height };
}

function nonceUsesOf(d: ImplDriver): number[] {
  const ch = d.channelOf('A');
  const uses = [0, 0];
  if (ch === undefined) return uses;
  // The first attempt's update nonce r1 signed U(n+1), or, when A forged the bundle (R-09-14), another message.
  const attempts = ch.proposals.filter((p) => p.purpose === 'async').sort((x, y) => x.state - y.state);
  const first = attempts[0];
  if (first === undefined) return uses;
  if (d.equivocation?.by === 'A') uses[0] = MSG_FORGED;
  else if (first.partyUpdatePartial !== null) uses[0] = MSG_U1;
  else return uses;
  const signed = attempts.filter((p) => p !== first && p.partyUpdatePartial !== null);
  // A later attempt's update nonce: r2 if fresh; r1 (the model's reuse) if A already used it on any earlier message.
  for (const p of signed) {
    const earlier = ch.proposals
      .filter((q) => q.state < p.state)
      .flatMap((q) => [q.partyUpdateNonce, q.partySettleNonce]);
    const i = earlier.includes(p.partyUpdateNonce) ? 0 : 1;
    uses[i] = (uses[i] ?? 0) | MSG_U3;
  }
  return uses;
}

export function abstraction(d: ImplDriver, ctx: Ctx): ProtocolState {
  const ids = [...PARTY_IDS, ...routers(ctx)];
  const online = ids.reduce((m, id, i) => (d.isOnline(id) ? m | (1 << i) : m), 0);
  const payment = firstPayment(d);
  const phase = phaseOf(d, ctx);
  const ch = d.payerChannel();
  const wallet = new Array<number>(PARTY_COUNT).fill(0);
  wallet[A] = onChainTo(d, ch.partyKey);
  const p = path(ctx);
  wallet[S] = ledgerLocal(d, 'S', p[1] ?? 'B') + onChainTo(d, ch.hubKey);
  wallet[B] = ledgerLocal(d, 'B', p[p.length - 2] ?? 'S') - SIDE_SAT;
  // P_j: its channel towards the next node, plus what it gained from the previous one, counted once the
  // previous node has taken its claim (a routing node claims upstream the moment it learns the secret).
  for (let j = 1; j <= ctx.hops; j++) {
    const id = p[j] ?? '';
    const upHop = hopOf(d, j - 1);
    const n = d.node(id);
    const claimedUp =
      n.role !== 'mailbox' &&
      n.snapshot.ptlcs.some((e) => e.direction === 'in' && e.hop === j - 1 && e.status === 'claimed');
    const pending = claimedUp && upHop.status !== 'claimed' ? hopAmountSat(j - 1, ctx.hops) : 0;
    wallet[3 + j] = ledgerLocal(d, id, p[j + 1] ?? 'B') + ledgerLocal(d, id, p[j - 1] ?? 'S') - SIDE_SAT - pending;
  }
  const u = d.update;
  const resale = resaleOf(d);
  const pending = pendingOf(d, ch.partyKey, ch.hubKey);
  return {
    height: d.height,
    online,
    knows: knowledge(d, ctx),
    phase,
    bundleExpiry: payment === undefined || phase === 'setup' ? -1 : payment.expiryHeight - d.base,
    mailbox: mailboxOf(d),
    payeeCameInTime: d.ghosts.payeeCameInTime,
    invoiceFrom: wire(d).some((e) => e.from === 'B' && (isTrueInvoice(d, e) || isForgedInvoice(d, e))) ? B : -1,
    hops: Array.from({ length: ctx.hops + 1 }, (_, i) => hopOf(d, i)),
    wallet,
    channelSat: d.settlement === undefined ? PAYER_CHANNEL_SAT + HUB_CHANNEL_SAT : 0,
    // A stale U(n − i) on chain (the model's staleStates) is the driver's update −i: the model's update 0, stale i.
    chain: {
      update: u === undefined ? -1 : Math.max(u.state, 0),
      updateHeight: u?.height ?? -1,
      settled: d.settlement !== undefined,
      ...(u !== undefined && u.state < 0 ? { stale: -u.state } : {}),
    },
    nonceUses: nonceUsesOf(d),
    lockReleased: phase === 'paid' || phase === 'cancelled' || d.ghosts.lockReleased,
    hubCrashed: d.ghosts.hubCrashed,
    // On-chain claims waiting for the next block (the offerer learns the secret when it confirms).
    pendingReveal: [...d.onChainClaims].reduce((m, [hop, c]) => (c.confirmed ? m : m | (1 << hop)), 0),
    forged: forgedBits(d),
    resale: resale ?? NO_RESALE,
    pending: pending ?? NO_PENDING,
    // The impl confirms a channel transaction when it is published (the model's inclusionDelayBlocks 0).
    mempool: EMPTY_MEMPOOL,
    // The impl's nodes see every block (the model's eclipseBlocks 0).
    eclipseLag: 0,
    // The model's hubCrashLosesUnpersisted: A's partial on U(n+2) S took but has not written (driver.hubStore).
    hubUnpersisted: d.hubStore === undefined ? 0 : K_U2,
  };
}
