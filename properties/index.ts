/**
 * Every property of the protocol model, in a fixed order, for a given context (config + variant switches).
 * Expectations are not set here: a variant declares them (model/scheme1/variants.ts).
 */
import type { Ctx } from '../model/scheme1/context.ts';
import { initialState, type ProtocolState, totalFunds } from '../model/scheme1/state.ts';
import { atomicSaleProperties } from './atomic-sale.ts';
import { honestHubProperties } from './honest-hub.ts';
import { honestIntermediaryProperties } from './honest-intermediary.ts';
import { horizonProperty } from './horizon.ts';
import { hubCannotStealProperties } from './hub-cannot-steal.ts';
import { linkabilityProperties } from './linkability.ts';
import { livenessProperties } from './liveness.ts';
import { nonceSafetyProperties } from './nonce-safety.ts';
import { payeeNotCheatedProperties } from './payee-not-cheated.ts';
import { proofOfPaymentProperties } from './proof-of-payment.ts';
import { secrecyProperties } from './secrecy.ts';
import { conservationClauses } from './shared-clauses.ts';
import type { ProtocolProperty } from './types.ts';
import { typeOkProperties } from './type-ok.ts';

export type { ProtocolProperty } from './types.ts';
export * from './views.ts';

export function protocolProperties(ctx: Ctx): ProtocolProperty[] {
  return [
    ...typeOkProperties(ctx),
    ...atomicSaleProperties(ctx),
    ...hubCannotStealProperties(ctx),
    ...payeeNotCheatedProperties(ctx),
    ...honestHubProperties(ctx),
    ...(ctx.hops > 0 ? honestIntermediaryProperties(ctx) : []),
    ...conservationClauses<ProtocolState>({
      total: totalFunds(initialState({ hops: ctx.hops, publicTweaks: true }), ctx.hops),
      sum: (s) => totalFunds(s, ctx.hops),
      summed: 'The channel, every wallet and every locked PTLC',
      fundsMoved: (s) => s.hops.some((h) => h.status === 'claimed'),
      moved: 'Funds move: a PTLC is claimed (from one wallet to another).',
    }),
    ...nonceSafetyProperties(ctx),
    ...secrecyProperties(ctx),
    ...(ctx.hops > 0 ? linkabilityProperties(ctx) : []),
    ...livenessProperties(ctx),
    ...proofOfPaymentProperties(ctx),
    horizonProperty(ctx),
  ];
}
