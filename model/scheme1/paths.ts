/**
 * Scheme 1's honest payment as action labels, the walk tests, the oracle's scripted suites and the mutation
 * scripts start from (each takes it with `actionsForLabels`, `stepsForLabels` or its own walk).
 */

/** A and S sign St(n+1), A seals the bundle, B comes, M delivers, B invoices, S checks and offers hop 0, B claims. */
export const PAID = [
  'PayerHubSignSettlement',
  'PayerSendBundle',
  'PayeeComeOnline',
  'MailboxDeliver',
  'PayeeSendInvoice',
  'HubCheckAndOfferPtlc',
  'PayeeClaimPtlc',
] as const;

/** The same up to S's offer of hop 0 (B has not claimed). */
export const TO_OFFER = PAID.slice(0, 6);

/** The same payment over two routing nodes (the split variants): S → P1 → P2 → B, then the claims back. */
export const SPLIT_PAID = [
  ...PAID.slice(0, 6),
  'RouterForwardPtlc',
  'RouterForwardPtlc',
  'PayeeClaimPtlc',
  'RouterClaimPtlc',
  'RouterClaimPtlc',
] as const;

/** After the sale, A stays away: S closes at pending timeout − D (R-06-04) and settles (the timeout suite's paths). */
export const HUB_CLOSES_AFTER_SALE = [
  ...PAID,
  'ChainAdvance',
  'ChainAdvance',
  'ChainAdvance',
  'HubPublishUpdate',
  'ChainAdvance',
  'ChainAdvance',
  'HubPublishSettlement',
] as const;

/** A back before B invoices: it cancels (03 §1 as messages, `cancelSteps` 2): St(n+2), then S's and A's partials on U(n+2). */
export const CANCELLED = [
  'PayerHubSignSettlement',
  'PayerSendBundle',
  'PayerComeBack',
  'PayerHubCancelSettlement',
  'HubSendCancelUpdate',
  'PayerSendCancelUpdate',
] as const;
