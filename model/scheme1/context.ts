/**
 * What the guards and effects need besides the state: the config, the variant's switches, and derived
 * facts (who deviates, the payee's hop, knowledge helpers).
 */
import type { ProtocolConfig } from '../config.ts';
import { deviatingIndices, eclipseBlocksOf } from '../config.ts';
import { K_FORGED, K_SA, K_SS1, K_ST1, K_ST2, K_U0, K_U2, closeKnowledge } from './knowledge.ts';
import { B, PARTIES, hopOfferer, hopReceiver, inMask, maskOf } from '../parties.ts';
import { FORGED_INVOICE, type ProtocolState } from './state.ts';
import type { Switches } from './switches.ts';

export interface Ctx {
  readonly config: ProtocolConfig;
  readonly switches: Switches;
  /** Bitmask of the deviating parties (the coalition). */
  readonly deviating: number;
  readonly hops: number;
}

export function makeCtx(config: ProtocolConfig, switches: Switches): Ctx {
  return { config, switches, deviating: maskOf(deviatingIndices(config)), hops: config.hops };
}

export function isHonest(ctx: Ctx, party: number): boolean {
  return !inMask(ctx.deviating, party);
}

/**
 * Time dilation (`eclipseBlocks` > 0): the honest party the adversary may eclipse (`eclipsed`, A or S), or −1 when
 * there is no eclipse or that party deviates (a deviating party needs no eclipse to act late).
 */
export function eclipseVictim(ctx: Ctx): number {
  if (eclipseBlocksOf(ctx.config) === 0) return -1;
  const victim = PARTIES.indexOf(ctx.config.eclipsed ?? 'S');
  return isHonest(ctx, victim) ? victim : -1;
}

/** The height `party` sees: the eclipsed party's view trails the chain by `eclipseLag` (0 for everyone else). */
export function viewHeight(ctx: Ctx, s: ProtocolState, party: number): number {
  return s.eclipseLag > 0 && party === eclipseVictim(ctx) ? s.height - s.eclipseLag : s.height;
}

export function isOnline(s: ProtocolState, party: number): boolean {
  return inMask(s.online, party);
}

export function knows(s: ProtocolState, party: number, bits: number): boolean {
  return ((s.knows[party] ?? 0) & bits) === bits;
}

/** The payee of the path: whoever S holds an invoice from (B unless M sold a leaked bundle). */
function payeeOf(s: ProtocolState): number {
  return s.invoiceFrom >= 0 ? s.invoiceFrom : B;
}

export function offererOf(i: number): number {
  return hopOfferer(i);
}

export function receiverOf(ctx: Ctx, s: ProtocolState, i: number): number {
  return hopReceiver(i, ctx.hops, payeeOf(s));
}

/** `party` holds a complete update U(n+j) (both signatures). */
export function holdsUpdate(s: ProtocolState, party: number, j: number): boolean {
  if (j === 0) return knows(s, party, K_U0);
  if (j === 1) return knows(s, party, K_SA | K_SS1);
  return knows(s, party, K_U2);
}

/** `party` holds the complete settlement St(n+j). */
export function holdsSettlement(s: ProtocolState, party: number, j: number): boolean {
  if (j === 0) return knows(s, party, K_U0);
  if (j === 1) return knows(s, party, K_ST1);
  return knows(s, party, K_U2) || knows(s, party, K_ST2);
}

/** The secret behind the invoice's point, which the path's points tweak: s_A, or the forged secret (R-09-14). */
export function anchorOf(s: ProtocolState): number {
  return (s.forged & FORGED_INVOICE) !== 0 ? K_FORGED : K_SA;
}

/** Adds `bits` to what `party` knows (closed under derivation, the path anchored at `anchor`, see `anchorOf`). */
export function learn(ctx: Ctx, knowsArr: number[], party: number, bits: number, anchor: number): void {
  knowsArr[party] = learned(ctx, knowsArr, party, bits, anchor);
}

/** What `party` knows once it learns `bits` (`learn`'s value, for the callers that write it elsewhere). */
export function learned(ctx: Ctx, knowsArr: readonly number[], party: number, bits: number, anchor: number): number {
  return closeKnowledge((knowsArr[party] ?? 0) | bits, ctx.hops, anchor);
}

/** The timeout height of hop i, given hop 0's: each later hop times out hopDeltaBlocks earlier. */
export function hopTimeout(ctx: Ctx, hop0Timeout: number, i: number): number {
  return hop0Timeout - i * ctx.config.hopDeltaBlocks;
}
