/**
 * The skeleton of a machine over one eltoo channel (scheme 2, the two-payment machine), written once. A machine
 * gives its own steps and effects; the skeleton adds what every such machine has: the channel's publish steps and
 * their effects (model/chain.ts), the coalition's pooling (model/coalition.ts), time (model/time.ts: a block only
 * when no honest mandatory step is pending), the dispatch of `next`, and the common part of the state's encoding
 * and ITF form.
 */
import type { ItfValue, WordSink } from '../checker/model.ts';
import { unreachable } from '../util/unreachable.ts';
import {
  bestEnforceable,
  type ChainChannel,
  type ChannelAction,
  channelSteps,
  type ChannelView,
  channelViewOf,
  settledChain,
  confirmUpdate,
} from './chain.ts';
import { coalitionKnowledge, knowsAll, learn, pooled } from './coalition.ts';
import { encodeFunds, encodeParties } from './encoding.ts';
import type { MachineParts } from './machine.ts';
import { inMask } from './parties.ts';
import { type Candidate, withChainAdvance } from './time.ts';

/** The actions every channel machine has besides its protocol's own (R-08-04..R-08-09, R-09-01, R-09-05, R-09-07, R-09-09). */
export type CommonAction = ChannelAction | { readonly kind: 'CoalitionShare' } | { readonly kind: 'ChainAdvance' };

const COMMON_KINDS: ReadonlySet<string> = new Set([
  'PublishUpdate',
  'PublishSettlement',
  'CoalitionShare',
  'ChainAdvance',
]);

function isCommon(a: { readonly kind: string }): a is CommonAction {
  return COMMON_KINDS.has(a.kind);
}

/** The fields every channel machine's state has. */
export interface ChannelState {
  /** Block height; only `ChainAdvance` moves it, up to `maxHeight`. */
  readonly height: number;
  /** Bitmask over the machine's parties. */
  readonly online: number;
  /** Per party: a bitmask of the machine's knowledge names, closed by its `close`. */
  readonly knows: readonly number[];
  /** Per party: funds outside the channel. */
  readonly wallet: readonly number[];
  /** Funds in the channel (0 once it settled). */
  readonly channelSat: number;
  readonly chain: ChainChannel;
}

/** What every channel machine's context has. */
export interface ChannelCtx {
  readonly config: { readonly maxHeight: number; readonly csvDelayBlocks: number };
  /** Bitmask of the deviating parties. */
  readonly deviating: number;
}

/** What a protocol's own steps are written with: `add` a candidate; whether a party is honest, online. */
export interface StepKit<A> {
  readonly add: (action: A, urgent: boolean) => void;
  readonly h: (party: number) => boolean;
  readonly on: (party: number) => boolean;
}

/** A channel machine's own parts. */
export interface ChannelMachineSpec<
  S extends ChannelState,
  Own extends { readonly kind: string },
  C extends ChannelCtx,
> {
  /** Party names by index (the ITF's keys); the parties are 0..length−1, all may publish. */
  readonly parties: readonly string[];
  /** Knowledge names by bit (the ITF's sets). */
  readonly knowledge: readonly string[];
  /** Closes a knowledge bitmask under the machine's derivation rules. */
  readonly close: (mask: number) => number;
  /** The highest state number a complete update can have. */
  readonly latest: (ctx: C) => number;
  /** `party` holds the complete update (settlement) of state `k`. */
  readonly holdsUpdate: (s: S, party: number, k: number) => boolean;
  readonly holdsSettlement: (s: S, party: number, k: number) => boolean;
  /** The protocol's own candidates, in a fixed order (the channel's and the coalition's come after). */
  readonly steps: (ctx: C, s: S, kit: StepKit<Own>) => void;
  /** An honest `party` must close on its own with its best update `k` (chain.ts's `mustClose`). */
  readonly mustClose?: (ctx: C, s: S, party: number, k: number) => boolean;
  /** The protocol's own effects. */
  readonly effect: (ctx: C, s: S, a: Own) => S;
  /** `s` with `changes`, copied field by field (`{ ...s, ...changes }` is several times slower in V8). */
  readonly changed: (s: S, changes: Partial<S>) => S;
  /** What the confirmed update's settlement pays (and opens), besides emptying and closing the channel. */
  readonly settle: (ctx: C, s: S) => Partial<S>;
  /** The protocol's own words, written between the parties' and the funds'. */
  readonly encode: (s: S, sink: WordSink) => void;
  /** The protocol's own ITF fields, between the parties' and the funds'. */
  readonly toItf: (s: S) => Readonly<Record<string, ItfValue>>;
}

/** A channel machine: its assembled parts and the helpers its properties read. */
export interface ChannelMachine<S extends ChannelState, A, C extends ChannelCtx> {
  readonly parts: Pick<MachineParts<S, A, C>, 'actions' | 'next' | 'encode' | 'toItf'>;
  readonly candidates: (ctx: C, s: S) => Candidate<A>[];
  /** An honest party has a mandatory step left in `s` (time cannot advance): the horizon probe reads it. */
  readonly hasUrgentStep: (ctx: C, s: S) => boolean;
  /** The latest state `party` can enforce on its own (complete update and settlement), or −1. */
  readonly bestEnforceable: (ctx: C, s: S, party: number) => number;
}

export function isHonest(ctx: ChannelCtx, party: number): boolean {
  return !inMask(ctx.deviating, party);
}

export function knows(s: ChannelState, party: number, bits: number): boolean {
  return knowsAll(s.knows, party, bits);
}

/** `knows` after each `[party, bits]` of `lessons` is learnt, each closed by `close` (a copy). */
export function taught(
  knows: readonly number[],
  close: (mask: number) => number,
  ...lessons: readonly (readonly [number, number])[]
): number[] {
  const out = [...knows];
  for (const [p, bits] of lessons) learn(out, p, bits, close);
  return out;
}

export function channelMachine<S extends ChannelState, Own extends { readonly kind: string }, C extends ChannelCtx>(
  m: ChannelMachineSpec<S, Own, C>,
): ChannelMachine<S, Own | CommonAction, C> {
  type A = Own | CommonAction;
  const n = m.parties.length;
  const view = (ctx: C, s: S): ChannelView =>
    channelViewOf(s, {
      parties: n,
      latest: m.latest(ctx),
      holdsUpdate: m.holdsUpdate,
      holdsSettlement: m.holdsSettlement,
      isHonest: (p) => isHonest(ctx, p),
    });
  // R-09-05, R-09-07: what each party knows once the coalition pools; undefined when that teaches nobody anything.
  const pooledKnows = (ctx: C, s: S): number[] | undefined =>
    pooled(ctx.deviating, s.knows, coalitionKnowledge(ctx.deviating, s.knows, m.close));

  const candidates = (ctx: C, s: S): Candidate<A>[] => {
    const out: Candidate<A>[] = [];
    const add = (action: A, urgent: boolean): void => {
      out.push({ action, urgent });
    };
    m.steps(ctx, s, { add, h: (p) => isHonest(ctx, p), on: (p) => inMask(s.online, p) });
    // R-08-04, R-08-08, R-09-01 (model/chain.ts): later updates, and the settlement after the CSV delay.
    const mc = m.mustClose;
    const o = mc === undefined ? {} : { mustClose: (p: number, k: number) => mc(ctx, s, p, k) };
    for (const c of channelSteps(view(ctx, s), s.chain, s.height, ctx.config.csvDelayBlocks, o))
      add(c.action, c.urgent);
    if (pooledKnows(ctx, s) !== undefined) add({ kind: 'CoalitionShare' }, false);
    return out;
  };

  const next = (ctx: C, s: S, a: A): S => {
    if (!isCommon(a)) return m.effect(ctx, s, a);
    switch (a.kind) {
      case 'PublishUpdate':
        return m.changed(s, { chain: confirmUpdate(a.state, s.height) } as Partial<S>);
      case 'PublishSettlement':
        return m.changed(m.changed(s, m.settle(ctx, s)), {
          channelSat: 0,
          chain: settledChain(s.chain),
        } as Partial<S>);
      case 'CoalitionShare':
        return m.changed(s, { knows: pooledKnows(ctx, s) ?? s.knows } as Partial<S>);
      case 'ChainAdvance':
        return m.changed(s, { height: s.height + 1 } as Partial<S>);
      default:
        return unreachable(a, 'action');
    }
  };

  const knowledge = (mask: number): { '#set': string[] } => ({
    '#set': m.knowledge.filter((_, b) => (mask & (1 << b)) !== 0),
  });
  return {
    candidates,
    hasUrgentStep: (ctx, s) => candidates(ctx, s).some((c) => c.urgent),
    bestEnforceable: (ctx, s, p) => bestEnforceable(view(ctx, s), p),
    parts: {
      actions: (ctx, s) =>
        withChainAdvance(candidates(ctx, s), s.height, ctx.config.maxHeight, { kind: 'ChainAdvance' }),
      next,
      encode: (s, sink) => {
        encodeParties(sink, s, n);
        m.encode(s, sink);
        encodeFunds(sink, s, n);
      },
      toItf: (s) => ({
        height: s.height,
        online: { '#set': m.parties.filter((_, i) => inMask(s.online, i)) },
        knows: { '#map': m.parties.map((p, i) => [p, knowledge(s.knows[i] ?? 0)] as const) },
        ...m.toItf(s),
        wallet: { '#map': m.parties.map((p, i) => [p, s.wallet[i] ?? 0] as const) },
        channelSat: s.channelSat,
        chain: { update: s.chain.update, updateHeight: s.chain.updateHeight, settled: s.chain.settled },
      }),
    },
  };
}
