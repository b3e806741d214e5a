import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, checkAsync } from './check.ts';
import { holdsVacuously, type Property } from './model.ts';
import { Explorer } from './explore.ts';
import { replayChoices } from './replay.ts';
import { type GraphAction, type GraphSpec, graphModel, referenceDistances } from './testing/graph-model.ts';

/** A random graph: n nodes, each with up to 4 labelled edges, one or two initial nodes. */
const graphArb = fc.integer({ min: 1, max: 40 }).chain((n) =>
  fc.record({
    edges: fc.array(
      fc.array(fc.record({ to: fc.integer({ min: 0, max: n - 1 }), label: fc.constantFrom('A', 'B', 'C') }), {
        maxLength: 4,
      }),
      { minLength: n, maxLength: n },
    ),
    init: fc.array(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: 2 }),
    bad: fc.integer({ min: 0, max: n - 1 }),
  }),
);

const avoid = (bad: number): Property<number, GraphAction> => ({
  kind: 'always',
  name: 'avoidsBad',
  description: 'never reaches the bad node',
  pred: (v) => (v === bad ? `reached ${bad}` : true),
});

describe('check: exhaustive BFS and DFS', () => {
  it('never asks a clause that holds vacuously, reports it holding, and still finds the other violations', () => {
    const spec: GraphSpec = {
      edges: [[{ to: 1, label: 'A' }], [{ to: 0, label: 'B' }]],
      init: [0],
      properties: [
        { kind: 'always', name: 'vacuous', description: 'a premise the context falsifies', pred: holdsVacuously },
        avoid(1),
      ],
    };
    const model = graphModel(spec);
    expect(new Explorer(model, {}).pendingProperties()).toEqual([1]);
    const r = check(model, { checkDeadlock: false });
    expect(r.properties.map((p) => [p.name, p.verdict])).toEqual([
      ['vacuous', 'holds'],
      ['avoidsBad', 'violated'],
    ]);
  });

  it('counts exactly the reachable states of random graphs, BFS and DFS alike, and finds a shortest counterexample', () => {
    fc.assert(
      fc.property(graphArb, ({ edges, init, bad }) => {
        const spec: GraphSpec = { edges, init, properties: [avoid(bad)] };
        const dist = referenceDistances(spec);
        const model = graphModel(spec);
        for (const strategy of ['bfs', 'dfs'] as const) {
          const r = check(model, { strategy, checkDeadlock: false });
          expect(r.complete).toBe(true);
          expect(r.distinctStates).toBe(dist.size);
          const prop = r.properties[0]!;
          if (dist.has(bad)) {
            expect(prop.verdict).toBe('violated');
            expect(prop.message).toBe(`reached ${bad}`);
            const path = prop.path!;
            expect(path.states.at(-1)).toBe(bad);
            expect(prop.violationIndex).toBe(path.states.length - 1);
            // The path replays to the same states.
            expect(replayChoices(model, path.initIndex, path.choices).states).toEqual(path.states);
            if (strategy === 'bfs') expect(path.choices.length).toBe(dist.get(bad));
          } else {
            expect(prop.verdict).toBe('holds');
          }
        }
        const bfs = check(model, { strategy: 'bfs', checkDeadlock: false });
        expect(bfs.maxDepth).toBe(Math.max(...dist.values()));
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it('finds the same first states for every property whether a level is packed (checked on expansion) or not, also when a bound stops the run', () => {
    fc.assert(
      fc.property(
        graphArb,
        fc.integer({ min: 0, max: 39 }),
        fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
        ({ edges, init, bad }, goal, maxStates) => {
          const properties: Property<number, GraphAction>[] = [
            avoid(bad),
            { kind: 'sometimes', name: 'reachesGoal', description: 'reaches the goal', pred: (v) => v === goal },
            {
              kind: 'eventually',
              name: 'settles',
              description: 'eventually at the goal',
              pred: (v) => v === goal,
              weakFairness: ['A'],
            },
          ];
          const plain = graphModel({ edges, init, properties });
          // The same model with a lossless encoding: its BFS levels are packed words, unpacked when expanded.
          const packed = { ...plain, unpack: (w: Int32Array, at: number) => w[at]! };
          const summary = (r: ReturnType<typeof check<number, GraphAction>>) => ({
            distinct: r.distinctStates,
            generated: r.generatedStates,
            complete: r.complete,
            verdicts: r.properties.map((p) => [p.verdict, p.path?.initIndex, p.path?.choices, p.path?.loop]),
          });
          const options = { checkDeadlock: false, ...(maxStates !== undefined ? { maxStates } : {}) };
          expect(summary(check(packed, options))).toEqual(summary(check(plain, options)));
        },
      ),
      { numRuns: 300, seed: 11 },
    );
  });

  it('reports the shortest deadlock, and none when the dead end is terminal', () => {
    // 0 → 1 → 2 → 3 (dead end), 0 → 4 → 5 → 6 → 7 (dead end)
    const edges = [
      [
        { to: 1, label: 'A' },
        { to: 4, label: 'B' },
      ],
      [{ to: 2, label: 'A' }],
      [{ to: 3, label: 'A' }],
      [],
      [{ to: 5, label: 'B' }],
      [{ to: 6, label: 'B' }],
      [{ to: 7, label: 'B' }],
      [],
    ];
    const r = check(graphModel({ edges, init: [0] }));
    expect(r.deadlock?.path.states).toEqual([0, 1, 2, 3]);
    expect(r.complete).toBe(true);
    const t = check(graphModel({ edges, init: [0], terminal: (v) => v === 3 }));
    expect(t.deadlock?.path.states).toEqual([0, 4, 5, 6, 7]);
    const none = check(graphModel({ edges, init: [0], terminal: (v) => v === 3 || v === 7 }));
    expect(none.deadlock).toBeUndefined();
    expect(check(graphModel({ edges, init: [0] }), { checkDeadlock: false }).deadlock).toBeUndefined();
  });

  const chain = (n: number): GraphSpec => ({
    edges: Array.from({ length: n }, (_, v) =>
      v + 1 < n ? [{ to: v + 1, label: 'Step' }] : [{ to: v, label: 'Stay' }],
    ),
    init: [0],
    properties: [
      avoid(n + 5),
      { kind: 'sometimes', name: 'reachesEnd', description: 'reaches the end', pred: (v) => v === n - 1 },
      {
        kind: 'transition',
        name: 'moves',
        description: 'never stays put',
        pred: (v, _a, w) => v !== w || `stayed at ${v}`,
      },
    ],
  });

  it('stops at maxStates with partial counts and unknown verdicts, keeping found violations', () => {
    const r = check(graphModel(chain(100)), { maxStates: 10 });
    expect(r.distinctStates).toBe(10);
    expect(r.complete).toBe(false);
    expect(r.stoppedBy).toBe('max-states');
    expect(r.properties.map((p) => p.verdict)).toEqual(['unknown', 'unknown', 'unknown']);
    expect(r.properties.every((p) => !p.meetsExpectation)).toBe(true);
    const full = check(graphModel(chain(100)));
    expect(full.complete).toBe(true);
    expect(full.properties.map((p) => p.verdict)).toEqual(['holds', 'reached', 'violated']);
    expect(full.properties[2]!.path!.choices.length).toBe(100);
    expect(full.properties[2]!.message).toBe('stayed at 99');
    const small = check(graphModel(chain(5)), { maxStates: 5 });
    expect(small.properties[2]!.verdict).toBe('unknown');
  });

  it('stops expanding at maxDepth and reports max-depth with unknown verdicts', () => {
    for (const strategy of ['bfs', 'dfs'] as const) {
      const r = check(graphModel(chain(100)), { maxDepth: 7, strategy });
      expect(r.distinctStates).toBe(8);
      expect(r.maxDepth).toBe(7);
      expect(r.stoppedBy).toBe('max-depth');
      expect(r.properties[1]!.verdict).toBe('unknown');
    }
  });

  it('stops on a time limit and on shouldStop, cleanly', async () => {
    // A graph too big to finish in the limit: an endless counter.
    const endless = {
      ...graphModel({ edges: [], init: [0] }),
      actions: (v: number) => [{ from: v, index: 0, to: v + 1, label: 'Inc' }],
    };
    const timed = check(endless, { timeLimit: 0.2 });
    expect(timed.stoppedBy).toBe('time-limit');
    expect(timed.complete).toBe(false);
    expect(timed.distinctStates).toBeGreaterThan(0);
    let calls = 0;
    const interrupted = await checkAsync(endless, { shouldStop: () => ++calls >= 3 });
    expect(interrupted.stoppedBy).toBe('interrupted');
    expect(interrupted.distinctStates).toBe(3 * 4096 + 1);
  });

  it('stops at the first violation when asked, and otherwise settles the other properties', () => {
    const r = check(graphModel(chain(100)), { stopAtFirstViolation: true });
    expect(r.stoppedBy).toBe('first-violation');
    expect(r.properties.map((p) => p.verdict)).toEqual(['unknown', 'reached', 'violated']);
  });

  it('checks but does not expand states outside the boundary', () => {
    const r = check(graphModel({ ...chain(100), within: (v) => v < 20 }));
    expect(r.distinctStates).toBe(21);
    expect(r.complete).toBe(true);
    expect(r.deadlock).toBeUndefined();
    expect(r.properties.map((p) => p.verdict)).toEqual(['holds', 'unreached', 'holds']);
  });

  it('gives the same result for check and checkAsync, with links in memory or on disk', async () => {
    const spec: GraphSpec = {
      edges: Array.from({ length: 200_000 }, (_, v) => [
        { to: (v * 3 + 1) % 200_000, label: 'A' },
        { to: (v * 7 + 2) % 200_000, label: 'B' },
      ]),
      init: [0],
      properties: [avoid(199_999)],
    };
    const model = graphModel(spec);
    const a = check(model, { links: 'memory' });
    const b = await checkAsync(model, { links: 'disk' });
    const strip = (r: typeof a): unknown => ({ ...r, seconds: 0, memory: undefined });
    expect(strip(b)).toEqual(strip(a));
    expect(a.distinctStates).toBe(referenceDistances(spec).size);
    expect(b.memory!.linkBytesOnDisk).toBeGreaterThan(0);
    expect(a.properties[0]!.path!.choices.length).toBe(referenceDistances(spec).get(199_999));
  });

  it('reports the collision estimate n(m − n)/2^64 and memory figures', () => {
    const r = check(graphModel(chain(100)));
    expect(r.collisionProbability).toBe((100 * (r.generatedStates - 100)) / 2 ** 64);
    expect(r.memory!.bytesPerState).toBeGreaterThan(0);
  });

  it('prints progress lines only for runs longer than a second', () => {
    const lines: string[] = [];
    check(graphModel(chain(100)), { progress: (l) => lines.push(l) });
    expect(lines).toEqual([]);
  });
});
