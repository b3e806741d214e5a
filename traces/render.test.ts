import { describe, expect, it } from 'vitest';
import { renderTrace } from './render.ts';
import { sequenceMermaid, sequenceText } from './sequence.ts';
import { buildPingModel, pingDefaults } from './testing/ping-model.ts';
import { pathOf } from './testing/path.ts';
import { buildTrace } from './write.ts';

const config = { ...pingDefaults, maxHeight: 1 };
const model = buildPingModel(config);
// ping, chain, pong, ping: the second ping violates fewPings (limit 2) at step 4.
const trace = buildTrace(model, pathOf(model, 0, [0, 1, 0, 0]), {
  run: { model: 'ping', config, strategy: 'bfs' },
  subject: {
    property: 'fewPings',
    kind: 'always',
    verdict: 'violated',
    message: 'pings = 2 reached the limit 2',
    violationIndex: 4,
  },
});

describe('renderTrace', () => {
  it('shows each step with only the changed fields and marks the violating step (pinned)', () => {
    expect(renderTrace(trace, { file: 'out/ping.fewPings.itf.json' })).toBe(
      [
        'ping: counterexample to fewPings (always), 4 steps, bfs',
        'file   out/ping.fewPings.itf.json',
        'config {"limit":2,"maxPings":3,"maxHeight":1}',
        '',
        '  step 0  init',
        '      balances = Map("A" -> 0, "B" -> 0)',
        '      height = 0',
        '      last = None',
        '      pair = (0, "x")',
        '      pings = 0',
        '      pongs = 0',
        '      seen = Set()',
        '  step 1  PayerPing(actor: "A", msg: "ping", n: 1, to: "B")',
        '      ~ balances["A"]: 0 → 1',
        '      ~ last: None → Some("ping")',
        '      ~ pair: (0, "x") → (1, "x")',
        '      ~ pings: 0 → 1',
        '      ~ seen: +"ping"',
        '  step 2  ChainAdvance',
        '      ~ height: 0 → 1',
        '  step 3  PayeePong(actor: "B", msg: "pong", n: 1, to: "A")',
        '      ~ balances["B"]: 0 → 1',
        '      ~ last.Some: "ping" → "pong"',
        '      ~ pongs: 0 → 1',
        '      ~ seen: +"pong"',
        '✗ step 4  PayerPing(actor: "A", msg: "ping", n: 2, to: "B")',
        '      ~ balances["A"]: 1 → 2',
        '      ~ last.Some: "pong" → "ping"',
        '      ~ pair: (1, "x") → (2, "x")',
        '      ~ pings: 1 → 2',
        '',
        '✗ step 4 violates fewPings: pings = 2 reached the limit 2',
        '',
      ].join('\n'),
    );
  });

  it('marks a divergence found by replay', () => {
    const out = renderTrace(trace, { divergence: { step: 2, message: 'states[2].height: recorded 1, rebuilt 0' } });
    expect(out).toContain('≠ step 2  ChainAdvance');
    expect(out).toContain('      ≠ states[2].height: recorded 1, rebuilt 0');
  });
});

describe('sequence diagrams', () => {
  it('draws messages between parties as arrows and chain steps across (pinned)', () => {
    expect(sequenceText(trace)).toBe(
      [
        '             A             B',
        '   1         |----ping---->|        PayerPing(n: 1)',
        '   2  ·······|·············|······  ChainAdvance',
        '   3         |<---pong-----|        PayeePong(n: 1)',
        '   4         |----ping---->|        PayerPing(n: 2)  ✗',
        '',
        '✗ step 4 violates fewPings: pings = 2 reached the limit 2',
        '',
      ].join('\n'),
    );
  });

  it('writes Mermaid sequenceDiagram text with the violation as a note', () => {
    expect(sequenceMermaid(trace)).toBe(
      [
        'sequenceDiagram',
        '  participant A',
        '  participant B',
        '  A->>B: 1. ping (PayerPing(n: 1))',
        '  Note over A,B: 2. ChainAdvance',
        '  B->>A: 3. pong (PayeePong(n: 1))',
        '  A->>B: 4. ping (PayerPing(n: 2))',
        '  Note over A,B: ✗ step 4 violates fewPings: pings = 2 reached the limit 2',
        '',
      ].join('\n'),
    );
  });
});

describe('sequence diagrams of other pick shapes', () => {
  const step = (i: number, label: string, picks: Record<string, string>) => ({
    '#meta': { index: i },
    x: { '#bigint': String(i) },
    'mbt::actionTaken': label,
    'mbt::nondetPicks': Object.fromEntries(Object.entries(picks).map(([k, v]) => [k, { tag: 'Some', value: v }])),
  });
  const synthetic = {
    '#meta': {
      format: 'ITF' as const,
      tool: 'apln' as const,
      version: '0',
      model: 'm',
      config: {},
      property: 'p',
      kind: 'always' as const,
      verdict: 'violated' as const,
      initIndex: 0,
      choices: [0, 0, 0],
      violationIndex: 3,
    },
    vars: ['x', 'mbt::actionTaken', 'mbt::nondetPicks'],
    states: [
      step(0, 'init', {}),
      step(1, 'PayerSendBundle', { actor: 'A', to: 'M', msg: 'bundle(U(n+1), s_A, nonces, amt, fee, expiry)' }),
      step(2, 'CoalitionPool', { msg: 'the coalition pools what it knows' }),
      step(3, 'PayerGoOffline', { actor: 'A' }),
    ],
  };

  it('puts a message too long for its arrow beside the step, and draws notes and party-less steps', () => {
    expect(sequenceText(synthetic)).toBe(
      [
        '             A             M',
        '   1         |------------>|        bundle(U(n+1), s_A, nonces, amt, fee, expiry): PayerSendBundle',
        '   2  ·······|·············|······  the coalition pools what it knows: CoalitionPool',
        '   3         *             |        PayerGoOffline  ✗',
        '',
        '✗ step 3 violates p',
        '',
      ].join('\n'),
    );
    expect(sequenceMermaid(synthetic)).toContain(
      '  Note over A,M: 2. the coalition pools what it knows (CoalitionPool)',
    );
  });
});
