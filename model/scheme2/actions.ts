/** Scheme 2's actions (Actor + Verb), their requirement IDs and their trace form. */
import type { ActionDescription } from '../../checker/model.ts';
import type { CommonAction } from '../channel-machine.ts';
import { partyName } from '../parties.ts';

/** Scheme 2's own steps; the channel's, the coalition's and time's are the skeleton's (model/channel-machine.ts). */
export type Scheme2OwnAction =
  | { readonly kind: 'PayeeHubSignSettlement' }
  | { readonly kind: 'PayeeSendBundle' }
  | { readonly kind: 'PayerComeOnline' }
  | { readonly kind: 'PayeeComeBack' }
  | { readonly kind: 'MailboxDeliver' }
  | { readonly kind: 'PayerOfferPtlc'; readonly toHubPoint?: true; readonly overpays?: true }
  | { readonly kind: 'HubClaimPtlc' }
  | { readonly kind: 'HubRevealPartial' }
  | { readonly kind: 'PayerRefundPtlc' }
  | { readonly kind: 'PayerForwardUpdate' }
  | { readonly kind: 'PayeeHubCancel' };

export type Scheme2Action = Scheme2OwnAction | CommonAction;

export type Scheme2ActionKind = Scheme2Action['kind'];

export const SCHEME2_REQUIREMENTS: Readonly<Record<Scheme2ActionKind, readonly string[]>> = {
  PayeeHubSignSettlement: ['R-05-01'],
  PayeeSendBundle: ['R-05-02'],
  PayerComeOnline: ['R-09-04'],
  PayeeComeBack: ['R-09-04', 'R-05-13'],
  MailboxDeliver: ['R-02-08'],
  PayerOfferPtlc: ['R-05-06', 'R-05-07', 'R-05-08'],
  HubClaimPtlc: ['R-05-04', 'R-05-05', 'R-05-09', 'R-05-12', 'R-05-14'],
  HubRevealPartial: ['R-05-04'],
  PayerRefundPtlc: ['R-08-12'],
  PayerForwardUpdate: ['R-05-11'],
  PayeeHubCancel: ['R-05-03'],
  PublishUpdate: ['R-05-10', 'R-08-04', 'R-08-08', 'R-09-01'],
  PublishSettlement: ['R-08-05', 'R-08-09', 'R-09-01'],
  CoalitionShare: ['R-09-05', 'R-09-07'],
  ChainAdvance: ['R-08-07', 'R-09-09'],
};

const ROLES = ['Payer', 'Hub', 'Payee', 'Mailbox'];

export function labelOf(a: Scheme2Action): string {
  if (a.kind === 'PublishUpdate' || a.kind === 'PublishSettlement') return `${ROLES[a.party] ?? 'Party'}${a.kind}`;
  return a.kind;
}

export function describeAction(a: Scheme2Action): ActionDescription {
  const label = labelOf(a);
  switch (a.kind) {
    case 'PayeeHubSignSettlement':
      return { label, picks: { actor: 'B', to: 'S', msg: 'nonces + St_BS(m+1) signatures' } };
    case 'PayeeSendBundle':
      return { label, picks: { actor: 'B', to: 'M', msg: 'bundle(U_BS(m+1), s_B, St_BS(m+1), amt, expiry)' } };
    case 'PayerComeOnline':
      return { label, picks: { actor: 'A' } };
    case 'PayeeComeBack':
      return { label, picks: { actor: 'B' } };
    case 'MailboxDeliver':
      return { label, picks: { actor: 'M', to: 'A', msg: 'bundle' } };
    case 'PayerOfferPtlc':
      if (a.overpays)
        return { label, picks: { actor: 'A', to: 'S', msg: 'PTLC locked to T_S for the fee S named', overpays: true } };
      return a.toHubPoint
        ? { label, picks: { actor: 'A', to: 'S', msg: "PTLC locked to S's own point (not T_S)", toHubPoint: true } }
        : { label, picks: { actor: 'A', to: 'S', msg: 'PTLC locked to T_S' } };
    case 'HubClaimPtlc':
      return { label, picks: { actor: 'S', to: 'A', msg: 'claim (reveals s_S)' } };
    case 'HubRevealPartial':
      return { label, picks: { actor: 'S', to: 'A', msg: 's_S in the clear, before the claim' } };
    case 'PayerRefundPtlc':
      return { label, picks: { actor: 'A', msg: 'refund the PTLC' } };
    case 'PayerForwardUpdate':
      return { label, picks: { actor: 'A', to: 'B', msg: 'complete U_BS(m+1) signature' } };
    case 'PayeeHubCancel':
      return { label, picks: { actor: 'B', to: 'S', msg: 'St_BS(m+2) then U_BS(m+2)' } };
    case 'PublishUpdate':
      return {
        label,
        picks: {
          actor: partyName(a.party),
          msg: a.state === 0 ? 'publish U_BS(m)' : `publish U_BS(m+${a.state})`,
          state: a.state,
        },
      };
    case 'PublishSettlement':
      return { label, picks: { actor: partyName(a.party), msg: 'publish the settlement' } };
    case 'CoalitionShare':
      return { label, picks: { msg: 'the coalition pools what it knows' } };
    case 'ChainAdvance':
      return { label, picks: {} };
  }
}
