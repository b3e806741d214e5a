/**
 * The baselines' guards, effects and checker `Model`: one small machine, three designs.
 *
 * - `rod` (LightningRod v1): A sends B a payment request through M and may go offline; B, online, registers
 *   its hash h with S; A, back online, pays S a hold HTLC (amt + fee) and may go offline; B, online again,
 *   invoices S, S pays B and learns p; S settles A's HTLC with p when A is online (or claims it on chain in
 *   its last block).
 * - `lsp` (LDK / BOLT 12 async payments): A offers its HTLC at once (a keysend: A picked p) and may go
 *   offline; its LSP S holds it; B's LSP M holds `held_htlc_available` for B; B, online, sends
 *   `release_held_htlc`; S forwards; B claims; S settles with A when A is online (or claims on chain).
 * - `ln` (plain Lightning, the reference): B is online from the start and invoices A; A pays through S.
 *
 * Conventions as in the proposal's model (enabled.ts): an honest party's mandatory step is urgent and
 * holds the chain back; optional steps (going offline, coming back) and deviating parties' steps never do.
 * An honest B comes online exactly when its absence ends (`payeeBackAt`); a deviating B whenever it likes.
 */
import type { Expectation, ItfValue, Model, Property, WordSink } from '../../checker/model.ts';
import type { Quantity } from '../../checker/extremes.ts';
import { unreachable } from '../../util/unreachable.ts';
import { A, B, M, S, inMask, maskOf } from '../parties.ts';
import { describeBaseline, type BaselineAction } from './actions.ts';
import { BASELINE_PARTIES, type BaselineConfig } from './config.ts';
import { hopCloseDelay, twoStepClaim } from '../config.ts';
import {
  AMOUNT_SAT,
  EMPTY_LEDGER,
  HTLC_STATUSES,
  MESSAGES,
  PAYER_HTLC_SAT,
  START_SAT,
  advanceLedger,
  encodeLedger,
  ledgerQuantities,
  lockedSat,
  payerHtlcSat,
  type BaselineState,
  type Htlc,
} from './state.ts';

export type Design = 'rod' | 'lsp' | 'ln';

export interface BaselineCtx {
  readonly design: Design;
  readonly config: BaselineConfig;
  readonly deviating: number;
}

const PARTIES4 = 4;

export function isHonestIn(ctx: BaselineCtx, p: number): boolean {
  return !inMask(ctx.deviating, p);
}

export function knowsP(s: BaselineState, p: number): boolean {
  return inMask(s.knowsPreimage, p);
}

function initialBaseline(ctx: BaselineCtx): BaselineState {
  const ln = ctx.design === 'ln';
  return {
    height: 0,
    // A, S and M online; B too in plain Lightning.
    online: maskOf(ln ? [A, S, B, M] : [A, S, M]),
    // A deviating B may come online whenever it likes from the start.
    payeeBackAt: ln ? -1 : isHonestIn(ctx, B) ? ctx.config.payeeAwayBlocks : 0,
    message: 'none',
    // Plain Lightning: B's invoice (h, signed) is in A's hands from the start and S needs nothing more.
    hubReady: ln,
    // B picks p (LightningRod, plain Lightning); in the LSP design A does (a keysend to a static invoice).
    knowsPreimage: ctx.design === 'lsp' ? maskOf([A]) : maskOf([B]),
    payerHoldsPayeeSig: ln,
    payerHtlc: { status: 'none', timeout: -1 },
    payeeHtlc: { status: 'none', timeout: -1 },
    wallet: [START_SAT, START_SAT, 0, 0],
    forceClosed: false,
    hubCrashed: false,
    payeeFulfilledAt: -1,
    payeeClaimableAt: -1,
    lock: EMPTY_LEDGER,
  };
}

interface Cand {
  readonly action: BaselineAction;
  readonly urgent: boolean;
}

function candidates(ctx: BaselineCtx, s: BaselineState): Cand[] {
  const out: Cand[] = [];
  const h = (p: number): boolean => isHonestIn(ctx, p);
  const on = (p: number): boolean => inMask(s.online, p);
  const add = (action: BaselineAction, urgent: boolean): void => {
    out.push({ action, urgent });
  };
  const { forwardDeltaBlocks: fwd } = ctx.config;
  const aH = s.payerHtlc;
  const bH = s.payeeHtlc;

  // LR-01: A sends B its payment request (pid) through M, in the first block.
  if (ctx.design === 'rod' && on(A) && s.height === 0 && s.message === 'none') add({ kind: 'PayerSendRequest' }, h(A));
  // LR-02, AP-03: M hands B what it holds once B is online.
  if (s.message === 'held' && on(B)) add({ kind: 'MailboxDeliver' }, h(M));
  // LR-03: B, holding the request, registers h, b_proof, b_sign with S.
  if (ctx.design === 'rod' && on(B) && on(S) && s.message === 'delivered' && !s.hubReady)
    add({ kind: 'PayeeRegisterHash' }, h(B));
  // AP-04: B, told an HTLC is held for it, sends release_held_htlc to A's LSP.
  if (ctx.design === 'lsp' && on(B) && on(S) && s.message === 'delivered' && !s.hubReady)
    add({ kind: 'PayeeReleaseHeld' }, h(B));
  // LR-04 (after B registered), AP-01 and plain Lightning (in the first block): A offers its HTLC to S.
  const mayOffer = ctx.design === 'rod' ? s.hubReady : s.height === 0;
  if (on(A) && on(S) && aH.status === 'none' && mayOffer) {
    add({ kind: 'PayerOfferHtlc' }, h(A));
    // payerSkipsAmountCheck (a flaw, LightningRod): A pays the amount a deviating S's hold invoice names, one sat
    // above B's request + the agreed fee.
    if (ctx.design === 'rod' && ctx.config.payerSkipsAmountCheck === true && !h(S))
      add({ kind: 'PayerOfferHtlc', overpays: true }, h(A));
  }
  // LR-05, AP-05, BOLT 4: S forwards to B while B is online (LightningRod: B invoices) and its own timeout
  // leaves forwardDeltaBlocks before A's; a deviating S forwards regardless of the timing.
  if (
    on(S) &&
    on(B) &&
    s.hubReady &&
    aH.status === 'offered' &&
    bH.status === 'none' &&
    (!h(S) || s.height + fwd < aH.timeout)
  ) {
    add({ kind: 'HubForwardHtlc' }, h(S));
  }
  // BOLT 2: B claims with p before its HTLC's timeout: off chain with S online, else on chain (an honest B
  // in the last block before the timeout).
  if (!twoStepClaim(ctx.config) && on(B) && bH.status === 'offered' && s.height < bH.timeout && knowsP(s, B)) {
    if (on(S)) add({ kind: 'PayeeClaimHtlc', onChain: false }, h(B));
    else if (!h(B) || s.height === bH.timeout - 1) add({ kind: 'PayeeClaimHtlc', onChain: true }, h(B));
  }
  if (twoStepClaim(ctx.config)) twoStepCandidates(ctx, s, add);
  // BOLT 2: S takes an unclaimed HTLC to B back from its timeout on.
  if (on(S) && bH.status === 'offered' && s.height >= bH.timeout) add({ kind: 'HubRefundHtlc' }, h(S));
  // LR-06, AP-06: S, knowing p, settles A's HTLC off chain while A is online.
  if (on(S) && on(A) && aH.status === 'offered' && knowsP(s, S) && s.height < aH.timeout)
    add({ kind: 'HubSettleHtlc' }, h(S));
  // BOLT 5: S, knowing p, claims A's HTLC on chain (closing the A–S channel); an honest S only when A is
  // offline in the last block before the timeout.
  if (
    on(S) &&
    aH.status === 'offered' &&
    knowsP(s, S) &&
    s.height < aH.timeout &&
    (!h(S) || (!on(A) && s.height === aH.timeout - 1))
  ) {
    add({ kind: 'HubClaimOnChain' }, h(S));
  }
  // BOLT 4, AP-07: S fails A's HTLC back off chain when it can no longer forward in time and has not
  // forwarded (or its HTLC to B came back); a deviating S whenever it holds nothing forwarded.
  const forwardLate = s.height + fwd >= aH.timeout;
  const nothingOut = bH.status === 'none' || bH.status === 'refunded';
  if (
    on(S) &&
    on(A) &&
    aH.status === 'offered' &&
    !knowsP(s, S) &&
    nothingOut &&
    s.height < aH.timeout &&
    (!h(S) || forwardLate)
  ) {
    add({ kind: 'HubFailHtlc' }, h(S));
  }
  // BOLT 2/5, AP-08: A, online with its HTLC still offered at its timeout, closes the channel and takes it back.
  if (on(A) && aH.status === 'offered' && s.height >= aH.timeout) add({ kind: 'PayerTimeoutClose' }, h(A));

  // Going offline and coming back. An honest party leaves only with no mandatory step pending.
  const urgentOf = (labels: readonly string[]): boolean => out.some((c) => c.urgent && labels.includes(c.action.kind));
  const payerSteps = ['PayerSendRequest', 'PayerOfferHtlc', 'PayerTimeoutClose', 'HubSettleHtlc', 'HubFailHtlc'];
  const payeeSteps = [
    'MailboxDeliver',
    'PayeeRegisterHash',
    'PayeeReleaseHeld',
    'HubForwardHtlc',
    'PayeeClaimHtlc',
    'PayeeFulfillHtlc',
    'HubCommitFulfill',
    'PayeeCloseChannel',
  ];
  // Plain Lightning is the reference where both stay online: an honest A or B there never leaves.
  const mayLeave = ctx.design !== 'ln';
  if (on(A) && (!h(A) || (mayLeave && !urgentOf(payerSteps) && (s.message !== 'none' || aH.status !== 'none'))))
    add({ kind: 'PayerGoOffline' }, false);
  if (!on(A)) add({ kind: 'PayerComeBack' }, false);
  // claimSteps 2: an honest B that fulfilled stays until it is paid (by S's commitment or on chain).
  const awaitsPayment = bH.status === 'offered' && s.payeeFulfilledAt >= 0;
  if (on(B) && (!h(B) || (mayLeave && !urgentOf(payeeSteps) && !awaitsPayment))) add({ kind: 'PayeeGoOffline' }, false);
  // A deviating B that left comes back in a later block at the earliest: going offline and online again
  // within one block, without end, would hold time back (a Zeno run no real B can make).
  if (!on(B) && s.height >= s.payeeBackAt) add({ kind: 'PayeeComeOnline' }, h(B) && s.payeeBackAt >= 0);

  if (ctx.config.hubMayCrash && on(S) && !s.hubCrashed) add({ kind: 'HubCrash' }, false);
  if (!on(S) && s.hubCrashed) add({ kind: 'HubRecover' }, false);

  // R-09-05: the coalition pools what it knows (here: p).
  let members = 0;
  let learns = false;
  const union = s.knowsPreimage & ctx.deviating;
  for (let p = 0; p < PARTIES4; p++) {
    if (!inMask(ctx.deviating, p)) continue;
    members++;
    if (union !== 0 && !knowsP(s, p)) learns = true;
  }
  if (members >= 2 && learns) add({ kind: 'CoalitionShare' }, false);
  return out;
}

/**
 * B's claim in two steps (claimSteps 2, BOLT 2): B's `update_fulfill_htlc` hands S the preimage; S's
 * commitment then pays B. If the commitment has not come by the next block, or S is down, B closes the S–B
 * channel and claims on chain `hopCloseDelayBlocks` after its close, before its HTLC's timeout; an honest B
 * closes without a fulfill only when S is down and the close is its last chance to claim in time.
 */
function twoStepCandidates(
  ctx: BaselineCtx,
  s: BaselineState,
  add: (a: BaselineAction, urgent: boolean) => void,
): void {
  const h = (p: number): boolean => isHonestIn(ctx, p);
  const on = (p: number): boolean => inMask(s.online, p);
  const bH = s.payeeHtlc;
  if (bH.status !== 'offered' || !knowsP(s, B)) return;
  const fulfilled = s.payeeFulfilledAt >= 0;
  const closed = s.payeeClaimableAt >= 0;
  const d = hopCloseDelay(ctx.config);
  // BOLT 4's final-hop check: an honest B fulfills only while a stall (a block's wait) still leaves it time to
  // close and claim on chain; the flaw switch payeeSkipsExpiryCheck drops it.
  const inTime = s.height + 1 + d < bH.timeout || ctx.config.payeeSkipsExpiryCheck === true;
  if (on(B) && on(S) && !fulfilled && !closed && s.height < bH.timeout && (!h(B) || inTime))
    add({ kind: 'PayeeFulfillHtlc' }, h(B));
  if (on(S) && on(B) && fulfilled && !closed) add({ kind: 'HubCommitFulfill' }, h(S));
  if (on(B) && !closed) {
    const stalled = fulfilled && (s.height > s.payeeFulfilledAt || !on(S));
    // Without a fulfill (S down, or too late to fulfill), an honest B closes in its last chance to claim in time.
    const lastChance = s.height + d === bH.timeout - 1 && (!on(S) || !inTime);
    if (stalled || (!fulfilled && (!h(B) ? !on(S) || !inTime : lastChance))) add({ kind: 'PayeeCloseChannel' }, h(B));
  }
  if (on(B) && closed && s.height >= s.payeeClaimableAt && s.height < bH.timeout)
    add({ kind: 'PayeeClaimHtlc', onChain: true }, h(B));
}

/** Whether an honest party has a mandatory step left in `s` (time cannot advance): the horizon probe reads it. */
export function hasUrgentStep(ctx: BaselineCtx, s: BaselineState): boolean {
  return candidates(ctx, s).some((c) => c.urgent);
}

function baselineActions(ctx: BaselineCtx, s: BaselineState): BaselineAction[] {
  const cs = candidates(ctx, s);
  const out = cs.map((c) => c.action);
  // A block is mined when no honest party has a mandatory step left at this height.
  if (s.height < ctx.config.maxHeight && !cs.some((c) => c.urgent)) out.push({ kind: 'ChainAdvance' });
  return out;
}

function credit(wallet: readonly number[], p: number, d: number): number[] {
  const out = [...wallet];
  out[p] = (out[p] ?? 0) + d;
  return out;
}

function status(h: Htlc, st: Htlc['status']): Htlc {
  return { ...h, status: st };
}

function baselineNext(ctx: BaselineCtx, s: BaselineState, a: BaselineAction): BaselineState {
  switch (a.kind) {
    case 'PayerSendRequest':
      return { ...s, message: 'held' };
    case 'MailboxDeliver':
      return { ...s, message: 'delivered' };
    case 'PayeeRegisterHash':
      return { ...s, hubReady: true };
    case 'PayeeReleaseHeld':
      return { ...s, hubReady: true };
    case 'PayerOfferHtlc':
      return {
        ...s,
        payerHtlc: { status: 'offered', timeout: s.height + ctx.config.holdCltvBlocks },
        wallet: credit(s.wallet, A, -(PAYER_HTLC_SAT + (a.overpays ? 1 : 0))),
        ...(a.overpays ? { payerOverpays: true } : {}),
        // LightningRod: S hands A B's b_proof and b_sign with the hold invoice (A checks them).
        payerHoldsPayeeSig: s.payerHoldsPayeeSig || ctx.design === 'rod',
        // The LSP design: B's LSP is told (held_htlc_available) to hold a message for B.
        message: ctx.design === 'lsp' ? 'held' : s.message,
      };
    case 'PayerGoOffline':
      return { ...s, online: s.online & ~(1 << A) };
    case 'PayerComeBack':
      return { ...s, online: s.online | (1 << A) };
    case 'PayeeGoOffline':
      return {
        ...s,
        online: s.online & ~(1 << B),
        payeeBackAt: s.height + (isHonestIn(ctx, B) ? ctx.config.payeeAwayBlocks : 1),
      };
    case 'PayeeComeOnline':
      return { ...s, online: s.online | (1 << B), payeeBackAt: -1 };
    case 'HubForwardHtlc':
      return {
        ...s,
        payeeHtlc: { status: 'offered', timeout: s.height + ctx.config.forwardDeltaBlocks },
        wallet: credit(s.wallet, S, -AMOUNT_SAT),
        // A keysend carries p in B's onion.
        knowsPreimage: ctx.design === 'lsp' ? s.knowsPreimage | (1 << B) : s.knowsPreimage,
      };
    case 'PayeeClaimHtlc':
      return {
        ...s,
        payeeHtlc: status(s.payeeHtlc, 'claimed'),
        wallet: credit(s.wallet, B, AMOUNT_SAT),
        knowsPreimage: s.knowsPreimage | (1 << S),
      };
    case 'PayeeFulfillHtlc':
      return { ...s, payeeFulfilledAt: s.height, knowsPreimage: s.knowsPreimage | (1 << S) };
    case 'HubCommitFulfill':
      return { ...s, payeeHtlc: status(s.payeeHtlc, 'claimed'), wallet: credit(s.wallet, B, AMOUNT_SAT) };
    case 'PayeeCloseChannel':
      return { ...s, payeeClaimableAt: s.height + hopCloseDelay(ctx.config) };
    case 'HubRefundHtlc':
      return { ...s, payeeHtlc: status(s.payeeHtlc, 'refunded'), wallet: credit(s.wallet, S, AMOUNT_SAT) };
    case 'HubSettleHtlc':
      return {
        ...s,
        payerHtlc: status(s.payerHtlc, 'claimed'),
        wallet: credit(s.wallet, S, payerHtlcSat(s)),
        knowsPreimage: s.knowsPreimage | (1 << A),
      };
    case 'HubClaimOnChain':
      // The preimage is on chain: A reads it there.
      return {
        ...s,
        payerHtlc: status(s.payerHtlc, 'claimed'),
        wallet: credit(s.wallet, S, payerHtlcSat(s)),
        knowsPreimage: s.knowsPreimage | (1 << A),
        forceClosed: true,
      };
    case 'HubFailHtlc':
      return { ...s, payerHtlc: status(s.payerHtlc, 'refunded'), wallet: credit(s.wallet, A, payerHtlcSat(s)) };
    case 'PayerTimeoutClose':
      return {
        ...s,
        payerHtlc: status(s.payerHtlc, 'refunded'),
        wallet: credit(s.wallet, A, payerHtlcSat(s)),
        forceClosed: true,
      };
    case 'CoalitionShare':
      return { ...s, knowsPreimage: s.knowsPreimage | ((s.knowsPreimage & ctx.deviating) !== 0 ? ctx.deviating : 0) };
    case 'HubCrash':
      return { ...s, online: s.online & ~(1 << S), hubCrashed: true };
    case 'HubRecover':
      return { ...s, online: s.online | (1 << S) };
    case 'ChainAdvance':
      return { ...s, height: s.height + 1, lock: advanceLedger(s.lock, lockedSat(s)) };
    default:
      return unreachable(a, 'action');
  }
}

function encodeBaseline(s: BaselineState, sink: WordSink): void {
  sink.word(s.height | (s.online << 5) | ((s.payeeBackAt + 1) << 9) | (MESSAGES.indexOf(s.message) << 14));
  sink.word(
    (s.hubReady ? 1 : 0) |
      (s.knowsPreimage << 1) |
      ((s.payerHoldsPayeeSig ? 1 : 0) << 5) |
      ((s.forceClosed ? 1 : 0) << 6) |
      ((s.hubCrashed ? 1 : 0) << 7) |
      ((s.payerOverpays ? 1 : 0) << 8),
  );
  sink.word(
    HTLC_STATUSES.indexOf(s.payerHtlc.status) |
      ((s.payerHtlc.timeout + 1) << 2) |
      (HTLC_STATUSES.indexOf(s.payeeHtlc.status) << 8) |
      ((s.payeeHtlc.timeout + 1) << 10) |
      ((s.payeeFulfilledAt + 1) << 15) |
      ((s.payeeClaimableAt + 1) << 20),
  );
  for (const w of s.wallet) sink.word(w);
  encodeLedger(s.lock, sink);
}

const NAMES = BASELINE_PARTIES;

function toItfBaseline(s: BaselineState): Readonly<Record<string, ItfValue>> {
  const setOf = (mask: number): ItfValue => ({ '#set': NAMES.filter((_, i) => inMask(mask, i)) });
  return {
    height: s.height,
    online: setOf(s.online),
    payeeBackAt: s.payeeBackAt,
    message: s.message,
    hubReady: s.hubReady,
    knowsPreimage: setOf(s.knowsPreimage),
    payerHoldsPayeeSig: s.payerHoldsPayeeSig,
    payerHtlc: { status: s.payerHtlc.status, timeout: s.payerHtlc.timeout },
    payeeHtlc: { status: s.payeeHtlc.status, timeout: s.payeeHtlc.timeout },
    wallet: { '#map': NAMES.map((n, i) => [n, s.wallet[i] ?? 0] as const) },
    forceClosed: s.forceClosed,
    hubCrashed: s.hubCrashed,
    payeeFulfilledAt: s.payeeFulfilledAt,
    payeeClaimableAt: s.payeeClaimableAt,
    lock: {
      satBlocks: {
        '#map': [
          ['A', s.lock.satBlocks[0] ?? 0],
          ['S', s.lock.satBlocks[1] ?? 0],
        ],
      },
      longest: {
        '#map': [
          ['A', s.lock.longest[0] ?? 0],
          ['S', s.lock.longest[1] ?? 0],
        ],
      },
      run: {
        '#map': [
          ['A', s.lock.run[0] ?? 0],
          ['S', s.lock.run[1] ?? 0],
        ],
      },
    },
  };
}

/** The locked-capital quantities the checker's query reads (checker/extremes.ts). */
function lockQuantities(): Quantity<BaselineState>[] {
  return ledgerQuantities<BaselineState>({
    A: "sat·blocks of A's funds locked by this payment so far",
    S: "sat·blocks of S's funds locked by this payment so far",
  });
}

export type BaselineModel = Model<BaselineState, BaselineAction> & { readonly ctx: BaselineCtx };

export function buildBaseline(spec: {
  readonly name: string;
  readonly design: Design;
  readonly config: BaselineConfig;
  readonly properties: (ctx: BaselineCtx) => readonly Property<BaselineState, BaselineAction>[];
  readonly expect: (ctx: BaselineCtx) => Readonly<Record<string, Expectation>>;
}): BaselineModel {
  const deviating = maskOf(spec.config.deviating.map((p) => BASELINE_PARTIES.indexOf(p)));
  const ctx: BaselineCtx = { design: spec.design, config: spec.config, deviating };
  const e = spec.expect(ctx);
  const properties = spec.properties(ctx).map((p) => (e[p.name] === undefined ? p : { ...p, expect: e[p.name] }));
  const init = initialBaseline(ctx);
  return {
    name: spec.name,
    ctx,
    init: () => [init],
    actions: (s) => baselineActions(ctx, s),
    next: (s, a) => baselineNext(ctx, s, a),
    properties,
    encode: encodeBaseline,
    toItf: toItfBaseline,
    describe: describeBaseline,
    label: (a) => a.kind,
    terminal: (s) => s.height === ctx.config.maxHeight,
    quantities: lockQuantities(),
  };
}
