/**
 * The messages of the parallel search (`parallel.ts` in the main thread, `parallel-worker.ts` in each
 * worker). Plain data: typed arrays are transferred, states are structured-cloned.
 */
import type { TableView } from './fingerprint-table.ts';

/** What a worker is started with (`workerData`). */
export interface WorkerSetup {
  /** Modules (URLs) whose import registers the model (`registerModel`). */
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

/** Main → worker: expand your frontier (the states of `level`, ids consecutive from `base`). */
export interface LevelCommand {
  readonly t: 'level';
  readonly level: number;
  readonly base: number;
  /** The frontier, on the first parallel level only (afterwards each worker keeps the states it owns). */
  readonly states?: readonly unknown[];
  /** Indexes into `model.properties` of the always/sometimes/transition properties still to check. */
  readonly pending: readonly number[];
  /** Every worker's fingerprint table, read-only during expansion. */
  readonly views: readonly TableView[];
}

/** Worker → worker: the successors of the sender's frontier that the receiver owns and that may be new. */
export interface Batch {
  readonly t: 'batch';
  readonly level: number;
  readonly from: number;
  readonly hi: Uint32Array;
  readonly lo: Uint32Array;
  readonly parent: Int32Array;
  readonly choice: Int32Array;
  readonly states: readonly unknown[];
}

/** Worker → main: the level is expanded and the owned new states of the next level are merged. */
export interface LevelReport {
  readonly t: 'done';
  readonly level: number;
  readonly generated: number;
  /** The new states this worker owns, in order: their links. */
  readonly parent: Int32Array;
  readonly choice: Int32Array;
  /** Always/sometimes properties settled by a new state: (property index, index among the new states, message). */
  readonly found: readonly { readonly prop: number; readonly k: number; readonly message?: string }[];
  /** Transition properties violated by a step of this worker's frontier (the first step each). */
  readonly steps: readonly {
    readonly prop: number;
    readonly fromId: number;
    readonly choice: number;
    readonly message: string;
  }[];
  /** The first deadlock of this worker's frontier, or -1. */
  readonly deadlock: number;
  readonly view: TableView;
  readonly tableBytes: number;
  /** With `graph`: the new states' fingerprints and predicate bits, the frontier's edges and fully expanded ids, and the labels this worker met first. */
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

export type WorkerMessage =
  | { readonly t: 'ready' }
  | Seeded
  | LevelReport
  | { readonly t: 'error'; readonly message: string };
