/**
 * `abstraction(driver) → Scheme2State`: the one function that maps the real scheme-2 system onto the
 * scheme-2 model (model/scheme2/state.ts). Every field comes from what the impl shows: node snapshots, the
 * messages on the wire (delivered and queued), and the oracle's chain.
 *
 * Field by field:
 * - `height`, `online`: the world's height (minus the start) and online map (A, S, B, M).
 * - `knows` (per party, closed with `close2`):
 *   - `U0St0` / `U2St2`: the node holds U_BS and St_BS of m / m+2 complete (impl states 1 / 3).
 *   - `St1`: the node holds the complete St_BS(m+1) (its proposal's settlement signature), or S's
 *     SettlementSig for it is on its way to B (knowledge in transit, as in scheme 1).
 *   - `sB`: B made its partial signature on U_BS(m+1); any message to another node carrying it in the clear
 *     teaches it to the receiver.
 *   - `sS`: A extracted S's partial signature from S's claim (its watch), or the claim is on its way to A; B
 *     took the complete U_BS(m+1) (its proposal's update signature), or A's handoff of the one A holds is on its
 *     way to B (a forged handoff teaches nothing). S's own partial
 *     signature is not counted for S: the model never gives S the bit (S cannot complete U_BS(m+1) without sB).
 *   - every name a coalition member was told by a `CoalitionShare` (the driver's `outOfBand`, coalition.ts).
 *   - `bundle`: a MailboxDeliver carrying the sealed bundle B put into M was addressed to A (delivered or
 *     queued: A reads it the moment it looks, and an honest A that refuses it has still read it); a bundle
 *     forged by someone else teaches nothing.
 * - `phase`: `cancelled` once B or S holds m+2 complete; else `bought` once S sold its signature; else
 *   `bundleSent` once B signed sB; else `setup`.
 * - `bundleExpiry`: the expiry B's request names, minus the start height.
 * - `mailbox`: `delivered` once M handed out B's own bundle; `held` while M stores it; else `empty`.
 * - `payerCameInTime`: a history ghost the driver records at PayerComeOnline.
 * - `ptlc`: A's outgoing PTLC to S as A records it (pending = offered, timed-out = refunded).
 * - `wallet`: A's side of the A–S ledger; S's side minus its start plus its settlement output; B's settlement
 *   output; M nothing.
 * - `channelSat`, `chain`: the B–S update and settlement the oracle confirmed on the validating chain.
 */
import { keyPathOutput } from '../../impl/tx/keypath.ts';
import type { Envelope } from '../../impl/node/messages.ts';
import { fromHex } from '../../impl/node/wire.ts';
import { A, B, M, S } from '../../model/parties.ts';
import {
  HUB_CHANNEL_SAT as HUB2_CHANNEL_SAT,
  K2_BUNDLE,
  K2_SB,
  K2_SS,
  K2_ST1,
  K2_U0,
  K2_U2,
  PAYEE_CHANNEL_SAT,
  closeKnowledge as close2,
  type Phase as Phase2,
  type PtlcStatus,
  type Scheme2State,
} from '../../model/scheme2/state.ts';
import type { Ctx as Ctx2 } from '../../model/scheme2/machine.ts';
import { LEDGER_SAT, STATE_OFFSET, type Scheme2Driver } from './driver.ts';

export const PARTY_IDS = ['A', 'S', 'B', 'M'] as const;
/** Impl state numbers of m, m+1, m+2. */
const M0 = STATE_OFFSET;
const M1 = STATE_OFFSET + 1;
const M2 = STATE_OFFSET + 2;

/** Every message a party sent: delivered (accepted or not) and still queued (a stutter's injected envelope is none). */
export function wire(d: Scheme2Driver): readonly Envelope[] {
  return d.wire().filter((e) => !d.stutters.has(e.sig));
}

/** B's proposal of m+1 (the payment state of the B–S channel), as node `id` records it. */
function proposalM1(d: Scheme2Driver, id: string) {
  return d.channelOf(id)?.proposals.find((p) => p.state === M1);
}

/** s_B in hex, once B made it. */
function payeePartial(d: Scheme2Driver): string | undefined {
  const p = proposalM1(d, 'B');
  return p?.purpose === 'async2' ? (p.partyUpdatePartial ?? undefined) : undefined;
}

/** The sealed bundles B put into M (a bundle forged by someone else teaches nothing). */
function payeeBundles(msgs: readonly Envelope[]): Set<string> {
  const out = new Set<string>();
  for (const e of msgs) if (e.from === 'B' && e.to === 'M' && e.body.kind === 'MailboxStore') out.add(e.body.sealed);
  return out;
}

/** A MailboxDeliver from M to `id` carrying one of B's own sealed bundles. */
function bundleTo(e: Envelope, id: string, sealed: ReadonlySet<string>): boolean {
  return (
    e.to === id &&
    e.from === 'M' &&
    e.body.kind === 'MailboxDeliver' &&
    e.body.items.some((i) => i.sender === 'B' && sealed.has(i.sealed))
  );
}

function knowledge(d: Scheme2Driver): number[] {
  const msgs = wire(d);
  const queued = d.queued();
  const sB = payeePartial(d);
  const sealed = payeeBundles(msgs);
  const knows = [0, 0, 0, 0];
  // A
  const a = d.node('A');
  const watch = a.role === 'payer' ? a.snapshot.watches[0] : undefined;
  let ka = 0;
  if (msgs.some((e) => bundleTo(e, 'A', sealed))) ka |= K2_BUNDLE;
  if (watch?.hubPartialSig != null || queued.some((e) => e.to === 'A' && e.from === 'S' && e.body.kind === 'PtlcClaim'))
    ka |= K2_SS;
  knows[A] = ka;
  // S
  let ks = 0;
  if (d.holdsComplete('S', M0)) ks |= K2_U0;
  if (proposalM1(d, 'S')?.settleSig != null) ks |= K2_ST1;
  if (d.holdsComplete('S', M2)) ks |= K2_U2;
  knows[S] = ks;
  // B
  const bP = proposalM1(d, 'B');
  let kb = 0;
  if (d.holdsComplete('B', M0)) kb |= K2_U0;
  if (
    bP?.settleSig != null ||
    queued.some((e) => e.to === 'B' && e.from === 'S' && e.body.kind === 'SettlementSig' && e.body.state === M1)
  )
    kb |= K2_ST1;
  if (sB !== undefined) kb |= K2_SB;
  const complete = watch?.updateSig ?? undefined;
  if (
    bP?.updateSig != null ||
    (complete !== undefined &&
      msgs.some((e) => e.to === 'B' && e.body.kind === 'WatchtowerHandoff' && e.body.updateSig === complete))
  )
    kb |= K2_SS;
  if (d.holdsComplete('B', M2)) kb |= K2_U2;
  knows[B] = kb;
  // s_B in the clear on the wire teaches it to its receiver (B's own messages to itself aside).
  if (sB !== undefined) {
    for (const e of msgs) {
      const idx = PARTY_IDS.indexOf(e.to as (typeof PARTY_IDS)[number]);
      if (idx < 0 || e.to === 'B') continue;
      if (JSON.stringify(e.body).includes(sB)) knows[idx] = (knows[idx] ?? 0) | K2_SB;
    }
  }
  knows[M] = knows[M] ?? 0;
  // What a coalition member was told through the collusion channel (coalition.ts, CoalitionShare).
  for (const [id, told] of d.outOfBand) {
    const idx = PARTY_IDS.indexOf(id as (typeof PARTY_IDS)[number]);
    if (idx >= 0) knows[idx] = (knows[idx] ?? 0) | told.bits;
  }
  return knows.map(close2);
}

function phaseOf(d: Scheme2Driver): Phase2 {
  if (d.holdsComplete('B', M2) || d.holdsComplete('S', M2)) return 'cancelled';
  const s = d.node('S');
  if (s.role === 'hub' && s.snapshot.sold.length > 0) return 'bought';
  return payeePartial(d) === undefined ? 'setup' : 'bundleSent';
}

function mailboxOf(d: Scheme2Driver): Scheme2State['mailbox'] {
  const msgs = wire(d);
  if (msgs.some((e) => bundleTo(e, 'A', payeeBundles(msgs)))) return 'delivered';
  const m = d.node('M');
  if (m.role === 'mailbox' && m.snapshot.stored.some((x) => x.sender === 'B')) return 'held';
  return 'empty';
}

function ptlcOf(d: Scheme2Driver): Scheme2State['ptlc'] {
  const a = d.node('A');
  const e = a.role === 'payer' ? a.snapshot.ptlcs.find((p) => p.direction === 'out' && p.peer === 'S') : undefined;
  if (e === undefined) return { status: 'none', timeoutHeight: -1 };
  const status: PtlcStatus = e.status === 'pending' ? 'offered' : e.status === 'claimed' ? 'claimed' : 'refunded';
  return { status, timeoutHeight: e.timeoutHeight - d.base };
}

function ledgerLocal(d: Scheme2Driver, id: string, peer: string): number {
  const n = d.node(id);
  if (n.role === 'mailbox') return LEDGER_SAT;
  return n.snapshot.ledgers.find((l) => l.peer === peer)?.localSat ?? LEDGER_SAT;
}

function onChainTo(d: Scheme2Driver, keyHex: string | undefined): number {
  const tx = d.settlement?.tx;
  if (tx === undefined || keyHex === undefined) return 0;
  const script = keyPathOutput({ internalKey: fromHex(keyHex).slice(1) }).scriptPubKey;
  let total = 0;
  for (const o of tx.outs) if (Buffer.from(o.script).equals(Buffer.from(script))) total += Number(o.value);
  return total;
}

export function abstraction(d: Scheme2Driver, _ctx: Ctx2): Scheme2State {
  const online = PARTY_IDS.reduce((m, id, i) => (d.isOnline(id) ? m | (1 << i) : m), 0);
  const phase = phaseOf(d);
  const ch = d.channelOf('S');
  const bP = proposalM1(d, 'B');
  const wallet = [
    ledgerLocal(d, 'A', 'S'),
    ledgerLocal(d, 'S', 'A') - LEDGER_SAT + onChainTo(d, ch?.hubKey),
    onChainTo(d, ch?.partyKey),
    0,
  ];
  const u = d.update;
  return {
    height: d.height,
    online,
    knows: knowledge(d),
    phase,
    bundleExpiry: phase === 'setup' || bP === undefined ? -1 : bP.expiryHeight - d.base,
    mailbox: mailboxOf(d),
    payerCameInTime: d.ghosts.payerCameInTime,
    ptlc: ptlcOf(d),
    wallet,
    channelSat: d.settlement === undefined ? PAYEE_CHANNEL_SAT + HUB2_CHANNEL_SAT : 0,
    chain: { update: u?.state ?? -1, updateHeight: u?.height ?? -1, settled: d.settlement !== undefined },
  };
}
