/**
 * A tiny model for the traces/ and cli/ tests (so they do not depend on other folders' models): A pings B,
 * B answers, the chain advances. It exercises every ITF form (#bigint, #set, #map, #tup, variants) and the
 * actor/to/msg pick convention of sequence diagrams.
 */
import * as t from 'io-ts';
import type { ActionDescription, Model, Property } from '../../checker/model.ts';
import type { ModelEntry } from '../../checker/registry.ts';

export interface PingState {
  readonly pings: number;
  readonly pongs: number;
  readonly height: bigint;
}

export type PingAction =
  | { readonly kind: 'PayerPing'; readonly n: number }
  | { readonly kind: 'PayeePong'; readonly n: number }
  | { readonly kind: 'ChainAdvance' };

export interface PingConfig {
  /** `fewPings` is violated once this many pings were sent. */
  readonly limit: number;
  /** The most pings A sends. */
  readonly maxPings: number;
  readonly maxHeight: number;
}

export const pingDefaults: PingConfig = { limit: 2, maxPings: 3, maxHeight: 1 };

const PositiveInt = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 1, 'an integer ≥ 1');
const NatInt = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 0, 'an integer ≥ 0');

const PingConfigCodec = t.exact(t.type({ limit: PositiveInt, maxPings: PositiveInt, maxHeight: NatInt }));

export function buildPingModel(config: PingConfig, name = 'ping'): Model<PingState, PingAction> {
  const properties: Property<PingState, PingAction>[] = [
    {
      kind: 'always',
      name: 'fewPings',
      description: `Fewer than ${config.limit} pings are ever sent.`,
      expect: 'violated',
      pred: (s) => s.pings < config.limit || `pings = ${s.pings} reached the limit ${config.limit}`,
    },
    { kind: 'sometimes', name: 'ponged', description: 'B answers at least once.', pred: (s) => s.pongs >= 1 },
    {
      kind: 'eventually',
      name: 'answered',
      description: 'B eventually answers, with only PayeePong fair (A may never ping).',
      expect: 'violated',
      pred: (s) => s.pongs >= 1,
      weakFairness: ['PayeePong'],
    },
    {
      kind: 'transition',
      name: 'heightMonotone',
      description: 'The chain height never decreases.',
      pred: (b, _a, n) => n.height >= b.height || 'height went down',
    },
  ];
  return {
    name,
    init: () => [{ pings: 0, pongs: 0, height: 0n }],
    actions: (s) => {
      const out: PingAction[] = [];
      if (s.pings === s.pongs && s.pings < config.maxPings) out.push({ kind: 'PayerPing', n: s.pings + 1 });
      if (s.pings > s.pongs) out.push({ kind: 'PayeePong', n: s.pongs + 1 });
      if (s.height < BigInt(config.maxHeight)) out.push({ kind: 'ChainAdvance' });
      return out;
    },
    next: (s, a) => {
      switch (a.kind) {
        case 'PayerPing':
          return { ...s, pings: s.pings + 1 };
        case 'PayeePong':
          return { ...s, pongs: s.pongs + 1 };
        case 'ChainAdvance':
          return { ...s, height: s.height + 1n };
      }
    },
    properties,
    encode: (s, sink) => {
      sink.word(s.pings);
      sink.word(s.pongs);
      sink.word(Number(s.height));
    },
    toItf: (s) => ({
      pings: s.pings,
      pongs: s.pongs,
      height: s.height,
      seen: { '#set': s.pongs > 0 ? ['ping', 'pong'] : s.pings > 0 ? ['ping'] : [] },
      balances: {
        '#map': [
          ['A', s.pings],
          ['B', s.pongs],
        ],
      },
      pair: { '#tup': [s.pings, 'x'] },
      last:
        s.pings === 0
          ? { tag: 'None', value: { '#tup': [] } }
          : { tag: 'Some', value: s.pings > s.pongs ? 'ping' : 'pong' },
    }),
    describe: (a): ActionDescription => {
      switch (a.kind) {
        case 'PayerPing':
          return { label: a.kind, picks: { actor: 'A', to: 'B', msg: 'ping', n: a.n } };
        case 'PayeePong':
          return { label: a.kind, picks: { actor: 'B', to: 'A', msg: 'pong', n: a.n } };
        case 'ChainAdvance':
          return { label: a.kind, picks: {} };
      }
    },
    terminal: () => true,
  };
}

export function pingEntry(options: { name?: string; family?: string } = {}): ModelEntry<PingConfig> {
  const name = options.name ?? 'ping';
  return {
    name,
    description: 'A pings B, B answers, the chain advances (test model).',
    family: options.family ?? 'test',
    params: [
      { name: 'limit', type: 'integer ≥ 1', description: 'pings that violate fewPings' },
      { name: 'maxPings', type: 'integer ≥ 1', description: 'the most pings A sends' },
      { name: 'maxHeight', type: 'integer ≥ 0', description: 'the highest block' },
    ],
    codec: PingConfigCodec,
    defaults: pingDefaults,
    build: (c) => buildPingModel(c, name),
  };
}
