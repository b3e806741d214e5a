import type { EltooChannel, PendingInfo } from '../../impl/node/channel.ts';
import { boundSettlement, boundUpdate, type BroadcastTx } from '../../impl/node/eltoo-txs.ts';
import { channelTip, pendingSweep } from '../../impl/node/onchain.ts';
import { hubRole } from '../../impl/node/hub.ts';
import { mailboxRole } from '../../impl/node/mailbox.ts';
import type { Envelope } from '../../impl/node/messages.ts';
import { ownChannelKey } from '../../impl/node/keys.ts';
import { payeeRole } from '../../impl/node/payee.ts';
import { payerRole } from '../../impl/node/payer.ts';
import { pointOfSecret } from '../../impl/node/ptlc.ts';
import { routerRole } from '../../impl/node/router.ts';
import { World, type AnyCommand, type AnyNode } from '../../impl/node/world.ts';
import { ImplRefusal, NodeNetwork, setUpWorld, type ConfirmedTx, type Roles } from '../node-network.ts';
import { hopOfferer, partyName } from '../../model/parties.ts';

export type { Roles };

export { ImplRefusal };

export const HONEST_ROLES: Roles = {
  payer: payerRole,
  hub: hubRole,
  payee: payeeRole,
  router: routerRole,
  mailbox: mailboxRole,
};

/** How a mutant may change the driver besides roles: what a restart restores, and envelope checking. */
export interface DriverHooks {
  /** The snapshot a restarted node comes back with (default: its own snapshot, through JSON text). */
  readonly restore?: (opts: { id: string; current: AnyNode; initial: AnyNode }) => AnyNode;
  /** Rewrites a raw message just before a node receives it (a mutant that skips a check). */
  readonly beforeReceive?: (opts: { driver: ImplDriver; to: string; raw: unknown }) => unknown;
}

export interface DriverConfig {
  /** The world seed: every key, nonce and tweak derives from it. */
  readonly seed: number;
  readonly csvDelayBlocks: number;
  readonly ptlcTimeoutBlocks: number;
  /** Routing nodes between S and B (0: direct) and whether their points are decorrelated. */
  readonly hops?: number;
  readonly decorrelate?: boolean;
  /** How much earlier each later hop times out (the impl's CLTV delta; used when hops > 0). */
  readonly hopDeltaBlocks?: number;
  /** The receipt variant: B pre-signs a receipt that S completes after the sale and shows A. */
  readonly receipt?: boolean;
  /**
   * The model's staleStates k: A and S hold k older fully signed states (made by k more set-up updates), so
   * model n is impl state 1 + k and the stale U(n − i) is impl state 1 + k − i. Default 0.
   */
  readonly staleStates?: number;
  /** Blocks S keeps for rebinding (R-02-20, R-02-21; the timeout variant's D). Default: the impl's, 1. */
  readonly rebindMarginBlocks?: number;
  /** The deviating parties' node ids: whose keys the adversary may sign with (the `tamper` stutter). */
  readonly deviating?: readonly string[];
  readonly roles?: Roles;
  readonly hooks?: DriverHooks;
}

/**
 * The impl state number of the model's n without stale states (one cooperative update happens before the run);
 * a driver's own is `stateOffset` (1 + staleStates).
 */
const STATE_OFFSET = 1;
export const SIDE_SAT = 10;
export const AMOUNT_SAT = 3;
export const HUB_FEE_SAT = 1;
export const HOP_FEE_SAT = 1;

/** What the model keeps as history and the impl shows only at the moment it happens. */
export interface Ghosts {
  payeeCameInTime: boolean;
  lockReleased: boolean;
  hubCrashed: boolean;
}

/**
 * What a coalition member was told out of band by its partners (coalition.ts): the model's knowledge
 * names it was handed, and a copy of an A–S channel record it can publish from. The adversary's memory, kept
 * beside the member's node; honest node code never reads it.
 */
export interface Pooled {
  readonly bits: number;
  /** The anchor `bits`' path secrets are relative to when told (abstraction.ts `pathAnchor`: K_SA or K_FORGED). */
  readonly anchor: number;
  readonly channel?: EltooChannel;
  /** s_A, when a member held it at the share. */
  readonly payerPartial?: string;
}

export class ImplDriver extends NodeNetwork<AnyCommand> {
  world: World;
  readonly roles: Roles;
  readonly hooks: DriverHooks;
  readonly config: DriverConfig;
  private readonly initial: Map<string, AnyNode> = new Map();
  private readonly points = new Map<string, string>();
  /** The world's height when the run starts (model height 0). */
  readonly base: number;
  update: ConfirmedTx | undefined = undefined;
  settlement: ConfirmedTx | undefined = undefined;
  /** The timeout variant's sweep of the settlement's pending output (claim or timeout leaf), once confirmed. */
  sweep: ConfirmedTx | undefined = undefined;
  readonly ghosts: Ghosts = { payeeCameInTime: false, lockReleased: false, hubCrashed: false };
  /** An equivocation a deviating party made (`PayerForgeBundle`, `PayeeForgeInvoice`, equivocation.ts): who, and the forged secret. */
  equivocation: { readonly by: 'A' | 'B'; readonly secret: string } | undefined = undefined;
  /** Signatures of the envelopes the adversary's stutters injected: no party sent them, so they teach nobody. */
  readonly stutters = new Set<string>();
  /** Per coalition member: what its partners told it (`CoalitionShare`, oracle/coalition.ts). */
  readonly outOfBand = new Map<string, Pooled>();
  /**
   * Routing-channel PTLCs claimed on chain, by hop (the model's `ClaimPtlcOnChain`): who claimed, the
   * transactions it put in the mempool for the next block (H unless it confirmed, the claim), and whether they
   * confirmed.
   */
  readonly onChainClaims = new Map<number, { id: string; txs: BroadcastTx[]; confirmed: boolean }>();
  /**
   * Routing-channel PTLCs refunded on chain, by hop (the model's `RefundPtlc` where the offerer holds the
   * receiver's signature of H from its PtlcAccept): the offerer, H unless it confirmed and the refund through the
   * timeout leaf, in the mempool for the next block, and whether they confirmed.
   */
  readonly onChainRefunds = new Map<number, { id: string; txs: BroadcastTx[]; confirmed: boolean }>();
  /** The impl state number of the model's n (n+1, n+2 follow; the stale U(n − i) is `stateOffset − i`). */
  readonly stateOffset: number;
  /** The payment's expiry as the impl sees it (the model's expiry, at world height). */
  implExpiryHeight = -1;
  /**
   * The model's `hubCrashLosesUnpersisted`: S's store while the last message it received (A's partial signature on
   * U(n+2), 03 §1 step 9) is not yet written to it; a crash brings S back with this, `HubPersist` drops it (S wrote).
   */
  hubStore: AnyNode['snapshot'] | undefined = undefined;

  constructor(config: DriverConfig) {
    super();
    this.config = config;
    this.roles = config.roles ?? HONEST_ROLES;
    this.hooks = config.hooks ?? {};
    // U(n), St(n): one cooperative update with unchanged balances, so both sides hold a complete state. The
    // world after it is a pure function of (seed, params), so it is built once per process and cloned.
    this.stateOffset = STATE_OFFSET + (config.staleStates ?? 0);
    const key = `${this.stateOffset}/${config.seed}/${config.csvDelayBlocks}/${config.ptlcTimeoutBlocks}/${config.hops ?? 0}/${config.decorrelate === true}/${config.hopDeltaBlocks ?? 1}/${config.receipt === true}/${config.rebindMarginBlocks ?? 'default'}`;
    this.world = setUpWorld(`scheme1/${key}`, this.roles, () => {
      this.world = new World({
        seed: config.seed,
        hops: config.hops ?? 0,
        scheme: 1,
        decorrelate: config.decorrelate ?? false,
        receipt: config.receipt ?? false,
        // Hop i times out (k + 1 − i)·delta after S's offer: the model's ptlcTimeoutBlocks − i·hopDeltaBlocks when
        // ptlcTimeoutBlocks = (k + 1)·hopDeltaBlocks (checked in impl-side.ts).
        params: {
          hopFeeSat: 1,
          cltvDeltaBlocks: (config.hops ?? 0) === 0 ? config.ptlcTimeoutBlocks : (config.hopDeltaBlocks ?? 1),
          csvDelayBlocks: config.csvDelayBlocks,
          ...(config.rebindMarginBlocks === undefined ? {} : { rebindMarginBlocks: config.rebindMarginBlocks }),
        },
        sideSat: SIDE_SAT,
        startHeight: 0,
      });
      this.attach(this.world);
      this.world.setOnline('B', false, { tick: false });
      for (let i = 0; i < this.stateOffset; i++) {
        this.mustCommand('A', { kind: 'PayerCancel' });
        this.deliverWhere(() => true);
      }
      return this.world.clone();
    });
    this.attach(this.world);
    this.base = this.world.height;
    for (const [id, n] of this.world.nodes) this.initial.set(id, JSON.parse(JSON.stringify(n)) as AnyNode);
  }

  /** The model's height: blocks since the run started (the world's chain starts above 0: it minted the funding). */
  get height(): number {
    return this.world.height - this.base;
  }

  /**
   * Receiver `id` claims its PTLC of hop `hop` on chain (R-08-06): H and the claim enter the mempool for the next
   * block (the model's offerer learns the secret when it confirms, with the next `ChainAdvance`).
   */
  publishPtlcClaim(id: string, hop: number): void {
    const n = this.node(id);
    const entry =
      n.role === 'mailbox' ? undefined : n.snapshot.ptlcs.find((p) => p.direction === 'in' && p.hop === hop);
    if (entry === undefined) throw new ImplRefusal(`ClaimPtlc on chain: ${id} received no PTLC of hop ${hop}`);
    const txs = this.world.ptlcClaimTxs(id, entry.paymentId);
    if (!Array.isArray(txs)) throw new ImplRefusal(`ClaimPtlc on chain: ${txs.reason}`);
    this.broadcast(id, txs);
    this.onChainClaims.set(hop, { id, txs, confirmed: false });
  }

  /**
   * Offerer `id` refunds its PTLC of hop `hop` on chain (R-04-05, R-08-12) when it holds the receiver's signature
   * of H: H (unless on chain) and the refund through the timeout leaf enter the mempool. Without that
   * signature (no PtlcAccept reached it) the refund is the ledger's alone. Returns whether it was queued.
   */
  publishPtlcRefund(id: string, hop: number): boolean {
    const n = this.node(id);
    const entry =
      n.role === 'mailbox' ? undefined : n.snapshot.ptlcs.find((p) => p.direction === 'out' && p.hop === hop);
    if (entry === undefined || entry.receiverStateSig === null) return false;
    const txs = this.world.ptlcRefundTxs(id, entry.paymentId, entry.peer);
    if (!Array.isArray(txs)) throw new ImplRefusal(`RefundPtlc on chain: ${txs.reason}`);
    this.broadcast(id, txs);
    this.onChainRefunds.set(hop, { id, txs, confirmed: false });
    return true;
  }

  /** One block holding the mempool (NodeNetwork's): the on-chain PTLC claims and refunds waiting in it confirm. */
  override mineBlock(): void {
    super.mineBlock();
    for (const c of [...this.onChainClaims.values(), ...this.onChainRefunds.values()])
      c.confirmed = c.txs.every((t) => this.world.chain.isConfirmed(t.txid));
  }

  /** The offerers of the hops claimed on chain (confirmed). */
  claimOfferers(): string[] {
    return [...this.onChainClaims.entries()].filter(([, c]) => c.confirmed).map(([hop]) => partyName(hopOfferer(hop)));
  }

  /**
   * Node `id` looks at the chain for the claims of its PTLCs (a tick with the chain view: S learns the secret and
   * completes U(n+1), a router claims upstream); what its watcher would broadcast is not kept (the model's steps).
   */
  readClaimsOnChain(id: string): void {
    if (this.claimOfferers().includes(id)) this.world.tick(id);
  }

  /**
   * S receives what `pred` selects, but its store keeps S's snapshot from before until `HubPersist` (the model's
   * `hubCrashLosesUnpersisted`: a received message is written after it is taken, so a crash between loses it).
   */
  deliverUnpersisted(pred: (e: Envelope) => boolean, what: string): void {
    const before = this.node('S').snapshot;
    this.mustDeliver(pred, what);
    this.hubStore ??= JSON.parse(JSON.stringify(before)) as AnyNode['snapshot'];
  }

  /** S crashes: what it had not written yet is gone (it comes back from its store), and it goes offline. */
  crashHub(): void {
    if (this.hubStore !== undefined) this.world.restart('S', { from: this.hubStore });
    this.hubStore = undefined;
    this.setOnline('S', false);
  }

  /**
   * The sender's transport puts the last message `pred` selects on the wire again (a peer retransmits on
   * reconnection what the other side may have lost). False when there is none.
   */
  retransmit(pred: (e: Envelope) => boolean): boolean {
    const sent = [...this.wire()].reverse().find(pred);
    if (sent === undefined) return false;
    this.world.post(sent);
    return true;
  }

  /** A mutant's `beforeReceive` hook rewrites what a node is handed (the transcript keeps the original). */
  protected override rewrite(to: string, raw: unknown): unknown {
    return this.hooks.beforeReceive === undefined ? raw : this.hooks.beforeReceive({ driver: this, to, raw });
  }

  /** A mutant's `restore` hook says what a restarted node comes back with (default: its own snapshot). */
  protected override restored(id: string, current: AnyNode): AnyNode['snapshot'] {
    const initial = this.initial.get(id) ?? current;
    return this.hooks.restore?.({ id, current, initial }).snapshot ?? super.restored(id, current);
  }

  /** T = s·G of a secret (hex), computed once per run: the abstraction asks for s_A's point at every step. */
  pointOf(secret: string): string {
    let p = this.points.get(secret);
    if (p === undefined) {
      p = pointOfSecret(secret);
      this.points.set(secret, p);
    }
    return p;
  }

  payerChannel(): EltooChannel {
    const a = this.node('A');
    if (a.role !== 'payer') throw new Error('driver: A is not a payer');
    return a.snapshot.channel;
  }

  /** Drops queued messages `pred` selects (a step the model does not take, e.g. a re-signed bundle nobody sends). */
  dropWhere(pred: (e: Envelope) => boolean): number {
    return this.world.dropQueued(pred);
  }

  /** The A–S channel as node `id` (A or S) holds it. */
  channelOf(id: string): EltooChannel | undefined {
    const n = this.node(id);
    if (n.role === 'payer') return n.snapshot.channel;
    if (n.role === 'hub') return n.snapshot.channels.find((c) => c.party === 'A');
    return undefined;
  }

  /** The A–S channel records node `id` can sign from: its node's, then what a coalition partner told it. */
  private recordsOf(id: string): EltooChannel[] {
    return [this.channelOf(id), this.outOfBand.get(id)?.channel].filter((c): c is EltooChannel => c !== undefined);
  }

  /** Node `id`'s complete signature of U(impl state), if it holds one (its own, or told by its coalition). */
  updateSigOf(id: string, implState: number): string | undefined {
    for (const ch of this.recordsOf(id)) {
      if (ch.latest.state === implState && ch.latest.updateSig !== null) return ch.latest.updateSig;
      const sig = ch.proposals.find((p) => p.state === implState && p.updateSig !== null)?.updateSig;
      if (sig != null) return sig;
    }
    return undefined;
  }

  /** Node `id`'s complete settlement of an impl state, with its balances and pending output (own, or told). */
  settlementOf(
    id: string,
    implState: number,
  ): { settleSig: string; partySat: number; hubSat: number; pending: PendingInfo | null } | undefined {
    for (const ch of this.recordsOf(id)) {
      const p = ch.proposals.find((x) => x.state === implState && x.settleSig !== null);
      if (p !== undefined && p.settleSig !== null)
        return { settleSig: p.settleSig, partySat: p.partySat, hubSat: p.hubSat, pending: p.pending };
      if (ch.latest.state === implState && ch.latest.settleSig !== null)
        return {
          settleSig: ch.latest.settleSig,
          partySat: ch.latest.partySat,
          hubSat: ch.latest.hubSat,
          pending: ch.latest.pending,
        };
    }
    return undefined;
  }

  /**
   * Publishes a transaction node `id` broadcast (the model counts it confirmed now; it enters the mempool for the
   * next block): the update U(n+j), the settlement of the confirmed update, or the sweep of its pending output.
   */
  confirmBroadcast(
    id: string,
    tx: BroadcastTx,
    what: { kind: 'update'; j: number } | { kind: 'settlement' } | { kind: 'sweep' },
  ): void {
    this.publish(id, tx);
    if (what.kind === 'update') this.update = { state: what.j, txid: tx.txid, tx: tx.tx, height: this.height };
    else if (what.kind === 'settlement')
      this.settlement = { state: this.update?.state ?? -1, txid: tx.txid, tx: tx.tx, height: this.height };
    else this.sweep = { state: this.settlement?.state ?? -1, txid: tx.txid, tx: tx.tx, height: this.height };
  }

  /**
   * Puts node `id`'s sweep of the settled pending output on chain (timeout variant, R-06-04 / R-06-05): S through
   * the claim leaf, A through the timeout leaf, built from what the node holds (a deviating party's own step).
   */
  publishSweep(id: 'A' | 'S'): void {
    const ch = this.channelOf(id);
    const n = this.node(id);
    if (ch === undefined || (n.role !== 'payer' && n.role !== 'hub'))
      throw new ImplRefusal(`${id} has no channel to sweep`);
    const chain = this.chainNow();
    const tx = pendingSweep({
      ch,
      tip: channelTip(chain, ch),
      isSpent: (o) => chain.spentBy(o) !== undefined,
      side: id === 'S' ? 'hub' : 'party',
      seed: n.snapshot.seed,
      secKey: ownChannelKey(n.snapshot.seed, ch, id === 'S' ? 'hub' : 'party').secKey,
    });
    if (tx === undefined) throw new ImplRefusal(`${id} holds no unspent pending output to sweep`);
    this.confirmBroadcast(id, tx, { kind: 'sweep' });
  }

  /** Puts node `id`'s U(n+j) on chain, spending the funding output or the confirmed update. */
  publishUpdate(id: string, j: number): void {
    const ch = this.recordsOf(id)[0];
    const sig = this.updateSigOf(id, j + this.stateOffset);
    if (ch === undefined || sig === undefined) throw new ImplRefusal(`${id} holds no complete U(n+${j})`);
    const spends =
      this.update === undefined
        ? ({ kind: 'funding' } as const)
        : ({ kind: 'update', state: this.update.state + this.stateOffset, txid: this.update.txid } as const);
    this.confirmBroadcast(id, boundUpdate(ch, { state: j + this.stateOffset, updateSig: sig, spends }), {
      kind: 'update',
      j,
    });
  }

  /** Puts node `id`'s settlement of the confirmed update on chain. */
  publishSettlement(id: string): void {
    const ch = this.recordsOf(id)[0];
    const u = this.update;
    if (ch === undefined || u === undefined) throw new ImplRefusal(`${id} has no confirmed update to settle`);
    const s = this.settlementOf(id, u.state + this.stateOffset);
    if (s === undefined) throw new ImplRefusal(`${id} holds no settlement of U(n+${u.state})`);
    const b = boundSettlement(ch, { state: u.state + this.stateOffset, ...s, updateTxid: u.txid });
    this.confirmBroadcast(id, b, { kind: 'settlement' });
  }
}

/** The implementation refused (or could not do) a step the model allows: reported as a divergence. */
