/**
 * What this implementation supports, for the conformance oracle's handshake (an action or variant not listed
 * here is to be reported as skipped, never silently stubbed). See README.md "Not done".
 */
export const CAPABILITIES = {
  supported: [
    'scheme1',
    'scheme1-split-same-point',
    'scheme1-split-decorrelated',
    'cancellation',
    'scheme2',
    'receipt-variant',
    'onchain-update-settlement',
    'onchain-rebind',
    'watching',
    'restart-from-snapshot',
    'timeout-variant',
  ],
  unsupported: [
    /** R-04-13 (SHOULD): invoice signed with a per-payment key and a blinded introduction node. */
    'per-payment-invoice-key',
    /** Off-chain hops are ledgers: PTLC outputs in settlements, on-chain claim and refund are not exercised. */
    'onchain-ptlc',
    /** R-07-19: S refuses an invoice silently (typed error to the driver), without a payment_refused message. */
    'payment-refused-message',
  ],
} as const;

export type Capability = (typeof CAPABILITIES)['supported'][number];
