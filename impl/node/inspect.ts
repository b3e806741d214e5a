/**
 * The inspection API: a small read-only view of a `World` for the conformance oracle (which maps it onto the
 * model's state) and for the demo transcript. Nothing here changes a node. See README.md "The inspection API".
 */
import { unreachable } from '../../util/unreachable.ts';
import type { EltooChannel } from './channel.ts';
import type { AnyNode, World } from './world.ts';

/** One side's view of one channel: how much it and its peer can claim now (in-flight PTLCs excluded). */
export type BalanceView = {
  readonly node: string;
  readonly peer: string;
  readonly kind: 'eltoo' | 'ptlc-ledger';
  /** For an eltoo channel: the latest state this node holds complete. */
  readonly state: number | null;
  readonly localSat: number;
  readonly remoteSat: number;
  /** Timeout variant: what the latest state pays to the pending output (neither side's yet); else 0. */
  readonly pendingSat: number;
};

export type PtlcView = {
  readonly paymentId: string;
  readonly hop: number;
  readonly from: string;
  readonly to: string;
  readonly amountSat: number;
  readonly point: string;
  readonly timeoutHeight: number;
  /** As the offerer sees it. */
  readonly status: 'pending' | 'claimed' | 'timed-out';
};

/** A transaction a node can broadcast now, by symbolic name: `U(n)` / `St(n)` of the channel `party–hub`. */
export type BroadcastableView = {
  readonly node: string;
  readonly channel: string;
  readonly tx: string;
  readonly state: number;
};

function eltooChannels(n: AnyNode): EltooChannel[] {
  switch (n.role) {
    case 'payer':
      return [n.snapshot.channel];
    case 'hub':
      return n.snapshot.channels;
    case 'payee':
      return n.snapshot.channel === null ? [] : [n.snapshot.channel];
    case 'router':
    case 'mailbox':
      return [];
    default:
      return unreachable(n, 'node');
  }
}

export function balances(w: World): BalanceView[] {
  const out: BalanceView[] = [];
  for (const [id, n] of w.nodes) {
    for (const ch of eltooChannels(n)) {
      const mine = id === ch.hub ? ch.latest.hubSat : ch.latest.partySat;
      const theirs = id === ch.hub ? ch.latest.partySat : ch.latest.hubSat;
      out.push({
        node: id,
        peer: id === ch.hub ? ch.party : ch.hub,
        kind: 'eltoo',
        state: ch.latest.state,
        localSat: mine,
        remoteSat: theirs,
        pendingSat: ch.latest.pending?.pendingSat ?? 0,
      });
    }
    if (n.role !== 'mailbox') {
      for (const l of n.snapshot.ledgers)
        out.push({
          node: id,
          peer: l.peer,
          kind: 'ptlc-ledger',
          state: null,
          localSat: l.localSat,
          remoteSat: l.remoteSat,
          pendingSat: 0,
        });
    }
  }
  return out;
}

/** Every PTLC, as its offerer records it. */
export function ptlcs(w: World): PtlcView[] {
  const out: PtlcView[] = [];
  for (const [id, n] of w.nodes) {
    if (n.role === 'mailbox') continue;
    for (const p of n.snapshot.ptlcs) {
      if (p.direction !== 'out') continue;
      out.push({
        paymentId: p.paymentId,
        hop: p.hop,
        from: id,
        to: p.peer,
        amountSat: p.amountSat,
        point: p.point,
        timeoutHeight: p.timeoutHeight,
        status: p.status,
      });
    }
  }
  return out.sort((a, b) => a.paymentId.localeCompare(b.paymentId) || a.hop - b.hop);
}

/**
 * The secrets node `id` holds, by symbolic name: `sA` (A's partial signature on the payment's update), `sS`
 * (S's), `sB` (B's, scheme 2), `x:P1`… (the decorrelation tweaks B draws), `X` (their sum, which S learns), `lock:<hop>` (a hop's lock secret).
 */
export function secrets(w: World, id: string): string[] {
  const n = w.node(id);
  const names = new Set<string>();
  switch (n.role) {
    case 'payer':
      for (const p of n.snapshot.channel.proposals)
        if (p.purpose === 'async' && p.partyUpdatePartial !== null) names.add('sA');
      for (const wt of n.snapshot.watches) {
        names.add('sB');
        if (wt.hubPartialSig !== null) names.add('sS');
      }
      break;
    case 'hub':
      for (const s of n.snapshot.sales) if (s.payerPartialSig !== null) names.add('sA');
      for (const ch of n.snapshot.channels)
        for (const p of ch.proposals) if (p.purpose !== 'update' && p.hubUpdatePartial !== null) names.add('sS');
      for (const s of n.snapshot.sales) if (!/^0+$/.test(s.totalTweak)) names.add('X');
      break;
    case 'payee':
      if (n.snapshot.receipts.length > 0) names.add('sA');
      if (n.snapshot.decorrelate && n.snapshot.receipts.length > 0)
        for (const r of [...n.snapshot.route, id]) names.add(`x:${r}`);
      if (n.snapshot.channel !== null)
        for (const p of n.snapshot.channel.proposals)
          if (p.purpose === 'async2' && p.partyUpdatePartial !== null) names.add('sB');
      break;
    case 'router':
      for (const f of n.snapshot.forwards) if (!/^0+$/.test(f.tweak)) names.add(`x:${id}`);
      break;
    case 'mailbox':
      break;
    default:
      return unreachable(n, 'node');
  }
  if (n.role !== 'mailbox') for (const p of n.snapshot.ptlcs) if (p.secret !== null) names.add(`lock:${p.hop}`);
  return [...names].sort();
}

/** The eltoo transactions each node holds complete signatures for (update and settlement of a state). */
export function broadcastable(w: World): BroadcastableView[] {
  const out: BroadcastableView[] = [];
  for (const [id, n] of w.nodes) {
    for (const ch of eltooChannels(n)) {
      const name = `${ch.party}–${ch.hub}`;
      if (ch.latest.updateSig !== null)
        out.push({ node: id, channel: name, tx: `U(${ch.latest.state})`, state: ch.latest.state });
      if (ch.latest.settleSig !== null)
        out.push({ node: id, channel: name, tx: `St(${ch.latest.state})`, state: ch.latest.state });
    }
    if (n.role === 'payer') {
      for (const wt of n.snapshot.watches) {
        if (wt.updateSig !== null)
          out.push({
            node: id,
            channel: `${wt.bundle.payee}–${wt.bundle.hub}`,
            tx: `U(${wt.bundle.state})`,
            state: wt.bundle.state,
          });
        out.push({
          node: id,
          channel: `${wt.bundle.payee}–${wt.bundle.hub}`,
          tx: `St(${wt.bundle.state})`,
          state: wt.bundle.state,
        });
      }
    }
  }
  return out;
}

/** One secret nonce of a node's store: fresh, or used once for the message shown (nonce safety). */
export type NonceView = {
  readonly node: string;
  readonly id: string;
  readonly status: 'fresh' | 'used';
  readonly usedForMsg: string | null;
};

/** Every MuSig2 secret nonce each node generated, and what it signed with it (at most one message each). */
export function nonces(w: World): NonceView[] {
  const out: NonceView[] = [];
  for (const [id, n] of w.nodes) {
    if (n.role === 'router' || n.role === 'mailbox') continue;
    for (const e of n.snapshot.nonces.nonces) {
      out.push({ node: id, id: e.id, status: e.status, usedForMsg: e.status === 'used' ? e.usedForMsgHex : null });
    }
  }
  return out;
}
