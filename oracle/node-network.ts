/**
 * The node network both oracle drivers stand on (driver.ts for scheme 1, scheme2/driver.ts for scheme 2): a
 * `World` of real impl nodes whose messages the oracle delivers selectively, one node step at a time, each
 * recorded in the world's transcript. A subclass builds the world, says which chain view a step sees
 * (`stepView`), and may rewrite what a node receives or what a restart brings back (mutant hooks).
 */
import type { Transaction } from 'bitcoinjs-lib';
import type { Chain } from '../impl/chain/chain.ts';
import type { NodeError } from '../impl/node/errors.ts';
import type { Envelope } from '../impl/node/messages.ts';
import { tick, type Role } from '../impl/node/node.ts';
import type { BroadcastTx } from '../impl/node/eltoo-txs.ts';
import { channelTip, type ChainView } from '../impl/node/onchain.ts';
import type { AnyNode, Refusal, World } from '../impl/node/world.ts';

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

export abstract class NodeNetwork<Cmd extends { readonly kind: string }> {
  abstract readonly world: World;
  /** The oracle's own chain, where it confirms what parties publish; a block moves it with the world's. */
  abstract readonly chain: Chain;
  abstract readonly roles: Roles;
  /** The world's height when the run starts (model height 0). */
  abstract readonly base: number;
  /** The channel update the oracle confirmed last, if any. */
  abstract update: ConfirmedTx | undefined;

  /**
   * What a node sees of the chain when it handles a message or a command (S's R-02-21 check before it buys):
   * the confirmed update at the world height the oracle confirmed it at (model height h_u + base), so
   * h + τ + margin ≤ h_u + csv reads the same in the model and the impl.
   */
  stepView(): ChainView {
    return this.viewOf(0);
  }

  /**
   * What a watching node sees: the confirmed update with the tip's height as the nodes count heights (a
   * transaction published at model height h confirms in the next block; the oracle confirms it at h).
   */
  watchView(): ChainView {
    return this.viewOf(1);
  }

  private viewOf(shift: number): ChainView {
    return {
      channelTip: (ch) => {
        const tip = channelTip(this.chain, ch);
        return tip.kind === 'update' && this.update !== undefined
          ? { ...tip, height: this.base + this.update.height + shift }
          : tip;
      },
      // The A–S channel lives on the oracle's chain, the routing channels (their PTLC transactions) on the world's.
      isSpent: (out) => this.chain.spentBy(out) !== undefined || this.world.chain.spentBy(out) !== undefined,
      spender: (out) => {
        const own = this.chain.spentBy(out);
        if (own !== undefined) return this.chain.transaction(own);
        const w = this.world.chain.spentBy(out);
        return w === undefined ? undefined : this.world.chain.transaction(w);
      },
    };
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

  /** One block: the world's chain and the oracle's move together (nodes see it when they act or tick). */
  mineBlock(): void {
    this.world.addBlock();
    this.chain.addBlocks(1);
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
