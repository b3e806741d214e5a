/**
 * Adversarial steps with no model action: the model stutters (its state does not change), so the
 * implementation must refuse or absorb them and its abstraction must not move. Each is a "must not" check:
 * - `restart`: a node crashes and comes back from its snapshot;
 * - `replay`: the last delivered message is delivered again;
 * - `forgedEnvelope`: M gets a MailboxFetch claiming to come from B, signed by another key;
 * - `forgedInvoice`: S gets an invoice signed with B's key whose payment point is not s_A's point.
 * The oracle holds every node's seed (it injected them), so it can sign as B: that tests S's point check,
 * not B's honesty.
 */
import * as t from 'io-ts';
import { invoiceSignatureValid, signInvoice } from '../impl/node/invoice.ts';
import type { Envelope } from '../impl/node/messages.ts';
import { nodeKeys } from '../impl/node/node.ts';
import { signEnvelope } from '../impl/node/envelope.ts';
import { derive, nodeSeed } from '../impl/node/rng.ts';
import { pointOfSecret, ZERO32 } from '../impl/node/ptlc.ts';
import { toHex } from '../impl/node/wire.ts';
import type { ImplDriver } from './driver.ts';

export const NODE_IDS = ['A', 'S', 'B', 'M'] as const;

export const AdversaryCommand = t.union([
  t.type({ kind: t.literal('restart'), node: t.keyof({ A: null, S: null, B: null, M: null }) }),
  t.type({ kind: t.literal('replay') }),
  t.type({ kind: t.literal('forgedEnvelope') }),
  t.type({ kind: t.literal('forgedInvoice') }),
]);
export type AdversaryCommand = t.TypeOf<typeof AdversaryCommand>;

export function adversaryLabel(c: AdversaryCommand): string {
  return c.kind === 'restart' ? `OracleRestart${c.node}` : `Oracle${c.kind[0]?.toUpperCase()}${c.kind.slice(1)}`;
}

/** Runs an adversarial step; returns what it did, for the report (`undefined`: nothing to do in this state). */
export function runAdversary(d: ImplDriver, c: AdversaryCommand): string | undefined {
  switch (c.kind) {
    case 'restart':
      d.restart(c.node);
      return `${c.node} crashes and restarts from its snapshot`;
    case 'replay': {
      const last = [...d.world.transcript].reverse().find((e) => e.kind === 'message');
      if (last === undefined || last.kind !== 'message') return undefined;
      if (!d.isOnline(last.envelope.to)) return undefined;
      d.receive(last.envelope.to, JSON.parse(JSON.stringify(last.envelope)));
      return `replays ${last.envelope.body.kind} ${last.envelope.from}→${last.envelope.to}`;
    }
    case 'forgedEnvelope': {
      if (!d.isOnline('M')) return undefined;
      const m = d.node('M');
      const seq = (m.snapshot.seqIn['B'] ?? 0) + 1;
      const attacker = nodeKeys(toHex(derive(nodeSeed(d.config.seed, 'attacker'), 'seed'))).secKey;
      const env: Envelope = signEnvelope({ from: 'B', to: 'M', seq, sessionId: ZERO32, body: { kind: 'MailboxFetch' }, nodeSecKey: attacker, auxRand: new Uint8Array(32) });
      d.receive('M', env);
      return 'M gets a MailboxFetch "from B" signed by another key';
    }
    case 'forgedInvoice': {
      if (!d.isOnline('S')) return undefined;
      const hub = d.node('S');
      if (hub.role !== 'hub') return undefined;
      const ch = hub.snapshot.channels.find((x) => x.party === 'A');
      const p = ch?.proposals.find((x) => x.purpose === 'async' && x.status === 'settled');
      if (ch === undefined || p === undefined) return undefined;
      const bSeed = nodeSeed(d.config.seed, 'B');
      const wrongPoint = pointOfSecret(toHex(derive(bSeed, 'oracle/wrong-point')));
      const invoice = signInvoice(
        { paymentId: p.sessionId, payee: 'B', hub: 'S', state: p.state, amountSat: p.amountSat, paymentPoint: wrongPoint, expiryHeight: p.expiryHeight, tweakSum: ZERO32, blinded: [], channelId: ch.fundingTxid, receiptPreSig: null },
        { secKey: nodeKeys(bSeed).secKey, auxRand: new Uint8Array(32) },
      );
      if (!invoiceSignatureValid(invoice, hub.snapshot.directory['B'] ?? '')) throw new Error('adversary: the forged invoice is not signed by B');
      const seq = (hub.snapshot.seqIn['B'] ?? 0) + 1;
      const env = signEnvelope({ from: 'B', to: 'S', seq, sessionId: p.sessionId, body: { kind: 'Invoice', ...invoice }, nodeSecKey: nodeKeys(bSeed).secKey, auxRand: new Uint8Array(32) });
      d.receive('S', env);
      return 'S gets an invoice signed by B for a point that is not s_A\'s';
    }
  }
}
