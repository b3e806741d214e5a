/**
 * The registered variants: the same machine with switches, each with its default config and the verdict
 * it is meant to give on every property (so the variants × properties table shows findings, not surprises).
 *
 * Expectations are functions of the config's context, because what a variant keeps depends on who
 * deviates (e.g. `paymentCompletes` is only asked when nobody does). The rationale for each expectation
 * is in model/README.md.
 */
import type { Expectation } from '../../checker/model.ts';
import type { ProtocolConfig } from '../config.ts';
import { eclipseVictim, isHonest, type Ctx } from './context.ts';
import { A, B, M, S, routerIndex } from '../parties.ts';
import { unreachable } from '../../util/unreachable.ts';
import { BASE_SWITCHES, type Switches } from './switches.ts';
import { pendingSlackBlocks } from './state.ts';
import {
  cancelAsMessages,
  claimMargin,
  eclipseBlocksOf,
  hopCloseDelay,
  inclusionDelay,
  twoStepClaim,
} from '../config.ts';

export interface VariantDef {
  readonly name: string;
  readonly family: 'scheme1' | 'scheme2' | 'flaw';
  readonly description: string;
  readonly switches: Switches;
  readonly defaults: ProtocolConfig;
  readonly expect: (ctx: Ctx) => Readonly<Record<string, Expectation>>;
}

const DIRECT: ProtocolConfig = {
  hops: 0,
  payments: 1,
  csvDelayBlocks: 2,
  ptlcTimeoutBlocks: 1,
  rebindMarginBlocks: 1,
  hopDeltaBlocks: 1,
  mailboxExpiryBlocks: 3,
  deviating: ['S'],
  maxHeight: 5,
  hubMayCrash: false,
};

const SPLIT: ProtocolConfig = {
  hops: 2,
  payments: 1,
  csvDelayBlocks: 4,
  ptlcTimeoutBlocks: 3,
  rebindMarginBlocks: 1,
  hopDeltaBlocks: 1,
  mailboxExpiryBlocks: 4,
  deviating: ['S', 'P2'],
  maxHeight: 4,
  hubMayCrash: false,
};

/** A routing node P_j, or S for j = 0 (the path's node j). */
function node(j: number): number {
  return j === 0 ? S : routerIndex(j);
}

/**
 * The wormhole (Malavolta et al.): with the same point on every hop, two deviating nodes j < l on the path
 * with an honest routing node between them pass s_A from l to j out of band; j claims upstream (or, for
 * S, simply holds s_A) while the honest nodes between are refunded and lose their fees.
 * Returns the lowest such j, or -1.
 */
function wormholeStart(ctx: Ctx): number {
  // Decorrelated points stop it unless the coalition knows the tweaks across the honest node: B picked them all.
  if (ctx.switches.decorrelated && isHonest(ctx, B)) return -1;
  for (let j = 0; j <= ctx.hops; j++) {
    if (isHonest(ctx, node(j))) continue;
    for (let l = j + 2; l <= ctx.hops; l++) {
      if (isHonest(ctx, node(l))) continue;
      for (let m = j + 1; m < l; m++) if (isHonest(ctx, node(m))) return j;
    }
  }
  return -1;
}

/**
 * Whether the coalition (without A or B) can tie A to B: S is in it (S knows T belongs to A's channel),
 * the node offering B's hop is in it, and it knows every tweak between T and B's hop (all public with the
 * same point; with decorrelation, S's and every routing node's).
 */
function coalitionCanLink(ctx: Ctx): boolean {
  if (!isHonest(ctx, A) || !isHonest(ctx, B)) return false;
  if (isHonest(ctx, S) || isHonest(ctx, node(ctx.hops))) return false;
  if (!ctx.switches.decorrelated) return true;
  for (let j = 1; j <= ctx.hops; j++) if (isHonest(ctx, node(j))) return false;
  return true;
}

/**
 * The direct path's claim in two steps cannot go on chain in time (R-08-16): the hop channel's close delay
 * reaches the PTLC's timeout, and that timeout falls within the horizon. B eclipsed for e blocks (R-09-15) closes
 * on a view e blocks old and sees its own close confirm e blocks late: it misses the timeout also when the close
 * delay plus e reaches it, or when claim_margin_blocks ≤ 2e (apln synth over eclipseBlocks × claimMarginBlocks).
 */
function lateHopClose(ctx: Ctx): boolean {
  const c = ctx.config;
  const ecl = eclipseVictim(ctx) === B ? eclipseBlocksOf(c) : 0;
  return (
    twoStepClaim(c) &&
    ctx.hops === 0 &&
    (hopCloseDelay(c) + ecl >= c.ptlcTimeoutBlocks || claimMargin(c) <= 2 * ecl) &&
    c.ptlcTimeoutBlocks < c.maxHeight
  );
}

/** Each property's expected verdict for a scheme-1 variant in context `ctx` (the rationale is in README.md). */
function scheme1Expectations(ctx: Ctx): Record<string, Expectation> {
  const e: Record<string, Expectation> = {};
  const sw = ctx.switches;
  const aHonest = isHonest(ctx, A);
  const abHonest = aHonest && isHonest(ctx, B);
  // Without a timeout path A's pending amount waits for S's cooperation or for B (R-06 is the fix); a
  // deviating A may stay away for good.
  // With `payerClosesAlone` an honest A closes with U(n) itself once the bundle expired: its lock is bounded against
  // S and B (only a deviating A, keeping its own lock, violates it). An early cancel needs S, so changes nothing.
  // Checked so far (properties/payer-switches.test.ts, coalitions of up to one party and the defaults): a deviating
  // router on the path, or the reversed-order flaw's deviating S (U(n+1) stranded), still holds it.
  let routersHonest = true;
  for (let j = 1; j <= ctx.hops; j++) routersHonest &&= isHonest(ctx, routerIndex(j));
  const closesAlone =
    ctx.config.payerClosesAlone === true &&
    routersHonest &&
    !(sw.flaw === 'updateBeforeSettlement' && !isHonest(ctx, S));
  e['liveness.payerLockBounded'] = (sw.timeoutPath || closesAlone) && aHonest ? 'holds' : 'violated';
  // An honest A that may cancel early can stop the payment B came in time for (its own choice, 03).
  if (ctx.config.payerCancelsEarly === true && ctx.config.deviating.length === 0)
    e['liveness.paymentCompletes'] = 'violated';
  if (!sw.receipt) {
    // The proposal gives A no proof: s_A is A's own secret.
    if (aHonest) e['proofOfPayment.payerHoldsProof'] = 'violated';
    e['proofOfPayment.witnessPayerHoldsProof'] = 'unreached';
  } else {
    // 06 §2.4: A and S together know y = s_A + s_S and complete B's receipt pre-signature without paying B.
    if (!aHonest && !isHonest(ctx, S)) e['proofOfPayment.proofImpliesPaid'] = 'violated';
    // payeeReusesReceiptNonce: an honest B's invoice and its receipt pre-signature share one nonce (two messages).
    if (ctx.config.payeeReusesReceiptNonce === true && isHonest(ctx, B)) e['nonceSafety.noReuse'] = 'violated';
  }
  // A second invoice for state n+1 (R-09-11, R-09-12) reaches an honest S only from a deviating B or A.
  const resellers = isHonest(ctx, S) && (!aHonest || !isHonest(ctx, B));
  if (!resellers) e['honestHubLosesNothing.witnessSecondInvoice'] = 'unreached';
  // An invoice for a point other than s_A's (R-09-14) comes only from a forged bundle (deviating A) or a forged
  // invoice (deviating B); S refuses it by its point check, unless it skips that check (the flaw).
  const equivocators = resellers;
  if (!equivocators || sw.flaw === 'hubSkipsPointCheck')
    e['honestHubLosesNothing.witnessRefusedMismatch'] = 'unreached';
  if (ctx.config.hubMayCrash) {
    // S may be down through the expiry (nobody buys) and through a CSV window: a stale U(n) published
    // then (by a deviating A, or by an honest A's timeout close) settles before S can rebind.
    if (ctx.config.deviating.length === 0) e['liveness.paymentCompletes'] = 'violated';
    // (Only when that loss fits in the horizon: a deviating A's U(n) right after S buys; with the pending output,
    // an honest A's sweep of the timeout leaf at expiry + D after S's own close at the expiry, R-06-04.)
    const { csvDelayBlocks: csv, mailboxExpiryBlocks: expiry, maxHeight } = ctx.config;
    const staleFits =
      (!aHonest && csv <= maxHeight) || (sw.timeoutPath && expiry + pendingSlackBlocks(ctx.config) <= maxHeight);
    if (isHonest(ctx, S) && staleFits) e['honestHubLosesNothing.notTooLate'] = 'violated';
  }
  // A rebind margin no larger than the inclusion delay (R-02-20/21; rebindMarginBlocks 0 without a mempool): a
  // deviating A puts U(n) on chain, and its partner receiving hop 0 (B, or M holding A's bundle, or P1) claims on
  // chain in the PTLC's last block; S sees s_A, publishes U(n+1), the adversary holds it in the mempool until
  // St(n) is valid, and A's settlement confirms first.
  // Time dilation (R-09-15, 11 §14.7): S eclipsed for `ecl` blocks checks R-02-21 on a view that old. With that
  // partner (claiming in the PTLC's last block) the margin must exceed the eclipse: margin ≤ ecl loses. With A
  // alone (A puts U(n) on chain, S buys on its stale view, an honest B claims at once, A settles): PTLC + margin
  // ≤ ecl loses. Both found by apln synth on scheme1-direct (csv 2 and 4), exact on the grid.
  const ecl = eclipseVictim(ctx) === S ? eclipseBlocksOf(ctx.config) : 0;
  const hop0Receivers = ctx.hops === 0 ? [B, M] : [routerIndex(1)];
  if (
    isHonest(ctx, S) &&
    !aHonest &&
    ((ctx.config.rebindMarginBlocks <= inclusionDelay(ctx.config) + ecl &&
      hop0Receivers.some((p) => !isHonest(ctx, p))) ||
      ctx.config.ptlcTimeoutBlocks + ctx.config.rebindMarginBlocks <= ecl)
  ) {
    e['honestHubLosesNothing.notTooLate'] = 'violated';
  }
  // The cancellation as messages (cancelSteps 2, 03 §1) with its order broken: S's state check ignores the St(n+2)
  // it signed and the partial on U(n+2) it sent (hubChecksCancelSigs false: R-03-06, R-03-07 dropped), or S sends
  // them before persisting and a crash loses them (hubPersistsFirst false: R-01-14, R-03-05 dropped). An honest S
  // then buys s_A after A holds U(n+2), and n+2 supersedes what it bought. It takes a cancellation before the expiry
  // (a deviating A, or an honest A that cancels early); with both rules kept every such run holds.
  const cancelOrderBroken = ctx.config.hubChecksCancelSigs === false || ctx.config.hubPersistsFirst === false;
  const cancelsBeforeExpiry = !aHonest || ctx.config.payerCancelsEarly === true;
  if (cancelAsMessages(ctx.config) && isHonest(ctx, S) && cancelOrderBroken && cancelsBeforeExpiry)
    e['honestHubLosesNothing.notSuperseded'] = 'violated';
  // The same crash after S offered hop 0 but before it wrote its purchase record (R-02-22 dropped): S forgets it
  // bought and pays a second invoice for n+1 from a deviating B or A (R-09-11, R-09-12).
  if (ctx.config.hubPersistsFirst === false && isHonest(ctx, S) && (!aHonest || !isHonest(ctx, B)))
    e['honestHubLosesNothing.notTwice'] = 'violated';
  // Equal timeouts (hopDeltaBlocks 0, against R-04-02's strictly decreasing ones): a deviating receiver of an
  // honest router's outgoing hop claims it on chain in its last block; the router sees the secret when its
  // incoming hop has timed out too, and pays without being paid.
  // The payment then completes without that router's fee when a deviating node upstream of it can learn
  // s_A from the coalition downstream (same point, or the coalition holds the tweaks: B, or M posing as payee).
  if (ctx.hops > 0 && ctx.config.hopDeltaBlocks === 0) {
    // M can pose as the payee when it can read s_A: the plaintext flaw, or a partner that holds it.
    const mSells = !isHonest(ctx, M) && (sw.flaw === 'plaintextMailbox' || !aHonest || !isHonest(ctx, B));
    const tweaksLeak = !sw.decorrelated || !isHonest(ctx, B) || mSells;
    for (let j = 1; j <= ctx.hops; j++) {
      const downstreamDeviates = j < ctx.hops ? !isHonest(ctx, routerIndex(j + 1)) : !isHonest(ctx, B) || mSells;
      if (!isHonest(ctx, routerIndex(j)) || !downstreamDeviates) continue;
      e['honestIntermediaryPaid.neverLoses'] = 'violated';
      e['honestIntermediaryPaid.canClaimUpstream'] = 'violated';
      let upstreamDeviates = !isHonest(ctx, S);
      for (let i = 1; i < j; i++) upstreamDeviates ||= !isHonest(ctx, routerIndex(i));
      if (upstreamDeviates && tweaksLeak) e['honestIntermediaryPaid.earnsFeeOnCompletion'] = 'violated';
    }
  }
  // The claim in two steps with a hop channel that closes too slowly (R-08-16: hopCloseDelayBlocks +
  // claim_margin_blocks > ptlcTimeoutBlocks, direct path): B reveals s_A, S withholds the commit (a deviating S,
  // or an honest one that crashes right after the reveal), B's on-chain claim cannot confirm before the timeout
  // and S takes hop 0 back, knowing s_A. (The split paths' rules are not declared: check them case by case.)
  if (lateHopClose(ctx) && abHonest && (!isHonest(ctx, S) || ctx.config.hubMayCrash)) {
    e['atomicSale.hubLearnsOnlyIfClaimed'] = 'violated';
    e['hubCannotSteal.paidOnlyIfPayeePaid'] = 'violated';
    e['hubCannotSteal.noUpdateWithoutPaying'] = 'violated';
    e['payeeNotCheated.secretOnlyForPayment'] = 'violated';
    e['secrecy.onlyPayersLearn'] = 'violated';
    // The receipt comes with the reveal: S shows A a proof for a payment it then takes back.
    if (sw.receipt) e['proofOfPayment.proofImpliesPaid'] = 'violated';
  }
  // The wormhole robs the honest nodes it skips of their fees; the coalition itself paid B.
  if (wormholeStart(ctx) >= 0) e['honestIntermediaryPaid.earnsFeeOnCompletion'] = 'violated';
  if (ctx.hops > 0 && coalitionCanLink(ctx)) e['linkability.coalitionCannotLink'] = 'violated';
  switch (sw.flaw) {
    case 'none':
      break;
    case 'updateBeforeSettlement':
      // An honest S buys s_A before it holds St(n+1) and cannot enforce what it paid for until A is back.
      if (isHonest(ctx, S)) e['honestHubLosesNothing.notTooLate'] = 'violated';
      // A deviating S buys s_A, publishes U(n+1) and never signs St(n+1): A's funds are stranded.
      if (aHonest && !isHonest(ctx, S)) {
        e['hubCannotSteal.payerBalanceFloor'] = 'violated';
        e['hubCannotSteal.noStrandedUpdate'] = 'violated';
      }
      break;
    case 'hubSkipsStateCheck':
      // A deviating A cancels before the expiry; B sells the stale s_A and S buys it.
      if (isHonest(ctx, S) && !aHonest) e['honestHubLosesNothing.notSuperseded'] = 'violated';
      // Without its "already bought" check (R-02-18) S pays a second invoice for the same state.
      if (resellers) e['honestHubLosesNothing.notTwice'] = 'violated';
      // With S's cancellation signed under its U(n+1) nonce (R-03-04 broken too), the stale s_A S then buys lets it
      // complete U(n+1) with the same nonce: two messages (spec 11 §14.5; R-02-17 alone prevents it elsewhere).
      if (ctx.config.hubReusesNonceOnCancel === true && isHonest(ctx, S) && !aHonest)
        e['nonceSafety.noReuse'] = 'violated';
      break;
    case 'hubSkipsPointCheck':
      // S pays an invoice whose point is not s_A's: the claim teaches it nothing that completes U(n+1).
      if (equivocators) e['honestHubLosesNothing.onlyMatchingPoint'] = 'violated';
      // What S bought completes nothing, so it cannot answer a deviating A's stale U(n): St(n) settles.
      if (isHonest(ctx, S) && !aHonest) e['honestHubLosesNothing.notTooLate'] = 'violated';
      break;
    case 'plaintextMailbox':
      // M reads s_A the moment it stores the bundle; a deviating M sells it to S in B's place.
      if (abHonest) {
        e['secrecy.mailboxLearnsNothing'] = 'violated';
        e['secrecy.onlyPayersLearn'] = 'violated';
        e['payeeNotCheated.secretOnlyForPayment'] = 'violated';
        if (!isHonest(ctx, M)) e['hubCannotSteal.paidOnlyIfPayeePaid'] = 'violated';
        // With S in the coalition, M simply hands s_A over: S gets U(n+1) without paying anyone.
        if (!isHonest(ctx, M) && !isHonest(ctx, S)) {
          e['atomicSale.hubLearnsOnlyIfClaimed'] = 'violated';
          e['hubCannotSteal.noUpdateWithoutPaying'] = 'violated';
        }
      }
      break;
    case 'nonceReuseOnResign':
      e['nonceSafety.noReuse'] = 'violated';
      break;
    default:
      return unreachable(sw.flaw, 'flaw');
  }
  return e;
}

export const VARIANTS: readonly VariantDef[] = [
  {
    name: 'scheme1-direct',
    family: 'scheme1',
    description:
      'Scheme 1 as proposed: A pre-signs U(n+1), B sells s_A to S for a PTLC S → B. No timeout, no proof of payment.',
    switches: BASE_SWITCHES,
    defaults: DIRECT,
    expect: scheme1Expectations,
  },
  {
    name: 'scheme1-split-same-point',
    family: 'scheme1',
    description: "Scheme 1 routed S → P1 → … → Pk → B with the proposal's same point T on every hop.",
    switches: BASE_SWITCHES,
    defaults: SPLIT,
    expect: scheme1Expectations,
  },
  {
    name: 'scheme1-split-decorrelated',
    family: 'scheme1',
    description: 'Scheme 1 routed through P1..Pk with decorrelated points T + X_i·G (anonymous multi-hop locks).',
    switches: { ...BASE_SWITCHES, decorrelated: true },
    defaults: SPLIT,
    expect: scheme1Expectations,
  },
  {
    name: 'scheme1-timeout',
    family: 'scheme1',
    description:
      "Scheme 1 plus the spec's on-chain timeout (06 §1): St(n+1) pays amt + fee to a pending output S claims, or A takes back from expiry + D.",
    switches: { ...BASE_SWITCHES, timeoutPath: true },
    // The pending timeout (expiry 3 + D 6 = 9) and A's sweep fit in the horizon.
    defaults: { ...DIRECT, maxHeight: 12 },
    expect: scheme1Expectations,
  },
  {
    name: 'scheme1-receipt',
    family: 'scheme1',
    description:
      "Scheme 1 plus a receipt: B's invoice carries a receipt pre-signature that S completes with s_A and hands to A.",
    switches: { ...BASE_SWITCHES, receipt: true },
    defaults: DIRECT,
    expect: scheme1Expectations,
  },
  {
    name: 'flaw-update-before-settlement',
    family: 'flaw',
    description:
      "Flawed: s_A leaves A before St(n+1) is co-signed; a deviating S buys, publishes U(n+1) and strands A's funds.",
    switches: { ...BASE_SWITCHES, flaw: 'updateBeforeSettlement' },
    defaults: DIRECT,
    expect: scheme1Expectations,
  },
  {
    name: 'flaw-hub-skips-state-check',
    family: 'flaw',
    description:
      'Flawed: S buys without checking n+1 is still the latest state; after a cancellation, A and B sell the stale s_A.',
    switches: { ...BASE_SWITCHES, flaw: 'hubSkipsStateCheck' },
    defaults: { ...DIRECT, deviating: ['A', 'B'] },
    expect: scheme1Expectations,
  },
  {
    name: 'flaw-hub-skips-point-check',
    family: 'flaw',
    description:
      "Flawed: S pays without comparing the invoice's point with A's partial-signature point; a deviating B invoices a point of its own.",
    switches: { ...BASE_SWITCHES, flaw: 'hubSkipsPointCheck' },
    defaults: { ...DIRECT, deviating: ['B'] },
    expect: scheme1Expectations,
  },
  {
    name: 'flaw-plaintext-mailbox',
    family: 'flaw',
    description: 'Flawed: the bundle sits in M unencrypted; a deviating M reads s_A and sells it to S itself.',
    switches: { ...BASE_SWITCHES, flaw: 'plaintextMailbox' },
    defaults: { ...DIRECT, deviating: ['M'] },
    expect: scheme1Expectations,
  },
  {
    name: 'flaw-nonce-reuse-on-resign',
    family: 'flaw',
    description: 'Flawed: after a cancellation A signs its next attempt with the secret nonce it used for s_A.',
    switches: { ...BASE_SWITCHES, flaw: 'nonceReuseOnResign' },
    defaults: { ...DIRECT, deviating: [] },
    expect: scheme1Expectations,
  },
];
