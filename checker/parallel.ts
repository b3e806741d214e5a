/**
 * Parallel exhaustive search over worker threads: level-synchronous BFS over one visited set that every
 * worker inserts into at once (`shared-table.ts`, lock-free; `parallel-worker.ts`). Same distinct and
 * generated counts as the sequential run, the same verdicts, and counterexamples that are still shortest
 * (BFS level by level).
 *
 * The run starts single-threaded (the sequential `Explorer`); once it has run `warmup` seconds (0.1 by
 * default) and a BFS level has grown to `minLevel` states (50,000 by default: each thread compiles the model
 * and collects its garbage on its own, which smaller levels do not pay for), the worker threads are started (from one bundle compiled once, `worker-bundle.ts`; each rebuilds
 * the model from its registered name and config and warms it up on a short search of its own), the
 * explorer going on meanwhile; at the first level boundary after they are ready it hands its waiting level
 * over: each member gets a contiguous slice, and the shared table every fingerprint found so far. This
 * thread is member 0 (a `LevelWorker` on its own, already warm model), so N workers are N - 1 threads.
 * Small models finish before that and never pay for threads (the result says `workers: 1`). Every thread
 * checks at its start that its model is the main thread's (`modelDigest`), so a worker built from other sources
 * fails the run instead of misreading the states it is sent. From then on the members go on level by level
 * among themselves (a member keeps the new states it inserted first; states move only to even out the
 * slices, as packed words when the model packs, and when a member done with its slice takes half of what another
 * has left: work stealing), and report each level to this thread's loop, which keeps
 * what is global: links (ids are numbered level by level, member by member), verdicts, the deadlock, and
 * for `eventually` properties the graph (edge targets are ids read from the shared table's id lane). Limits: `maxDepth`, `timeLimit`, `shouldStop` and
 * `stopAtFirstViolation` act at level boundaries; DFS, `maxStates` (exact) and models with quantities
 * (`extremes.ts`) run sequentially.
 */
import * as os from 'node:os';
import { MessageChannel, Worker, type MessagePort, type TransferListItem } from 'node:worker_threads';
import { Explorer } from './explore.ts';
import type { StateGraph } from './graph.ts';
import { partTransfer } from './level.ts';
import type { AnyModel, Model } from './model.ts';
import { modelDigest } from './model-digest.ts';
import { LevelWorker } from './parallel-worker.ts';
import {
  frontierCuts,
  type LevelReport,
  type StartCommand,
  stealBoard,
  type WorkerMessage,
  type WorkerSetup,
} from './parallel-protocol.ts';
import { Progress } from './progress.ts';
import type { CheckOptions, RunResult } from './result.ts';
import { sharedInsert, sharedTable } from './shared-table.ts';
import { workerEntry } from './worker-bundle.ts';

export interface ParallelOptions {
  /** Worker threads (≥ 2 to run in parallel; 1 runs the sequential search). */
  readonly workers: number;
  /** The model as registered (`registerModel`): its name, its decoded config, and the modules whose import registers it. */
  readonly registered: { readonly name: string; readonly config: unknown; readonly modules: readonly string[] };
  /**
   * Seconds of single-threaded search before the worker threads start (default `DEFAULT_WARMUP`: a model done
   * by then never pays for threads); the search goes on single-threaded while they boot. 0 starts them first,
   * waits for them, and hands them the level after the initial states, whatever `minLevel` says.
   */
  readonly warmup?: number;
  /**
   * With a warm-up above 0: the threads start only once a BFS level of at least this many states is being
   * expanded or built (default `MIN_PARALLEL_LEVEL`). A model whose levels stay smaller runs single-threaded.
   */
  readonly minLevel?: number;
}

/** The number of cores this process may use: the default for `--workers`. */
export function defaultWorkers(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

const YIELD_EVERY_MS = 50;
/** `ParallelOptions.warmup`'s default, in seconds. */
const DEFAULT_WARMUP = 0.1;
/**
 * `ParallelOptions.minLevel`'s default. Each thread compiles the model's code and collects its garbage on its
 * own, and the levels meet at a barrier: measured on the protocol models (scheme1-direct, levels up to 22,000
 * states; split-decorrelated hops 3, up to 32,000), two workers took as long as one or longer, while TwoPhase
 * rm=8 and rm=9 (levels of 100,000s) gained (bench/README.md, scaling).
 */
const MIN_PARALLEL_LEVEL = 50_000;

/**
 * The members of the parallel search: this thread as member 0 (a `LevelWorker` on the model it already
 * built, warm from the single-threaded start) and `count - 1` worker threads, with a message channel
 * between every two members.
 */
class WorkerPool {
  /** The worker threads: member i + 1 is `threads[i]`. */
  readonly threads: Worker[] = [];
  readonly count: number;
  /** Messages each member sent that nobody took yet (members run ahead of this thread's loop). */
  private readonly queues: WorkerMessage[][];
  private wake: (() => void) | undefined;
  private failure: Error | undefined;
  private readonly channels: (MessagePort | undefined)[][];
  /** Member 0, once started. */
  private local: LevelWorker | undefined;

  constructor(
    entry: URL,
    count: number,
    private readonly setup: Omit<WorkerSetup, 'index' | 'count'>,
  ) {
    this.count = count;
    this.queues = Array.from({ length: count }, () => []);
    for (let i = 1; i < count; i++) {
      const w = new Worker(entry, { workerData: { ...setup, index: i, count } });
      w.on('message', (m: WorkerMessage) => this.receive(i, m));
      w.on('error', (e) => this.fail(new Error(`parallel worker ${i}: ${e.message}`)));
      this.threads.push(w);
    }
    const channels: (MessagePort | undefined)[][] = Array.from(
      { length: count },
      () => new Array<MessagePort | undefined>(count),
    );
    for (let a = 0; a < count; a++) {
      for (let b = a + 1; b < count; b++) {
        const ch = new MessageChannel();
        channels[a]![b] = ch.port1;
        channels[b]![a] = ch.port2;
      }
    }
    this.channels = channels;
  }

  private receive(i: number, m: WorkerMessage): void {
    if (m.t === 'error') this.fail(new Error(`parallel worker ${i}: ${m.message}`));
    else {
      this.queues[i]!.push(m);
      this.wake?.();
    }
  }

  private fail(e: Error): void {
    if (this.failure === undefined) this.failure = e;
    this.wake?.();
  }

  /** The next message of every member (one each, in the order each sent them). */
  async next<T extends WorkerMessage>(): Promise<T[]> {
    for (;;) {
      if (this.failure !== undefined) throw this.failure;
      if (this.queues.every((q) => q.length > 0)) return this.queues.map((q) => q.shift() as T);
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = undefined;
    }
  }

  /** Waits until every thread has built its model, then connects the members. */
  async start(): Promise<void> {
    this.queues[0]!.push({ t: 'ready' });
    await this.next();
    this.threads.forEach((w, k) => {
      const ports = this.channels[k + 1]!.filter((p): p is MessagePort => p !== undefined);
      w.postMessage({ t: 'ports', ports: this.channels[k + 1] }, ports as TransferListItem[]);
    });
  }

  /** Starts the members on their slices of the handed-over level: the threads first, then this thread's. */
  begin(model: AnyModel, commands: readonly StartCommand[]): void {
    const local = new LevelWorker(model, { ...this.setup, index: 0, count: this.count }, (m) => this.receive(0, m));
    this.local = local;
    local.connect(this.channels[0]!, (e) => this.fail(e instanceof Error ? e : new Error(String(e))));
    this.threads.forEach((w, k) => {
      const cmd = commands[k + 1]!;
      w.postMessage(cmd, partTransfer(cmd.part));
    });
    local.start(commands[0]!);
  }

  async close(): Promise<void> {
    this.local?.halt();
    for (const p of this.channels[0]!) p?.close();
    await Promise.all(this.threads.map((w) => w.terminate()));
  }
}

/**
 * `checkAsync` on `parallel.workers` threads: the same result as the sequential run except the paths,
 * which may be other shortest ones, and `seconds`. Falls back to the sequential search for DFS,
 * `maxStates`, quantities, and one worker.
 */
export async function checkParallel<S, A>(
  model: Model<S, A>,
  options: CheckOptions,
  parallel: ParallelOptions,
  config?: unknown,
): Promise<RunResult<S, A>> {
  const started = performance.now();
  const elapsed = (): number => (performance.now() - started) / 1000;
  const explorer = new Explorer(model, options);
  const sequentialOnly =
    parallel.workers < 2 ||
    (options.strategy ?? 'bfs') !== 'bfs' ||
    options.maxStates !== undefined ||
    (model.quantities !== undefined && model.quantities.length > 0);
  const warmup = parallel.warmup ?? DEFAULT_WARMUP;
  const minLevel = parallel.minLevel ?? MIN_PARALLEL_LEVEL;
  let pool: WorkerPool | undefined;
  let ready: Promise<void> | undefined;
  let isReady = false;
  let closed = false;
  // A thread that failed to start (e.g. its model is not the main thread's: `modelDigest`) fails the run.
  let failure: unknown;
  try {
    const startPool = (): void => {
      const setup = {
        modules: parallel.registered.modules,
        model: parallel.registered.name,
        config: parallel.registered.config,
        graph: explorer.graph !== undefined,
        checkDeadlock: options.checkDeadlock ?? true,
        digest: modelDigest(model),
      };
      ready = workerEntry(parallel.registered.modules).then((entry) => {
        if (closed) return;
        pool = new WorkerPool(entry, parallel.workers, setup);
        return pool.start().then(() => {
          isReady = true;
        });
      });
      ready.catch((e: unknown) => {
        failure = e;
      });
    };
    if (!sequentialOnly && warmup <= 0) {
      // No warm-up: wait for the workers, who take over after the initial states' level.
      startPool();
      await ready;
    }
    let last = performance.now();
    // Sequential until warm and the workers are up, then to the next level boundary.
    while (!explorer.done) {
      if (failure !== undefined) throw failure;
      if (!sequentialOnly && ready === undefined && elapsed() >= warmup && explorer.largestLevel >= minLevel)
        startPool();
      if (isReady) {
        explorer.pauseAtLevelEnd = true;
        if (explorer.atLevelEnd) break;
      }
      explorer.runSlice();
      const now = performance.now();
      if (now - last >= YIELD_EVERY_MS || (ready !== undefined && !isReady)) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        last = performance.now();
      }
    }
    const threads = !explorer.done && pool !== undefined;
    if (threads) await runLevels(model, options, explorer, pool!, elapsed);
    return { ...explorer.result(config), workers: threads ? parallel.workers : 1 };
  } finally {
    explorer.close();
    // Threads still booting are stopped at once (a run that ended before they were ready does not wait for them).
    closed = true;
    await pool?.close();
  }
}

async function runLevels<S, A>(
  model: Model<S, A>,
  options: CheckOptions,
  explorer: Explorer<S, A>,
  pool: WorkerPool,
  elapsed: () => number,
): Promise<void> {
  const n = pool.count;
  const handed = explorer.handOff();
  const progress = new Progress(options.progress);
  const graph = explorer.graph;
  // One visited set for every worker, holding every state found so far (at half its capacity), with its id
  // when the liveness graph needs ids.
  const table = sharedTable(explorer.table.size / 0.5, explorer.table.size, graph !== undefined);
  const ids = table.ids;
  explorer.table.forEach((hi, lo) => {
    const slot = sharedInsert(table, hi, lo);
    if (ids !== undefined) ids[slot] = explorer.table.find(hi, lo) + 1;
  });
  let level = handed.level;
  let base = handed.base;
  const maxDepth = options.maxDepth ?? Infinity;
  if (level >= maxDepth) {
    explorer.adoptLevel(0, 0, true);
    explorer.finishExternally();
    return;
  }
  // The handed-off level, in contiguous slices; from here the workers go on by themselves.
  const first = handed.frontier;
  const firstCuts = frontierCuts([first.length, ...new Array<number>(n - 1).fill(0)], 0);
  let levelSize = first.length;
  const pending = explorer.pendingProperties();
  const steal = stealBoard(n);
  const commands = Array.from(
    { length: n },
    (_, i): StartCommand => ({
      t: 'start',
      level,
      part: first.part(firstCuts[i]!, firstCuts[i + 1]!),
      pending,
      maxDepth,
      table,
      levelBase: base,
      levelSize: first.length,
      frontierAt: firstCuts[i]!,
      steal,
    }),
  );
  pool.begin(model as AnyModel, commands);
  const labelMaps: number[][] = Array.from({ length: n }, () => []);
  for (;;) {
    const reports = await pool.next<LevelReport>();
    // Ids of the expanded level: `base` + its position; of the new level: worker by worker from nextBase.
    const nextBase = base + levelSize;
    // The cheap part first: verdicts, counts, and whether to go on.
    let generated = 0;
    for (const r of reports) {
      generated += r.generated;
      for (const st of r.steps) explorer.adoptStep(st.prop, base + st.fromK, st.choice, st.message);
      if (r.deadlock >= 0) explorer.adoptDeadlock(base + r.deadlock);
    }
    let fresh = 0;
    for (const r of reports) {
      for (const f of r.found) explorer.adoptFound(f.prop, nextBase + fresh + f.k, f.message);
      fresh += r.parent.length;
    }
    explorer.adoptLevel(generated, fresh > 0 ? level + 1 : 0, false);
    explorer.externalTableBytes = reports.reduce((x, r) => x + r.tableBytes, 0);
    const finished = level;
    level++;
    const seconds = elapsed();
    let stop: 'done' | 'depth' | 'violation' | 'time-limit' | 'interrupted' | undefined;
    if (fresh === 0) stop = 'done';
    else if (explorer.stoppedReason !== undefined) stop = 'violation';
    else if (options.timeLimit !== undefined && seconds >= options.timeLimit) stop = 'time-limit';
    else if (options.shouldStop?.()) stop = 'interrupted';
    else if (level >= maxDepth) stop = 'depth';
    let id = nextBase;
    for (const r of reports) {
      adoptLinks(explorer, base, r.parent, r.choice);
      if (graph !== undefined) addStates(graph, id, r.graph!.predBits);
      id += r.parent.length;
    }
    if (graph !== undefined) {
      reports.forEach((r, w) => {
        const g = r.graph!;
        for (const label of g.newLabels) labelMaps[w]!.push(graph.labelId(label));
        addEdges(graph, g, labelMaps[w]!);
      });
    }
    levelSize = fresh;
    base = nextBase;
    progress.maybe(seconds, () => ({
      distinct: explorer.distinct,
      generated: explorer.generated,
      depth: finished + 1,
      queue: fresh,
    }));
    switch (stop) {
      case undefined:
        continue;
      case 'done':
        explorer.finishExternally();
        return;
      case 'depth':
        explorer.adoptLevel(0, 0, true);
        explorer.finishExternally();
        return;
      case 'violation':
        return;
      default:
        explorer.finishExternally(stop);
        return;
    }
  }
}

// The per-state loops of a level's reports, out of `runLevels` on purpose: inside that async function, loops that
// run once per state made V8 compile the whole function again and again (`node --trace-opt bench/compiled-run.mjs
// bench/model-run.ts two-phase '{"rm":9}' bfs 2` lists its compilations); a small function compiles once.

/** Links of one worker's new states: parents are positions in the level whose first id is `base`. */
function adoptLinks<S, A>(explorer: Explorer<S, A>, base: number, parent: Int32Array, choice: Int32Array): void {
  for (let k = 0; k < parent.length; k++) explorer.adoptLink(base + parent[k]!, choice[k]!);
}

/** One worker's new states in the liveness graph, from id `id` on, with their predicate bits. */
function addStates(graph: StateGraph, id: number, bits: Int32Array): void {
  for (let k = 0; k < bits.length; k++) graph.addState(id + k, bits[k]!);
}

/** One worker's edges and expanded states; `labels` maps its label numbers to the graph's label ids. */
function addEdges(graph: StateGraph, g: NonNullable<LevelReport['graph']>, labels: readonly number[]): void {
  for (let e = 0; e < g.src.length; e++) graph.addEdge(g.src[e]!, g.dst[e]!, labels[g.label[e]!]!, g.choice[e]!);
  for (let k = 0; k < g.expanded.length; k++) graph.markExpanded(g.expanded[k]!);
}
