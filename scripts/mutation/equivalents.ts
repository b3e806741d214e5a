/**
 * The equivalent mutants of EQUIVALENTS.md as data, so that `npm run mutation` can score the non-equivalent ones
 * (score.ts): each row names its EQUIVALENTS.md entry (where the argument is), the guard (impl/node/guards.ts id),
 * the mutated source text (whitespace collapsed) and what Stryker replaced it with. A row matches a mutant by
 * these three, not by line, so it survives edits elsewhere in the file; a row that matches a KILLED mutant is
 * reported (its argument is wrong, or the code changed under it).
 */

export interface EquivalentMutant {
  /** Its entry in scripts/mutation/EQUIVALENTS.md. */
  readonly entry: number;
  readonly guard: string;
  /** The source text Stryker replaced, whitespace collapsed. */
  readonly operand: string;
  /** The replacement (ConditionalExpression: true or false). */
  readonly to: string;
}

export const EQUIVALENT_MUTANTS: readonly EquivalentMutant[] = [
  {
    entry: 1,
    guard: 'channel-protocol:propose-replayed',
    operand: 'findProposal(ch, m.state) !== undefined',
    to: 'false',
  },
  { entry: 2, guard: 'channel-protocol:propose-purpose-balances', operand: 'expected.party < 0', to: 'false' },
  { entry: 2, guard: 'channel-protocol:propose-purpose-balances', operand: 'expected.hub < 0', to: 'false' },
  {
    entry: 3,
    guard: 'channel-protocol:party-settlement-sig-no-proposal',
    operand: 'p.partySettlePartial === null',
    to: 'false',
  },
  { entry: 4, guard: 'hub:s2-offer-no-state', operand: 'ch === undefined', to: 'false' },
  { entry: 4, guard: 'hub:s2-offer-no-state', operand: 'p === undefined', to: 'false' },
  { entry: 5, guard: 'hub:s2-offer-already-sold', operand: 'p.hubUpdatePartial !== null', to: 'false' },
  { entry: 6, guard: 'hub:s2-offer-stale-state', operand: "p.status === 'superseded'", to: 'false' },
  { entry: 6, guard: 'hub:s2-offer-stale-state', operand: 'ch.latest.state >= p.state', to: 'false' },
  {
    entry: 7,
    guard: 'hub:s2-offer-cannot-lock',
    operand: 'ledger === undefined || ledger.remoteSat < m.amountSat',
    to: 'false',
  },
  { entry: 7, guard: 'hub:s2-offer-cannot-lock', operand: 'ledger === undefined', to: 'false' },
  { entry: 7, guard: 'hub:s2-offer-cannot-lock', operand: 'ledger.remoteSat < m.amountSat', to: 'false' },
  { entry: 8, guard: 'payee:handoff-no-state', operand: 'ch === null', to: 'false' },
  { entry: 9, guard: 'payee:settlement-sig-no-request', operand: 'req === undefined', to: 'false' },
  { entry: 9, guard: 'payee:settlement-sig-no-request', operand: 'p.settleSig === null', to: 'false' },
  { entry: 10, guard: 'payee:offer-cannot-lock', operand: 'ledger.remoteSat < m.amountSat', to: 'false' },
  { entry: 11, guard: 'payer:settlement-sig-no-payment', operand: 'payment === undefined', to: 'false' },
  { entry: 12, guard: 'router:claim-no-ptlc', operand: 'fwd === undefined', to: 'false' },
  { entry: 12, guard: 'router:claim-no-ptlc', operand: 'inc === undefined', to: 'false' },
  { entry: 13, guard: 'router:claim-no-upstream', operand: 'upLedger === undefined', to: 'false' },
  { entry: 14, guard: 'router:offer-onion-missing', operand: 'senderKey === undefined', to: 'false' },
  { entry: 15, guard: 'ptlc:accept-unknown', operand: 'ledger === undefined', to: 'false' },
  { entry: 16, guard: 'hub:invoice-payee-sig-forged', operand: 'payeeKey === undefined', to: 'false' },
  { entry: 17, guard: 'hub:invoice-no-payment', operand: 'ch === undefined', to: 'false' },
  { entry: 18, guard: 'hub:invoice-already-bought', operand: "p.status === 'complete'", to: 'false' },
  { entry: 19, guard: 'hub:invoice-stale-state', operand: "p.status === 'superseded'", to: 'false' },
  { entry: 19, guard: 'hub:invoice-stale-state', operand: 'ch.latest.state >= inv.state', to: 'false' },
  { entry: 20, guard: 'hub:invoice-no-route', operand: 'route.length === 0', to: 'false' },
  { entry: 21, guard: 'hub:first-hop-cannot-lock', operand: 'ledger === undefined', to: 'false' },
  { entry: 22, guard: 'hub:claim-no-ptlc', operand: 'sale === undefined', to: 'false' },
  { entry: 23, guard: 'hub:claim-timed-out', operand: "entry.status === 'timed-out'", to: 'false' },
  { entry: 24, guard: 'hub:claim-sig-forged', operand: 'e instanceof InputError', to: 'true' },
  { entry: 24, guard: 'payee:deliver-unseal-failed', operand: 'e instanceof InputError', to: 'true' },
  { entry: 24, guard: 'payee:offer-onion-unreadable', operand: 'e instanceof InputError', to: 'true' },
  { entry: 24, guard: 'payer:claim-sig-forged', operand: 'e instanceof InputError', to: 'true' },
  { entry: 24, guard: 'payer:deliver-unseal-failed', operand: 'e instanceof InputError', to: 'true' },
  { entry: 24, guard: 'router:claim-sig-forged', operand: 'e instanceof InputError', to: 'true' },
  { entry: 24, guard: 'router:offer-blinded-unreadable', operand: 'e instanceof InputError', to: 'true' },
  { entry: 24, guard: 'router:offer-onion-unreadable', operand: 'e instanceof InputError', to: 'true' },
  { entry: 25, guard: 'router:offer-cannot-lock-in', operand: 'upLedger === undefined', to: 'false' },
  { entry: 26, guard: 'router:claim-timed-out', operand: "out.status === 'timed-out'", to: 'false' },
  {
    entry: 27,
    guard: 'payee:settlement-sig-no-request',
    operand: 'req === undefined || payerKey === undefined || p.settleSig === null',
    to: 'false',
  },
  {
    entry: 27,
    guard: 'payee:settlement-sig-no-request',
    operand: 'req === undefined || payerKey === undefined',
    to: 'false',
  },
  { entry: 27, guard: 'payee:settlement-sig-no-request', operand: 'payerKey === undefined', to: 'false' },
  { entry: 28, guard: 'payee:offer-onion-missing', operand: 'hubKey === undefined', to: 'false' },
  { entry: 29, guard: 'payer:proof-no-presigned-state', operand: 'p === undefined', to: 'false' },
  { entry: 30, guard: 'payer:claim-no-ptlc', operand: 'w === undefined', to: 'false' },
  { entry: 31, guard: 'payer:refund-no-update', operand: 'w.updateSig === null', to: 'false' },
  { entry: 32, guard: 'payer:bundle-channel-past-state', operand: "tip?.kind === 'update'", to: 'true' },
  { entry: 32, guard: 'payer:bundle-update-confirmed-no-rebind', operand: "tip?.kind === 'update'", to: 'true' },
  {
    entry: 33,
    guard: 'hub:invoice-after-pending-timeout',
    operand: 'ctx.height + ptlcTimeoutBlocks(draft.params, hops) + d > p.pending.pendingTimeoutHeight',
    to: 'false',
  },
  { entry: 34, guard: 'hub:s2-offer-already-sold', operand: 'x.paymentId === m.paymentId', to: 'false' },
  { entry: 35, guard: 'payer:no-payee-key', operand: 'payeeKey === undefined', to: 'false' },
  { entry: 35, guard: 'payer:proof-invoice-sig-forged', operand: 'payeeKey === undefined', to: 'false' },
];
