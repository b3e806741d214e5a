/**
 * The protocol model's actions: a discriminated union on `kind`, one label per kind. A kind that one party
 * takes is named Actor + Verb and labelled by its name; a kind that several parties may take names the verb and
 * carries the `party`, and its label (what traces show and `weakFairness` names) is the party's role (Payer, Hub,
 * Payee, Mailbox, Router) + the kind.
 *
 * When each action is enabled is documented in `enabled.ts`, beside its guard; the spec requirement each
 * implements is in `ACTION_REQUIREMENTS` below (IDs from spec/requirements.md).
 */
import type { ActionDescription } from '../../checker/model.ts';
import { partyName } from '../parties.ts';

export type ProtocolAction =
  | { readonly kind: 'PayerHubSignSettlement' }
  | { readonly kind: 'PayerSendBundle' }
  | { readonly kind: 'PayerComeBack' }
  | { readonly kind: 'PayeeComeOnline' }
  | { readonly kind: 'MailboxDeliver' }
  | { readonly kind: 'PayeeSendInvoice' }
  /** A deviating M poses as the payee and sells s_A, read from a leaked plaintext bundle, to S. */
  | { readonly kind: 'MailboxSellSecret' }
  /**
   * A deviating `party` (B presenting the bundle twice, or A, who holds s_A) sends S a second invoice for the
   * same state after S bought it once.
   */
  | { readonly kind: 'ResellSecret'; readonly party: number }
  /** S's checks and its PTLC for the invoice. */
  | { readonly kind: 'HubCheckAndOfferPtlc' }
  /** S paying the second invoice (`ResellSecret`): only a flawed S does. */
  | { readonly kind: 'HubPayResale' }
  | { readonly kind: 'RouterForwardPtlc'; readonly hop: number }
  /** The receiver claims the hop off chain: a `ptlc_claim` to its offerer, which reveals the secret. */
  | { readonly kind: 'ClaimPtlc'; readonly hop: number; readonly party: number }
  /** The receiver claims the hop on chain: the offerer sees the secret when the claim confirms, with the next block. */
  | { readonly kind: 'ClaimPtlcOnChain'; readonly hop: number; readonly party: number }
  | { readonly kind: 'RefundPtlc'; readonly hop: number; readonly party: number }
  /** `claimSteps` 2: the receiver reveals the hop's secret to its offerer (`update_fulfill`); the money stays locked. */
  | { readonly kind: 'FulfillPtlc'; readonly hop: number; readonly party: number }
  /** `claimSteps` 2: the offerer signs the channel update that pays the revealed PTLC to its receiver. */
  | { readonly kind: 'CommitPtlc'; readonly hop: number; readonly party: number }
  /** `claimSteps` 2: the receiver closes the hop channel to claim the PTLC on chain after `hopCloseDelayBlocks`. */
  | { readonly kind: 'CloseHopChannel'; readonly hop: number; readonly party: number }
  | { readonly kind: 'PayerHubFinish' }
  | { readonly kind: 'PayerHubCancel' }
  /** `cancelSteps` 2, 03 §1 steps 1–6: A and S agree n+2 and exchange nonces and St(n+2) signatures (both hold it). */
  | { readonly kind: 'PayerHubCancelSettlement' }
  /** `cancelSteps` 2, 03 §1 steps 7–8: S records n+1 as cancelled and sends A its partial signature on U(n+2). */
  | { readonly kind: 'HubSendCancelUpdate' }
  /** `cancelSteps` 2, 03 §1 step 9: A sends S its partial signature on U(n+2): n+2 in force for both. */
  | { readonly kind: 'PayerSendCancelUpdate' }
  /** `hubCrashLosesUnpersisted`: S writes what it has not persisted yet to its store. */
  | { readonly kind: 'HubPersist' }
  | { readonly kind: 'PayerResign' }
  | { readonly kind: 'PayerTimeoutClose' }
  | { readonly kind: 'PublishUpdate'; readonly party: number; readonly state: number }
  /** `staleStates` k: a deviating A or S publishes the stale U(n − depth), depth 1..k (the eltoo delay attack). */
  | { readonly kind: 'PublishStaleUpdate'; readonly party: number; readonly depth: number }
  /** The confirmed update's settlement. */
  | { readonly kind: 'PublishSettlement'; readonly party: number }
  /** Timeout variant: S sweeps the pending output through its claim leaf. */
  | { readonly kind: 'HubSweepClaimLeaf' }
  /** Timeout variant: A sweeps the pending output through its timeout leaf. */
  | { readonly kind: 'PayerSweepTimeoutLeaf' }
  | { readonly kind: 'CoalitionShare' }
  /** Equivocation: a deviating A hands B a bundle whose s_A is a partial signature on a message S never agreed
   *  (valid against the bundle's own nonces/keys, so B's check passes). */
  | { readonly kind: 'PayerForgeBundle' }
  /** Equivocation: a deviating B sends S an invoice whose point is not s_A's point (B knows its discrete log). */
  | { readonly kind: 'PayeeForgeInvoice' }
  | { readonly kind: 'HubCrash' }
  | { readonly kind: 'HubRecover' }
  | { readonly kind: 'ChainAdvance' }
  /** `inclusionDelayBlocks` > 0: the chain confirms the mempool's transaction `index`, when the adversary picks. */
  | { readonly kind: 'ChainConfirm'; readonly index: number }
  /** `eclipseBlocks` > 0: a block is mined that the eclipsed honest party does not see (its lag grows by one). */
  | { readonly kind: 'EclipseWithhold' }
  /** `eclipseBlocks` > 0: the adversary lets the eclipsed party see one withheld block (its lag shrinks by one). */
  | { readonly kind: 'EclipseCatchUp' };

export type ActionKind = ProtocolAction['kind'];

/** The spec requirements each action kind implements (spec/requirements.md). */
export const ACTION_REQUIREMENTS: Readonly<Record<ActionKind, readonly string[]>> = {
  PayerHubSignSettlement: ['R-01-05', 'R-01-08', 'R-01-09', 'R-02-01'],
  PayerSendBundle: ['R-01-10', 'R-02-03', 'R-02-04', 'R-02-05'],
  PayerComeBack: ['R-09-04', 'R-08-11'],
  PayeeComeOnline: ['R-09-04'],
  MailboxDeliver: ['R-02-08'],
  PayeeSendInvoice: ['R-02-09', 'R-02-10', 'R-02-11', 'R-02-12', 'R-09-11'],
  MailboxSellSecret: ['R-09-05', 'R-09-06'],
  ResellSecret: ['R-09-11', 'R-09-12'],
  HubCheckAndOfferPtlc: [
    'R-02-15',
    'R-02-16',
    'R-02-17',
    'R-02-18',
    'R-02-19',
    'R-02-20',
    'R-02-21',
    'R-02-22',
    'R-03-07',
    'R-04-02',
    'R-04-06',
    'R-04-07',
    'R-09-10',
  ],
  HubPayResale: ['R-02-18'],
  RouterForwardPtlc: ['R-04-01', 'R-04-03', 'R-04-09'],
  ClaimPtlc: ['R-02-13', 'R-02-14', 'R-02-23', 'R-04-04', 'R-04-10', 'R-04-11', 'R-08-14', 'R-09-11', 'R-09-13'],
  ClaimPtlcOnChain: ['R-02-13', 'R-02-14', 'R-04-04', 'R-08-06', 'R-08-14', 'R-09-11', 'R-09-13'],
  RefundPtlc: ['R-04-05', 'R-08-12'],
  FulfillPtlc: ['R-02-13', 'R-02-14', 'R-04-04', 'R-08-14', 'R-08-15'],
  CommitPtlc: ['R-02-23', 'R-08-15'],
  CloseHopChannel: ['R-02-14', 'R-04-04', 'R-08-06', 'R-08-16'],
  PayerHubFinish: ['R-02-07', 'R-02-24', 'R-06-09', 'R-06-10', 'R-07-16', 'R-07-17'],
  PayerHubCancel: ['R-03-01', 'R-03-02', 'R-03-05', 'R-03-06', 'R-06-06'],
  PayerHubCancelSettlement: ['R-03-01', 'R-03-02', 'R-03-03', 'R-06-06'],
  HubSendCancelUpdate: ['R-03-01', 'R-03-05', 'R-03-06'],
  PayerSendCancelUpdate: ['R-03-02'],
  HubPersist: ['R-01-14', 'R-03-05'],
  PayerResign: ['R-01-12', 'R-03-03', 'R-03-09'],
  // A's close with U(n) from the pending timeout (11 §11's missing rule); the timeout leaf itself is PayerSweepTimeoutLeaf.
  PayerTimeoutClose: ['R-06-05'],
  PublishUpdate: ['R-08-04', 'R-08-08', 'R-09-01', 'R-09-10', 'R-09-12', 'R-06-04'],
  PublishStaleUpdate: ['R-08-04', 'R-09-01'],
  PublishSettlement: ['R-08-05', 'R-08-09', 'R-09-01', 'R-06-01'],
  HubSweepClaimLeaf: ['R-06-01'],
  PayerSweepTimeoutLeaf: ['R-06-01', 'R-06-05'],
  CoalitionShare: ['R-09-05', 'R-09-07', 'R-09-13'],
  PayerForgeBundle: ['R-09-03', 'R-09-12', 'R-09-14'],
  PayeeForgeInvoice: ['R-09-03', 'R-09-11', 'R-09-14'],
  HubCrash: ['R-09-04'],
  HubRecover: ['R-09-04', 'R-08-10'],
  ChainAdvance: ['R-08-07', 'R-09-09'],
  ChainConfirm: ['R-08-07', 'R-08-13', 'R-09-09'],
  EclipseWithhold: ['R-08-07', 'R-09-09', 'R-09-15'],
  EclipseCatchUp: ['R-09-15'],
};

/** The role name of a party, as action labels use it. */
function roleOf(party: number): string {
  const name = partyName(party);
  switch (name) {
    case 'A':
      return 'Payer';
    case 'S':
      return 'Hub';
    case 'B':
      return 'Payee';
    case 'M':
      return 'Mailbox';
    case 'P1':
    case 'P2':
    case 'P3':
      return 'Router';
  }
}

/** Labels made once per (kind, party): the checker labels every edge, and hashes a string made once only once. */
const PARTY_LABELS = new Map<ActionKind, string[]>();

function partyLabel(kind: ActionKind, party: number): string {
  let row = PARTY_LABELS.get(kind);
  if (row === undefined) PARTY_LABELS.set(kind, (row = []));
  return (row[party] ??= `${roleOf(party)}${kind}`);
}

/** The label of an action: its kind, prefixed by the role of its `party` when several parties take the kind. */
export function labelOf(a: ProtocolAction): string {
  switch (a.kind) {
    case 'ResellSecret':
    case 'ClaimPtlc':
    case 'ClaimPtlcOnChain':
    case 'RefundPtlc':
    case 'FulfillPtlc':
    case 'CommitPtlc':
    case 'CloseHopChannel':
    case 'PublishUpdate':
    case 'PublishStaleUpdate':
    case 'PublishSettlement':
      return partyLabel(a.kind, a.party);
    default:
      return a.kind;
  }
}

/*
 * The actions with fields, each value made once (on first use) and shared: every state lists its enabled actions
 * anew, and a shared value is no allocation. Actions are never changed (their fields are readonly).
 */
type ActionOf<K extends ActionKind> = Extract<ProtocolAction, { readonly kind: K }>;
type HopPartyKind = 'ClaimPtlc' | 'ClaimPtlcOnChain' | 'RefundPtlc' | 'FulfillPtlc' | 'CommitPtlc' | 'CloseHopChannel';
const HOP_PARTY = new Map<HopPartyKind, ProtocolAction[]>();
const PARTY_ONLY = new Map<'ResellSecret' | 'PublishSettlement', ProtocolAction[]>();
const PUBLISH_UPDATE: ProtocolAction[] = [];
const PUBLISH_STALE: ProtocolAction[] = [];
const FORWARD: ProtocolAction[] = [];
const CONFIRM: ProtocolAction[] = [];
/** The kinds whose actions have no field but their kind. */
type PlainKind = { [K in ActionKind]: keyof ActionOf<K> extends 'kind' ? K : never }[ActionKind];

/** The actions without fields, one shared value each (`PLAIN.HubCrash` is `{ kind: 'HubCrash' }`). */
export const PLAIN: { readonly [K in PlainKind]: ActionOf<K> } = {
  PayerHubSignSettlement: { kind: 'PayerHubSignSettlement' },
  PayerSendBundle: { kind: 'PayerSendBundle' },
  PayerComeBack: { kind: 'PayerComeBack' },
  PayeeComeOnline: { kind: 'PayeeComeOnline' },
  MailboxDeliver: { kind: 'MailboxDeliver' },
  PayeeSendInvoice: { kind: 'PayeeSendInvoice' },
  MailboxSellSecret: { kind: 'MailboxSellSecret' },
  HubCheckAndOfferPtlc: { kind: 'HubCheckAndOfferPtlc' },
  HubPayResale: { kind: 'HubPayResale' },
  PayerHubFinish: { kind: 'PayerHubFinish' },
  PayerHubCancel: { kind: 'PayerHubCancel' },
  PayerHubCancelSettlement: { kind: 'PayerHubCancelSettlement' },
  HubSendCancelUpdate: { kind: 'HubSendCancelUpdate' },
  PayerSendCancelUpdate: { kind: 'PayerSendCancelUpdate' },
  HubPersist: { kind: 'HubPersist' },
  PayerResign: { kind: 'PayerResign' },
  PayerTimeoutClose: { kind: 'PayerTimeoutClose' },
  HubSweepClaimLeaf: { kind: 'HubSweepClaimLeaf' },
  PayerSweepTimeoutLeaf: { kind: 'PayerSweepTimeoutLeaf' },
  CoalitionShare: { kind: 'CoalitionShare' },
  PayerForgeBundle: { kind: 'PayerForgeBundle' },
  PayeeForgeInvoice: { kind: 'PayeeForgeInvoice' },
  HubCrash: { kind: 'HubCrash' },
  HubRecover: { kind: 'HubRecover' },
  ChainAdvance: { kind: 'ChainAdvance' },
  EclipseWithhold: { kind: 'EclipseWithhold' },
  EclipseCatchUp: { kind: 'EclipseCatchUp' },
};

/** Row width of the two-field tables: hops (≤ 3), states (≤ 2) and stale depths (≤ 2) are below it. */
const ROW = 16;

/** Where (party, x) sits in a two-field table. */
function slot(party: number, x: number): number {
  if (x < 0 || x >= ROW) throw new Error(`actions: field ${x} outside 0..${ROW - 1}`);
  return party * ROW + x;
}

/** `{ kind, hop, party }`, shared. */
export function hopAction<K extends HopPartyKind>(kind: K, hop: number, party: number): ActionOf<K> {
  let made = HOP_PARTY.get(kind);
  if (made === undefined) HOP_PARTY.set(kind, (made = []));
  return (made[slot(party, hop)] ??= { kind, hop, party }) as ActionOf<K>;
}

/** `{ kind, party }`, shared. */
export function partyAction<K extends 'ResellSecret' | 'PublishSettlement'>(kind: K, party: number): ActionOf<K> {
  let made = PARTY_ONLY.get(kind);
  if (made === undefined) PARTY_ONLY.set(kind, (made = []));
  return (made[party] ??= { kind, party }) as ActionOf<K>;
}

/** `PublishUpdate` of U(n+state) by `party`, shared. */
export function publishUpdateAction(party: number, state: number): ActionOf<'PublishUpdate'> {
  return (PUBLISH_UPDATE[slot(party, state)] ??= { kind: 'PublishUpdate', party, state }) as ActionOf<'PublishUpdate'>;
}

/** `PublishStaleUpdate` of U(n − depth) by `party`, shared. */
export function publishStaleAction(party: number, depth: number): ActionOf<'PublishStaleUpdate'> {
  return (PUBLISH_STALE[slot(party, depth)] ??= {
    kind: 'PublishStaleUpdate',
    party,
    depth,
  }) as ActionOf<'PublishStaleUpdate'>;
}

/** `RouterForwardPtlc` of `hop`, shared. */
export function forwardAction(hop: number): ActionOf<'RouterForwardPtlc'> {
  return (FORWARD[hop] ??= { kind: 'RouterForwardPtlc', hop }) as ActionOf<'RouterForwardPtlc'>;
}

/** `ChainConfirm` of mempool entry `index`, shared. */
export function confirmAction(index: number): ActionOf<'ChainConfirm'> {
  return (CONFIRM[index] ??= { kind: 'ChainConfirm', index }) as ActionOf<'ChainConfirm'>;
}

/**
 * How an action appears in a trace, with `actor`, `to` and `msg` picks for sequence diagrams
 * (the convention on `ActionDescription`).
 */
export function describeAction(
  a: ProtocolAction,
  ctx: { hopReceiver: (hop: number) => number; hopOfferer: (hop: number) => number },
): ActionDescription {
  const label = labelOf(a);
  switch (a.kind) {
    case 'PayerHubSignSettlement':
      return { label, picks: { actor: 'A', to: 'S', msg: 'nonces + St(n+1) signatures' } };
    case 'PayerSendBundle':
      return { label, picks: { actor: 'A', to: 'M', msg: 'bundle(U(n+1), s_A, nonces, amt, fee, expiry)' } };
    case 'PayerComeBack':
      return { label, picks: { actor: 'A' } };
    case 'PayeeComeOnline':
      return { label, picks: { actor: 'B' } };
    case 'MailboxDeliver':
      return { label, picks: { actor: 'M', to: 'B', msg: 'bundle' } };
    case 'PayeeSendInvoice':
      return { label, picks: { actor: 'B', to: 'S', msg: 'invoice(amt, T)' } };
    case 'MailboxSellSecret':
      return { label, picks: { actor: 'M', to: 'S', msg: 'invoice(amt, T) forged from the plaintext bundle' } };
    case 'ResellSecret':
      return { label, picks: { actor: partyName(a.party), to: 'S', msg: 'a second invoice(amt, T) for state n+1' } };
    case 'HubCheckAndOfferPtlc':
      return { label, picks: { actor: 'S', to: partyName(ctx.hopReceiver(0)), msg: 'PTLC hop 0', hop: 0 } };
    case 'HubPayResale':
      return { label, picks: { actor: 'S', msg: 'a second PTLC for T (claimed at once by the seller)' } };
    case 'RouterForwardPtlc':
      return {
        label,
        picks: {
          actor: partyName(ctx.hopOfferer(a.hop)),
          to: partyName(ctx.hopReceiver(a.hop)),
          msg: `PTLC hop ${a.hop}`,
          hop: a.hop,
        },
      };
    case 'ClaimPtlc':
      return {
        label,
        picks: {
          actor: partyName(a.party),
          to: partyName(ctx.hopOfferer(a.hop)),
          msg: `claim hop ${a.hop} (reveals its secret)`,
          hop: a.hop,
        },
      };
    case 'ClaimPtlcOnChain':
      return {
        label,
        picks: {
          actor: partyName(a.party),
          msg: `claim hop ${a.hop} on chain (its secret shows at the next block)`,
          hop: a.hop,
        },
      };
    case 'RefundPtlc':
      return { label, picks: { actor: partyName(a.party), msg: `refund hop ${a.hop}`, hop: a.hop } };
    case 'FulfillPtlc':
      return {
        label,
        picks: {
          actor: partyName(a.party),
          to: partyName(ctx.hopOfferer(a.hop)),
          msg: `fulfil hop ${a.hop} (reveals its secret; paid once the offerer commits)`,
          hop: a.hop,
        },
      };
    case 'CommitPtlc':
      return {
        label,
        picks: {
          actor: partyName(a.party),
          to: partyName(ctx.hopReceiver(a.hop)),
          msg: `channel update paying hop ${a.hop} to its receiver`,
          hop: a.hop,
        },
      };
    case 'CloseHopChannel':
      return {
        label,
        picks: { actor: partyName(a.party), msg: `close hop ${a.hop}'s channel to claim it on chain`, hop: a.hop },
      };
    case 'PayerHubFinish':
      return { label, picks: { actor: 'S', to: 'A', msg: 'invoice, s_A, S partial sig on U(n+1)' } };
    case 'PayerHubCancel':
      return { label, picks: { actor: 'A', to: 'S', msg: 'St(n+2) then U(n+2) signatures' } };
    case 'PayerHubCancelSettlement':
      return { label, picks: { actor: 'A', to: 'S', msg: 'cancel n+1, nonces, St(n+2) signatures' } };
    case 'HubSendCancelUpdate':
      return { label, picks: { actor: 'S', to: 'A', msg: 'S partial sig on U(n+2) (after recording n+1 cancelled)' } };
    case 'PayerSendCancelUpdate':
      return { label, picks: { actor: 'A', to: 'S', msg: 'A partial sig on U(n+2)' } };
    case 'HubPersist':
      return { label, picks: { actor: 'S', msg: 'persist' } };
    case 'PayerResign':
      return { label, picks: { actor: 'A', msg: 'partial signature on a new attempt' } };
    case 'PayerTimeoutClose':
      return { label, picks: { actor: 'A', msg: 'publish U(n) after the expiry' } };
    case 'PublishUpdate':
      return {
        label,
        picks: {
          actor: partyName(a.party),
          msg: a.state === 0 ? 'publish U(n)' : `publish U(n+${a.state})`,
          state: a.state,
        },
      };
    case 'PublishStaleUpdate':
      return {
        label,
        picks: { actor: partyName(a.party), msg: `publish the stale U(n-${a.depth})`, state: -a.depth },
      };
    case 'PublishSettlement':
      return { label, picks: { actor: partyName(a.party), msg: 'publish the settlement' } };
    case 'HubSweepClaimLeaf':
      return { label, picks: { actor: 'S', msg: 'sweep the pending output (claim leaf)' } };
    case 'PayerSweepTimeoutLeaf':
      return { label, picks: { actor: 'A', msg: 'sweep the pending output (timeout leaf)' } };
    case 'CoalitionShare':
      return { label, picks: { msg: 'the coalition pools what it knows' } };
    case 'PayerForgeBundle':
      return {
        label,
        picks: { actor: 'A', to: 'M', msg: 'bundle for B whose s_A signs a message S never agreed (A goes offline)' },
      };
    case 'PayeeForgeInvoice':
      return { label, picks: { actor: 'B', to: 'S', msg: "invoice(amt, T') with T' not s_A's point" } };
    case 'HubCrash':
      return { label, picks: { actor: 'S', msg: 'crash' } };
    case 'HubRecover':
      return { label, picks: { actor: 'S', msg: 'recover' } };
    case 'ChainAdvance':
      return { label, picks: {} };
    case 'ChainConfirm':
      return { label, picks: { msg: `confirm mempool entry ${a.index}` } };
    case 'EclipseWithhold':
      return { label, picks: { msg: 'mine a block the eclipsed party does not see' } };
    case 'EclipseCatchUp':
      return { label, picks: { msg: 'show the eclipsed party one withheld block' } };
  }
}
