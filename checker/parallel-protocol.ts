/**
 * The messages of the parallel search (`parallel.ts` in the main thread, `parallel-worker.ts` in each
 * worker). Plain data: typed arrays are transferred; states cross a thread only once, when the main thread
 * hands its waiting level over (`StartCommand`). After that a state stays in the worker that generated
 * it, and only fingerprints travel (`Claims`, `Verdicts`).
 */
import type { TableView } from './fingerprint-table.ts';

/** What a worker is started with (`workerData`). */
export interface WorkerSetup {
  /** Modules (URLs) whose import registers the model (`registerModel`), for a worker booted through tsx. */
  readonly modules: readonly string[];
  /** The registered model's name and its decoded config: the worker rebuilds the same model. */
  readonly model: string;
  readonly config: unknown;
  readonly index: number;
  readonly count: number;
  /** Keep what the liveness graph needs (edges, predicate bits, new fingerprints). */
  readonly graph: boolean;
  readonly checkDeadlock: boolean;
}

/** Main → worker, once, before the first level: the fingerprints found so far that this worker owns. */
export interface SeedCommand {
  readonly t: 'seed';
  readonly hi: Uint32Array;
  readonly lo: Uint32Array;
}

/** Worker → main: the seed is in the table. */
export interface Seeded {
  readonly t: 'seeded';
  readonly view: TableView;
}

/** Main → worker, once: your slice of the handed-over level; from here the workers go on level by level by themselves. */
export interface StartCommand {
  readonly t: 'start';
  readonly level: number;
  readonly states: readonly unknown[];
  /** Indexes into `model.properties` of the always/sometimes/transition properties still to check. */
  readonly pending: readonly number[];
  /** Levels at this depth or deeper are not expanded (`maxDepth`; Infinity when unbounded). */
  readonly maxDepth: number;
  /** Every worker's fingerprint table (read-only while anyone expands). */
  readonly views: readonly TableView[];
}

/** Worker → owner: the successors of the sender's level that the receiver owns and that may be new. */
export interface Claims {
  readonly t: 'claims';
  readonly level: number;
  readonly from: number;
  readonly hi: Uint32Array;
  readonly lo: Uint32Array;
}

/** Owner → worker: which of its claims are new states that it keeps (1) and how many new states the owner took in all. */
export interface Verdicts {
  readonly t: 'verdicts';
  readonly level: number;
  readonly from: number;
  readonly kept: Uint8Array;
  readonly fresh: number;
  /** The owner's table after the level's insertions (it may have grown). */
  readonly view: TableView;
}

/**
 * Worker → main, per level: the worker's frontier of `level` is expanded, and of its successors it keeps
 * `parent.length` new states (the next level's frontier, in this order). Positions `k` and `fromK` are
 * indexes into the worker's frontier (the main thread turns them into state ids).
 */
export interface LevelReport {
  readonly t: 'done';
  readonly level: number;
  readonly generated: number;
  /** The new states this worker keeps, in order: their links (parent = index in this worker's frontier). */
  readonly parent: Int32Array;
  readonly choice: Int32Array;
  /** Always/sometimes properties settled by a new state: (property index, index among the kept states, message). */
  readonly found: readonly { readonly prop: number; readonly k: number; readonly message?: string }[];
  /** Transition properties violated by a step of this worker's frontier (its first step each). */
  readonly steps: readonly {
    readonly prop: number;
    readonly fromK: number;
    readonly choice: number;
    readonly message: string;
  }[];
  /** The first deadlock of this worker's frontier (index in the frontier), or -1. */
  readonly deadlock: number;
  readonly tableBytes: number;
  /** With `graph`: the kept states' fingerprints and predicate bits, the frontier's edges and fully expanded positions, and the labels this worker met first. */
  readonly graph?: {
    readonly newHi: Uint32Array;
    readonly newLo: Uint32Array;
    readonly predBits: Int32Array;
    readonly src: Int32Array;
    readonly dstHi: Uint32Array;
    readonly dstLo: Uint32Array;
    readonly label: Int32Array;
    readonly choice: Int32Array;
    readonly expanded: Int32Array;
    readonly newLabels: readonly string[];
  };
}

export type WorkerMessage =
  | { readonly t: 'ready' }
  | Seeded
  | LevelReport
  | { readonly t: 'error'; readonly message: string };
