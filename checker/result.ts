/**
 * What a checker run returns: counts, verdicts and paths. Plain data, so the CLI can print it, the
 * trace writer can serialise it, and tests can pin it.
 */
import type { Expectation, PropertyKind } from './model.ts';

export type Strategy = 'bfs' | 'dfs' | 'simulate';

/** `holds`/`violated` for always, transition and eventually; `reached`/`unreached` for sometimes; `unknown` when a bound stopped the run before it could decide. */
export type Verdict = 'holds' | 'violated' | 'reached' | 'unreached' | 'unknown';

/** Why a run stopped early; absent when the state space was exhausted. */
export type StopReason = 'max-states' | 'max-depth' | 'time-limit' | 'interrupted' | 'first-violation';

/**
 * A path through the model: `states[0]` is `init()[initIndex]`, and `states[i+1]` is
 * `next(states[i], actions(states[i])[choices[i]])`. Rebuilt by replaying the choices, TLC-style.
 * For a liveness counterexample (a lasso), `loop` is the index of the state the last state returns to.
 * The checker closes the cycle explicitly: the last state equals `states[loop]`, so `states[loop..]` with
 * its actions repeats forever; when `loop` is the last index the path stutters there forever (no fair
 * action is enabled there).
 */
export interface Path<S = unknown, A = unknown> {
  readonly initIndex: number;
  readonly choices: readonly number[];
  readonly states: readonly S[];
  readonly actions: readonly A[];
  readonly loop?: number;
}

export interface PropertyResult<S = unknown, A = unknown> {
  readonly name: string;
  readonly kind: PropertyKind;
  readonly description: string;
  readonly verdict: Verdict;
  readonly expected: Expectation;
  /** The verdict equals the expectation. `unknown` never meets one. */
  readonly meetsExpectation: boolean;
  /** The failure explanation a predicate returned, or why the verdict is unknown. */
  readonly message?: string;
  /** A counterexample (violated) or witness (reached). */
  readonly path?: Path<S, A>;
  /** The index in `path.states` of the violating state (for a transition property, the step's target). */
  readonly violationIndex?: number;
}

export interface Deadlock<S = unknown, A = unknown> {
  readonly path: Path<S, A>;
}

export interface RunResult<S = unknown, A = unknown> {
  readonly model: string;
  readonly config: unknown;
  readonly strategy: Strategy;
  /** Simulation seed (absent for exhaustive runs). */
  readonly seed?: number;
  readonly distinctStates: number;
  readonly generatedStates: number;
  /** The longest shortest-path depth explored (BFS), or deepest stack (DFS), or longest trace (simulate). */
  readonly maxDepth: number;
  readonly seconds: number;
  /** True when every reachable state (within the boundary) was explored. */
  readonly complete: boolean;
  readonly stoppedBy?: StopReason;
  /** TLC-style estimate of the probability that two distinct states shared a fingerprint. */
  readonly collisionProbability: number;
  readonly deadlock?: Deadlock<S, A>;
  readonly properties: readonly PropertyResult<S, A>[];
  /** The quantitative query's answers, one per quantity the model declares (exhaustive runs only; absent without quantities). */
  readonly quantities?: readonly QuantityResult<S, A>[];
  /** Memory of the visited set, links and liveness graph (exhaustive runs only). */
  readonly memory?: MemoryStats;
  /**
   * Threads that searched (`checkParallel`): 1 when the run stayed single-threaded (one worker asked for, or
   * no BFS level grew large enough to pay for threads); absent for runs outside `checkParallel`.
   */
  readonly workers?: number;
}

/** Where an exhaustive run's memory went, measured from the typed arrays' `byteLength`. */
export interface MemoryStats {
  /** The fingerprint table (8 bytes a slot, plus 4 for ids when a liveness graph is kept). */
  readonly tableBytes: number;
  readonly tableCapacity: number;
  /** Predecessor links held in memory. */
  readonly linkBytesInMemory: number;
  /** Predecessor links written to the temporary trace file. */
  readonly linkBytesOnDisk: number;
  /** The explicit graph kept for `eventually` properties (0 without). */
  readonly graphBytes: number;
  /** (tableBytes + linkBytesInMemory + graphBytes) / distinctStates. */
  readonly bytesPerState: number;
}

export interface CheckOptions {
  readonly strategy?: 'bfs' | 'dfs';
  readonly maxStates?: number;
  readonly maxDepth?: number;
  /** Seconds. */
  readonly timeLimit?: number;
  /** Report deadlocks (states with no action that the model does not call terminal). Default true. */
  readonly checkDeadlock?: boolean;
  /** Progress lines on stderr after a second. Default false (the CLI turns it on). */
  readonly progress?: boolean | ((line: string) => void);
  /** Checked between batches; when it returns true the run stops with `interrupted`. */
  readonly shouldStop?: () => boolean;
  /**
   * Where predecessor links live: `disk` (default: a temporary file, as TLC keeps its trace file; only
   * the 65,536 newest links stay in memory) or `memory` (5 bytes a state).
   */
  readonly links?: 'memory' | 'disk';
  /** Stop at the first violated `always`/`transition` property or deadlock (`stoppedBy: 'first-violation'`). Default false. */
  readonly stopAtFirstViolation?: boolean;
}

export interface SimulateOptions {
  readonly seed: number;
  /** Traces of the whole run; with `shard`, this run walks those j ≡ index (mod count). */
  readonly traces: number;
  readonly shard?: { readonly index: number; readonly count: number };
  readonly steps: number;
  readonly timeLimit?: number;
  readonly progress?: boolean | ((line: string) => void);
  readonly shouldStop?: () => boolean;
}

/** One end of a quantity's range: the value and a path to a state that has it. */
export interface Extreme<S = unknown, A = unknown> {
  readonly value: number;
  readonly path: Path<S, A>;
}

/** What the query returns for one quantity. */
export interface QuantityResult<S = unknown, A = unknown> {
  readonly name: string;
  readonly description: string;
  readonly max: Extreme<S, A>;
  readonly min: Extreme<S, A>;
  /** False when the run stopped before every reachable state was seen: the figures are bounds from below/above. */
  readonly complete: boolean;
}
