/**
 * P_i, a routing node of the split S → P1 → … → Pk → B (step 7 variant). On an offer it checks the upstream
 * pre-signature, opens its sealed payload (from S), checks it keeps at least its fee and a timeout margin, and
 * offers the next hop a PTLC locked to L − d·G (d its tweak; zero for the same-point split). On the downstream
 * claim it extracts ℓ, adds d, and claims upstream: paying downstream always lets it claim upstream in time,
 * since its upstream timeout is later by at least the configured delta.
 */
import { InputError } from '../../util/input-error.ts';
import { unreachable } from '../../util/unreachable.ts';
import { nodeError } from './errors.ts';
import type { Bodies, Envelope } from './messages.ts';
import {
  freshRand,
  isNodeError,
  mailboxKeys,
  type BaseSnapshot,
  type Outcome,
  type Role,
  type StepContext,
} from './node.ts';
import type { Params } from './params.ts';
import {
  checkOffer,
  completeClaim,
  expirePtlcs,
  extractSecret,
  ledgerWith,
  offeredEntry,
  receivedEntry,
  acceptBody,
  takeAccept,
  scalarAdd,
  signOffer,
  subtractTweak,
  ZERO32,
  type Ledger,
  type PtlcEntry,
} from './ptlc.ts';
import { openBlinded, openHop } from './sealed-payloads.ts';
import { claimSigOnChain } from './ptlc-txs.ts';
import type { NodeError } from './errors.ts';

type Forward = { paymentId: string; inHop: number; upstream: string; downstream: string; tweak: string };

export type RouterSnapshot = BaseSnapshot & {
  role: 'router';
  params: Params;
  /** Who seals the hop payloads (the payment's sender side: S), and who seals the blinded tweaks (B). */
  onionSender: string;
  blindedSender: string;
  ledgers: Ledger[];
  ptlcs: PtlcEntry[];
  forwards: Forward[];
};

/** A routing node takes no local commands: it only reacts to offers, claims and blocks. */
export type RouterCommand = never;

function onOffer(draft: RouterSnapshot, env: Envelope, m: Bodies['PtlcOffer'], ctx: StepContext): Outcome {
  const checked = checkOffer(draft.ledgers, env.from, m);
  if ('kind' in checked) return checked;
  if (draft.forwards.some((f) => f.paymentId === m.paymentId))
    return nodeError('replayed', `PtlcOffer: ${m.paymentId.slice(0, 8)} already forwarded`, 'router:offer-replayed');
  const [mine, ...rest] = m.onion;
  const senderKey = draft.directory[draft.onionSender]?.node;
  if (mine === undefined || senderKey === undefined)
    return nodeError('malformed', 'PtlcOffer.onion: no payload for this hop', 'router:offer-onion-missing');
  let payload;
  try {
    payload = openHop({
      recipientSecKey: mailboxKeys(draft.seed).secKey,
      sealedHex: mine,
      expectedSenderKeyHex: senderKey,
      paymentId: m.paymentId,
    });
  } catch (e) {
    if (e instanceof InputError)
      return nodeError('forged-signature', `PtlcOffer.onion.0: ${e.message}`, 'router:offer-onion-unreadable');
    throw e;
  }
  if (payload.paymentId !== m.paymentId || payload.hop !== m.hop || payload.next === null) {
    return nodeError(
      'unexpected',
      'PtlcOffer.onion.0: the payload is not for this hop of this payment',
      'router:offer-onion-not-ours',
    );
  }
  // R-04-09: the tweak comes from B's blinded payload (decorrelated), or is zero (same point).
  let tweak = ZERO32;
  if (payload.blinded !== null) {
    const payeeKey = draft.directory[draft.blindedSender]?.node;
    try {
      tweak = openBlinded({
        recipientSecKey: mailboxKeys(draft.seed).secKey,
        sealedHex: payload.blinded,
        expectedSenderKeyHex: payeeKey ?? '',
        paymentId: payload.paymentId,
      }).tweak;
    } catch (e) {
      if (e instanceof InputError)
        return nodeError(
          'forged-signature',
          `PtlcOffer.onion.0.blinded: ${e.message}`,
          'router:offer-blinded-unreadable',
        );
      throw e;
    }
    if (tweak === ZERO32)
      return nodeError(
        'bad-point',
        'PtlcOffer.onion.0.blinded: a zero tweak in a decorrelated split',
        'router:offer-blinded-zero-tweak',
      );
  }
  const { hopFeeSat, cltvDeltaBlocks } = draft.params;
  if (m.amountSat - payload.forwardAmountSat < hopFeeSat)
    return nodeError(
      'refused',
      `PtlcOffer: forwarding ${payload.forwardAmountSat} of ${m.amountSat} leaves less than the fee ${hopFeeSat}`,
      'router:offer-fee-short',
    );
  if (m.timeoutHeight - payload.forwardTimeoutHeight < cltvDeltaBlocks)
    return nodeError('too-late', 'PtlcOffer: the timeout margin is below the delta', 'router:offer-timeout-margin');
  if (ctx.height >= payload.forwardTimeoutHeight)
    return nodeError(
      'too-late',
      `PtlcOffer: the next hop would time out at ${payload.forwardTimeoutHeight}`,
      'router:offer-next-timeout',
    );
  const upLedger = ledgerWith(draft.ledgers, env.from);
  const downLedger = ledgerWith(draft.ledgers, payload.next);
  if (upLedger === undefined || upLedger.remoteSat < m.amountSat)
    return nodeError('refused', `${env.from} cannot lock ${m.amountSat} sat`, 'router:offer-cannot-lock-in');
  if (downLedger === undefined || downLedger.localSat < payload.forwardAmountSat)
    return nodeError(
      'refused',
      `${draft.id} cannot lock ${payload.forwardAmountSat} sat towards ${payload.next}`,
      'router:offer-cannot-lock-out',
    );
  const received = receivedEntry(m, env.from, upLedger);
  const accept = acceptBody(draft.seed, upLedger, received);
  draft.ptlcs.push(received);
  upLedger.remoteSat -= m.amountSat;
  const terms = {
    paymentId: m.paymentId,
    hop: m.hop + 1,
    amountSat: payload.forwardAmountSat,
    point: subtractTweak(m.point, tweak),
    timeoutHeight: payload.forwardTimeoutHeight,
  };
  const signed = signOffer({ terms, ledger: downLedger, seed: draft.seed, auxRand: freshRand(draft, 'presign') });
  downLedger.localSat -= terms.amountSat;
  draft.ptlcs.push(offeredEntry(terms, payload.next, signed));
  draft.forwards.push({ paymentId: m.paymentId, inHop: m.hop, upstream: env.from, downstream: payload.next, tweak });
  const { preSig, stateSig } = signed;
  return {
    send: [
      { to: env.from, sessionId: m.paymentId, body: accept },
      {
        to: payload.next,
        sessionId: m.paymentId,
        body: { kind: 'PtlcOffer', ...terms, preSig, stateSig, onion: rest },
      },
    ],
    notes: [
      `${draft.id} forwards ${terms.amountSat} sat to ${payload.next}${terms.point === m.point ? ' (same point)' : ' (new point)'}`,
    ],
  };
}

function onClaim(draft: RouterSnapshot, env: Envelope, m: Bodies['PtlcClaim'], ctx: StepContext): Outcome {
  const out = draft.ptlcs.find(
    (p) => p.paymentId === m.paymentId && p.hop === m.hop && p.direction === 'out' && p.peer === env.from,
  );
  const fwd = draft.forwards.find((f) => f.paymentId === m.paymentId && f.downstream === env.from);
  const inc = draft.ptlcs.find((p) => p.paymentId === m.paymentId && p.direction === 'in');
  if (out === undefined || fwd === undefined || inc === undefined)
    return nodeError(
      'unexpected',
      `PtlcClaim: ${draft.id} offered no PTLC ${m.paymentId.slice(0, 8)} hop ${m.hop} to ${env.from}`,
      'router:claim-no-ptlc',
    );
  if (out.status === 'claimed') return nodeError('replayed', 'PtlcClaim: already claimed', 'router:claim-replayed');
  if (out.status === 'timed-out' || ctx.height >= out.timeoutHeight)
    return nodeError(
      'too-late',
      `PtlcClaim at height ${ctx.height}: timed out at ${out.timeoutHeight}`,
      'router:claim-timed-out',
    );
  let secret: string;
  try {
    secret = extractSecret({ entry: out, sig: m.sig });
  } catch (e) {
    if (e instanceof InputError)
      return nodeError('forged-signature', `PtlcClaim.sig: ${e.message}`, 'router:claim-sig-forged');
    throw e;
  }
  return claimUpstream(draft, { out, fwd, inc, secret });
}

/** P_i learned ℓ from its downstream claim (off chain or read from the chain): ℓ + x_i claims upstream (R-04-10). */
function claimUpstream(
  draft: RouterSnapshot,
  o: { out: PtlcEntry; fwd: Forward; inc: PtlcEntry; secret: string },
): Outcome {
  const { out, fwd, inc, secret } = o;
  out.status = 'claimed';
  out.secret = secret;
  const down = ledgerWith(draft.ledgers, out.peer);
  if (down !== undefined) down.remoteSat += out.amountSat;
  const upSecret = scalarAdd(secret, fwd.tweak);
  const upLedger = ledgerWith(draft.ledgers, fwd.upstream);
  if (upLedger === undefined)
    return nodeError('unexpected', `PtlcClaim: no routing channel with ${fwd.upstream}`, 'router:claim-no-upstream');
  const sig = completeClaim({ entry: inc, secret: upSecret, ledger: upLedger });
  inc.status = 'claimed';
  inc.secret = upSecret;
  upLedger.localSat += inc.amountSat;
  return {
    send: [
      {
        to: fwd.upstream,
        sessionId: out.paymentId,
        body: { kind: 'PtlcClaim', paymentId: out.paymentId, hop: inc.hop, sig },
      },
    ],
    notes: [
      `${draft.id} learns the secret from ${out.peer}'s claim and claims ${inc.amountSat} sat from ${fwd.upstream} (earns ${inc.amountSat - out.amountSat})`,
    ],
  };
}

export const routerRole: Role<RouterSnapshot, RouterCommand> = {
  name: 'router',
  onMessage(draft, env, ctx) {
    const body = env.body;
    switch (body.kind) {
      case 'PtlcOffer':
        return onOffer(draft, env, body, ctx);
      case 'PtlcClaim':
        return onClaim(draft, env, body, ctx);
      case 'PtlcAccept':
        return takeAccept(draft.ptlcs, draft.ledgers, env.from, body);
      case 'ProposeState':
      case 'AcceptState':
      case 'SettlementSig':
      case 'UpdateSig':
      case 'MailboxStore':
      case 'MailboxFetch':
      case 'MailboxDeliver':
      case 'Invoice':
      case 'PayerReturn':
      case 'StateProof':
      case 'WatchtowerHandoff':
        return nodeError('unexpected', `${draft.id} does not handle ${body.kind}`, 'router:unhandled-message');
      default:
        return unreachable(body, 'message');
    }
  },
  onCommand(draft, cmd) {
    return nodeError('refused', `${draft.id} takes no commands (${JSON.stringify(cmd)})`, 'router:no-commands');
  },
  onTick(draft, ctx) {
    // A downstream claim put on chain: P_i reads the secret from it and claims upstream.
    const send: NonNullable<Exclude<Outcome, NodeError>['send']>[number][] = [];
    const notes: string[] = [];
    if (ctx.chain !== undefined) {
      for (const out of draft.ptlcs) {
        const ledger = ledgerWith(draft.ledgers, out.peer);
        const fwd = draft.forwards.find((f) => f.paymentId === out.paymentId && f.downstream === out.peer);
        const inc = draft.ptlcs.find((p) => p.paymentId === out.paymentId && p.direction === 'in');
        if (out.direction !== 'out' || out.status !== 'pending' || ledger === undefined) continue;
        if (fwd === undefined || inc === undefined || inc.status !== 'pending') continue;
        const sig = claimSigOnChain(ctx.chain, ledger, out);
        if (sig === undefined) continue;
        const r = claimUpstream(draft, { out, fwd, inc, secret: extractSecret({ entry: out, sig }) });
        if (isNodeError(r)) continue;
        send.push(...(r.send ?? []));
        notes.push(...(r.notes ?? []).map((n) => `${n} (read from the chain)`));
      }
    }
    notes.push(...expirePtlcs({ ptlcs: draft.ptlcs, ledgers: draft.ledgers, height: ctx.height }));
    return { send, notes };
  },
};
