/**
 * Derived views of a protocol state that the properties share: who was paid, what A can still enforce,
 * what the coalition can link. Pure functions of (context, state).
 */
import type { Ctx } from '../model/scheme1/context.ts';
import { holdsSettlement, holdsUpdate, isHonest, knows } from '../model/scheme1/context.ts';
import { K_BUNDLE, K_SA, kRel } from '../model/scheme1/knowledge.ts';
import { B, M, PARTY_COUNT, S, hopOfferer, inMask } from '../model/parties.ts';
import { AMOUNT_SAT, PAYER_CHANNEL_SAT, payerFeeSat, payerShare, type ProtocolState } from '../model/scheme1/state.ts';

/** B (the real payee) was paid: the last hop, whose invoice came from B, was claimed. */
export function payeePaid(ctx: Ctx, s: ProtocolState): boolean {
  return s.invoiceFrom === B && s.hops[ctx.hops]?.status === 'claimed';
}

/**
 * Hop i's claim is under way (`claimSteps` 2): its receiver revealed the secret and the money still waits for the
 * offerer's update or the on-chain claim. A secret known that way is not yet paid for, but not yet lost either: the
 * clauses that ask "was it paid" accept it until the hop is refunded.
 */
export function claimUnderway(s: ProtocolState, i: number): boolean {
  const st = s.hops[i]?.status;
  return st === 'fulfilled' || st === 'closing';
}

/** S paid for s_A: its hop 0 was claimed. */
export function hubPaid(s: ProtocolState): boolean {
  return s.hops[0]?.status === 'claimed';
}

/**
 * S, or its coalition, paid or is paying for s_A: hop 0 was claimed or its claim is under way (claimSteps 2:
 * revealed, not yet paid or refunded), or S deviates and a deviating routing node's outgoing hop was (the coalition
 * paid downstream; what it passes inside is its own affair).
 */
export function hubSidePaying(ctx: Ctx, s: ProtocolState): boolean {
  return hubSideHop(ctx, (i) => s.hops[i]?.status === 'claimed' || claimUnderway(s, i));
}

function hubSideHop(ctx: Ctx, paid: (i: number) => boolean): boolean {
  if (paid(0)) return true;
  if (isHonest(ctx, S)) return false;
  for (let i = 1; i <= ctx.hops; i++) if (!isHonest(ctx, hopOfferer(i)) && paid(i)) return true;
  return false;
}

/** B was paid, or its claim of the last hop is under way (claimSteps 2). */
export function payeePaying(ctx: Ctx, s: ProtocolState): boolean {
  return payeePaid(ctx, s) || (s.invoiceFrom === B && claimUnderway(s, ctx.hops));
}

/** The payment completed: B is paid and S holds s_A (PROTOCOL.md's definition). */
export function paymentCompleted(ctx: Ctx, s: ProtocolState): boolean {
  return payeePaid(ctx, s) && knows(s, S, K_SA);
}

/** A's balance floor: what A had before the payment minus amt + fee. */
export function payerFloor(ctx: Ctx): number {
  return PAYER_CHANNEL_SAT - AMOUNT_SAT - payerFeeSat(ctx.hops);
}

/**
 * What A is guaranteed to end with, whatever the others do from here: after settlement, A's on-chain
 * output; before, A puts its best enforceable state j on chain (an update it holds complete with its
 * settlement, at least the confirmed one), and the others may answer with any later update they hold
 * complete (an honest party only with its settlement). Each state it may end in pays A its share if someone holds that state's settlement, else
 * nothing (the funds are stranded). The minimum over those outcomes.
 */
export function payerGuaranteed(ctx: Ctx, s: ProtocolState): number {
  if (s.chain.settled) return s.wallet[0] ?? 0;
  let jA = -1;
  for (let j = 2; j >= Math.max(0, s.chain.update); j--) {
    const onChainOrHeld = j === s.chain.update || holdsUpdate(s, 0, j);
    if (onChainOrHeld && holdsSettlement(s, 0, j)) {
      jA = j;
      break;
    }
  }
  if (jA < 0) return 0;
  let worst = Infinity;
  for (let j = jA; j <= 2; j++) {
    // A deviating holder may publish any complete update; an honest one only a state whose settlement it holds.
    const reachable =
      j === jA || anyone(s, (p) => holdsUpdate(s, p, j) && (!isHonest(ctx, p) || holdsSettlement(s, p, j)));
    if (!reachable) continue;
    const settles = anyone(s, (p) => holdsSettlement(s, p, j));
    worst = Math.min(worst, settles ? payerShare(j, ctx.hops) : 0);
  }
  return worst;
}

function anyone(_s: ProtocolState, f: (p: number) => boolean): boolean {
  for (let p = 0; p < PARTY_COUNT; p++) if (f(p)) return true;
  return false;
}

/** The coalition's pooled knowledge (what its members could know by sharing). */
function coalitionKnows(ctx: Ctx, s: ProtocolState): number {
  let union = 0;
  for (let p = 0; p < PARTY_COUNT; p++) if (inMask(ctx.deviating, p)) union |= s.knows[p] ?? 0;
  return union;
}

/**
 * Whether the coalition can tie A to B: it knows T belongs to A's channel (S computes T from public
 * channel data; M reads it from a plaintext bundle), it sees the lock point of the hop that pays B (a
 * member offers it), and it knows every tweak between T and that point (same point: all are public).
 */
export function coalitionLinks(ctx: Ctx, s: ProtocolState): boolean {
  const c = ctx.deviating;
  const aSide = inMask(c, S) || (inMask(c, M) && knows(s, M, K_BUNDLE));
  const last = s.hops[ctx.hops];
  const bSide = last !== undefined && last.status !== 'none' && inMask(c, hopOfferer(ctx.hops)) && s.invoiceFrom === B;
  if (!aSide || !bSide) return false;
  const pooled = coalitionKnows(ctx, s);
  for (let i = 0; i <= ctx.hops; i++) if ((pooled & kRel(i)) === 0) return false;
  return true;
}
