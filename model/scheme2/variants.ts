/** Scheme 2's registered variant: its own machine (model/scheme2/), the same config keys with hops = 0. */
import type { Expectation } from '../../checker/model.ts';
import type { ProtocolConfig } from '../config.ts';
import type { Ctx } from './machine.ts';

export const SCHEME2: {
  readonly name: string;
  readonly description: string;
  readonly defaults: ProtocolConfig;
  readonly expect: (ctx: Ctx) => Readonly<Record<string, Expectation>>;
} = {
  name: 'scheme2-payee-presigned',
  description:
    "Scheme 2: B and S pre-sign B's credit, A buys S's partial signature with a PTLC A → S and watches the chain for B.",
  defaults: {
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
  },
  expect: () => ({}),
};
