/**
 * The node network both oracle drivers stand on (driver.ts for scheme 1, scheme2/driver.ts for scheme 2): a
 * `World` of real impl nodes whose messages the oracle delivers selectively, one node step at a time, each
 * recorded in the world's transcript. A subclass builds the world, says which chain view a step sees
 * (`stepView`), and may rewrite what a node receives or what a restart brings back (mutant hooks).
 */
import type { Chain } from '../impl/chain/chain.ts';
import type { NodeError } from '../impl/node/errors.ts';
import type { Envelope } from '../impl/node/messages.ts';
import { command, receive, tick, type Role, type StepResult } from '../impl/node/node.ts';
import type { ChainView } from '../impl/node/onchain.ts';
import type { AnyCommand, AnyNode, World } from '../impl/node/world.ts';
import type { Roles } from './driver.ts';

/** The implementation cannot take a step the model allows (a divergence, reported by the runner). */
export class ImplRefusal extends Error {
  override readonly name = 'ImplRefusal';
}

/** A node role as the network dispatches it (on `AnyNode.role`), for commands of type `Cmd`. */
export type NodeRole<Cmd> = Role<AnyNode['snapshot'], Cmd>;

export abstract class NodeNetwork<Cmd extends { readonly kind: string }> {
  abstract readonly world: World;
  /** The oracle's own chain, where it confirms what parties publish; a block moves it with the world's. */
  abstract readonly chain: Chain;
  abstract readonly roles: Roles;

  /** The chain as a node's step sees it (commands and messages). */
  abstract stepView(): ChainView;

  /** What node `to` is handed for `raw` (default: `raw`; a mutant hook rewrites it). */
  protected rewrite(_to: string, raw: unknown): unknown {
    return raw;
  }

  /** The node a restart of `id` brings back (default: its own snapshot, through JSON text). */
  protected restored(_id: string, current: AnyNode): AnyNode {
    return JSON.parse(JSON.stringify(current)) as AnyNode;
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

  protected apply(id: string, r: StepResult<AnyNode['snapshot']>): void {
    const n = this.node(id);
    this.world.nodes.set(id, { role: n.role, snapshot: r.snapshot } as AnyNode);
    for (const text of r.notes) this.world.transcript.push({ kind: 'note', height: this.implHeight, node: id, text });
    for (const e of r.outgoing) this.world.queue.push(JSON.parse(JSON.stringify(e)));
  }

  /**
   * Runs a local command on node `id`; returns the node's refusal, if any. Like every message step, it sees the
   * oracle's chain (`stepView`; R-02-21: S checks it before buying).
   */
  command(id: string, cmd: Cmd): NodeError | undefined {
    const n = this.node(id);
    const r = command(this.roleOf(n), n.snapshot, cmd, { height: this.implHeight, chain: this.stepView() });
    // The transcript's type lists the impl's own commands; an oracle-only command (scheme 2's cooperative update
    // for B) is recorded the same way.
    this.world.transcript.push({ kind: 'command', height: this.implHeight, node: id, command: cmd as unknown as AnyCommand, ...(r.error === undefined ? {} : { error: r.error }) });
    this.apply(id, r);
    return r.error;
  }

  mustCommand(id: string, cmd: Cmd): void {
    const e = this.command(id, cmd);
    if (e !== undefined) throw new ImplRefusal(`${id} refused ${cmd.kind}: ${e.kind}: ${e.detail}`);
  }

  /**
   * Hands `raw` to node `to` as if from the network (with `role` instead of its own, for a deviating step);
   * records it in the transcript; returns the refusal, if any.
   */
  receive(to: string, raw: unknown, opts: { role?: NodeRole<Cmd> } = {}): NodeError | undefined {
    const n = this.node(to);
    const r = receive(opts.role ?? this.roleOf(n), n.snapshot, this.rewrite(to, raw), { height: this.implHeight, chain: this.stepView() });
    this.world.transcript.push({ kind: 'message', height: this.implHeight, envelope: raw as Envelope, accepted: r.error === undefined, ...(r.error === undefined ? {} : { error: r.error }) });
    this.apply(to, r);
    return r.error;
  }

  /** The queued messages, in order, as envelopes (they are plain JSON the nodes produced). */
  queued(): readonly Envelope[] {
    return this.world.queue as Envelope[];
  }

  /**
   * Delivers, in FIFO order, every queued message that `pred` selects and whose recipient is online, until none
   * is left (messages sent in reaction are considered too). Returns the refusals.
   */
  deliverWhere(pred: (e: Envelope) => boolean, opts: { max?: number; role?: NodeRole<Cmd> } = {}): { to: string; error: NodeError }[] {
    const refusals: { to: string; error: NodeError }[] = [];
    const max = opts.max ?? 1000;
    for (let i = 0; i < max; i++) {
      const at = this.world.queue.findIndex((m) => pred(m as Envelope) && this.isOnline((m as Envelope).to));
      if (at < 0) break;
      const [raw] = this.world.queue.splice(at, 1);
      const to = (raw as Envelope).to;
      const e = this.receive(to, raw, opts.role === undefined ? {} : { role: opts.role });
      if (e !== undefined) refusals.push({ to, error: e });
    }
    return refusals;
  }

  setOnline(id: string, online: boolean): void {
    this.world.online.set(id, online);
    this.world.transcript.push({ kind: 'online', height: this.implHeight, node: id, online });
  }

  /** Lets node `id` see the current height (it times out what it must). */
  tick(id: string): void {
    const n = this.node(id);
    this.apply(id, tick(this.roleOf(n), n.snapshot, { height: this.implHeight }));
  }

  /** One block: the world's chain and the oracle's move together (nodes see it when they act or tick). */
  mineBlock(): void {
    this.world.chain.addBlocks(1);
    this.world.transcript.push({ kind: 'blocks', height: this.implHeight, mined: 1 });
    this.chain.addBlocks(1);
  }

  /**
   * The adversary's replay stutter: the last message a node accepted, delivered to it again (when it is online).
   * Only an accepted one: a refused envelope did not consume its sequence number, so delivering it again is a
   * late delivery (which may be accepted once things changed), not a replay. Returns what it did, or
   * `undefined` when there is nothing to replay.
   */
  replayLastAccepted(): string | undefined {
    const last = [...this.world.transcript].reverse().find((e) => e.kind === 'message' && e.accepted);
    if (last === undefined || last.kind !== 'message' || !this.isOnline(last.envelope.to)) return undefined;
    this.receive(last.envelope.to, JSON.parse(JSON.stringify(last.envelope)));
    return `replays ${last.envelope.body.kind} ${last.envelope.from}→${last.envelope.to}`;
  }

  /** Stops node `id` and starts it from its snapshot (`restored`). */
  restart(id: string): void {
    const restored = this.restored(id, this.node(id));
    this.world.nodes.set(id, restored);
    this.world.transcript.push({ kind: 'restart', height: this.implHeight, node: id, snapshotBytes: JSON.stringify(restored.snapshot).length });
  }
}
