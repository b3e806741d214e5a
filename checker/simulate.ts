/**
 * Seeded random simulation: `traces` traces of at most `steps` steps. Each trace starts in an initial
 * state picked uniformly and, at each step, takes an enabled action picked uniformly, from its own sfc32
 * stream seeded from (`seed`, trace index), so the same model, options and seed give the same traces, and
 * trace j is the same whichever process runs it: `shard` (i of N) runs the traces j ≡ i (mod N), swarm-style
 * (disjoint streams), and `mergeSimulations` (`simulate-merge.ts`) joins the shards' partials into the
 * result of the unsharded run. `always` and `sometimes` predicates
 * are evaluated on each distinct state seen (they are pure, so a state seen again gives the same answer),
 * `transition` ones on every step.
 *
 * Simulation cannot prove anything: an `always` never violated is `unknown`, a `sometimes` never reached
 * is `unknown`. An `eventually` is `violated` when a trace's predicate never held and the trace ends in a
 * state where no fair action is enabled (the behaviour may stutter there forever; deadlocks included);
 * otherwise `unknown`. `complete` is always false.
 */
import { collisionProbability, FingerprintSink } from './hash.ts';
import { FingerprintTable } from './fingerprint-table.ts';
import type { Model } from './model.ts';
import { Sfc32 } from './prng.ts';
import { Progress } from './progress.ts';
import type { Path, PropertyResult, RunResult, SimulateOptions, StopReason } from './result.ts';
import { propertyResult } from './verdicts.ts';

const POLL_EVERY = 4096;

interface Hit<S, A> {
  readonly path: Path<S, A>;
  readonly message?: string;
  /** The index of the trace it was found on (the earliest wins when shards are merged). */
  readonly trace: number;
}

/** The seed of trace `j`'s stream: (seed, j) mixed through splitmix32's finaliser. */
function traceSeed(seed: number, j: number): number {
  let z = (Math.imul(j, 0x9e3779b9) ^ (seed >>> 0) ^ Math.floor(Math.abs(seed) / 4294967296)) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/**
 * What a shard of a simulation hands to `mergeSimulations`: every distinct state's fingerprint, the
 * counts, and each finding as the trace it was on plus the choices to replay (no states).
 */
export interface SimulationPartial {
  readonly traces: number;
  readonly generated: number;
  readonly longest: number;
  /** The shard's wall time (the CLI adds it when it writes the partial; the merged run reports the longest). */
  readonly seconds?: number;
  readonly stoppedBy?: StopReason;
  /** Fingerprints, (hi, lo) pairs, as hex of 16 digits each. */
  readonly fingerprints: string;
  readonly findings: readonly SimulationFinding[];
}

/** A property hit (`property` set) or the deadlock (`property` absent). */
export interface SimulationFinding {
  readonly property?: string;
  readonly trace: number;
  readonly initIndex: number;
  readonly choices: readonly number[];
  readonly loop?: number;
  readonly message?: string;
}

function prefix<S, A>(
  initIndex: number,
  choices: readonly number[],
  states: readonly S[],
  actions: readonly A[],
  upTo: number,
  loop?: number,
): Path<S, A> {
  const p = {
    initIndex,
    choices: choices.slice(0, upTo),
    states: states.slice(0, upTo + 1),
    actions: actions.slice(0, upTo),
  };
  return loop === undefined ? p : { ...p, loop };
}

export type SimulationResult<S, A> = RunResult<S, A> & { traces: Path<S, A>[]; partial: SimulationPartial };

class Simulator<S, A> {
  private rng: Sfc32;
  /** The trace indexes this run walks (all, or one shard's), and how many it has walked. */
  private readonly indexes: number[];
  private walked = 0;
  private deadlockTrace = -1;
  private readonly table = new FingerprintTable();
  private readonly sink = new FingerprintSink();
  private readonly progress: Progress;
  private readonly started = performance.now();
  private readonly hits = new Map<string, Hit<S, A>>();
  private deadlock: Path<S, A> | undefined;
  private currentTrace = 0;
  readonly traces: Path<S, A>[] = [];
  private generated = 0;
  private longest = 0;
  private sincePoll = 0;
  stopped: StopReason | undefined;

  constructor(
    private readonly model: Model<S, A>,
    private readonly options: SimulateOptions,
  ) {
    this.rng = new Sfc32(options.seed);
    const shard = options.shard ?? { index: 0, count: 1 };
    this.indexes = [];
    for (let j = shard.index; j < options.traces; j += shard.count) this.indexes.push(j);
    this.progress = new Progress(options.progress);
  }

  get done(): boolean {
    return this.stopped !== undefined || this.walked >= this.indexes.length;
  }

  private isNew(s: S): boolean {
    this.sink.reset();
    this.model.encode(s, this.sink);
    this.sink.finish();
    return this.table.insert(this.sink.hi, this.sink.lo) >= 0;
  }

  private visit(s: S, initIndex: number, choices: number[], states: S[], actions: A[]): void {
    this.generated++;
    if (!this.isNew(s)) return;
    const at = choices.length;
    for (const p of this.model.properties) {
      if (this.hits.has(p.name)) continue;
      if (p.kind === 'always') {
        const r = p.pred(s);
        if (r !== true) {
          this.hits.set(p.name, {
            path: prefix(initIndex, choices, states, actions, at),
            trace: this.currentTrace,
            ...(typeof r === 'string' ? { message: r } : {}),
          });
        }
      } else if (p.kind === 'sometimes' && p.pred(s)) {
        this.hits.set(p.name, { path: prefix(initIndex, choices, states, actions, at), trace: this.currentTrace });
      }
    }
  }

  /** Runs one trace. */
  trace(): void {
    const j = this.indexes[this.walked++]!;
    this.currentTrace = j;
    this.rng = new Sfc32(traceSeed(this.options.seed, j));
    const model = this.model;
    const inits = model.init();
    const initIndex = this.rng.below(inits.length);
    let s = inits[initIndex] as S;
    const states: S[] = [s];
    const actions: A[] = [];
    const choices: number[] = [];
    this.visit(s, initIndex, choices, states, actions);
    let ended = false; // true when the trace ends in a state we looked at (not cut by the step bound)
    for (;;) {
      if (model.within !== undefined && !model.within(s)) break;
      const enabled = model.actions(s);
      if (enabled.length === 0) {
        ended = true;
        if (this.deadlock === undefined && !(model.terminal?.(s) ?? false)) {
          this.deadlock = prefix(initIndex, choices, states, actions, choices.length);
          this.deadlockTrace = j;
        }
        break;
      }
      if (choices.length >= this.options.steps) {
        ended = true;
        break;
      }
      const c = this.rng.below(enabled.length);
      const a = enabled[c]!;
      const t = model.next(s, a);
      choices.push(c);
      actions.push(a);
      states.push(t);
      for (const p of model.properties) {
        if (p.kind !== 'transition' || this.hits.has(p.name)) continue;
        const r = p.pred(s, a, t);
        if (r !== true) {
          this.hits.set(p.name, {
            path: prefix(initIndex, choices, states, actions, choices.length),
            trace: j,
            message: typeof r === 'string' ? r : 'the step breaks the transition invariant',
          });
        }
      }
      s = t;
      this.visit(s, initIndex, choices, states, actions);
      this.sincePoll++;
    }
    if (ended) this.settleEventually(initIndex, choices, states, actions);
    if (choices.length > this.longest) this.longest = choices.length;
    this.traces.push({ initIndex, choices, states, actions });
  }

  /** A trace whose last state enables no fair action and whose predicate never held violates `eventually`. */
  private settleEventually(initIndex: number, choices: number[], states: S[], actions: A[]): void {
    const last = states[states.length - 1]!;
    let labels: Set<string> | undefined;
    for (const p of this.model.properties) {
      if (p.kind !== 'eventually' || this.hits.has(p.name)) continue;
      if (states.some((st) => p.pred(st))) continue;
      labels ??= new Set(this.model.actions(last).map((a) => this.model.describe(a).label));
      if (p.weakFairness.some((l) => labels!.has(l))) continue;
      this.hits.set(p.name, {
        path: prefix(initIndex, choices, states, actions, choices.length, choices.length),
        trace: this.currentTrace,
        message:
          'the predicate never holds on a trace that ends stuttering forever in a state where no fair action is enabled',
      });
    }
  }

  runSlice(): void {
    while (!this.done && this.sincePoll < POLL_EVERY) {
      this.trace();
      this.sincePoll++;
    }
    this.sincePoll = 0;
    const elapsed = (performance.now() - this.started) / 1000;
    if (!this.done) {
      if (this.options.timeLimit !== undefined && elapsed >= this.options.timeLimit) this.stopped = 'time-limit';
      else if (this.options.shouldStop?.()) this.stopped = 'interrupted';
    }
    this.progress.maybe(elapsed, () => ({
      distinct: this.table.size,
      generated: this.generated,
      depth: this.longest,
      queue: this.indexes.length - this.walked,
    }));
  }

  result(): SimulationResult<S, A> {
    const properties: PropertyResult<S, A>[] = this.model.properties.map((p) => {
      const hit = this.hits.get(p.name);
      if (hit === undefined) {
        return propertyResult<S, A>(p, 'unknown', {
          message: 'simulation does not explore every state, so it cannot decide this',
        });
      }
      const verdict = p.kind === 'sometimes' ? 'reached' : 'violated';
      return propertyResult<S, A>(p, verdict, {
        path: hit.path,
        ...(p.kind === 'eventually' ? {} : { violationIndex: hit.path.states.length - 1 }),
        message: hit.message,
      });
    });
    const distinct = this.table.size;
    return {
      model: this.model.name,
      config: undefined,
      strategy: 'simulate',
      seed: this.options.seed,
      distinctStates: distinct,
      generatedStates: this.generated,
      maxDepth: this.longest,
      seconds: (performance.now() - this.started) / 1000,
      complete: false,
      ...(this.stopped !== undefined ? { stoppedBy: this.stopped } : {}),
      collisionProbability: collisionProbability(distinct, this.generated),
      ...(this.deadlock !== undefined ? { deadlock: { path: this.deadlock } } : {}),
      properties,
      traces: this.traces,
      partial: this.partial(),
    };
  }

  private partial(): SimulationPartial {
    const hex: string[] = [];
    this.table.forEach((hi, lo) => hex.push(hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0')));
    hex.sort();
    const finding = (
      path: Path<S, A>,
      trace: number,
      extra: { property?: string; message?: string | undefined },
    ): SimulationFinding => ({
      ...(extra.property !== undefined ? { property: extra.property } : {}),
      trace,
      initIndex: path.initIndex,
      choices: path.choices,
      ...(path.loop !== undefined ? { loop: path.loop } : {}),
      ...(extra.message !== undefined ? { message: extra.message } : {}),
    });
    const findings = [...this.hits].map(([property, hit]) =>
      finding(hit.path, hit.trace, { property, message: hit.message }),
    );
    if (this.deadlock !== undefined) findings.push(finding(this.deadlock, this.deadlockTrace, {}));
    return {
      traces: this.walked,
      generated: this.generated,
      longest: this.longest,
      ...(this.stopped !== undefined ? { stoppedBy: this.stopped } : {}),
      fingerprints: hex.join(''),
      findings,
    };
  }
}

function validate(options: SimulateOptions): void {
  for (const key of ['traces', 'steps'] as const) {
    const v = options[key];
    if (!Number.isInteger(v) || v < 0)
      throw new RangeError(`simulate: ${key} must be a non-negative integer, got ${v}`);
  }
  if (!Number.isFinite(options.seed))
    throw new RangeError(`simulate: seed must be a finite number, got ${options.seed}`);
}

/** Simulates synchronously (see the module comment). */
export function simulate<S, A>(model: Model<S, A>, options: SimulateOptions, config?: unknown): SimulationResult<S, A> {
  validate(options);
  const sim = new Simulator(model, options);
  while (!sim.done) sim.runSlice();
  return { ...sim.result(), config };
}

/** The same run as `simulate`, yielding to the event loop about every 50 ms (for Ctrl-C via `shouldStop`). */
export async function simulateAsync<S, A>(
  model: Model<S, A>,
  options: SimulateOptions,
  config?: unknown,
): Promise<SimulationResult<S, A>> {
  validate(options);
  const sim = new Simulator(model, options);
  let last = performance.now();
  while (!sim.done) {
    sim.runSlice();
    if (performance.now() - last >= 50) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      last = performance.now();
    }
  }
  return { ...sim.result(), config };
}
