import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { newLevel } from './level.ts';
import { LevelWorker } from './parallel-worker.ts';
import { type LevelReport, stealBoard, type WorkerMessage } from './parallel-protocol.ts';
import { sharedTable } from './shared-table.ts';
import { graphModel } from './testing/graph-model.ts';

/**
 * A level of N states (nodes 1..N) whose every state has two successors among nodes N+1..2N (node v goes to N+v and
 * to N + v mod N + 1), so each successor is reached twice.
 */
const N = 4096;
const edges: { to: number; label: string }[][] = [[]];
for (let v = 1; v <= N; v++)
  edges.push([
    { to: N + v, label: 'a' },
    { to: N + (v % N) + 1, label: 'b' },
  ]);
const model = graphModel({ edges, init: [1] });

/** Two workers in this thread expanding the level, with `slices[w]` = [a, b) its slice; their reports. */
async function expandLevel(slices: [number, number][]): Promise<LevelReport[]> {
  const count = slices.length;
  const level = newLevel(model);
  for (let v = 1; v <= N; v++) level.push(v);
  const reports: LevelReport[] = new Array(count);
  let done = 0;
  const finished = new Promise<void>((resolve, reject) => {
    const channels = new MessageChannel();
    const ports = [
      [undefined, channels.port1],
      [channels.port2, undefined],
    ];
    const table = sharedTable(4 * N);
    const steal = stealBoard(count);
    const workers = slices.map(
      (_, w) =>
        new LevelWorker(
          model,
          {
            modules: [],
            model: 'test-graph',
            config: {},
            index: w,
            count,
            graph: false,
            checkDeadlock: false,
            digest: '',
          },
          (m: WorkerMessage) => {
            if (m.t !== 'done') return;
            reports[w] = m;
            if (++done === count) {
              channels.port1.close();
              channels.port2.close();
              resolve();
            }
          },
        ),
    );
    workers.forEach((worker, w) => worker.connect(ports[w]!, reject));
    // Worker 1 first: its (empty) expansion runs first, so it asks worker 0 before worker 0 begins.
    for (let w = count - 1; w >= 0; w--) {
      const [a, b] = slices[w]!;
      workers[w]!.start({
        t: 'start',
        level: 1,
        part: level.part(a, b),
        pending: [],
        maxDepth: 2,
        table,
        levelBase: 1,
        levelSize: N,
        frontierAt: a,
        steal,
      });
    }
  });
  await finished;
  return reports;
}

describe('parallel worker: work stealing within a level', () => {
  it('a worker whose slice is empty takes half of what another has left, and every link names its true parent', async () => {
    const reports = await expandLevel([
      [0, N],
      [N, N],
    ]);
    const [r0, r1] = reports as [LevelReport, LevelReport];
    // Every step generated once, by one worker or the other; the thief did about half.
    expect(r0.generated + r1.generated).toBe(2 * N);
    expect(r1.generated).toBeGreaterThanOrEqual(N / 2);
    expect(r0.generated).toBeGreaterThanOrEqual(N / 2);
    // Each new state kept once, and its link (position in the level, choice) leads to it.
    const kept: number[] = [];
    for (const r of reports) {
      for (let k = 0; k < r.parent.length; k++) {
        const parent = r.parent[k]! + 1;
        kept.push(edges[parent]![r.choice[k]!]!.to);
      }
    }
    expect(kept.sort((x, y) => x - y)).toEqual(Array.from({ length: N }, (_, i) => N + 1 + i));
  });
});
