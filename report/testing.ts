/**
 * Hand-made inputs for the report's tests: an ITF trace whose steps change a value, the set of keys of a map
 * and the elements of a set (the three classes), a check result that names it, and coalition and synth results
 * assembled by analysis/'s own code from made-up outcomes (so their shape cannot drift from what the CLI prints).
 * Nothing else uses this.
 */
import { coalitionResult } from '../analysis/coalitions.ts';
import { allCoalitions } from '../analysis/parties.ts';
import type { PointOutcome } from '../analysis/point.ts';
import { synthPlan, synthResult } from '../analysis/synth.ts';

const bigint = (n: number) => ({ '#bigint': String(n) });

interface StateSpec {
  readonly action: string;
  readonly picks?: Record<string, string>;
  readonly balances: Record<string, number>;
  readonly seen: readonly string[];
  readonly count: number;
  readonly height: number;
}

/** A trace of `model` / `property`: step 1 A → S changes `count` (a value), step 2 adds key B to `balances`, step 3 adds "x" to `seen`, then chain steps. */
export function sampleTrace(
  options: { model?: string; property?: string; verdict?: string; extraSteps?: number; violationIndex?: number } = {},
): Record<string, unknown> {
  const specs: StateSpec[] = [
    { action: 'init', balances: { A: 10 }, seen: [], count: 0, height: 0 },
    {
      action: 'PayerPay',
      picks: { actor: 'A', to: 'S', msg: 'pay' },
      balances: { A: 10 },
      seen: [],
      count: 1,
      height: 0,
    },
    {
      action: 'HubOpen',
      picks: { actor: 'S', to: 'B', msg: 'open' },
      balances: { A: 10, B: 0 },
      seen: [],
      count: 1,
      height: 0,
    },
    { action: 'PayeeLearn', picks: { actor: 'B' }, balances: { A: 10, B: 0 }, seen: ['x'], count: 1, height: 0 },
  ];
  for (let i = 0; i < (options.extraSteps ?? 1); i++)
    specs.push({ action: 'ChainAdvance', balances: { A: 10, B: 0 }, seen: ['x'], count: 1, height: i + 1 });
  const model = options.model ?? 'demo';
  const property = options.property ?? 'safety.noLoss';
  const verdict = options.verdict ?? 'violated';
  const states = specs.map((s, index) => ({
    '#meta': { index },
    balances: { '#map': Object.entries(s.balances).map(([k, v]) => [k, bigint(v)]) },
    count: bigint(s.count),
    height: bigint(s.height),
    seen: { '#set': s.seen },
    'mbt::actionTaken': s.action,
    'mbt::nondetPicks': Object.fromEntries(
      Object.entries(s.picks ?? {}).map(([k, v]) => [k, { tag: 'Some', value: v }]),
    ),
  }));
  return {
    '#meta': {
      format: 'ITF',
      'format-description': 'https://apalache-mc.org/docs/adr/015adr-trace.html',
      source: model,
      description: `test trace of ${property}`,
      tool: 'apln',
      version: '0.1.0',
      model,
      config: { hops: 0 },
      strategy: 'bfs',
      property,
      kind: verdict === 'reached' ? 'sometimes' : 'always',
      verdict,
      expected: verdict,
      ...(options.violationIndex === undefined ? {} : { violationIndex: options.violationIndex }),
      initIndex: 0,
      choices: specs.slice(1).map(() => 0),
    },
    vars: ['balances', 'count', 'height', 'seen', 'mbt::actionTaken', 'mbt::nondetPicks'],
    states,
  };
}

/** `apln check --json` (no MODEL) for one variant `model` whose `safety.noLoss` is violated as expected, its trace at `traceFile`. */
export function sampleCheck(traceFile: string, model = 'demo'): Record<string, unknown> {
  return {
    ok: true,
    models: [
      {
        model,
        family: 'test',
        config: { hops: 0 },
        strategy: 'bfs',
        distinctStates: 12,
        generatedStates: 30,
        maxDepth: 4,
        seconds: 0.01,
        statesPerSecond: 1200,
        complete: true,
        collisionProbability: 1e-15,
        properties: [
          {
            name: 'safety.noLoss',
            kind: 'always',
            description: 'Nobody loses.',
            verdict: 'violated',
            expected: 'violated',
            meetsExpectation: true,
            traceFile,
          },
          {
            name: 'safety.noTheft',
            kind: 'always',
            description: 'Nobody steals.',
            verdict: 'holds',
            expected: 'holds',
            meetsExpectation: true,
          },
          {
            name: 'typeOk',
            kind: 'always',
            description: 'Types.',
            verdict: 'holds',
            expected: 'holds',
            meetsExpectation: true,
          },
        ],
        ok: true,
      },
    ],
  };
}

const outcome = (violated: boolean, clause = 'honestHubLosesNothing.notTooLate'): PointOutcome => ({
  states: 10,
  complete: true,
  clauses: [
    { clause, kind: 'always', verdict: violated ? 'violated' : 'holds', ...(violated ? { steps: 5 } : {}) },
    { clause: 'typeOk', kind: 'always', verdict: 'holds' },
  ],
});

/**
 * `apln coalitions --json` over A, S, B, M: notTooLate (protects S) is violated exactly when A and B both
 * deviate, so its minimal violating coalition is {A,B}, its maximal withstood ones {A,M} and {B,M}, and the
 * coalitions with S are vacuous.
 */
export function sampleCoalitions(): unknown {
  const parties = ['A', 'S', 'B', 'M'];
  const coalitions = allCoalitions(parties);
  return coalitionResult(
    'demo',
    { hops: 0 },
    parties,
    coalitions,
    coalitions.map((c) => outcome(c.includes('A') && c.includes('B'))),
  );
}

/** `apln synth --json` over x = 1..3, y = 1..2: notTooLate holds exactly where y ≤ x − 1 (three points of six). */
export function sampleSynth(): unknown {
  const ranges = [
    { key: 'csvDelayBlocks', lo: 1, hi: 3 },
    { key: 'ptlcTimeoutBlocks', lo: 1, hi: 2 },
  ];
  const plan = synthPlan('demo', { hops: 0 }, ranges, () => undefined);
  const outcomes = plan.points.map(([x, y]) => outcome((y ?? 0) > (x ?? 0) - 1));
  return synthResult('demo', { hops: 0 }, ranges, plan, outcomes, undefined);
}
