/**
 * The messages of the parallel search (`parallel.ts` in the main thread, `parallel-worker.ts` in each
 * worker). Plain data: typed arrays are transferred, and states travel as `LevelPart`s (a packing model's
 * states as their words, so no object is cloned). States cross a thread when the main thread hands its
 * waiting level over (`StartCommand`); after that the workers share one visited set (`shared-table.ts`),
 * and a state moves only when a level ends with one worker holding more than its share of the next
 * frontier (`Move`).
 */
import type { LevelPart } from './level.ts';
import type { SharedTableView } from './shared-table.ts';

/** What a worker is started with (`workerData`). */
export interface WorkerSetup {
  /** Modules (URLs) whose import registers the model (`registerModel`), for a worker booted through tsx. */
  readonly modules: readonly string[];
  /** The registered model's name and its decoded config: the worker rebuilds the same model. */
  readonly model: string;
  readonly config: unknown;
  readonly index: number;
  readonly count: number;
  /** Keep what the liveness graph needs (edges, predicate bits). */
  readonly graph: boolean;
  readonly checkDeadlock: boolean;
  /**
   * The main thread's `modelDigest` of its model: a worker whose model differs (e.g. built from another
   * checkout's sources) stops with an error instead of searching states it would misread.
   */
  readonly digest: string;
}

/** Main → worker, once: your slice of the handed-over level; from here the workers go on level by level by themselves. */
export interface StartCommand {
  readonly t: 'start';
  readonly level: number;
  readonly part: LevelPart<unknown>;
  /** Indexes into `model.properties` of the always/sometimes/transition properties still to check. */
  readonly pending: readonly number[];
  /** Levels at this depth or deeper are not expanded (`maxDepth`; Infinity when unbounded). */
  readonly maxDepth: number;
  /** The shared visited set, holding every state found so far (with `graph`, each with its id). */
  readonly table: SharedTableView;
  /** The id of the handed-over level's first state, the level's size, and the position in it of this worker's slice. */
  readonly levelBase: number;
  readonly levelSize: number;
  readonly frontierAt: number;
  /** Every worker's steal flag and published remaining work (`stealBoard`). */
  readonly steal: Int32Array;
}

/**
 * Worker → every worker: it stopped expanding `level` in `round`, either done with its frontier or
 * `paused` because the table's room ran out (then worker 0 sends a bigger table, every worker copies its part of
 * the old one into it (`Copied`), and every worker goes on in
 * the next round). `kept`: new states it found this level so far; `budget`: reserved room it did not use.
 */
export interface RoundEnd {
  readonly t: 'end';
  readonly level: number;
  readonly round: number;
  readonly from: number;
  readonly kept: number;
  readonly budget: number;
  readonly paused: boolean;
}

/** Worker 0 → every worker: the bigger (empty) table, after a paused round; each copies its part of the old one in. */
export interface Grown {
  readonly t: 'grown';
  readonly level: number;
  readonly round: number;
  readonly table: SharedTableView;
}

/** Worker → worker: the sender's kept states of `level` that fall in the receiver's slice of the next frontier. */
export interface Move {
  readonly t: 'move';
  readonly level: number;
  readonly from: number;
  readonly part: LevelPart<unknown>;
}

/**
 * Victim → thief: the answer to a steal request (`stealBoard`): pieces of the victim's frontier for the level and
 * round under way (`at`: each piece's position in the level), none when it had too little left.
 */
export interface Stolen {
  readonly t: 'steal';
  readonly level: number;
  readonly round: number;
  readonly pieces: readonly { readonly at: number; readonly part: LevelPart<unknown> }[];
}

/** Worker → every worker: its part of the old table is copied into the bigger one (`copyPart`). */
interface Copied {
  readonly t: 'copied';
  readonly level: number;
  readonly round: number;
  readonly from: number;
}

export type PeerMessage = RoundEnd | Grown | Copied | Move | Stolen;

/**
 * Worker → main, per level: the states of `level` it expanded (its slice, less what other workers took, plus
 * what it took from them) are done, and of their successors it keeps `parent.length` new states. The next
 * frontier is every worker's kept states in worker order, cut into contiguous slices, one per worker
 * (`frontierCuts`). Positions `k` are indexes among this worker's kept states; `parent`, `fromK`, `deadlock`
 * are positions in the expanded level (the main thread turns both into state ids).
 */
export interface LevelReport {
  readonly t: 'done';
  readonly level: number;
  readonly generated: number;
  /** The new states this worker keeps, in order: their links (parent = position in the expanded level). */
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
  /** The first deadlock this worker met (position in the expanded level), or -1. */
  readonly deadlock: number;
  /** Bytes of the shared table (reported by worker 0 only, so the sum counts it once). */
  readonly tableBytes: number;
  /**
   * With `graph`: the kept states' predicate bits (in kept order), the expanded states' edges and fully expanded
   * states (as state ids), and the labels this worker met first (label numbers are this worker's own).
   */
  readonly graph?: {
    readonly predBits: Int32Array;
    readonly src: Int32Array;
    readonly dst: Int32Array;
    readonly label: Int32Array;
    readonly choice: Int32Array;
    readonly expanded: Int32Array;
    readonly newLabels: readonly string[];
  };
}

export type WorkerMessage = { readonly t: 'ready' } | LevelReport | { readonly t: 'error'; readonly message: string };

/** How far a slice may be from an equal share (a fraction of the share) before states move to even it out. */
const SLICE_TOLERANCE = 1 / 16;

/**
 * The next frontier's slices: the states every worker kept, in worker order, cut into one contiguous slice
 * per worker; worker `w`'s slice is [cuts[w], cuts[w + 1]). A cut stays where the kept states already
 * part, unless a slice would be more than `tolerance` of an equal share off it.
 */
export function frontierCuts(kept: readonly number[], tolerance = SLICE_TOLERANCE): number[] {
  const n = kept.length;
  const total = kept.reduce((x, y) => x + y, 0);
  const slack = Math.floor((total / n) * tolerance);
  const cuts = [0];
  let natural = 0;
  for (let w = 1; w < n; w++) {
    natural += kept[w - 1]!;
    const ideal = Math.floor((w * total) / n);
    cuts.push(Math.min(ideal + slack, Math.max(ideal - slack, natural)));
  }
  cuts.push(total);
  return cuts;
}

/**
 * The shared board of work stealing within a level: for worker `w`, `[w]` is its flag and `[count + w]` the
 * states it has left to expand (published every `STEAL_POLL` states). The flag is 0 while the worker expands
 * and may be asked, `t + 1` while thief `t` waits for its answer (set by compare-and-swap from 0, so one thief
 * at a time), and `-(1 + e)` once it stopped expanding in its round number `e` (done, or paused for the table).
 */
export function stealBoard(count: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(8 * count));
}
