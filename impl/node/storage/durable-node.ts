/**
 * A node whose every committed state change is on disk before any message that depends on it leaves: `step`
 * runs the node on one input, and when the state changed or something is to be sent, writes first the nonce
 * high-water mark (`<id>/nonce-mark`: the new state's epoch and randomness counter), then the state with the
 * reply it produced (`<id>/state`), each a sealed record (sealed-record.ts); only then does it return the
 * reply, which the caller sends. Inputs carry increasing ids: an input at or below the last one persisted is
 * answered from the stored reply, not run again (a restarted node re-sends what it may not have sent).
 *
 * Restoring never signs with a nonce already used: the mark is written before the state it describes, so on
 * load a state one epoch behind its mark is the crash window (that step never left the node: only the counter
 * is raised past the mark), and a state further behind is an older copy put back (the counter is raised AND
 * every fresh secret nonce in it is burnt, since any of them may have signed since). A missing mark counts as
 * unknown, so its nonces are burnt too.
 */
import * as t from 'io-ts';
import { Transaction } from 'bitcoinjs-lib';
import { InputError } from '../../../util/input-error.ts';
import { SnapshotCodec, type NonceStoreSnapshot } from '../../crypto/nonce-store.ts';
import type { BroadcastTx } from '../eltoo-txs.ts';
import type { NodeError } from '../errors.ts';
import type { Envelope } from '../messages.ts';
import type { StepResult } from '../node.ts';
import type { ChainView } from '../onchain.ts';
import { restoreNode } from '../snapshot-codecs.ts';
import { stepInput, type AnyNode, type NodeInput } from '../world.ts';
import type { KVStore } from './kv-store.ts';
import { openRecord, sealRecord } from './sealed-record.ts';

export const STATE_KEY = 'state';
export const MARK_KEY = 'nonce-mark';
const STATE_FORMAT = 'apln-node-state';
const MARK_FORMAT = 'apln-nonce-mark';

/** A broadcast as stored: the transaction as hex (rebuilt on the way out). */
type StoredTx = { name: string; txid: string; hex: string };
/** What a step answered, as stored with the state it led to. */
export type StoredReply = { outgoing: Envelope[]; broadcast: StoredTx[]; notes: string[]; error?: NodeError };

const Mark = t.type({ epoch: t.number, counter: t.number });
const StateBody = t.type({
  role: t.string,
  snapshot: t.unknown,
  epoch: t.number,
  lastInput: t.number,
  reply: t.union([t.unknown, t.null]),
});

/** How the last load went (for tests and the crash test's figures). */
export type LoadReport = {
  readonly epoch: number;
  readonly markEpoch: number | undefined;
  readonly burnt: number;
  readonly counterRaisedBy: number;
};

function burnFresh(nonces: NonceStoreSnapshot): { nonces: NonceStoreSnapshot; burnt: number } {
  let burnt = 0;
  const out = nonces.nonces.map((n) => {
    if (n.status !== 'fresh') return n;
    burnt++;
    return { id: n.id, status: 'used' as const, pubNonceHex: n.pubNonceHex, usedForMsgHex: '' };
  });
  return { nonces: { ...nonces, nonces: out }, burnt };
}

export class DurableNode {
  #node: AnyNode;
  #epoch: number;
  #lastInput: number;
  #reply: StoredReply | null;
  /** Persisted writes so far (each is a mark then a state). */
  persists = 0;

  private constructor(
    readonly store: KVStore,
    readonly id: string,
    node: AnyNode,
    epoch: number,
    lastInput: number,
    reply: StoredReply | null,
    readonly loaded: LoadReport | undefined,
  ) {
    this.#node = node;
    this.#epoch = epoch;
    this.#lastInput = lastInput;
    this.#reply = reply;
  }

  /** A new node: its initial state is persisted (epoch 0) before it is used. */
  static create(store: KVStore, node: AnyNode): DurableNode {
    const d = new DurableNode(store, node.snapshot.id, node, -1, 0, null, undefined);
    d.persist(node, 0, null);
    return d;
  }

  /** Node `id` from the store; throws InputError naming what is wrong when the stored state is missing, cut short or changed. */
  static load(store: KVStore, id: string): DurableNode {
    const where = `store ${id}/${STATE_KEY}`;
    const bytes = store.read(id, STATE_KEY);
    if (bytes === undefined) throw new InputError(where, 'missing: no state was ever persisted for this node');
    const body = openRecord(new TextDecoder().decode(bytes), STATE_FORMAT, where);
    const decoded = StateBody.decode(body);
    if (decoded._tag === 'Left')
      throw new InputError(where, 'body: expected role, snapshot, epoch, lastInput and reply');
    const s = decoded.right;
    const role = s.role as AnyNode['role'];
    if (!['payer', 'hub', 'payee', 'router', 'mailbox'].includes(role))
      throw new InputError(`${where}: role`, `unknown role ${JSON.stringify(s.role).slice(0, 30)}`);
    let node = restoreNode(role, s.snapshot);
    if (node.snapshot.id !== id)
      throw new InputError(`${where}: snapshot.id`, `is ${node.snapshot.id}, stored under ${id}`);
    const markBytes = store.read(id, MARK_KEY);
    let mark: t.TypeOf<typeof Mark> | undefined;
    if (markBytes !== undefined) {
      const m = Mark.decode(openRecord(new TextDecoder().decode(markBytes), MARK_FORMAT, `store ${id}/${MARK_KEY}`));
      if (m._tag === 'Left') throw new InputError(`store ${id}/${MARK_KEY}`, 'body: expected epoch and counter');
      mark = m.right;
    }
    const snap = JSON.parse(JSON.stringify(node.snapshot)) as AnyNode['snapshot'] & { nonces?: NonceStoreSnapshot };
    const counterBefore = snap.counter;
    let burnt = 0;
    if (mark !== undefined && mark.counter > snap.counter) snap.counter = mark.counter;
    const older = mark === undefined || mark.epoch > s.epoch + 1;
    if (older && snap.nonces !== undefined && SnapshotCodec.is(snap.nonces)) {
      const b = burnFresh(snap.nonces);
      snap.nonces = b.nonces;
      burnt = b.burnt;
    }
    node = restoreNode(role, snap);
    const report = { epoch: s.epoch, markEpoch: mark?.epoch, burnt, counterRaisedBy: snap.counter - counterBefore };
    return new DurableNode(store, id, node, s.epoch, s.lastInput, (s.reply as StoredReply | null) ?? null, report);
  }

  get node(): AnyNode {
    return this.#node;
  }

  get epoch(): number {
    return this.#epoch;
  }

  get lastInput(): number {
    return this.#lastInput;
  }

  private persist(node: AnyNode, lastInput: number, reply: StoredReply | null): void {
    const epoch = this.#epoch + 1;
    const enc = new TextEncoder();
    // The mark first: a state on disk is never ahead of the mark, so a restore can tell the crash window from an old copy.
    this.store.write(this.id, MARK_KEY, enc.encode(sealRecord(MARK_FORMAT, { epoch, counter: node.snapshot.counter })));
    this.store.write(
      this.id,
      STATE_KEY,
      enc.encode(sealRecord(STATE_FORMAT, { role: node.role, snapshot: node.snapshot, epoch, lastInput, reply })),
    );
    this.#node = node;
    this.#epoch = epoch;
    this.#lastInput = lastInput;
    this.#reply = reply;
    this.persists++;
  }

  /**
   * Runs input `inputId` (ids increase by caller's count); persists, then returns what to send. An id at or
   * below the last persisted one is answered from the store: the same reply for the same id, nothing for older.
   */
  step(inputId: number, input: NodeInput, height: number, chain?: ChainView): StepResult<AnyNode['snapshot']> {
    if (inputId <= this.#lastInput) {
      const reply =
        inputId === this.#lastInput && this.#reply !== null ? this.#reply : { outgoing: [], broadcast: [], notes: [] };
      return toResult(this.#node, reply);
    }
    const r = stepInput(this.#node, input, height, chain);
    const changed =
      r.snapshot !== this.#node.snapshot && JSON.stringify(r.snapshot) !== JSON.stringify(this.#node.snapshot);
    if (!changed && r.outgoing.length === 0 && r.broadcast.length === 0) return r; // nothing to persist: running it again gives the same
    const reply: StoredReply = {
      outgoing: r.outgoing.map((e) => JSON.parse(JSON.stringify(e)) as Envelope),
      broadcast: r.broadcast.map((b) => ({ name: b.name, txid: b.txid, hex: b.hex })),
      notes: [...r.notes],
      ...(r.error === undefined ? {} : { error: r.error }),
    };
    this.persist({ role: this.#node.role, snapshot: r.snapshot } as AnyNode, inputId, reply);
    return r;
  }
}

/** A stored reply as a step result (transactions rebuilt from their hex). */
export function toResult(node: AnyNode, reply: StoredReply): StepResult<AnyNode['snapshot']> {
  const broadcast: BroadcastTx[] = reply.broadcast.map((b) => ({ ...b, tx: Transaction.fromHex(b.hex), spends: [] }));
  return {
    snapshot: node.snapshot,
    outgoing: reply.outgoing,
    broadcast,
    notes: reply.notes,
    ...(reply.error === undefined ? {} : { error: reply.error }),
  };
}
