/**
 * A successor's words written from its parent's, for the actions whose effect is one to three words of the encoding
 * (encode.ts, the word layout in `encodeWords`' comment) and whose successors are nearly all states seen before
 * (`CoalitionShare`, `HubRecover`, `HubCrash`, `PayerComeBack`, `PayerResign`, `ResellSecret`, `HubPersist`,
 * `EclipseCatchUp`, and `PublishUpdate`/`PublishSettlement` without an inclusion delay): the checker hashes
 * these words without building the successor (checker/model.ts `successorWords`). Also the common steps whose
 * successors are mostly new (`ChainAdvance`, `PayeeComeOnline`, `MailboxDeliver`, `PayeeSendInvoice`,
 * `PayerHubFinish`), and `RefundPtlc`: the checker then builds the new ones from their words (`unpackState`), which costs less than
 * next.ts's successor and its encoding. next.ts stays the specification:
 * for every action handled here the words equal `encodeWords(nextState(ctx, s, a))` (successor-words.test.ts checks
 * every reachable state of several variants); any other action, or a case these effects do not cover, gives −1.
 */
import type { ProtocolAction } from './actions.ts';
import { anchorOf, holdsSettlement, learned, offererOf, type Ctx } from './context.ts';
import { coalitionKnowledge } from './enabled.ts';
import {
  CHAIN_SETTLED,
  CHAIN_WORD,
  HEADER_WORDS,
  HEIGHT_MASK,
  HOP_TIMEOUT_SHIFT,
  HUB_CRASHED,
  INVOICE_FROM_SHIFT,
  LAG_SHIFT,
  LAG_WORD,
  LOCK_RELEASED,
  MAILBOX_SHIFT,
  NONCE_USES_WORD,
  ONLINE_SHIFT,
  PAYEE_CAME_IN_TIME,
  PHASE_SHIFT,
  RESALE_FROM_SHIFT,
  RESALE_PAID,
  UNPERSISTED_WORD,
  encodedLength,
} from './encode.ts';
import { K_BUNDLE, K_FORGED, K_INVOICE, K_RECEIPT, K_SA, K_SS1 } from './knowledge.ts';
import {
  FORGED_BUNDLE,
  HOP_STATUSES,
  MAILBOXES,
  MSG_U3,
  PHASES,
  hopAmountSat,
  hubShare,
  payerShare,
  type ProtocolState,
} from './state.ts';
import { poolingTeaches } from '../coalition.ts';
import { A, B, PARTY_COUNT, S, inMask } from '../parties.ts';
import { inclusionDelay } from '../config.ts';

/** The packed values written here (the positions come from encode.ts's layout). */
const PHASE_PAID = PHASES.indexOf('paid');
const MAILBOX_DELIVERED = MAILBOXES.indexOf('delivered');
const HOP_REFUNDED = HOP_STATUSES.indexOf('refunded');

/**
 * Writes the words of `s`'s successor under `a` into `out` from `outAt`, from `s`'s words at `parent[parentAt]`,
 * and returns where they end; −1 (nothing promised about `out`) for an action not handled here.
 */
export function successorWords(
  ctx: Ctx,
  s: ProtocolState,
  a: ProtocolAction,
  parent: Int32Array,
  parentAt: number,
  out: Int32Array,
  outAt: number,
): number {
  // Each handled kind: its cases left to next.ts first (−1), then the parent's words copied, then the words it changes.
  switch (a.kind) {
    case 'PayerComeBack': {
      const end = copyParent(parent, parentAt, out, outAt);
      out[outAt] = out[outAt]! | ((1 << A) << ONLINE_SHIFT);
      return end;
    }
    case 'HubRecover': {
      const end = copyParent(parent, parentAt, out, outAt);
      out[outAt] = out[outAt]! | ((1 << S) << ONLINE_SHIFT);
      return end;
    }
    case 'HubCrash': {
      // next.ts would grow knows (a length word changes): left to it.
      if (s.hubUnpersisted !== 0 && S >= s.knows.length) return -1;
      const end = copyParent(parent, parentAt, out, outAt);
      out[outAt] = (out[outAt]! & ~((1 << S) << ONLINE_SHIFT)) | HUB_CRASHED;
      if (s.hubUnpersisted !== 0) {
        out[outAt + HEADER_WORDS + S] = s.knows[S]! & ~s.hubUnpersisted;
        out[outAt + UNPERSISTED_WORD] = 0;
      }
      return end;
    }
    case 'PayerResign': {
      const resignAt = ctx.switches.flaw === 'nonceReuseOnResign' ? 0 : 1;
      // next.ts would grow nonceUses (a length word changes): left to it.
      if (resignAt >= s.nonceUses.length) return -1;
      const end = copyParent(parent, parentAt, out, outAt);
      out[outAt + NONCE_USES_WORD] = out[outAt + NONCE_USES_WORD]! | (MSG_U3 << (8 * resignAt));
      return end;
    }
    case 'ResellSecret': {
      const end = copyParent(parent, parentAt, out, outAt);
      out[outAt] = out[outAt]! & ~RESALE_PAID;
      out[outAt + 1] = (out[outAt + 1]! & ~(15 << RESALE_FROM_SHIFT)) | ((a.party + 1) << RESALE_FROM_SHIFT);
      return end;
    }
    case 'HubPersist': {
      const end = copyParent(parent, parentAt, out, outAt);
      out[outAt + UNPERSISTED_WORD] = 0;
      return end;
    }
    case 'EclipseCatchUp': {
      const end = copyParent(parent, parentAt, out, outAt);
      out[outAt + LAG_WORD] = out[outAt + LAG_WORD]! - (1 << LAG_SHIFT);
      return end;
    }
    case 'PublishUpdate': {
      // With an inclusion delay the update waits in the mempool (a length word changes): left to next.ts.
      if (inclusionDelay(ctx.config) !== 0) return -1;
      const end = copyParent(parent, parentAt, out, outAt);
      confirmed(ctx, s, a.state, out, outAt);
      return end;
    }
    case 'PublishSettlement': {
      if (inclusionDelay(ctx.config) !== 0) return -1;
      // The timeout variant's settlement of U(n+1) before payment pays into the pending output: left to next.ts.
      if (s.chain.update === 1 && ctx.switches.timeoutPath && s.phase !== 'paid') return -1;
      const funds = settledFunds(ctx, s);
      if (funds === null) return -1;
      const end = copyParent(parent, parentAt, out, outAt);
      settled(s, funds, out, outAt);
      return end;
    }
    case 'CoalitionShare': {
      const end = copyParent(parent, parentAt, out, outAt);
      const union = coalitionKnowledge(ctx, s);
      const knows = s.knows;
      // Pooling that teaches nobody anything leaves the state as it is (next.ts keeps s.knows).
      if (poolingTeaches(ctx.deviating, knows, union))
        for (let p = 0; p < knows.length; p++) if (inMask(ctx.deviating, p)) out[outAt + HEADER_WORDS + p] = union;
      return end;
    }
    case 'ChainAdvance': {
      // A claim on chain revealed this block (pendingReveal) teaches its offerer the secret: left to next.ts.
      if (s.pendingReveal !== 0 || s.height + 2 > HEIGHT_MASK) return -1;
      const end = copyParent(parent, parentAt, out, outAt);
      out[outAt] = out[outAt]! + 1;
      return end;
    }
    case 'PayeeComeOnline': {
      const end = copyParent(parent, parentAt, out, outAt);
      const inTime = s.bundleExpiry < 0 || s.height + ctx.config.ptlcTimeoutBlocks <= s.bundleExpiry;
      out[outAt] = (out[outAt]! & ~PAYEE_CAME_IN_TIME) | ((1 << B) << ONLINE_SHIFT) | (inTime ? PAYEE_CAME_IN_TIME : 0);
      return end;
    }
    case 'MailboxDeliver': {
      if (B >= s.knows.length) return -1;
      const end = copyParent(parent, parentAt, out, outAt);
      const read = (s.forged & FORGED_BUNDLE) !== 0 ? K_FORGED : K_BUNDLE;
      out[outAt + HEADER_WORDS + B] = learned(ctx, s.knows, B, read, anchorOf(s));
      out[outAt] = (out[outAt]! & ~(3 << MAILBOX_SHIFT)) | (MAILBOX_DELIVERED << MAILBOX_SHIFT);
      return end;
    }
    case 'PayeeSendInvoice': {
      // B's invoice for a point that is not s_A's (from a forged bundle) re-anchors everyone's knowledge: left to next.ts.
      if (((s.knows[B] ?? 0) & K_SA) === 0 || S >= s.knows.length) return -1;
      const end = copyParent(parent, parentAt, out, outAt);
      out[outAt + HEADER_WORDS + S] = learned(ctx, s.knows, S, K_INVOICE, anchorOf(s));
      out[outAt + 1] = (out[outAt + 1]! & ~(15 << INVOICE_FROM_SHIFT)) | ((B + 1) << INVOICE_FROM_SHIFT);
      return end;
    }
    case 'PayerHubFinish': {
      if (A >= s.knows.length) return -1;
      const end = copyParent(parent, parentAt, out, outAt);
      const proof = K_SS1 | K_INVOICE | ((s.knows[S] ?? 0) & K_RECEIPT);
      out[outAt + HEADER_WORDS + A] = learned(ctx, s.knows, A, proof, anchorOf(s));
      out[outAt] = (out[outAt]! & ~(3 << PHASE_SHIFT)) | (PHASE_PAID << PHASE_SHIFT) | LOCK_RELEASED;
      return end;
    }
    case 'RefundPtlc': {
      // The offerer takes the hop back: its status refunded (closedAt dropped), its amount back in the offerer's wallet.
      const hop = s.hops[a.hop];
      const o = offererOf(a.hop);
      if (hop === undefined || o >= s.wallet.length) return -1;
      const wallet = s.wallet[o]! + hopAmountSat(a.hop, ctx.hops);
      if (!(wallet >= -0x8000 && wallet < 0x8000)) return -1;
      const end = copyParent(parent, parentAt, out, outAt);
      const fundsAt = outAt + HEADER_WORDS + s.knows.length;
      setAmount(out, fundsAt + (o >> 1), o & 1, wallet);
      const hopAt = fundsAt + ((s.wallet.length + 2) >> 1) + a.hop;
      out[hopAt] = HOP_REFUNDED | (out[hopAt]! & (HEIGHT_MASK << HOP_TIMEOUT_SHIFT));
      return end;
    }
    default:
      return -1;
  }
}

/** Writes a 16-bit amount into half `half` (0: low) of `out[at]` (two amounts to a word, encode.ts). */
function setAmount(out: Int32Array, at: number, half: number, amount: number): void {
  out[at] = half === 0 ? (out[at]! & ~0xffff) | (amount & 0xffff) : (out[at]! & 0xffff) | ((amount & 0xffff) << 16);
}

/** Copies the parent's words to `out[outAt…]` and returns where they end. */
function copyParent(parent: Int32Array, parentAt: number, out: Int32Array, outAt: number): number {
  const n = encodedLength(parent, parentAt);
  for (let k = 0; k < n; k++) out[outAt + k] = parent[parentAt + k]!;
  return outAt + n;
}

/**
 * U(n+j) published with no inclusion delay confirms at once (next.ts `confirmOnChain`, not stale): the chain word
 * says U(n+j) at this height, not settled; A's lock is released when the bundle is out and the update's settlement
 * is held (in the timeout variant, U(n+1) before payment: by A).
 */
function confirmed(ctx: Ctx, s: ProtocolState, j: number, out: Int32Array, outAt: number): void {
  let settleable = false;
  for (let p = 0; p < PARTY_COUNT; p++) if (holdsSettlement(s, p, j)) settleable = true;
  if (ctx.switches.timeoutPath && j === 1 && s.phase !== 'paid') settleable = holdsSettlement(s, A, 1);
  const released = s.lockReleased || (s.phase === 'bundleSent' && settleable);
  out[outAt + CHAIN_WORD] = (j + 1) | ((s.height + 1) << 3);
  out[outAt] = (out[outAt]! & ~CHAIN_SETTLED & ~LOCK_RELEASED) | (released ? LOCK_RELEASED : 0);
}

/**
 * A's and S's wallets once the confirmed update's settlement pays out with no inclusion delay (next.ts `settle`),
 * packed as their funds word; null where next.ts's state would not encode or the wallets are not A's and S's
 * first two (left to next).
 */
function settledFunds(ctx: Ctx, s: ProtocolState): number | null {
  const w = s.wallet;
  // A and S are parties 0 and 1: their wallets are the first funds word's two halves.
  if (w.length < 2) return null;
  const j = s.chain.update;
  const a = w[A]! + payerShare(j, ctx.hops);
  const b = w[S]! + hubShare(j, ctx.hops);
  if (!(a >= -0x8000 && a < 0x8000 && b >= -0x8000 && b < 0x8000)) return null;
  return (a & 0xffff) | ((b & 0xffff) << 16);
}

/** The settlement's words: the funds, channelSat 0, the chain settled, A's lock released once past setup. */
function settled(s: ProtocolState, funds: number, out: Int32Array, outAt: number): void {
  const fundsAt = outAt + HEADER_WORDS + s.knows.length;
  out[fundsAt] = funds;
  // channelSat is the amount after the last wallet, two amounts to a word.
  const k = s.wallet.length;
  const at = fundsAt + (k >> 1);
  out[at] = (k & 1) === 0 ? out[at]! & ~0xffff : out[at]! & 0xffff;
  out[outAt] = out[outAt]! | CHAIN_SETTLED | (s.lockReleased || s.phase !== 'setup' ? LOCK_RELEASED : 0);
}
