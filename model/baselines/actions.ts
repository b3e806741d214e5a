/**
 * The baselines' actions (one union for the three designs; a design enables the ones it has). Labels are
 * the kinds, Actor + Verb as in the proposal's model; requirement IDs per kind in `BASELINE_REQUIREMENTS`.
 */
import type { ActionDescription } from '../../checker/model.ts';

export type BaselineAction =
  | { readonly kind: 'PayerSendRequest' }
  | { readonly kind: 'MailboxDeliver' }
  | { readonly kind: 'PayeeRegisterHash' }
  | { readonly kind: 'PayeeReleaseHeld' }
  | { readonly kind: 'PayerOfferHtlc'; readonly overpays?: true }
  | { readonly kind: 'PayerGoOffline' }
  | { readonly kind: 'PayerComeBack' }
  | { readonly kind: 'PayeeGoOffline' }
  | { readonly kind: 'PayeeComeOnline' }
  | { readonly kind: 'HubForwardHtlc' }
  | { readonly kind: 'PayeeClaimHtlc'; readonly onChain: boolean }
  | { readonly kind: 'PayeeFulfillHtlc' }
  | { readonly kind: 'HubCommitFulfill' }
  | { readonly kind: 'PayeeCloseChannel' }
  | { readonly kind: 'HubRefundHtlc' }
  | { readonly kind: 'HubSettleHtlc' }
  | { readonly kind: 'HubClaimOnChain' }
  | { readonly kind: 'HubFailHtlc' }
  | { readonly kind: 'PayerTimeoutClose' }
  | { readonly kind: 'CoalitionShare' }
  | { readonly kind: 'HubCrash' }
  | { readonly kind: 'HubRecover' }
  | { readonly kind: 'ChainAdvance' };

type BaselineActionKind = BaselineAction['kind'];

/** Who acts, who receives, which message: the `apln show` conventions. */
const PICKS: Record<BaselineActionKind, { actor?: string; to?: string; msg?: string }> = {
  PayerSendRequest: { actor: 'A', to: 'M', msg: 'payment request (pid)' },
  MailboxDeliver: { actor: 'M', to: 'B', msg: 'held message' },
  PayeeRegisterHash: { actor: 'B', to: 'S', msg: 'H(pid), h, b_proof, b_sign' },
  PayeeReleaseHeld: { actor: 'B', to: 'S', msg: 'release_held_htlc' },
  PayerOfferHtlc: { actor: 'A', to: 'S', msg: 'update_add_htlc' },
  PayerGoOffline: { actor: 'A' },
  PayerComeBack: { actor: 'A' },
  PayeeGoOffline: { actor: 'B' },
  PayeeComeOnline: { actor: 'B' },
  HubForwardHtlc: { actor: 'S', to: 'B', msg: 'update_add_htlc' },
  PayeeClaimHtlc: { actor: 'B', to: 'S', msg: 'update_fulfill_htlc' },
  PayeeFulfillHtlc: { actor: 'B', to: 'S', msg: 'update_fulfill_htlc' },
  HubCommitFulfill: { actor: 'S', to: 'B', msg: 'commitment_signed (the fulfill)' },
  PayeeCloseChannel: { actor: 'B', msg: 'close the S–B channel' },
  HubRefundHtlc: { actor: 'S' },
  HubSettleHtlc: { actor: 'S', to: 'A', msg: 'update_fulfill_htlc' },
  HubClaimOnChain: { actor: 'S' },
  HubFailHtlc: { actor: 'S', to: 'A', msg: 'update_fail_htlc' },
  PayerTimeoutClose: { actor: 'A' },
  CoalitionShare: {},
  HubCrash: { actor: 'S' },
  HubRecover: { actor: 'S' },
  ChainAdvance: {},
};

export function describeBaseline(a: BaselineAction): ActionDescription {
  const picks: Record<string, string | boolean> = { ...PICKS[a.kind] };
  if (a.kind === 'PayerOfferHtlc' && a.overpays) picks.overpays = true;
  if (a.kind === 'PayeeClaimHtlc') {
    picks.onChain = a.onChain;
    if (a.onChain) delete picks.to;
  }
  return { label: a.kind, picks };
}
