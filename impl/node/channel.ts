/**
 * The eltoo channel as both of its parties see it (A–S in scheme 1, B–S in scheme 2): public parameters, the
 * latest state both hold complete (update and settlement signatures), and the proposals for later states.
 * Plain JSON; io-ts codecs so a restored snapshot is checked.
 */
import * as t from 'io-ts';
import { Blocks, Hex32, Hex33, Hex64, Hex66, NodeId, Sat, StateNumber } from './wire.ts';

const ProposalStatus = t.keyof(
  {
    /** Nonces sent by the proposer; waiting for the hub's. */
    proposed: null,
    /** Both nonces known; settlement being signed. */
    accepted: null,
    /** St(n) signed by both (step 2). Scheme 1: the proposer signs U(n) for the bundle and keeps it from S. */
    settled: null,
    /** U(n) complete: the proposal became the latest state. */
    complete: null,
    /** A later state was agreed first: this one is worthless (cancellation). */
    superseded: null,
  },
  'ProposalStatus',
);

/**
 * Timeout variant (spec 06 §1): the amount St(n) pays to the pending output instead of to S, with its leaves'
 * parameters; null when the variant is off for this state.
 */
export const PendingInfo = t.type(
  { pendingSat: Sat, pendingTimeoutHeight: Blocks, claimMarginBlocks: Blocks },
  'PendingInfo',
);
export type PendingInfo = t.TypeOf<typeof PendingInfo>;
export const NullablePending = t.union([PendingInfo, t.null]);

const NullableHex32 = t.union([Hex32, t.null]);
const NullableHex66 = t.union([Hex66, t.null]);
const NullableHex64 = t.union([Hex64, t.null]);

export const Proposal = t.type({
  state: StateNumber,
  purpose: t.keyof({ async: null, update: null, async2: null }),
  sessionId: Hex32,
  partySat: Sat,
  hubSat: Sat,
  pending: NullablePending,
  amountSat: Sat,
  feeSat: Sat,
  expiryHeight: Blocks,
  partyUpdateNonce: Hex66,
  partySettleNonce: Hex66,
  hubUpdateNonce: NullableHex66,
  hubSettleNonce: NullableHex66,
  partySettlePartial: NullableHex32,
  hubSettlePartial: NullableHex32,
  settleSig: NullableHex64,
  partyUpdatePartial: NullableHex32,
  hubUpdatePartial: NullableHex32,
  updateSig: NullableHex64,
  status: ProposalStatus,
});
export type Proposal = t.TypeOf<typeof Proposal>;

const LatestState = t.type({
  state: StateNumber,
  partySat: Sat,
  hubSat: Sat,
  pending: NullablePending,
  /** Complete BIP-340 signatures; null only for a state the chain needs no signature for (never, after setup). */
  updateSig: NullableHex64,
  settleSig: NullableHex64,
});

export const EltooChannel = t.type({
  /** The non-hub side (A, or B in scheme 2) and the hub (S). */
  party: NodeId,
  hub: NodeId,
  /** The two sides' channel keys K (node/keys.ts: BIP-32, per channel); Q_u and Q_s aggregate them (channel-keys.ts). */
  partyKey: Hex33,
  hubKey: Hex33,
  /** The channel's number between these two nodes (0 for the first): both sides derive their key K at it. */
  number: Blocks,
  capacitySat: Sat,
  csvDelayBlocks: Blocks,
  /** The funding outpoint (txid hex in display order, vout). */
  fundingTxid: Hex32,
  fundingVout: Blocks,
  latest: LatestState,
  proposals: t.array(Proposal),
});
export type EltooChannel = t.TypeOf<typeof EltooChannel>;

/** The highest state number this side has seen agreed or proposed: a new proposal must be one above it. */
export function highestState(ch: EltooChannel): number {
  return Math.max(ch.latest.state, ...ch.proposals.map((p) => p.state));
}

export function findProposal(ch: EltooChannel, state: number): Proposal | undefined {
  return ch.proposals.find((p) => p.state === state);
}

/**
 * Whether proposal `p` cancels an open payment state (03): an ordinary update above a payment state neither side has
 * completed nor superseded. Its update signatures go S first (03 §1 steps 8–9), not A first as an ordinary update's (01 §2).
 */
export function cancelsOpenState(ch: EltooChannel, p: Proposal): boolean {
  return (
    p.purpose === 'update' &&
    ch.proposals.some(
      (q) => q.state < p.state && q.purpose !== 'update' && q.status !== 'complete' && q.status !== 'superseded',
    )
  );
}

/** Marks every open proposal below `state` superseded (a later state was completed: cancellation). */
export function supersedeBelow(ch: EltooChannel, state: number): void {
  for (const p of ch.proposals) if (p.state < state && p.status !== 'complete') p.status = 'superseded';
}
