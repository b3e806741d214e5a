/**
 * The node network both oracle drivers stand on (driver.ts for scheme 1, scheme2/driver.ts for scheme 2): a
 * `World` of real impl nodes whose messages the oracle delivers selectively, one node step at a time, each
 * recorded in the world's transcript. A subclass builds the world and may rewrite what a node receives or what a
 * restart brings back (mutant hooks).
 *
 * One chain, the world's: what a party publishes at model height h enters the world's mempool, validated for the
 * block base + h + 1 (so an absolute locktime is checked at world heights), and `ChainAdvance` mines it. The
 * model counts a channel transaction confirmed when it is published: every chain view here reads the channel's
 * transactions in the mempool as in the next block (`Chain.projected`). An on-chain PTLC claim or refund waits
 * in the mempool unseen until the block that confirms it (the model's offerer learns the secret then).
 */
import type { Transaction } from 'bitcoinjs-lib';
import { describeRejection } from '../impl/chain/rejection.ts';
import type { NodeError } from '../impl/node/errors.ts';
import type { Envelope } from '../impl/node/messages.ts';
import { tick, type Role } from '../impl/node/node.ts';
import type { BroadcastTx } from '../impl/node/eltoo-txs.ts';
import { channelTip, type ChainView } from '../impl/node/onchain.ts';
import type { AnyNode, Refusal, World } from '../impl/node/world.ts';
import type { Chain } from '../impl/chain/chain.ts';

/** The role implementations a driver uses; a mutant replaces one or more. */
export interface Roles {
  // Roles are generic over their snapshot and command types; the driver dispatches on `AnyNode.role`.
  /* eslint-disable @typescript-eslint/no-explicit-any */
  readonly payer: Role<any, any>;
  readonly hub: Role<any, any>;
  readonly payee: Role<any, any>;
  readonly router: Role<any, any>;
  readonly mailbox: Role<any, any>;
  /* eslint-enable @typescript-eslint/no-explicit-any */
}

/** A transaction the oracle confirmed for a model step. */
export interface ConfirmedTx {
  /** The model's state number j of the transaction (0 = the channel's state before the payment). */
  readonly state: number;
  readonly txid: string;
  readonly tx: Transaction;
  /** Model height when it confirmed. */
  readonly height: number;
}

/** Whether a raw wire value has the shape of an envelope (a malformed one teaches nobody anything). */
function isEnvelope(v: unknown): v is Envelope {
  const e = v as Partial<Envelope> | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.to === 'string' &&
    typeof e.from === 'string' &&
    typeof e.body === 'object' &&
    e.body !== null &&
    typeof e.body.kind === 'string'
  );
}

/** The implementation cannot take a step the model allows (a divergence, reported by the runner). */
export class ImplRefusal extends Error {
  override readonly name = 'ImplRefusal';
}

/** An honest party accepted an adversarial stutter it must refuse (a divergence: the model stutters). */
export class StutterAccepted extends Error {
  override readonly name = 'StutterAccepted';
}

/** A node role as the network dispatches it (on `AnyNode.role`), for commands of type `Cmd`. */
export type NodeRole<Cmd> = Role<AnyNode['snapshot'], Cmd>;

/**
 * Worlds after a driver's set-up, by the roles that built them and a key (a pure function of seed and parameters):
 * built once per process and roles. The roles are part of the key because a set-up may run them (scheme 1's stale
 * states are cancellations through the channel protocol): a named mutant's set-up is its own.
 */
let setUps = new WeakMap<Roles, Map<string, World>>();

/** A clone of the world `key` names for `roles`, built by `build` the first time (every driver gets its own copy). */
export function setUpWorld(key: string, roles: Roles, build: () => World): World {
  let byKey = setUps.get(roles);
  if (byKey === undefined) setUps.set(roles, (byKey = new Map()));
  let template = byKey.get(key);
  if (template === undefined) {
    template = build();
    if (byKey.size > 64) byKey.clear();
    byKey.set(key, template);
  }
  return template.clone();
}

/**
 * Forgets every set-up world. For the mutation runner: a Stryker mutant changes the honest roles' own code, which
 * no key names, so a set-up built under one mutant must not serve the next (it once made 212 of 366 kills
 * "divergences at init" of a stale-states set-up built under another mutant).
 */
export function forgetSetUps(): void {
  setUps = new WeakMap();
}

export abstract class NodeNetwork<Cmd extends { readonly kind: string }> {
  abstract readonly world: World;
  abstract readonly roles: Roles;
  /** The world's height when the run starts (model height 0). */
  abstract readonly base: number;
  /** The channel update the oracle confirmed last, if any. */
  abstract update: ConfirmedTx | undefined;
  /** The channel transactions published (the model counts them confirmed at once), by txid. */
  private readonly published = new Set<string>();

  /**
   * What a node sees of the chain when it handles a message or a command (S's R-02-21 check before it buys): a
   * channel update at the model height it was published at (world height base + h_u, one below the block that
   * holds it), so h + τ + margin ≤ h_u + csv reads the same in the model and the impl.
   */
  stepView(): ChainView {
    return this.viewOf(-1);
  }

  /**
   * What a watching node sees: the chain with the published channel transactions in the next block (a
   * transaction published at model height h confirms in block base + h + 1).
   */
  watchView(): ChainView {
    return this.viewOf(0);
  }

  /** The world's chain with the published channel transactions of the mempool in the next block. */
  protected chainNow(): Chain {
    return this.world.chain.projected((txid) => this.published.has(txid));
  }

  private viewOf(shift: number): ChainView {
    const chain = this.chainNow();
    return {
      channelTip: (ch) => {
        const tip = channelTip(chain, ch);
        return tip.kind === 'update' && shift !== 0 ? { ...tip, height: tip.height + shift } : tip;
      },
      isSpent: (out) => chain.spentBy(out) !== undefined,
      spender: (out) => {
        const id = chain.spentBy(out);
        return id === undefined ? undefined : chain.transaction(id);
      },
    };
  }

  /**
   * Node `id` publishes channel transaction `tx` (the model counts it confirmed now): into the world's mempool,
   * for the next block. An `ImplRefusal` if the chain refuses it.
   */
  protected publish(id: string, tx: BroadcastTx): void {
    this.broadcast(id, [tx]);
    this.published.add(tx.txid);
  }

  /** Node `id`'s transactions into the world's mempool, for the next block; an `ImplRefusal` if the chain refuses one. */
  protected broadcast(id: string, txs: readonly BroadcastTx[]): void {
    const r = this.world.broadcast(id, txs);
    if (r !== undefined)
      throw new ImplRefusal(`the chain refused ${id}'s ${r.tx.name}: ${describeRejection(r.rejection)}`);
  }

  /**
   * What node `id`, watching the chain, would broadcast now (R-08-08..10): a tick with the chain view, whose
   * other effects (PTLC timeouts) are not kept: those are model steps of their own.
   */
  watchBroadcasts(id: string): readonly BroadcastTx[] {
    const n = this.node(id);
    return tick(this.roleOf(n), n.snapshot, { height: this.implHeight, chain: this.watchView() }).broadcast;
  }

  /** What node `to` is handed for `raw` (default: `raw`; a mutant hook rewrites it). */
  protected rewrite(_to: string, raw: unknown): unknown {
    return raw;
  }

  /** The snapshot a restart of `id` brings back (default: its own; a mutant hook may say otherwise). */
  protected restored(_id: string, current: AnyNode): AnyNode['snapshot'] {
    return current.snapshot;
  }

  /**
   * Hands the world the oracle's terms: the roles, the chain view every step sees, the mutant's rewrite; what
   * nodes broadcast stays out of the world's mempool (the oracle confirms it on its own chain).
   */
  attach(world: World): void {
    world.roles = this.roles;
    world.view = () => this.stepView();
    world.handOver = (to, raw) => this.rewrite(to, raw);
    world.mempool = false;
  }

  /** The height the nodes see (the world's chain). */
  get implHeight(): number {
    return this.world.height;
  }

  node(id: string): AnyNode {
    return this.world.node(id);
  }

  isOnline(id: string): boolean {
    return this.world.online.get(id) === true;
  }

  protected roleOf(n: AnyNode): NodeRole<Cmd> {
    return this.roles[n.role] as NodeRole<Cmd>;
  }

  /**
   * Runs a local command on node `id`; returns the node's refusal, if any. Like every message step, it sees the
   * oracle's chain (`stepView`; R-02-21: S checks it before buying).
   */
  command(id: string, cmd: Cmd): NodeError | undefined {
    return this.world.commandNode(id, cmd);
  }

  mustCommand(id: string, cmd: Cmd): void {
    const e = this.command(id, cmd);
    if (e !== undefined) throw new ImplRefusal(`${id} refused ${cmd.kind}: ${e.kind}: ${e.detail}`);
  }

  /** Signatures of the envelopes the adversary's stutters injected: no party sent them, so they teach nobody. */
  abstract readonly stutters: Set<string>;

  /**
   * An adversary's message that node `to` judges while the model stutters: marked a stutter, delivered, then what
   * the node and the network did is undone (its answer stays in the transcript). Returns the refusal, if any.
   */
  judgeStutter(to: string, env: Envelope): NodeError | undefined {
    const before = this.world.node(to).snapshot;
    const queue = this.world.saveQueue();
    this.stutters.add(env.sig);
    const refusal = this.receive(to, env);
    this.world.setSnapshot(to, before);
    this.world.restoreQueue(queue);
    return refusal;
  }

  /** Hands `raw` to node `to` as if from the network (with `role` instead of its own, for a deviating step). */
  receive(to: string, raw: unknown, opts: { role?: NodeRole<Cmd> } = {}): NodeError | undefined {
    return this.world.receive(to, raw, opts);
  }

  /** Every message that went on the wire: delivered (accepted or not), then still queued; malformed ones left out. */
  wire(): Envelope[] {
    const out: Envelope[] = [];
    for (const e of this.world.transcript) if (e.kind === 'message' && isEnvelope(e.envelope)) out.push(e.envelope);
    for (const e of this.world.queued()) if (isEnvelope(e)) out.push(e);
    return out;
  }

  /** The stutters every scheme has: a node crashes and restarts from its snapshot; the last accepted message again. */
  commonStutter(
    c: { readonly kind: 'restart'; readonly node: string } | { readonly kind: 'replay' },
  ): string | undefined {
    if (c.kind === 'replay') return this.replayLastAccepted();
    this.restart(c.node);
    return `${c.node} crashes and restarts from its snapshot`;
  }

  /** The queued messages, in order, as envelopes (they are plain JSON the nodes produced). */
  queued(): readonly Envelope[] {
    return this.world.queued();
  }

  /**
   * Delivers, in FIFO order, every queued message that `pred` selects and whose recipient is online, until none
   * is left (messages sent in reaction are considered too). Returns the refusals.
   */
  deliverWhere(pred: (e: Envelope) => boolean, opts: { max?: number; role?: NodeRole<Cmd> } = {}): Refusal[] {
    return this.world.deliver({
      where: pred,
      max: opts.max ?? 1000,
      ...(opts.role === undefined ? {} : { role: opts.role }),
    });
  }

  /**
   * Delivers every queued message `pred` selects (`deliverWhere`); an `ImplRefusal` naming `what` if a node
   * refused one, or if fewer than `atLeast` (default 1) were delivered.
   */
  mustDeliver(
    pred: (e: Envelope) => boolean,
    what: string,
    opts: { atLeast?: number; role?: NodeRole<Cmd> } = {},
  ): void {
    const before = this.world.transcript.length;
    const refusals = this.deliverWhere(pred, opts.role === undefined ? {} : { role: opts.role });
    const r = refusals[0];
    if (r !== undefined) throw new ImplRefusal(`${what}: ${r.to} refused: ${r.error.kind}: ${r.error.detail}`);
    const delivered = this.world.transcript.slice(before).filter((e) => e.kind === 'message').length;
    if (delivered < (opts.atLeast ?? 1)) throw new ImplRefusal(`${what}: no message to deliver`);
  }

  setOnline(id: string, online: boolean): void {
    this.world.setOnline(id, online, { tick: false });
  }

  /** Lets node `id` see the current height (it times out what it must). */
  tick(id: string): void {
    this.world.tick(id, { chain: false });
  }

  /**
   * One block holding the mempool (nodes see it when they act or tick): every transaction published since the
   * last block confirms in it, or the chain's eviction is an `ImplRefusal`.
   */
  mineBlock(): void {
    const r = this.world.addBlock({ withMempool: true });
    const lost = r.ok ? r.evicted[0] : r;
    if (lost !== undefined)
      throw new ImplRefusal(`the next block dropped ${lost.txid.slice(0, 8)}: ${describeRejection(lost.rejection)}`);
  }

  /**
   * The adversary's replay stutter: the last message a node accepted, delivered to it again (when it is online).
   * Only an accepted one: a refused envelope did not consume its sequence number, so delivering it again is a
   * late delivery (which may be accepted once things changed), not a replay. Returns what it did, or
   * `undefined` when there is nothing to replay.
   */
  replayLastAccepted(): string | undefined {
    const e = this.world.replayLastAccepted();
    return e === undefined ? undefined : `replays ${e.body.kind} ${e.from}→${e.to}`;
  }

  /** Stops node `id` and starts it from its snapshot (`restored`), through the snapshot codec. */
  restart(id: string): void {
    this.world.restart(id, { from: this.restored(id, this.node(id)) });
  }
}
