/**
 * The proposal's variants with the same lock ledger as the baselines, so the checker's quantitative query
 * measures them alike: a wrapper over a scheme-1 model (`ProtocolModel`) whose state carries the ledger,
 * whose honest B comes online exactly `payeeAwayBlocks` blocks in (the chain waits for it, as it waits for
 * any honest mandatory step; a deviating B comes whenever it likes from then on, or never), and whose
 * properties are the variant's own, read on the wrapped state.
 *
 * What counts as locked (per block, at its end):
 * - A: from the bundle until its pending amount is released (`lockReleased`, spec 06 §1.4), A's whole
 *   balance in the A–S channel (10): the proposal's own "Locked up capital" says the channel is "essentially
 *   locked up" while B has not claimed, since any other update would overwrite the payment. The
 *   mitigation it names (rebalancing first, so the channel holds only amt + fee) gives `rebalanced`: 4.
 * - S: what it forwarded to B (hop 0 offered, or claimed while A's pending amount is not yet released).
 */
import type { ItfValue, Model, Property, Quantity, WordSink } from '../../checker/model.ts';
import type { ProtocolAction } from '../scheme1/actions.ts';
import type { ProtocolModel } from '../scheme1/machine.ts';
import { isHonest } from '../scheme1/context.ts';
import { B } from '../parties.ts';
import { PAYER_CHANNEL_SAT, type ProtocolState } from '../scheme1/state.ts';
import { advanceLedger, AMOUNT_SAT, encodeLedger, ledgerQuantities, PAYER_HTLC_SAT, type LockLedger } from './state.ts';

/** A proposal state with its ledger; index 2 of the ledger is A's rebalanced lock (amt + fee). */
export interface LedgeredState {
  readonly p: ProtocolState;
  readonly lock: LockLedger;
}

const LEDGER3: LockLedger = { satBlocks: [0, 0, 0], run: [0, 0, 0], longest: [0, 0, 0] };

/** [A's channel balance, S's forwarded amount, A's amt + fee] locked in `s`. */
function proposalLockedSat(s: ProtocolState): readonly [number, number, number] {
  const pending = s.phase === 'bundleSent' && !s.lockReleased;
  const hop = s.hops[0];
  const forwarded =
    hop !== undefined &&
    (hop.status === 'offered' || (hop.status === 'claimed' && !s.lockReleased && !s.chain.settled));
  return [pending ? PAYER_CHANNEL_SAT : 0, forwarded ? AMOUNT_SAT : 0, pending ? PAYER_HTLC_SAT : 0];
}

function lift(p: Property<ProtocolState, ProtocolAction>): Property<LedgeredState, ProtocolAction> {
  switch (p.kind) {
    case 'always':
      return { ...p, pred: (s: LedgeredState) => p.pred(s.p) };
    case 'sometimes':
      return { ...p, pred: (s: LedgeredState) => p.pred(s.p) };
    case 'eventually':
      return { ...p, pred: (s: LedgeredState) => p.pred(s.p) };
    case 'transition':
      return { ...p, pred: (a: LedgeredState, act: ProtocolAction, b: LedgeredState) => p.pred(a.p, act, b.p) };
  }
}

function proposalLockQuantities(): Quantity<LedgeredState>[] {
  return [
    ...ledgerQuantities<LedgeredState>({
      A: "sat·blocks of A's channel balance locked by the pending payment so far (as written)",
      S: "sat·blocks of S's funds forwarded to B and not yet recovered",
    }),
    {
      name: 'lockedSatBlocksRebalanced.A',
      description: "sat·blocks of amt + fee locked (the proposal's rebalancing mitigation)",
      value: (s) => s.lock.satBlocks[2] ?? 0,
    },
  ];
}

/** The variant `model` with B away `payeeAwayBlocks` blocks and the ledger; same name, same properties. */
export function withProposalLedger(
  model: ProtocolModel,
  payeeAwayBlocks: number,
): Model<LedgeredState, ProtocolAction> {
  const bHonest = isHonest(model.ctx, B);
  const maxHeight = model.ctx.config.maxHeight;
  const bOnline = (s: ProtocolState): boolean => (s.online & (1 << B)) !== 0;
  const terminal = model.terminal;
  const within = model.within;
  return {
    name: model.name,
    init: () => model.init().map((p) => ({ p, lock: LEDGER3 })),
    actions(s) {
      return model.actions(s.p).filter((a) => {
        if (a.kind === 'PayeeComeOnline') return s.p.height >= payeeAwayBlocks;
        // An honest B is back exactly at payeeAwayBlocks: the chain waits for it there.
        if (a.kind === 'ChainAdvance')
          return !(bHonest && !bOnline(s.p) && s.p.height === payeeAwayBlocks && payeeAwayBlocks < maxHeight);
        return true;
      });
    },
    next(s, a) {
      const p = model.next(s.p, a);
      return { p, lock: p.height > s.p.height ? advanceLedger(s.lock, proposalLockedSat(s.p)) : s.lock };
    },
    properties: model.properties.map((p) => lift(p)),
    encode(s, sink: WordSink) {
      model.encode(s.p, sink);
      encodeLedger(s.lock, sink);
    },
    toItf(s): Readonly<Record<string, ItfValue>> {
      const m = (arr: readonly number[]): ItfValue => ({
        '#map': [
          ['A', arr[0] ?? 0],
          ['S', arr[1] ?? 0],
          ['Arebalanced', arr[2] ?? 0],
        ],
      });
      return {
        ...model.toItf(s.p),
        lock: { satBlocks: m(s.lock.satBlocks), longest: m(s.lock.longest), run: m(s.lock.run) },
      };
    },
    describe: (a) => model.describe(a),
    label: (a) => model.label(a),
    ...(terminal !== undefined ? { terminal: (s: LedgeredState) => terminal.call(model, s.p) } : {}),
    ...(within !== undefined ? { within: (s: LedgeredState) => within.call(model, s.p) } : {}),
    quantities: proposalLockQuantities(),
  };
}
