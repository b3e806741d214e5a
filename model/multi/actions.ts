/** The two-payment machine's actions (Actor + Verb), their requirement IDs and their trace form. */
import type { ActionDescription } from '../../checker/model.ts';
import type { CommonAction } from '../channel-machine.ts';
import { MULTI_PARTIES } from './state.ts';

/** `payment` is 0 for the first payment (to B1), 1 for the second (to B2). */
export type MultiOwnAction =
  | { readonly kind: 'PayerHubSignSettlement'; readonly payment: number }
  | { readonly kind: 'PayerSendBundle'; readonly payment: number }
  | { readonly kind: 'PayerComeBack' }
  | { readonly kind: 'PayeeComeOnline'; readonly payment: number }
  | { readonly kind: 'PayeeSendInvoice'; readonly payment: number }
  | { readonly kind: 'HubCheckAndOfferPtlc'; readonly payment: number }
  | { readonly kind: 'PayeeClaimPtlc'; readonly payment: number }
  | { readonly kind: 'HubRefundPtlc'; readonly payment: number }
  | { readonly kind: 'HubSpendOutput'; readonly payment: number }
  | { readonly kind: 'PayerSweepOutput'; readonly payment: number };

/** The channel's, the coalition's and time's steps are the skeleton's (model/channel-machine.ts). */
export type MultiAction = MultiOwnAction | CommonAction;

export type MultiActionKind = MultiAction['kind'];

/** Spec IDs per action kind (R-06-14..R-06-17: the payment-outputs design, spec/06-variants.md §3). */
export const MULTI_REQUIREMENTS: Readonly<Record<MultiActionKind, readonly string[]>> = {
  PayerHubSignSettlement: ['R-01-10', 'R-02-01', 'R-06-14'],
  PayerSendBundle: ['R-02-02', 'R-02-06'],
  PayerComeBack: ['R-09-04'],
  PayeeComeOnline: ['R-09-04', 'R-02-08'],
  PayeeSendInvoice: ['R-02-10', 'R-02-11', 'R-02-12'],
  HubCheckAndOfferPtlc: ['R-02-16', 'R-02-19', 'R-02-20', 'R-02-21', 'R-06-15'],
  PayeeClaimPtlc: ['R-02-13', 'R-02-14'],
  HubRefundPtlc: ['R-08-12'],
  PublishUpdate: ['R-08-04', 'R-08-08', 'R-09-01', 'R-06-17'],
  PublishSettlement: ['R-08-05', 'R-08-09', 'R-09-01'],
  HubSpendOutput: ['R-06-16'],
  PayerSweepOutput: ['R-06-14'],
  CoalitionShare: ['R-09-05', 'R-09-07'],
  ChainAdvance: ['R-08-07', 'R-09-09'],
};

const ROLES = ['Payer', 'Hub', 'Payee', 'Payee'];

function who(p: number): string {
  return MULTI_PARTIES[p] ?? '?';
}

export function labelOf(a: MultiAction): string {
  if (a.kind === 'PublishUpdate' || a.kind === 'PublishSettlement') return `${ROLES[a.party] ?? 'Party'}${a.kind}`;
  return a.kind;
}

export function describeAction(a: MultiAction): ActionDescription {
  const label = labelOf(a);
  switch (a.kind) {
    case 'PayerHubSignSettlement':
      return {
        label,
        picks: { actor: 'A', to: 'S', msg: `nonces + St(n+${a.payment + 1}) signatures`, payment: a.payment + 1 },
      };
    case 'PayerSendBundle':
      return {
        label,
        picks: {
          actor: 'A',
          to: who(2 + a.payment),
          msg: `sealed bundle ${a.payment + 1} via M (U(n+${a.payment + 1}), s_A^${a.payment + 1})`,
          payment: a.payment + 1,
        },
      };
    case 'PayerComeBack':
      return { label, picks: { actor: 'A' } };
    case 'PayeeComeOnline':
      return {
        label,
        picks: { actor: who(2 + a.payment), msg: `online; M delivers bundle ${a.payment + 1}`, payment: a.payment + 1 },
      };
    case 'PayeeSendInvoice':
      return {
        label,
        picks: { actor: who(2 + a.payment), to: 'S', msg: `invoice for T_${a.payment + 1}`, payment: a.payment + 1 },
      };
    case 'HubCheckAndOfferPtlc':
      return {
        label,
        picks: { actor: 'S', to: who(2 + a.payment), msg: `PTLC locked to T_${a.payment + 1}`, payment: a.payment + 1 },
      };
    case 'PayeeClaimPtlc':
      return {
        label,
        picks: {
          actor: who(2 + a.payment),
          to: 'S',
          msg: `claim (reveals s_A^${a.payment + 1})`,
          payment: a.payment + 1,
        },
      };
    case 'HubRefundPtlc':
      return { label, picks: { actor: 'S', msg: `refund PTLC ${a.payment + 1}`, payment: a.payment + 1 } };
    case 'PublishUpdate':
      return {
        label,
        picks: { actor: who(a.party), msg: a.state === 0 ? 'publish U(n)' : `publish U(n+${a.state})`, state: a.state },
      };
    case 'PublishSettlement':
      return { label, picks: { actor: who(a.party), msg: 'publish the settlement' } };
    case 'HubSpendOutput':
      return {
        label,
        picks: { actor: 'S', msg: `spend output ${a.payment + 1} with t_${a.payment + 1}`, payment: a.payment + 1 },
      };
    case 'PayerSweepOutput':
      return {
        label,
        picks: { actor: 'A', msg: `take output ${a.payment + 1} back (timeout)`, payment: a.payment + 1 },
      };
    case 'CoalitionShare':
      return { label, picks: { msg: 'the coalition pools what it knows' } };
    case 'ChainAdvance':
      return { label, picks: {} };
  }
}
