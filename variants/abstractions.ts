/**
 * What each registered variant assumes away: one declared table, read by the registrations in this folder
 * and shown under the designers' table (`apln check`) and in its `--json`. Each entry names the spec section
 * (spec/11-open-questions.md §14) that says which verdicts it makes true by construction and what would lift
 * it. Changing what a model does means changing this table in the same commit.
 */
import type { Abstraction } from '../checker/registry.ts';

/** Every abstraction, by short name (issue 9, points 1–6). */
const A = {
  oneStepClaim: {
    name: 'one-step claim',
    summary: 'a claim reveals the secret and pays at once: no stall between reveal and commit (§14.1)',
  },
  /** Scheme 1's machine lifts it by a switch (`claimSteps` 2, R-08-15, R-08-16); the default keeps it. */
  oneStepClaimByDefault: {
    name: 'one-step claim (default)',
    summary: 'claimSteps=2 reveals first, pays on commit or hop close + hopCloseDelayBlocks (§14.1)',
  },
  /** Scheme 1's machine lifts it by a switch (`inclusionDelayBlocks` > 0, R-08-17, R-08-18); the default keeps it. */
  noMempoolByDefault: {
    name: 'no mempool (default)',
    summary: 'inclusionDelayBlocks=d holds channel txs up to d blocks, seen by all (§14.2)',
  },
  noMempool: {
    name: 'no mempool',
    summary: 'a transaction confirms in the block it is published in: no delay, pinning, pending witness (§14.2)',
  },
  /** Scheme 1's machine lifts it by a switch (`eclipseBlocks` > 0, R-09-15); the default keeps it. */
  noEclipseByDefault: {
    name: 'no eclipse',
    summary: 'by default; eclipseBlocks=e shows A, S, B or a router the chain up to e blocks late (§14.7)',
  },
  noEclipse: {
    name: 'no eclipse',
    summary: 'every honest party sees each block when it is mined: no time dilation (§14.7)',
  },
  threeStates: {
    name: 'three states',
    summary: 'only n, n+1, n+2: no stale-update delay attack; cancellation is one step (§14.3)',
  },
  /** Scheme 1's machine lifts it by switches (`staleStates` k, `cancelSteps` 2); the default keeps it. */
  threeStatesScheme1: {
    name: 'three states (default)',
    summary: 'staleStates=k adds k older signed states; cancelSteps=2 splits cancellation (§14.3)',
  },
  /** Scheme 1's machine lifts it by a switch (`hubCrashLosesUnpersisted`, with cancelSteps 2); the default keeps it. */
  perfectPersistenceByDefault: {
    name: 'perfect persistence (default)',
    summary: "hubCrashLosesUnpersisted: S's crash loses unwritten cancel steps (§14.3)",
  },
  perfectPersistence: {
    name: 'perfect persistence',
    summary: 'no crash (where one is modelled) loses the last step a party took (§14.3)',
  },
  payerLimited: {
    name: 'A does less',
    summary: 'cancels after expiry only, closes alone on timeout only (payerCancelsEarly, payerClosesAlone) (§14.4)',
  },
  payerStaysOnline: {
    name: 'A stays online',
    summary: 'scheme 2 defaults: A never leaves once online (payerLeavesAfterPaying lifts it) (§14.4)',
  },
  weakProperties: {
    name: 'weak clauses',
    summary: "nonceSafety: A's nonces, S's r_S and B's receipt nonce, one attempt per run (§14.5)",
  },
  horizon: {
    name: 'horizon',
    summary: "a loss after maxHeight is not seen; 'race open' flags runs ending undecided (§14.5)",
  },
  /** The two-payment machine (model/multi/): a smaller machine than scheme 1's. */
  twoPaymentsScope: {
    name: 'two payments only',
    summary: 'direct, M honest and sealed, no crash, no stale state or cancel of one payment (§14.8)',
  },
  noFees: {
    name: 'no fees',
    summary: 'publishing is free: no fee races, uneconomic rebinding, or fee to cancel (§14.6)',
  },
} as const satisfies Record<string, Abstraction>;

/** The scheme-1 single-payment machine (model/scheme1/), flaw variants included. */
const SCHEME1: readonly Abstraction[] = [
  A.oneStepClaimByDefault,
  A.noMempoolByDefault,
  A.noEclipseByDefault,
  A.threeStatesScheme1,
  A.perfectPersistenceByDefault,
  A.payerLimited,
  A.weakProperties,
  A.horizon,
  A.noFees,
];

/** The table: every registered variant name, with what its model leaves out. */
const TABLE: Readonly<Record<string, readonly Abstraction[]>> = {
  // The baselines lift the one-step claim by a switch too (`claimSteps` 2: BOLT 2's update_fulfill_htlc, then the commitment).
  'lightningrod-hold-invoice': [
    A.oneStepClaimByDefault,
    A.noMempool,
    A.noEclipse,
    A.perfectPersistence,
    A.horizon,
    A.noFees,
  ],
  'lsp-held-htlc': [A.oneStepClaimByDefault, A.noMempool, A.noEclipse, A.perfectPersistence, A.horizon, A.noFees],
  'plain-lightning': [A.oneStepClaimByDefault, A.noMempool, A.noEclipse, A.perfectPersistence, A.horizon, A.noFees],
  'scheme1-direct': SCHEME1,
  'scheme1-split-same-point': SCHEME1,
  'scheme1-split-decorrelated': SCHEME1,
  // The timeout path lets an honest A close unilaterally after expiry + D; it still never cancels early.
  'scheme1-timeout': SCHEME1,
  'scheme1-receipt': SCHEME1,
  'flaw-update-before-settlement': SCHEME1,
  'flaw-hub-skips-state-check': SCHEME1,
  'flaw-hub-skips-point-check': SCHEME1,
  'flaw-plaintext-mailbox': SCHEME1,
  'flaw-nonce-reuse-on-resign': SCHEME1,
  'scheme2-payee-presigned': [
    A.oneStepClaim,
    A.noMempool,
    A.noEclipse,
    A.threeStates,
    A.payerStaysOnline,
    A.horizon,
    A.noFees,
  ],
  'flaw-stacked-payments': [A.oneStepClaim, A.noMempool, A.noEclipse, A.twoPaymentsScope, A.horizon, A.noFees],
  'scheme1-payment-outputs': [A.oneStepClaim, A.noMempool, A.noEclipse, A.twoPaymentsScope, A.horizon, A.noFees],
};

/** What the variant `name` abstracts away; a variant missing from the table is a programming error. */
export function abstractionsOf(name: string): readonly Abstraction[] {
  const list = TABLE[name];
  if (list === undefined) throw new Error(`variants/abstractions.ts declares nothing for variant '${name}'`);
  return list;
}

/** The variant names the table declares (tests check it matches the registry). */
export const DECLARED_VARIANTS: readonly string[] = Object.keys(TABLE);
