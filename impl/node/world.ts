/**
 * A deterministic driver for the nodes: a FIFO message network, who is online, the block height, a transcript,
 * and seeded randomness injected into every node (each node's seed derives from the world seed and its name),
 * so the same config gives the same run byte for byte. Messages to an offline node wait in the network until it
 * comes back; a refused message is dropped and the refusal recorded.
 *
 * `restart(id)` stops a node and starts it again from its snapshot serialised to text (with its integrity hash) and opened.
 */
import { unreachable } from '../../util/unreachable.ts';
import type { EltooChannel } from './channel.ts';
import { emptyNonces } from './eltoo-sign.ts';
import { nodeError, type NodeError } from './errors.ts';
import { mailboxRole } from './mailbox.ts';
import type { Envelope } from './messages.ts';
import { baseSnapshot, command, directoryEntry, receive, tick, type Role, type StepResult } from './node.ts';
import { DEFAULT_PARAMS, type Params } from './params.ts';
import { payeeRole, type PayeeCommand } from './payee.ts';
import { payerRole, type PayerCommand } from './payer.ts';
import { hubRole, type HubCommand } from './hub.ts';
import { routerRole, type RouterCommand } from './router.ts';
import { nodeSeed } from './rng.ts';
import { canonicalJson } from './canonical.ts';
import { channelKeyHex, hopChannelKeyHex } from './keys.ts';
import { hopFundingOutput } from '../tx/hop-channel.ts';
import type { Ledger, PtlcEntry } from './ptlc.ts';
import { ptlcClaimTx, ptlcRefundTx, ptlcStateTx } from './ptlc-txs.ts';
import { fromHex } from './wire.ts';
import { restoreNode } from './snapshot-codecs.ts';
import { openNode, sealNode } from './storage/node-snapshot.ts';
import { Chain } from '../chain/chain.ts';
import { fundingOutput } from '../tx/funding.ts';
import { channelParams, type BroadcastTx } from './eltoo-txs.ts';
import {
  broadcastableTxs,
  chainView,
  channelTip,
  heldStates,
  settlementOf,
  updateOnTip,
  type ChainView,
} from './onchain.ts';
import type { BlockResult, ConfirmResult } from '../chain/chain.ts';
import { describeRejection, type Rejection } from '../chain/rejection.ts';
import type { AnyNode } from './any-node.ts';

export type { AnyNode };

export type AnyCommand = PayerCommand | HubCommand | PayeeCommand | RouterCommand;

export type WorldConfig = {
  readonly seed: number;
  /** Routing nodes between S and B (0: S pays B directly). */
  readonly hops: number;
  readonly scheme: 1 | 2;
  /** Decorrelated split (per-hop tweaks) instead of the same point on every hop. */
  readonly decorrelate: boolean;
  /** Receipt variant (spec 06 §2): B pre-signs a receipt S completes after the sale, a proof of payment for A. */
  readonly receipt?: boolean;
  readonly params?: Params;
  /** Each side of each channel starts with this many satoshis. */
  readonly sideSat?: number;
  readonly startHeight?: number;
  /**
   * Whatever else distinguishes this run from another with the same fields (the demo passes its variant, e.g.
   * `timeout`): mixed into the node seeds with the rest of this configuration (`configTag`).
   */
  readonly tag?: string;
};

/**
 * The whole configuration as canonical JSON, defaults filled in: every node's seed hashes it in (rng.ts
 * `nodeSeed`), so two runs with one seed number but another route, scheme, variant or parameter share no key
 * and no randomness (no session replayed across the demos), while one configuration replays byte for byte.
 */
function configTag(config: WorldConfig): string {
  return canonicalJson({
    seed: config.seed,
    hops: config.hops,
    scheme: config.scheme,
    decorrelate: config.decorrelate,
    receipt: config.receipt === true,
    params: config.params ?? DEFAULT_PARAMS,
    sideSat: config.sideSat ?? DEFAULT_SIDE_SAT,
    startHeight: config.startHeight ?? DEFAULT_START_HEIGHT,
    tag: config.tag ?? '',
  });
}

const DEFAULT_SIDE_SAT = 100_000;
const DEFAULT_START_HEIGHT = 100;

export type TranscriptEntry =
  | { kind: 'message'; height: number; envelope: Envelope; accepted: boolean; error?: NodeError }
  | { kind: 'command'; height: number; node: string; command: AnyCommand; error?: NodeError }
  | { kind: 'note'; height: number; node: string; text: string }
  | { kind: 'blocks'; height: number; mined: number }
  | { kind: 'online'; height: number; node: string; online: boolean }
  | { kind: 'restart'; height: number; node: string; snapshotBytes: number }
  | { kind: 'chain'; height: number; node: string; tx: string; txid: string; confirmed: boolean; rejection?: string };

/** A node role as the world dispatches it (on `AnyNode.role`): any command type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRole = Role<any, any>;

/** The role implementation the world runs for each kind of node (a test or the oracle may swap one). */
export interface RoleTable {
  readonly payer: AnyRole;
  readonly hub: AnyRole;
  readonly payee: AnyRole;
  readonly router: AnyRole;
  readonly mailbox: AnyRole;
}

const HONEST_ROLES: RoleTable = {
  payer: payerRole,
  hub: hubRole,
  payee: payeeRole,
  router: routerRole,
  mailbox: mailboxRole,
};

/** One refusal a delivery met: the recipient and its error. */
export interface Refusal {
  readonly to: string;
  readonly error: NodeError;
}

/** One input to a node: a raw message from the network, a local command, or a tick (the chain moved). */
export type NodeInput =
  | { readonly kind: 'message'; readonly raw: unknown }
  | { readonly kind: 'command'; readonly cmd: AnyCommand }
  | { readonly kind: 'tick' };

/** Steps node `id` somewhere else than in this process (storage/process-nodes.ts: a child process over a durable store). */
export type NodeStepper = (
  id: string,
  node: AnyNode,
  input: NodeInput,
  height: number,
  chain: ChainView,
) => StepResult<AnyNode['snapshot']>;

export function routeIds(hops: number): string[] {
  return [...Array.from({ length: hops }, (_, i) => `P${i + 1}`), 'B'];
}

export class World {
  readonly config: WorldConfig;
  readonly params: Params;
  /** The validating simulated chain: funding outputs, and whatever nodes publish. */
  readonly chain: Chain = new Chain();
  readonly nodes: Map<string, AnyNode> = new Map();
  readonly online: Map<string, boolean> = new Map();
  /** Messages in flight (FIFO), as plain JSON values (what goes on a wire). */
  private queue: unknown[] = [];
  private readonly entries: TranscriptEntry[] = [];
  /** The roles the nodes run (default: the honest ones; the oracle's mutants swap one). */
  roles: RoleTable = HONEST_ROLES;
  /**
   * The chain as a node sees it when it steps (default: this world's chain). A driver that confirms
   * transactions on terms of its own (the conformance oracle) supplies its view here.
   */
  view: (() => ChainView) | undefined = undefined;
  /** Whether what nodes broadcast enters this world's mempool (default true; off where a driver confirms it). */
  mempool = true;
  /** What node `to` is handed for `raw` (default `raw`; the oracle's mutants rewrite it); the transcript keeps `raw`. */
  handOver: ((to: string, raw: unknown) => unknown) | undefined = undefined;
  /** Called after every delivered message (tests restart nodes here). */
  afterMessage: ((w: World) => void) | undefined = undefined;
  /** Called before a message is handed to its recipient (tests record what each node received, and in which state). */
  beforeMessage: ((o: { node: AnyNode; raw: unknown; height: number }) => void) | undefined = undefined;

  constructor(config: WorldConfig) {
    this.config = config;
    this.params = config.params ?? DEFAULT_PARAMS;
    const side = config.sideSat ?? DEFAULT_SIDE_SAT;
    const route = routeIds(config.hops);
    const ids = ['A', 'S', 'M', ...route];
    const tag = configTag(config);
    const seeds = Object.fromEntries(ids.map((id) => [id, nodeSeed(config.seed, id, tag)]));
    const directory = Object.fromEntries(ids.map((id) => [id, directoryEntry(seeds[id] ?? '')]));
    const base = (id: string) => baseSnapshot({ id, seed: seeds[id] ?? '', directory });
    const channelAt = (party: string, funding: { txid: string; vout: number }): EltooChannel => ({
      party,
      hub: 'S',
      partyKey: channelKeyHex(seeds[party] ?? '', 'S', 0),
      hubKey: channelKeyHex(seeds.S ?? '', party, 0),
      number: 0,
      capacitySat: 2 * side,
      csvDelayBlocks: this.params.csvDelayBlocks,
      fundingTxid: funding.txid,
      fundingVout: funding.vout,
      latest: { state: 0, partySat: side, hubSat: side, pending: null, updateSig: null, settleSig: null },
      proposals: [],
    });
    // Each eltoo channel's funding output is minted on the chain (the simulation's faucet): capacity to the
    // taproot output whose only leaf is the update leaf of state 0 (impl/tx funding.ts).
    const fundings = new Map<string, { txid: string; vout: number }>();
    const parties = config.scheme === 2 ? ['A', 'B'] : ['A'];
    for (const party of parties) {
      const template = channelAt(party, { txid: '00'.repeat(32), vout: 0 });
      const [outpoint] = this.chain.mint([
        { value: BigInt(template.capacitySat), script: fundingOutput(channelParams(template)).scriptPubKey },
      ]);
      if (outpoint === undefined) throw new Error('world: mint returned no outpoint');
      fundings.set(party, outpoint);
    }
    // Each routing channel's funding output is minted too: capacity to the 2-of-2 leaf of the two sides' hop
    // keys (impl/tx/hop-channel.ts), which the PTLC state transactions spend.
    const hopFundings = new Map<string, { txid: string; vout: number }>();
    const ledger = (self: string, peer: string): Ledger => {
      const localKey = hopChannelKeyHex(seeds[self] ?? '', peer);
      const remoteKey = hopChannelKeyHex(seeds[peer] ?? '', self);
      const pair = [self, peer].sort().join('–');
      let funding = hopFundings.get(pair);
      if (funding === undefined) {
        const script = hopFundingOutput(fromHex(localKey).slice(1), fromHex(remoteKey).slice(1)).scriptPubKey;
        const [o] = this.chain.mint([{ value: BigInt(2 * side), script }]);
        if (o === undefined) throw new Error('world: mint returned no outpoint');
        funding = o;
        hopFundings.set(pair, o);
      }
      return {
        peer,
        localSat: side,
        remoteSat: side,
        localKey,
        remoteKey,
        capacitySat: 2 * side,
        fundingTxid: funding.txid,
        fundingVout: funding.vout,
      };
    };
    const hopPairs =
      config.scheme === 2 ? [['A', 'S']] : ['S', ...route].slice(1).map((id, i) => [['S', ...route][i] ?? '', id]);
    for (const [x, y] of hopPairs) ledger(x ?? '', y ?? '');
    this.chain.addBlocks(Math.max(0, (config.startHeight ?? DEFAULT_START_HEIGHT) - this.chain.height));
    const channel = (party: string): EltooChannel =>
      channelAt(party, fundings.get(party) ?? { txid: '00'.repeat(32), vout: 0 });
    const neighbours = (i: number): string[] => {
      const path = ['S', ...route];
      return [path[i - 1], path[i + 1]].filter((x): x is string => x !== undefined);
    };
    const scheme2 = config.scheme === 2;
    this.nodes.set('A', {
      role: 'payer',
      snapshot: {
        ...base('A'),
        role: 'payer',
        params: this.params,
        nonces: emptyNonces(),
        channel: channel('A'),
        payments: [],
        ledgers: scheme2 ? [ledger('A', 'S')] : [],
        ptlcs: [],
        watches: [],
      },
    });
    this.nodes.set('S', {
      role: 'hub',
      snapshot: {
        ...base('S'),
        role: 'hub',
        params: this.params,
        nonces: emptyNonces(),
        channels: scheme2 ? [channel('A'), channel('B')] : [channel('A')],
        ledgers: scheme2 ? [ledger('S', 'A')] : [ledger('S', route[0] ?? 'B')],
        ptlcs: [],
        routes: { B: route },
        sales: [],
        sold: [],
      },
    });
    this.nodes.set('M', { role: 'mailbox', snapshot: { ...base('M'), role: 'mailbox', stored: [] } });
    route.forEach((id, i) => {
      const pathIndex = i + 1;
      if (id === 'B') {
        this.nodes.set('B', {
          role: 'payee',
          snapshot: {
            ...base('B'),
            role: 'payee',
            params: this.params,
            nonces: emptyNonces(),
            ledgers: scheme2 ? [] : neighbours(pathIndex).map((peer) => ledger('B', peer)),
            ptlcs: [],
            receipts: [],
            channel: scheme2 ? channel('B') : null,
            requests: [],
            route: route.slice(0, -1),
            decorrelate: config.decorrelate,
            receipt: config.receipt === true,
          },
        });
      } else {
        this.nodes.set(id, {
          role: 'router',
          snapshot: {
            ...base(id),
            role: 'router',
            params: this.params,
            onionSender: 'S',
            blindedSender: 'B',
            ledgers: neighbours(pathIndex).map((peer) => ledger(id, peer)),
            ptlcs: [],
            forwards: [],
          },
        });
      }
    });
    for (const id of this.nodes.keys()) this.online.set(id, true);
  }

  /** The chain height: the only clock. */
  get height(): number {
    return this.chain.height;
  }

  /** Node `id`'s seed (its keys and randomness): what an adversary acting with that node's keys needs. */
  seedOf(id: string): string {
    return this.node(id).snapshot.seed;
  }

  node(id: string): AnyNode {
    const n = this.nodes.get(id);
    if (n === undefined) throw new Error(`world: no node ${id}`);
    return n;
  }

  /** Everything that happened, in order (read-only: the world alone writes it). */
  get transcript(): readonly TranscriptEntry[] {
    return this.entries;
  }

  /** The messages in flight, in order (plain JSON the nodes produced). */
  queued(): readonly Envelope[] {
    return this.queue as Envelope[];
  }

  /** Puts `raw` on the network, last in the queue (an adversary sending a message it built). */
  post(raw: unknown): void {
    this.queue.push(JSON.parse(JSON.stringify(raw)));
  }

  /** Takes the queued messages `pred` selects off the network, undelivered; returns how many. */
  dropQueued(pred: (e: Envelope) => boolean): number {
    const before = this.queue.length;
    this.queue = this.queue.filter((m) => !pred(m as Envelope));
    return before - this.queue.length;
  }

  /** Takes the first queued message `pred` selects off the network, unrecorded (a test intercepting it). */
  unqueue(pred: (e: Envelope) => boolean): Envelope | undefined {
    const at = this.queue.findIndex((m) => pred(m as Envelope));
    if (at < 0) return undefined;
    return this.queue.splice(at, 1)[0] as Envelope;
  }

  /**
   * Takes the first queued message `pred` selects off the network as if node `to` had read it outside its code
   * (an adversary acting with a deviating node's keys); it is recorded as accepted. Returns it, or undefined.
   */
  takeQueued(pred: (e: Envelope) => boolean): Envelope | undefined {
    const at = this.queue.findIndex((m) => pred(m as Envelope));
    if (at < 0) return undefined;
    const [raw] = this.queue.splice(at, 1);
    const env = raw as Envelope;
    this.entries.push({ kind: 'message', height: this.height, envelope: env, accepted: true });
    return env;
  }

  /** A copy of the messages in flight (an adversary that may undo a step saves them first). */
  saveQueue(): readonly unknown[] {
    return JSON.parse(JSON.stringify(this.queue)) as unknown[];
  }

  /** Puts back the messages `saveQueue` saved. */
  restoreQueue(saved: readonly unknown[]): void {
    this.queue = JSON.parse(JSON.stringify(saved)) as unknown[];
  }

  /**
   * Sets node `id`'s snapshot from outside its code (a set-up, or an adversary acting for a deviating node with
   * its own keys); the snapshot is checked by its role's codec, as a restart's is.
   */
  setSnapshot(id: string, snapshot: AnyNode['snapshot']): void {
    this.nodes.set(id, restoreNode(this.node(id).role, JSON.parse(JSON.stringify(snapshot))));
  }

  /** A copy: the nodes (through JSON text), who is online, the chain; an empty network and transcript; the same hooks. */
  clone(): World {
    const w = Object.create(World.prototype) as World;
    Object.assign(w, {
      config: this.config,
      params: this.params,
      chain: this.chain.clone(),
      nodes: new Map(JSON.parse(JSON.stringify([...this.nodes])) as [string, AnyNode][]),
      online: new Map(this.online),
      queue: [],
      entries: [],
      roles: this.roles,
      view: this.view,
      mempool: this.mempool,
      handOver: this.handOver,
      afterMessage: this.afterMessage,
      beforeMessage: this.beforeMessage,
    });
    return w;
  }

  /**
   * When set, honest steps run there instead of in process (the crash test's child processes); a step with a
   * deviating role still runs here.
   */
  stepper: NodeStepper | undefined = undefined;

  private roleOf(n: AnyNode, role?: AnyRole): AnyRole {
    return role ?? this.roles[n.role];
  }

  private stepChain(): ChainView {
    return this.view?.() ?? chainView(this.chain);
  }

  private apply(id: string, r: StepResult<AnyNode['snapshot']>): void {
    const n = this.node(id);
    this.nodes.set(id, { role: n.role, snapshot: r.snapshot } as AnyNode);
    for (const text of r.notes) this.entries.push({ kind: 'note', height: this.height, node: id, text });
    for (const e of r.outgoing) this.queue.push(JSON.parse(JSON.stringify(e)));
    if (!this.mempool) return;
    for (const tx of r.broadcast) {
      // Into the mempool; a transaction the chain refuses now (already there, conflicting) is dropped.
      const s = this.chain.submit(tx.tx);
      if (s.ok)
        this.entries.push({
          kind: 'chain',
          height: this.height,
          node: id,
          tx: tx.name,
          txid: tx.txid,
          confirmed: false,
        });
    }
  }

  /** Runs a local command on node `id` (which must be online). */
  command(id: string, cmd: AnyCommand): NodeError | undefined {
    if (this.online.get(id) !== true) throw new Error(`world: ${id} is offline`);
    return this.commandNode(id, cmd);
  }

  /**
   * Runs a local command on node `id`, online or not (a driver that decides when a node acts), with `role`
   * instead of its own if given (a deviating step); recorded in the transcript. Returns the refusal, if any.
   */
  commandNode(id: string, cmd: { readonly kind: string }, opts: { role?: AnyRole } = {}): NodeError | undefined {
    const n = this.node(id);
    const r =
      this.stepper !== undefined && opts.role === undefined
        ? this.stepper(id, n, { kind: 'command', cmd: cmd as AnyCommand }, this.height, this.stepChain())
        : command(this.roleOf(n, opts.role), n.snapshot, cmd, { height: this.height, chain: this.stepChain() });
    // The transcript's type lists the impl's own commands; a driver's own (the oracle's cooperative update for
    // a scheme-2 B) is recorded the same way.
    this.entries.push({
      kind: 'command',
      height: this.height,
      node: id,
      command: cmd as AnyCommand,
      ...(r.error === undefined ? {} : { error: r.error }),
    });
    this.apply(id, r);
    return r.error;
  }

  /** Hands `raw` to node `id` as if it came from the network; returns its refusal, if any. */
  inject(id: string, raw: unknown): StepResult<AnyNode['snapshot']> {
    const r = stepMessage(this.node(id), raw, this.height, chainView(this.chain));
    this.apply(id, r);
    return r;
  }

  /**
   * Hands `raw` to node `to` as if from the network (with `role` instead of its own, for a deviating step),
   * recorded in the transcript; returns the refusal, if any.
   */
  receive(to: string, raw: unknown, opts: { role?: AnyRole } = {}): NodeError | undefined {
    const n = this.node(to);
    this.beforeMessage?.({ node: n, raw, height: this.height });
    const handed = this.handOver === undefined ? raw : this.handOver(to, raw);
    const r =
      this.stepper !== undefined && opts.role === undefined
        ? this.stepper(to, n, { kind: 'message', raw: handed }, this.height, this.stepChain())
        : receive(this.roleOf(n, opts.role), n.snapshot, handed, { height: this.height, chain: this.stepChain() });
    this.entries.push({
      kind: 'message',
      height: this.height,
      envelope: raw as Envelope,
      accepted: r.error === undefined,
      ...(r.error === undefined ? {} : { error: r.error }),
    });
    this.apply(to, r);
    return r.error;
  }

  /**
   * Delivers queued messages to online recipients, in order, until none is deliverable (or `max` were); with
   * `where`, only messages it accepts, the others staying queued in order (an adversary choosing the order);
   * with `role`, recipients run it instead of their own. Returns the refusals.
   */
  deliver(opts: { max?: number; where?: (e: Envelope) => boolean; role?: AnyRole } = {}): Refusal[] {
    const max = opts.max ?? 10_000;
    const refusals: Refusal[] = [];
    for (let i = 0; i < max; i++) {
      const at = this.queue.findIndex(
        (m) => this.online.get(recipientOf(m)) === true && (opts.where?.(m as Envelope) ?? true),
      );
      if (at < 0) break;
      const [raw] = this.queue.splice(at, 1);
      const to = recipientOf(raw);
      const error = this.receive(to, raw, opts.role === undefined ? {} : { role: opts.role });
      if (error !== undefined) refusals.push({ to, error });
      this.afterMessage?.(this);
    }
    return refusals;
  }

  /**
   * The adversary's replay: the last message a node accepted, handed to it again (when it is online). Returns
   * that envelope, or undefined when there is none.
   */
  replayLastAccepted(): Envelope | undefined {
    const last = [...this.entries].reverse().find((e) => e.kind === 'message' && e.accepted);
    if (last === undefined || last.kind !== 'message' || this.online.get(last.envelope.to) !== true) return undefined;
    this.receive(last.envelope.to, JSON.parse(JSON.stringify(last.envelope)));
    return last.envelope;
  }

  /** Delivers only the first queued message (for tests that interleave). */
  deliverOne(): TranscriptEntry | undefined {
    const before = this.transcript.length;
    this.deliver({ max: 1 });
    return this.transcript.slice(before).find((e) => e.kind === 'message');
  }

  /** Node `id` comes online or goes offline; a node coming online sees the height (unless `tick` is false). */
  setOnline(id: string, online: boolean, opts: { tick?: boolean } = {}): void {
    this.node(id);
    this.online.set(id, online);
    this.entries.push({ kind: 'online', height: this.height, node: id, online });
    if (online && opts.tick !== false) this.tickNode(id);
  }

  /**
   * Node `id` sees the current height (it times out what it must), online or not; with `chain: false` it sees
   * the height only, not the chain (its watcher stays idle: a driver publishing for it decides that).
   */
  tick(id: string, opts: { chain?: boolean } = {}): void {
    if (opts.chain !== false) return this.tickNode(id);
    const n = this.node(id);
    this.apply(id, tick(this.roleOf(n), n.snapshot, { height: this.height }));
  }

  /**
   * One block on this world's chain, recorded; no node is ticked (a driver that decides when each node sees the
   * height ticks them itself). Empty (the mempool waits), or with `withMempool` holding what the mempool holds
   * (what is no longer valid is dropped, and reported in the result's `evicted`).
   */
  addBlock(opts: { withMempool?: boolean } = {}): BlockResult {
    const r = opts.withMempool === true ? this.mineMempool() : this.emptyBlock();
    this.entries.push({ kind: 'blocks', height: this.height, mined: 1 });
    return r;
  }

  private emptyBlock(): BlockResult {
    this.chain.addBlocks(1);
    return { ok: true, height: this.height, txids: [], evicted: [] };
  }

  /** One block holding the mempool; each transaction it confirms is recorded under the node that sent it. */
  private mineMempool(): BlockResult {
    const r = this.chain.mine();
    if (!r.ok) return r;
    for (const txid of r.txids) {
      const sent = [...this.transcript].reverse().find((e) => e.kind === 'chain' && e.txid === txid);
      this.entries.push({
        kind: 'chain',
        height: this.height,
        node: sent?.kind === 'chain' ? sent.node : '?',
        tx: sent?.kind === 'chain' ? sent.tx : '?',
        txid,
        confirmed: true,
      });
    }
    return r;
  }

  /**
   * Node `id` broadcasts `txs`, in order: each enters the mempool if the chain takes it for the next block
   * (recorded, unconfirmed). Stops at the first the chain refuses (recorded with the rule) and returns it.
   */
  broadcast(
    id: string,
    txs: readonly BroadcastTx[],
  ): { readonly tx: BroadcastTx; readonly rejection: Rejection } | undefined {
    for (const tx of txs) {
      const r = this.chain.submit(tx.tx);
      this.entries.push({
        kind: 'chain',
        height: this.height,
        node: id,
        tx: tx.name,
        txid: tx.txid,
        confirmed: false,
        ...(r.ok ? {} : { rejection: describeRejection(r.rejection) }),
      });
      if (!r.ok) return { tx, rejection: r.rejection };
    }
    return undefined;
  }

  /**
   * Advances the chain by `blocks`, one at a time: each block confirms what is valid in the mempool, then every
   * online node sees the new height and the chain (and may broadcast, for the next block).
   */
  mine(blocks: number): void {
    for (let i = 0; i < blocks; i++) {
      this.mineMempool();
      for (const id of this.nodes.keys()) if (this.online.get(id) === true) this.tickNode(id);
    }
    this.entries.push({ kind: 'blocks', height: this.height, mined: blocks });
  }

  private tickNode(id: string): void {
    const n = this.node(id);
    if (this.stepper !== undefined)
      return this.apply(id, this.stepper(id, n, { kind: 'tick' }, this.height, this.stepChain()));
    this.apply(id, tick(this.roleOf(n), n.snapshot, { height: this.height, chain: this.stepChain() }));
  }

  /**
   * Stops node `id` and starts it again from its snapshot (or from `from`: what a faulty store brings back),
   * serialised to text with its integrity hash, opened and checked by its role's codec (storage/node-snapshot.ts;
   * storage/durable-node.ts keeps it on disk).
   */
  restart(id: string, opts: { from?: AnyNode['snapshot'] } = {}): void {
    const n = this.node(id);
    const text = sealNode({ role: n.role, snapshot: opts.from ?? n.snapshot } as AnyNode);
    this.nodes.set(id, openNode(text, `restart ${id}`));
    this.entries.push({ kind: 'restart', height: this.height, node: id, snapshotBytes: text.length });
  }

  /** Node `id`'s view of its eltoo channel with `party` (A or B; S's partner). */
  channelOf(id: string, party: string): EltooChannel {
    const n = this.node(id);
    const ch =
      n.role === 'payer'
        ? [n.snapshot.channel, ...n.snapshot.watches.map((w) => w.channel)].find((c) => c.party === party)
        : n.role === 'hub'
          ? n.snapshot.channels.find((c) => c.party === party)
          : n.role === 'payee'
            ? n.snapshot.channel
            : null;
    if (ch === null || ch === undefined || ch.party !== party)
      throw new Error(`world: ${id} has no eltoo channel with party ${party}`);
    return ch;
  }

  private confirmTx(id: string, tx: BroadcastTx): ConfirmResult {
    const r = this.chain.confirm(tx.tx);
    this.entries.push({
      kind: 'chain',
      height: this.height,
      node: id,
      tx: tx.name,
      txid: tx.txid,
      confirmed: r.ok,
      ...(r.ok ? {} : { rejection: describeRejection(r.rejection) }),
    });
    for (const n of this.nodes.keys()) if (this.online.get(n) === true) this.tickNode(n);
    return r;
  }

  /**
   * Node `id` publishes U(state) of its channel with `party` (default: its latest complete state), bound to the
   * channel's on-chain tip, and the chain tries to confirm it in a new block.
   */
  publishUpdate(id: string, o: { party: string; state?: number }): ConfirmResult | { ok: false; reason: string } {
    const ch = this.channelOf(id, o.party);
    const held = heldStates(ch);
    const s = o.state === undefined ? held[held.length - 1] : held.find((h) => h.state === o.state);
    if (s === undefined) return { ok: false, reason: `${id} holds no complete state ${o.state ?? ''}` };
    const u = updateOnTip(ch, s, channelTip(this.chain, ch));
    if (u === undefined) return { ok: false, reason: `U(${s.state}) cannot follow the channel's on-chain tip` };
    return this.confirmTx(id, u);
  }

  /** Node `id` publishes St(state) spending the confirmed U(state). */
  publishSettlement(
    id: string,
    o: { party: string; state: number; updateTxid: string },
  ): ConfirmResult | { ok: false; reason: string } {
    const ch = this.channelOf(id, o.party);
    const s = heldStates(ch).find((h) => h.state === o.state);
    if (s === undefined) return { ok: false, reason: `${id} holds no complete state ${o.state}` };
    return this.confirmTx(id, settlementOf(ch, s, o.updateTxid));
  }

  /**
   * Watching: if an update older than node `id`'s latest complete state is confirmed on chain, `id` rebinds its
   * latest U(n) to that update's output (eltoo: any later update spends any earlier one). Returns what happened.
   */
  rebind(id: string, o: { party: string }): ConfirmResult | { ok: false; reason: string } {
    const ch = this.channelOf(id, o.party);
    const tip = channelTip(this.chain, ch);
    const held = heldStates(ch);
    const latest = held[held.length - 1];
    if (tip.kind !== 'update' || latest === undefined || tip.state >= latest.state)
      return { ok: false, reason: 'nothing stale on chain' };
    return this.publishUpdate(id, { party: o.party });
  }

  /** The transactions node `id` could broadcast now for each of its eltoo channels, with their spend data. */
  broadcastable(id: string): BroadcastTx[] {
    const n = this.node(id);
    const chans =
      n.role === 'payer'
        ? [n.snapshot.channel, ...n.snapshot.watches.map((w) => w.channel)]
        : n.role === 'hub'
          ? n.snapshot.channels
          : n.role === 'payee' && n.snapshot.channel !== null
            ? [n.snapshot.channel]
            : [];
    return chans.flatMap((ch) => broadcastableTxs(this.chain, ch));
  }

  /** Node `id`'s routing-channel PTLCs with the ledger each runs on (none for M). */
  private ptlcsOf(id: string): { seed: string; entry: PtlcEntry; ledger: Ledger }[] {
    const n = this.node(id);
    if (n.role === 'mailbox') return [];
    const { seed, ptlcs, ledgers } = n.snapshot;
    return ptlcs.flatMap((entry) => {
      const ledger = ledgers.find((l) => l.peer === entry.peer);
      return ledger === undefined ? [] : [{ seed, entry, ledger }];
    });
  }

  /**
   * The transactions node `id` holds for its routing-channel PTLCs: as a receiver H and, once it knows the
   * secret, the claim; as an offerer the refund (which the chain takes once H confirmed and the timeout came).
   */
  ptlcTransactions(id: string): BroadcastTx[] {
    return this.ptlcsOf(id).flatMap(({ seed, entry, ledger }) =>
      entry.direction === 'in'
        ? [ptlcStateTx(seed, ledger, entry), ...(entry.secret === null ? [] : [ptlcClaimTx(seed, ledger, entry)])]
        : [ptlcRefundTx(seed, ledger, entry)],
    );
  }

  /**
   * Receiver `id` takes its PTLC of `paymentId` on chain: H, unless it already confirmed, then the claim with the
   * completed adaptor signature, each in a new block. Returns the claim's result.
   */
  publishPtlcClaim(id: string, paymentId: string): ConfirmResult | { ok: false; reason: string } {
    const held = this.ptlcsOf(id).find((p) => p.entry.paymentId === paymentId && p.entry.direction === 'in');
    if (held === undefined) return { ok: false, reason: `${id} received no PTLC of ${paymentId.slice(0, 8)}` };
    if (held.entry.secret === null) return { ok: false, reason: `${id} does not know the secret of its PTLC` };
    const r = this.confirmPtlcState(id, held);
    if (!r.ok) return r;
    return this.confirmTx(id, ptlcClaimTx(held.seed, held.ledger, held.entry));
  }

  /** Offerer `id` takes back its PTLC of `paymentId` (to `peer`) through the timeout leaf; H must be on chain. */
  publishPtlcRefund(id: string, paymentId: string, peer: string): ConfirmResult | { ok: false; reason: string } {
    const held = this.offeredPtlc(id, paymentId, peer);
    if (held === undefined)
      return { ok: false, reason: `${id} offered no PTLC of ${paymentId.slice(0, 8)} to ${peer}` };
    return this.confirmTx(id, ptlcRefundTx(held.seed, held.ledger, held.entry));
  }

  /**
   * Offerer `id` puts H of its PTLC of `paymentId` to `peer` on chain by itself, with the receiver's signature of
   * H from its `PtlcAccept` (refused without one).
   */
  publishOfferedPtlcState(
    id: string,
    paymentId: string,
    peer: string,
  ): ConfirmResult | { ok: boolean; reason?: string } {
    const held = this.offeredPtlc(id, paymentId, peer);
    if (held === undefined)
      return { ok: false, reason: `${id} offered no PTLC of ${paymentId.slice(0, 8)} to ${peer}` };
    if (held.entry.receiverStateSig === null)
      return { ok: false, reason: `${id} holds no signature of H from ${peer} (no PtlcAccept)` };
    return this.confirmPtlcState(id, held);
  }

  /**
   * Offerer `id`'s on-chain refund of its PTLC of `paymentId` to `peer`, not published: H (unless it already
   * confirmed; needs the receiver's signature from its `PtlcAccept`), then the refund through the timeout leaf.
   * A driver that decides when blocks come mines them (`addBlockWith`).
   */
  ptlcRefundTxs(id: string, paymentId: string, peer: string): BroadcastTx[] | { reason: string } {
    const held = this.offeredPtlc(id, paymentId, peer);
    if (held === undefined) return { reason: `${id} offered no PTLC of ${paymentId.slice(0, 8)} to ${peer}` };
    if (held.entry.receiverStateSig === null)
      return { reason: `${id} holds no signature of H from ${peer} (no PtlcAccept)` };
    const h = ptlcStateTx(held.seed, held.ledger, held.entry);
    const refund = ptlcRefundTx(held.seed, held.ledger, held.entry);
    return this.chain.isConfirmed(h.txid) ? [refund] : [h, refund];
  }

  private offeredPtlc(id: string, paymentId: string, peer: string) {
    return this.ptlcsOf(id).find(
      (p) => p.entry.paymentId === paymentId && p.entry.direction === 'out' && p.entry.peer === peer,
    );
  }

  /**
   * Receiver `id`'s on-chain claim of its PTLC of `paymentId`, not published: H (unless it already confirmed),
   * then the claim with the completed adaptor signature. A driver that decides when blocks come mines them
   * (`addBlockWith`).
   */
  ptlcClaimTxs(id: string, paymentId: string): BroadcastTx[] | { reason: string } {
    const held = this.ptlcsOf(id).find((p) => p.entry.paymentId === paymentId && p.entry.direction === 'in');
    if (held === undefined) return { reason: `${id} received no PTLC of ${paymentId.slice(0, 8)}` };
    if (held.entry.secret === null) return { reason: `${id} does not know the secret of its PTLC` };
    const h = ptlcStateTx(held.seed, held.ledger, held.entry);
    const claim = ptlcClaimTx(held.seed, held.ledger, held.entry);
    return this.chain.isConfirmed(h.txid) ? [claim] : [h, claim];
  }

  /**
   * One block on this world's chain holding exactly `txs` (node `id`'s, all or nothing), each recorded in the
   * transcript; no node is ticked (as `addBlock`). Returns the chain's verdict.
   */
  addBlockWith(id: string, txs: readonly BroadcastTx[]): BlockResult {
    const r = this.chain.mine(txs.map((t) => t.tx));
    for (const [i, t] of txs.entries())
      this.entries.push({
        kind: 'chain',
        height: this.height,
        node: id,
        tx: t.name,
        txid: t.txid,
        confirmed: r.ok,
        ...(r.ok || r.index !== i ? {} : { rejection: describeRejection(r.rejection) }),
      });
    if (!r.ok) this.chain.addBlocks(1);
    this.entries.push({ kind: 'blocks', height: this.height, mined: 1 });
    return r;
  }

  /** Receiver `id` puts H of its PTLC of `paymentId` on chain (the PTLC becomes an output; nothing claimed yet). */
  publishPtlcState(id: string, paymentId: string): ConfirmResult | { ok: boolean; reason?: string } {
    const held = this.ptlcsOf(id).find((p) => p.entry.paymentId === paymentId && p.entry.direction === 'in');
    if (held === undefined) return { ok: false, reason: `${id} received no PTLC of ${paymentId.slice(0, 8)}` };
    return this.confirmPtlcState(id, held);
  }

  private confirmPtlcState(
    id: string,
    held: { seed: string; entry: PtlcEntry; ledger: Ledger },
  ): ConfirmResult | { ok: true } {
    const h = ptlcStateTx(held.seed, held.ledger, held.entry);
    if (this.chain.isConfirmed(h.txid)) return { ok: true };
    return this.confirmTx(id, h);
  }

  /** Refusals recorded so far. */
  refusals(): { node: string; error: NodeError }[] {
    const out: { node: string; error: NodeError }[] = [];
    for (const e of this.entries) {
      if (e.kind === 'message' && e.error !== undefined) out.push({ node: e.envelope.to, error: e.error });
      if (e.kind === 'command' && e.error !== undefined) out.push({ node: e.node, error: e.error });
    }
    return out;
  }
}

function recipientOf(raw: unknown): string {
  const to = (raw as { to?: unknown } | null)?.to;
  return typeof to === 'string' ? to : '';
}

export function stepMessage(
  n: AnyNode,
  raw: unknown,
  height: number,
  chain?: ChainView,
): StepResult<AnyNode['snapshot']> {
  const ctx = chain === undefined ? { height } : { height, chain };
  switch (n.role) {
    case 'payer':
      return receive(payerRole, n.snapshot, raw, ctx);
    case 'hub':
      return receive(hubRole, n.snapshot, raw, ctx);
    case 'payee':
      return receive(payeeRole, n.snapshot, raw, ctx);
    case 'router':
      return receive(routerRole, n.snapshot, raw, ctx);
    case 'mailbox':
      return receive(mailboxRole, n.snapshot, raw, ctx);
    default:
      return unreachable(n, 'node');
  }
}

/** Steps node `n` in process, with its honest role, on one input. */
export function stepInput(
  n: AnyNode,
  input: NodeInput,
  height: number,
  chain?: ChainView,
): StepResult<AnyNode['snapshot']> {
  switch (input.kind) {
    case 'message':
      return stepMessage(n, input.raw, height, chain);
    case 'command':
      return stepCommand(n, input.cmd, height, chain);
    case 'tick':
      return stepTick(n, height, chain);
    default:
      return unreachable(input, 'input');
  }
}

function refuse(n: AnyNode, cmd: AnyCommand): StepResult<AnyNode['snapshot']> {
  return {
    snapshot: n.snapshot,
    outgoing: [],
    broadcast: [],
    notes: [],
    error: nodeError(
      'refused',
      `${n.snapshot.id} (${n.role}) does not take ${cmd.kind}`,
      'world:role-takes-no-such-command',
    ),
  };
}

export function stepCommand(
  n: AnyNode,
  cmd: AnyCommand,
  height: number,
  chain?: ChainView,
): StepResult<AnyNode['snapshot']> {
  const ctx = chain === undefined ? { height } : { height, chain };
  switch (n.role) {
    case 'payer':
      return cmd.kind.startsWith('Payer') ? command(payerRole, n.snapshot, cmd as PayerCommand, ctx) : refuse(n, cmd);
    case 'hub':
      return cmd.kind.startsWith('Hub') ? command(hubRole, n.snapshot, cmd as HubCommand, ctx) : refuse(n, cmd);
    case 'payee':
      return cmd.kind.startsWith('Payee') ? command(payeeRole, n.snapshot, cmd as PayeeCommand, ctx) : refuse(n, cmd);
    case 'router':
      return cmd.kind.startsWith('Router')
        ? command(routerRole, n.snapshot, cmd as RouterCommand, ctx)
        : refuse(n, cmd);
    case 'mailbox':
      return refuse(n, cmd);
    default:
      return unreachable(n, 'node');
  }
}

export function stepTick(n: AnyNode, height: number, chain?: ChainView): StepResult<AnyNode['snapshot']> {
  const ctx = chain === undefined ? { height } : { height, chain };
  switch (n.role) {
    case 'payer':
      return tick(payerRole, n.snapshot, ctx);
    case 'hub':
      return tick(hubRole, n.snapshot, ctx);
    case 'payee':
      return tick(payeeRole, n.snapshot, ctx);
    case 'router':
      return tick(routerRole, n.snapshot, ctx);
    case 'mailbox':
      return tick(mailboxRole, n.snapshot, ctx);
    default:
      return unreachable(n, 'node');
  }
}
