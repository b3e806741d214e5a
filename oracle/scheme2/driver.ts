import type { EltooChannel } from '../../impl/node/channel.ts';
import type { BroadcastTx } from '../../impl/node/eltoo-txs.ts';
import { channelParams } from '../../impl/node/eltoo-txs.ts';
import { hubRole } from '../../impl/node/hub.ts';
import { mailboxRole } from '../../impl/node/mailbox.ts';
import type { Envelope } from '../../impl/node/messages.ts';
import { receive } from '../../impl/node/node.ts';
import {
  channelTip,
  heldSettlement,
  heldStates,
  settlementOf,
  updateOnTip,
  type HeldSettlement,
  type HeldState,
} from '../../impl/node/onchain.ts';
import { payerRole } from '../../impl/node/payer.ts';
import { routerRole } from '../../impl/node/router.ts';
import { World, type AnyCommand, type AnyNode } from '../../impl/node/world.ts';
import { fundingOutput } from '../../impl/tx/funding.ts';
import { HUB_CHANNEL_SAT as HUB2_CHANNEL_SAT, PAYEE_CHANNEL_SAT } from '../../model/scheme2/state.ts';
import { ImplRefusal, NodeNetwork, setUpWorld, type ConfirmedTx, type Roles } from '../node-network.ts';
import { payeeWithUpdate, type OraclePayeeCommand } from './payee-update.ts';

export const HONEST_ROLES: Roles = {
  payer: payerRole,
  hub: hubRole,
  payee: payeeWithUpdate(),
  router: routerRole,
  mailbox: mailboxRole,
};

/** The impl state number of the model's m (one cooperative update before the run). */
export const STATE_OFFSET = 1;
/** Each side of the A–S PTLC ledger (A's paying funds: the model's PAYER_WALLET_SAT). */
export const LEDGER_SAT = 10;
export const AMOUNT = 3;
export const FEE = 1;

export interface DriverConfig {
  readonly seed: number;
  readonly csvDelayBlocks: number;
  readonly ptlcTimeoutBlocks: number;
  /** The parties' `rebind_margin_blocks` (A's R-05-08 check); absent: the impl's default, 1. */
  readonly rebindMarginBlocks?: number;
  readonly roles?: Roles;
  /** The deviating parties' node ids: whose keys the adversary may sign with (the `tamper` and `resend` stutters). */
  readonly deviating?: readonly string[];
}

/** What the model keeps as history and the impl shows only when it happens. */
export interface Ghosts {
  payerCameInTime: boolean;
}

/** Any command a scheme-2 node takes: the impl roles' commands, plus the oracle's cooperative update for B (payee-update.ts). */
export type DriverCommand = AnyCommand | OraclePayeeCommand;

/**
 * What a coalition member was told through the collusion channel (coalition.ts), kept beside its node, never in
 * its snapshot: the model's knowledge names (`bits`, the union, closed) and the B–S signatures behind them (every
 * complete U_BS / St_BS a member held), with `channel` a member's B–S record for the channel's public part (keys,
 * funding, CSV delay), so a member with no such record (M, or A before it bought) can put them on chain.
 */
export interface Told {
  readonly bits: number;
  readonly channel?: EltooChannel;
  readonly updates: readonly HeldState[];
  readonly settlements: readonly HeldSettlement[];
}

/** The B–S channel as node `n` holds it (Scheme2Driver.channelOf). */
export function channelIn(n: AnyNode): EltooChannel | undefined {
  if (n.role === 'payee') return n.snapshot.channel ?? undefined;
  if (n.role === 'hub') return n.snapshot.channels.find((c) => c.party === 'B');
  if (n.role === 'payer') return n.snapshot.watches[0]?.channel;
  return undefined;
}

/**
 * The world before a run: B–S funded with 15 (B 5, S 10) by an output minted on the world's chain, U_BS(m) and
 * St_BS(m) signed.
 */
function setUp(config: DriverConfig): World {
  const world = new World({
    seed: config.seed,
    hops: 0,
    scheme: 2,
    decorrelate: false,
    params: {
      hopFeeSat: 1,
      cltvDeltaBlocks: config.ptlcTimeoutBlocks,
      csvDelayBlocks: config.csvDelayBlocks,
      ...(config.rebindMarginBlocks === undefined ? {} : { rebindMarginBlocks: config.rebindMarginBlocks }),
    },
    sideSat: LEDGER_SAT,
    startHeight: 0,
  });
  const b = world.node('B');
  const s = world.node('S');
  if (b.role !== 'payee' || s.role !== 'hub' || b.snapshot.channel === null)
    throw new Error('scheme-2 driver: unexpected world');
  const capacitySat = PAYEE_CHANNEL_SAT + HUB2_CHANNEL_SAT;
  const [funding] = world.chain.mint([
    {
      script: fundingOutput(channelParams({ ...b.snapshot.channel, capacitySat })).scriptPubKey,
      value: BigInt(capacitySat),
    },
  ]);
  if (funding === undefined) throw new Error('scheme-2 driver: minting the funding output failed');
  const patch = (ch: EltooChannel): EltooChannel => ({
    ...ch,
    capacitySat,
    fundingTxid: funding.txid,
    fundingVout: funding.vout,
    latest: { ...ch.latest, partySat: PAYEE_CHANNEL_SAT, hubSat: HUB2_CHANNEL_SAT },
  });
  world.setSnapshot('B', { ...b.snapshot, channel: patch(b.snapshot.channel) });
  world.setSnapshot('S', { ...s.snapshot, channels: s.snapshot.channels.map((c) => (c.party === 'B' ? patch(c) : c)) });
  // U_BS(m), St_BS(m): one cooperative update with unchanged balances (B's side: payee-update.ts), on honest nodes.
  // A driver shell over the template world, only to reuse its command and delivery methods.
  const d = Object.create(Scheme2Driver.prototype) as Scheme2Driver;
  Object.assign(d, {
    config,
    roles: HONEST_ROLES,
    world,
    base: world.height,
    update: undefined,
    settlement: undefined,
    ghosts: { payerCameInTime: false },
  });
  d.attach(world);
  d.mustCommand('B', { kind: 'PayeeUpdate' });
  const refusals = d.deliverWhere(() => true);
  if (
    refusals.length > 0 ||
    d.channelOf('B')?.latest.state !== STATE_OFFSET ||
    d.channelOf('S')?.latest.state !== STATE_OFFSET
  ) {
    throw new Error(`scheme-2 driver: the set-up update failed: ${JSON.stringify(refusals)}`);
  }
  return world;
}

export class Scheme2Driver extends NodeNetwork<DriverCommand> {
  readonly world: World;
  readonly roles: Roles;
  readonly config: DriverConfig;
  /** The world's height when the run starts (model height 0). */
  readonly base: number;
  update: ConfirmedTx | undefined = undefined;
  settlement: ConfirmedTx | undefined = undefined;
  readonly ghosts: Ghosts = { payerCameInTime: false };
  /** What each coalition member was told (coalition.ts); honest node code never reads it. */
  readonly outOfBand = new Map<string, Told>();
  /** Signatures of the envelopes the adversary's stutters injected: no party sent them, so they teach nobody. */
  readonly stutters = new Set<string>();

  constructor(config: DriverConfig) {
    super();
    this.config = config;
    this.roles = config.roles ?? HONEST_ROLES;
    // The world after the set-up update is a pure function of (seed, params): built once per process
    // and copied (building a World and its keys costs more than a whole short run).
    const key = `${config.seed}/${config.csvDelayBlocks}/${config.ptlcTimeoutBlocks}/${config.rebindMarginBlocks ?? 'default'}`;
    this.world = setUpWorld(`scheme2/${key}`, HONEST_ROLES, () => setUp(config));
    this.attach(this.world);
    this.base = this.world.height;
    // The model's start: A offline; S, B and M online.
    this.world.setOnline('A', false, { tick: false });
  }

  /** The model's height. */
  get height(): number {
    return this.world.height - this.base;
  }

  /**
   * The B–S channel as node `id` holds it: B's and S's own records, A's the one it rebuilt from B's bundle
   * (A's watch: it holds U_BS(m+1) complete once it bought s_S).
   */
  channelOf(id: string): EltooChannel | undefined {
    return channelIn(this.node(id));
  }

  /**
   * Node `id` as it would be after reading every message queued to it (on a copy: the world is untouched). What
   * is on its way to a node counts as known to it (abstraction.ts); the collusion channel reads members this way.
   */
  afterQueued(id: string): AnyNode {
    let n = JSON.parse(JSON.stringify(this.node(id))) as AnyNode;
    for (const raw of this.world.queued()) {
      if ((raw as Envelope).to !== id) continue;
      const r = receive(this.roleOf(n), n.snapshot, JSON.parse(JSON.stringify(raw)), {
        height: this.implHeight,
        chain: this.stepView(),
      });
      if (r.error === undefined) n = { role: n.role, snapshot: r.snapshot } as AnyNode;
    }
    return n;
  }

  /** Whether node `id` holds both signatures of U_BS and St_BS of impl state `implState`. */
  holdsComplete(id: string, implState: number): boolean {
    const ch = this.channelOf(id);
    return ch !== undefined && heldStates(ch).some((h) => h.state === implState);
  }

  /**
   * Publishes a transaction (the model counts it confirmed now; it enters the mempool for the next block):
   * U_BS(m+j) or the settlement of the confirmed update.
   */
  confirm(id: string, tx: BroadcastTx, what: { kind: 'update'; j: number } | { kind: 'settlement' }): void {
    this.publish(id, tx);
    if (what.kind === 'update') this.update = { state: what.j, txid: tx.txid, tx: tx.tx, height: this.height };
    else this.settlement = { state: this.update?.state ?? -1, txid: tx.txid, tx: tx.tx, height: this.height };
  }

  /**
   * A deviating node puts U_BS(m+j) on chain (bound to the channel's tip), from what it holds: its own record
   * first, then what it was told through the collusion channel (coalition.ts).
   */
  publishUpdate(id: string, j: number): void {
    const own = this.channelOf(id);
    const told = this.outOfBand.get(id);
    const held =
      (own === undefined ? undefined : heldStates(own).find((h) => h.state === j + STATE_OFFSET)) ??
      told?.updates.find((h) => h.state === j + STATE_OFFSET);
    const ch = own ?? told?.channel;
    if (ch === undefined || held === undefined) throw new ImplRefusal(`${id} holds no complete U_BS(m+${j})`);
    const u = updateOnTip(ch, held, channelTip(this.chainNow(), ch));
    if (u === undefined) throw new ImplRefusal(`${id}'s U_BS(m+${j}) cannot follow the channel's on-chain tip`);
    this.confirm(id, u, { kind: 'update', j });
  }

  /** A deviating node puts the settlement of the confirmed update on chain, from what it holds or was told. */
  publishSettlement(id: string): void {
    const own = this.channelOf(id);
    const told = this.outOfBand.get(id);
    const ch = own ?? told?.channel;
    const u = this.update;
    if (ch === undefined || u === undefined) throw new ImplRefusal(`${id} has no confirmed update to settle`);
    const s =
      (own === undefined ? undefined : heldSettlement(own, u.state + STATE_OFFSET)) ??
      told?.settlements.find((x) => x.state === u.state + STATE_OFFSET);
    if (s === undefined) throw new ImplRefusal(`${id} holds no St_BS(m+${u.state})`);
    this.confirm(id, settlementOf(ch, s, u.txid), { kind: 'settlement' });
  }
}
