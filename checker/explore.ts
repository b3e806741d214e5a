/**
 * The exhaustive engine behind `check` and `checkAsync`: breadth-first (shortest counterexamples) or
 * depth-first, over 64-bit fingerprints (`fingerprint-table.ts`) with predecessor links
 * (`links.ts`); only the frontier holds full states. It runs in slices (`runSlice`) so the async
 * driver can yield to the event loop between them; the results do not depend on the slicing.
 */
import { collisionProbability, FingerprintSink } from './hash.ts';
import { FingerprintTable } from './fingerprint-table.ts';
import { StateGraph } from './graph.ts';
import { LinkStore } from './links.ts';
import { settleEventually } from './liveness.ts';
import {
  type AlwaysProperty,
  type EventuallyProperty,
  holdsVacuously,
  type Model,
  type SometimesProperty,
  type TransitionProperty,
} from './model.ts';
import { replayChoices } from './replay.ts';
import type { CheckOptions, Path, PropertyResult, RunResult, StopReason } from './result.ts';
import { propertyResult } from './verdicts.ts';
import { Progress } from './progress.ts';
import { ExtremeTracker } from './extremes.ts';
import { type Level, newLevel, type SuccessorWriter } from './level.ts';

/** States expanded between two looks at the clock and `shouldStop`. */
const POLL_EVERY = 4096;

interface Found {
  readonly id: number;
  readonly message?: string;
}
interface FoundStep {
  readonly fromId: number;
  readonly choice: number;
  readonly message: string;
}

export class Explorer<S, A> {
  private readonly model: Model<S, A>;
  private readonly options: CheckOptions;
  private readonly strategy: 'bfs' | 'dfs';
  private readonly sink = new FingerprintSink();
  readonly table: FingerprintTable;
  private readonly links: LinkStore;
  /** The liveness graph (models with `eventually` properties); the parallel search adds to it too. */
  readonly graph: StateGraph | undefined;
  private readonly maxStates: number;
  private readonly maxDepth: number;
  private readonly checkDeadlock: boolean;
  private readonly progress: Progress;
  private readonly started = performance.now();

  private readonly always: { prop: AlwaysProperty<S>; found?: Found }[] = [];
  private readonly sometimes: { prop: SometimesProperty<S>; found?: Found }[] = [];
  private readonly transitions: { prop: TransitionProperty<S, A>; found?: FoundStep }[] = [];
  private readonly eventually: EventuallyProperty<S>[] = [];
  private pendingAlways: { prop: AlwaysProperty<S>; found?: Found }[];
  private pendingSometimes: { prop: SometimesProperty<S>; found?: Found }[];
  private pendingTransitions: { prop: TransitionProperty<S, A>; found?: FoundStep }[];
  private deadlockId = -1;
  /** The quantitative query (`extremes.ts`), when the model declares quantities. */
  private readonly extremes: ExtremeTracker<S> | undefined;
  /** Whether a replayed path must consist of stored fingerprints (off once the parallel search took over: its fingerprints live in the workers). */
  private verifyReplay = true;
  /** Bytes of fingerprint tables held elsewhere (the parallel search's workers), counted in the memory figures. */
  externalTableBytes = 0;
  /** For the parallel search: `runSlice` returns when a BFS level has been expanded in full. */
  pauseAtLevelEnd = false;

  generated = 0;
  private deepest = 0;
  private depthCut = false;
  private stopped: StopReason | undefined;
  private finished = false;

  // BFS: the current level and the next; ids of a level are consecutive from `curBase`.
  private cur: Level<S>;
  private next: Level<S>;
  private curBase = 0;
  private pos = 0;
  private level = 0;
  /** BFS over a packed level: where the state being expanded has its words in `cur` (−1: none). */
  private parentAt = -1;
  /**
   * BFS over packed levels: a new state's properties are checked when it is expanded, on the object unpacked for
   * that, instead of when it is found (a successor written as words would be unpacked twice). The ids, and so the
   * first state found for each property, are the same: a level is expanded in id order, and the states found but not
   * expanded when a run stops are checked then (`checkUnexpanded`). Not with `stopAtFirstViolation`, which must stop
   * where the state is found.
   */
  private readonly checkOnExpand: boolean;
  /** Set by `checkUnexpanded`: every state found has been checked. */
  private allChecked = false;
  // DFS: an explicit stack of (state, id, depth).
  private readonly stack: S[] = [];
  private readonly stackIds: number[] = [];
  private readonly stackDepths: number[] = [];

  constructor(model: Model<S, A>, options: CheckOptions) {
    this.model = model;
    this.options = options;
    this.strategy = options.strategy ?? 'bfs';
    this.cur = newLevel(model);
    this.next = newLevel(model);
    this.checkOnExpand = this.strategy === 'bfs' && model.unpack !== undefined && options.stopAtFirstViolation !== true;
    this.maxStates = options.maxStates ?? Infinity;
    this.maxDepth = options.maxDepth ?? Infinity;
    this.checkDeadlock = options.checkDeadlock ?? true;
    for (const p of model.properties) {
      switch (p.kind) {
        case 'always':
          this.always.push({ prop: p });
          break;
        case 'sometimes':
          this.sometimes.push({ prop: p });
          break;
        case 'transition':
          this.transitions.push({ prop: p });
          break;
        case 'eventually':
          this.eventually.push(p);
          break;
      }
    }
    if (this.eventually.length > 31) throw new Error(`model '${model.name}': at most 31 eventually properties`);
    // A clause that holds vacuously is never asked (nor by the parallel workers: they ask `pendingProperties()`).
    this.pendingAlways = this.always.filter((e) => e.prop.pred !== holdsVacuously);
    this.pendingSometimes = [...this.sometimes];
    this.pendingTransitions = [...this.transitions];
    this.graph = this.eventually.length > 0 ? new StateGraph(this.eventually.length) : undefined;
    this.table = new FingerprintTable({ withIds: this.graph !== undefined });
    this.links = new LinkStore(options.links ?? 'disk');
    this.progress = new Progress(options.progress);
    this.extremes =
      model.quantities !== undefined && model.quantities.length > 0 ? new ExtremeTracker(model.quantities) : undefined;
    this.seedInit();
  }

  get done(): boolean {
    return this.finished;
  }

  private seedInit(): void {
    const inits = this.model.init();
    for (let i = 0; i < inits.length; i++) {
      const s = inits[i]!;
      if (this.table.size >= this.maxStates) {
        this.stop('max-states');
        return;
      }
      this.generated++;
      const id = this.fingerprintInsert(s);
      if (id < 0) continue;
      this.links.append(-1, i);
      this.graph?.initIds.push(id);
      this.graph?.initIndexes.push(i);
      this.discovered(s, id);
      if (this.strategy === 'bfs') this.cur.push(s);
      else this.push(s, id, 0);
    }
  }

  private fingerprintInsert(s: S): number {
    const sink = this.sink;
    sink.reset();
    this.model.encode(s, sink);
    sink.finish();
    return this.table.insert(sink.hi, sink.lo);
  }

  private push(s: S, id: number, depth: number): void {
    this.stack.push(s);
    this.stackIds.push(id);
    this.stackDepths.push(depth);
  }

  /** Checks a newly discovered state's properties. */
  private discovered(s: S, id: number): void {
    this.extremes?.see(s, id);
    if (this.pendingAlways.length > 0) {
      let removed = false;
      for (const entry of this.pendingAlways) {
        const r = entry.prop.pred(s);
        if (r !== true) {
          entry.found = typeof r === 'string' ? { id, message: r } : { id };
          removed = true;
          this.violation();
        }
      }
      if (removed) this.pendingAlways = this.pendingAlways.filter((e) => e.found === undefined);
    }
    if (this.pendingSometimes.length > 0) {
      let removed = false;
      for (const entry of this.pendingSometimes) {
        if (entry.prop.pred(s)) {
          entry.found = { id };
          removed = true;
        }
      }
      if (removed) this.pendingSometimes = this.pendingSometimes.filter((e) => e.found === undefined);
    }
    if (this.graph !== undefined) {
      let bits = 0;
      for (let k = 0; k < this.eventually.length; k++) if (this.eventually[k]!.pred(s)) bits |= 1 << k;
      this.graph.addState(id, bits);
    }
  }

  private violation(): void {
    if (this.options.stopAtFirstViolation) this.stop('first-violation');
  }

  private stop(reason: StopReason): void {
    if (this.stopped === undefined) this.stopped = reason;
    this.finished = true;
  }

  /** Expands one state: checks deadlock, generates successors, records new ones. */
  private expand(s: S, id: number, depth: number): void {
    const model = this.model;
    if (model.within !== undefined && !model.within(s)) return;
    if (depth >= this.maxDepth) {
      this.depthCut = true;
      return;
    }
    const actions = model.actions(s);
    const n = actions.length;
    if (n === 0) {
      if (this.checkDeadlock && this.deadlockId < 0 && !(model.terminal?.(s) ?? false)) {
        this.deadlockId = id;
        this.violation();
      }
      this.graph?.markExpanded(id);
      return;
    }
    const sink = this.sink;
    const table = this.table;
    const graph = this.graph;
    const bfs = this.strategy === 'bfs';
    const next = this.next;
    const transitions = this.pendingTransitions.length > 0;
    // A successor the model writes as words from its parent's (a packed BFS level, no transition property to
    // check on the step): hashed where it is written, an object only when it is new.
    const parentWords = this.parentAt >= 0 && !transitions ? this.cur.packedWords : undefined;
    const writer =
      parentWords !== undefined && model.successorWords !== undefined ? (model as SuccessorWriter<S, A>) : undefined;
    // The liveness graph keeps this state's out-edges (so needs each successor's id): otherwise a successor seen
    // before is only a table hit, and the table skips reading its id (`FingerprintTable.add`).
    const edges = graph?.keepsEdgesOf(id) === true;
    for (let c = 0; c < n; c++) {
      const a = actions[c]!;
      this.generated++;
      let t: S | undefined;
      if (writer === undefined || !next.stageSuccessor(writer, s, a, parentWords!, this.parentAt, sink)) {
        t = model.next(s, a);
        if (bfs) next.stage(t, sink);
        else {
          sink.reset();
          model.encode(t, sink);
          sink.finish();
        }
      }
      let tid = edges ? table.insert(sink.hi, sink.lo) : table.add(sink.hi, sink.lo);
      if (transitions) this.checkStep(s, a, t!, id, c);
      if (tid >= 0) {
        this.links.append(id, c);
        if (depth + 1 > this.deepest) this.deepest = depth + 1;
        if (bfs) {
          next.keep();
          if (!this.checkOnExpand) this.discovered(t ?? next.staged(), tid);
        } else {
          this.push(t!, tid, depth + 1);
          this.discovered(t!, tid);
        }
      } else {
        tid = ~tid;
      }
      if (graph !== undefined) {
        // Every label gets its id in the order met, edge kept or not, so a lasso's fair labels do not depend on it.
        const label = graph.labelId(model.label !== undefined ? model.label(a) : model.describe(a).label);
        if (edges) graph.addEdge(id, tid, label, c);
      }
      if (table.size >= this.maxStates && c < n - 1) {
        // Partly expanded: stop here, and the graph does not count this state as expanded.
        this.stop('max-states');
        return;
      }
    }
    graph?.markExpanded(id);
    if (table.size >= this.maxStates) this.stop('max-states');
  }

  private checkStep(s: S, a: A, t: S, fromId: number, choice: number): void {
    let removed = false;
    for (const entry of this.pendingTransitions) {
      const r = entry.prop.pred(s, a, t);
      if (r !== true) {
        entry.found = {
          fromId,
          choice,
          message: typeof r === 'string' ? r : 'the step breaks the transition invariant',
        };
        removed = true;
        this.violation();
      }
    }
    if (removed) this.pendingTransitions = this.pendingTransitions.filter((e) => e.found === undefined);
  }

  /** Expands up to `POLL_EVERY` states, then looks at the clock and `shouldStop`. */
  runSlice(): void {
    if (this.finished) return;
    if (this.strategy === 'bfs') this.bfsSlice();
    else this.dfsSlice();
    this.poll();
  }

  private bfsSlice(): void {
    for (let budget = POLL_EVERY; budget > 0 && !this.finished; budget--) {
      if (this.pos === this.cur.length) {
        if (this.pauseAtLevelEnd && this.next.length > 0) return;
        if (this.next.length === 0) {
          this.finished = true;
          return;
        }
        this.curBase += this.cur.length;
        const expanded = this.cur;
        this.cur = this.next;
        expanded.clear();
        this.next = expanded;
        this.pos = 0;
        this.level++;
      }
      const k = this.pos++;
      this.parentAt = this.cur.packedWords !== undefined ? this.cur.startOf(k) : -1;
      const s = this.cur.get(k);
      // The initial states (level 0) were checked when seeded.
      if (this.checkOnExpand && this.level > 0) this.discovered(s, this.curBase + k);
      this.expand(s, this.curBase + k, this.level);
      this.parentAt = -1;
    }
  }

  private dfsSlice(): void {
    for (let budget = POLL_EVERY; budget > 0 && !this.finished; budget--) {
      if (this.stack.length === 0) {
        this.finished = true;
        return;
      }
      const s = this.stack.pop()!;
      const id = this.stackIds.pop()!;
      const depth = this.stackDepths.pop()!;
      this.expand(s, id, depth);
    }
  }

  /** BFS: the larger of the level being expanded and the one being built, in states (the parallel search's cue). */
  get largestLevel(): number {
    return Math.max(this.cur.length, this.next.length);
  }

  /** True when BFS has expanded its whole current level and the next level is waiting (see `pauseAtLevelEnd`). */
  get atLevelEnd(): boolean {
    return this.strategy === 'bfs' && !this.finished && this.pos === this.cur.length && this.next.length > 0;
  }

  /**
   * Hands the waiting level to the parallel search (call at `atLevelEnd`): the level, the id of its first state
   * (ids of a level are consecutive) and its depth. From here on the caller expands levels and reports
   * them with the `adopt*` methods; this explorer keeps the links, the graph and the verdicts.
   */
  handOff(): { frontier: Level<S>; base: number; level: number } {
    this.checkUnexpanded();
    const out = { frontier: this.next, base: this.curBase + this.cur.length, level: this.level + 1 };
    this.cur = newLevel(this.model);
    this.next = newLevel(this.model);
    this.pos = 0;
    this.verifyReplay = false; // the fingerprints found from here on are in the workers' shared table
    return out;
  }

  /** Indexes (into `model.properties`) of the always, sometimes and transition properties not yet settled. */
  pendingProperties(): number[] {
    const props = this.model.properties as readonly unknown[];
    return [...this.pendingAlways, ...this.pendingSometimes, ...this.pendingTransitions].map((e) =>
      props.indexOf(e.prop),
    );
  }

  /** Records the link of the next state id (parallel search). */
  adoptLink(parent: number, choice: number): void {
    this.links.append(parent, choice);
  }

  /** Records that state `id` is the first to satisfy (sometimes) or violate (always) property `index`. Later calls for a settled property are ignored. */
  adoptFound(index: number, id: number, message?: string): void {
    const p = this.model.properties[index]!;
    const entry =
      p.kind === 'always' ? this.always.find((e) => e.prop === p) : this.sometimes.find((e) => e.prop === p);
    if (entry === undefined || entry.found !== undefined) return;
    entry.found = message === undefined ? { id } : { id, message };
    this.pendingAlways = this.pendingAlways.filter((e) => e.found === undefined);
    this.pendingSometimes = this.pendingSometimes.filter((e) => e.found === undefined);
    if (p.kind === 'always') this.violation();
  }

  /** Records the first violating step of transition property `index` (parallel search). */
  adoptStep(index: number, fromId: number, choice: number, message: string): void {
    const p = this.model.properties[index]!;
    const entry = this.transitions.find((e) => e.prop === p);
    if (entry === undefined || entry.found !== undefined) return;
    entry.found = { fromId, choice, message };
    this.pendingTransitions = this.pendingTransitions.filter((e) => e.found === undefined);
    this.violation();
  }

  /** Records a deadlock state (the first one recorded is kept). */
  adoptDeadlock(id: number): void {
    if (this.deadlockId >= 0) return;
    this.deadlockId = id;
    this.violation();
  }

  /** Adds a parallel level's counts: states generated, and the depth reached when it found new states. */
  adoptLevel(generated: number, depth: number, depthCut: boolean): void {
    this.generated += generated;
    if (depth > this.deepest) this.deepest = depth;
    if (depthCut) this.depthCut = true;
  }

  /** Ends a run driven from outside: `reason` when it stopped early, none when the state space is exhausted. */
  finishExternally(reason?: StopReason): void {
    if (reason !== undefined) this.stop(reason);
    this.finished = true;
  }

  /** True once a violation asked `stopAtFirstViolation` to stop the run. */
  get stoppedReason(): StopReason | undefined {
    return this.stopped;
  }

  /** Distinct states so far (one link each). */
  get distinct(): number {
    return this.links.size;
  }

  private poll(): void {
    const elapsed = (performance.now() - this.started) / 1000;
    if (!this.finished) {
      if (this.options.timeLimit !== undefined && elapsed >= this.options.timeLimit) this.stop('time-limit');
      else if (this.options.shouldStop?.()) this.stop('interrupted');
    }
    this.progress.maybe(elapsed, () => ({
      distinct: this.table.size,
      generated: this.generated,
      depth: this.strategy === 'bfs' ? this.level : this.deepest,
      queue: this.strategy === 'bfs' ? this.cur.length - this.pos + this.next.length : this.stack.length,
    }));
  }

  /** Rebuilds the path to state `id` from the links, checking each replayed state is one we stored. */
  private pathTo(id: number, extra: readonly number[] = [], loop?: number): Path<S, A> {
    const choices: number[] = [];
    let link = this.links.link(id);
    while (link.parent >= 0) {
      choices.push(link.choice);
      link = this.links.link(link.parent);
    }
    choices.reverse();
    return this.replay(link.choice, [...choices, ...extra], loop);
  }

  private replay(initIndex: number, choices: readonly number[], loop?: number): Path<S, A> {
    const path = replayChoices(this.model, initIndex, choices, loop);
    if (!this.verifyReplay) return path;
    for (const s of path.states) {
      this.sink.reset();
      this.model.encode(s, this.sink);
      this.sink.finish();
      if (!this.table.has(this.sink.hi, this.sink.lo)) {
        throw new Error(
          `model '${this.model.name}' is not deterministic: replaying a stored path reached a state the run never saw (are actions listed in a stable order?)`,
        );
      }
    }
    return path;
  }

  /** Builds the result. Call once, after `done`, then `close`. */
  result(config: unknown): RunResult<S, A> {
    this.checkUnexpanded();
    return this.buildResult(config);
  }

  /**
   * With `checkOnExpand`: checks the properties of the states found and not yet expanded (the rest of the level
   * being expanded, then the next level), in id order, as their expansion would have; once.
   */
  private checkUnexpanded(): void {
    if (!this.checkOnExpand || this.allChecked) return;
    const cur = this.cur;
    const nextBase = this.curBase + cur.length;
    // Level 0's states (the initial ones) were checked when seeded.
    if (this.level > 0) for (let k = this.pos; k < cur.length; k++) this.discovered(cur.get(k), this.curBase + k);
    for (let k = 0; k < this.next.length; k++) this.discovered(this.next.get(k), nextBase + k);
    this.allChecked = true;
  }

  /** Releases the link file (also when the model threw mid-run). */
  close(): void {
    this.links.close();
  }

  private buildResult(config: unknown): RunResult<S, A> {
    const complete = this.stopped === undefined && !this.depthCut;
    const stoppedBy: StopReason | undefined = this.stopped ?? (this.depthCut ? 'max-depth' : undefined);
    const why = stoppedBy === undefined ? '' : `the run stopped early (${stoppedBy}) before it could decide`;
    const properties: PropertyResult<S, A>[] = [];
    for (const p of this.model.properties) {
      switch (p.kind) {
        case 'always': {
          const found = this.always.find((e) => e.prop === p)!.found;
          if (found !== undefined) {
            const path = this.pathTo(found.id);
            properties.push(
              propertyResult(p, 'violated', { path, violationIndex: path.states.length - 1, message: found.message }),
            );
          } else
            properties.push(propertyResult(p, complete ? 'holds' : 'unknown', { message: complete ? undefined : why }));
          break;
        }
        case 'sometimes': {
          const found = this.sometimes.find((e) => e.prop === p)!.found;
          if (found !== undefined) {
            const path = this.pathTo(found.id);
            properties.push(propertyResult(p, 'reached', { path, violationIndex: path.states.length - 1 }));
          } else
            properties.push(
              propertyResult(p, complete ? 'unreached' : 'unknown', { message: complete ? undefined : why }),
            );
          break;
        }
        case 'transition': {
          const found = this.transitions.find((e) => e.prop === p)!.found;
          if (found !== undefined) {
            const path = this.pathTo(found.fromId, [found.choice]);
            properties.push(
              propertyResult(p, 'violated', { path, violationIndex: path.states.length - 1, message: found.message }),
            );
          } else
            properties.push(propertyResult(p, complete ? 'holds' : 'unknown', { message: complete ? undefined : why }));
          break;
        }
        case 'eventually': {
          const bit = this.eventually.indexOf(p);
          const v = settleEventually(this.graph!, { bit, weakFairness: p.weakFairness });
          if (v.verdict === 'violated') {
            const path = this.replay(v.lasso.initIndex, v.lasso.choices, v.lasso.loop);
            properties.push(propertyResult(p, 'violated', { path, message: v.message }));
          } else if (v.verdict === 'unknown') {
            properties.push(propertyResult(p, 'unknown', { message: v.message }));
          } else properties.push(propertyResult(p, 'holds', {}));
          break;
        }
      }
    }
    const distinct = this.links.size;
    const graphBytes = this.graph?.byteLength ?? 0;
    const deadlock = this.deadlockId >= 0 ? { path: this.pathTo(this.deadlockId) } : undefined;
    return {
      model: this.model.name,
      config,
      strategy: this.strategy,
      distinctStates: distinct,
      generatedStates: this.generated,
      maxDepth: this.deepest,
      seconds: (performance.now() - this.started) / 1000,
      complete,
      ...(stoppedBy !== undefined ? { stoppedBy } : {}),
      collisionProbability: collisionProbability(distinct, this.generated),
      ...(deadlock !== undefined ? { deadlock } : {}),
      properties,
      ...(this.extremes !== undefined ? { quantities: this.extremes.results((id) => this.pathTo(id), complete) } : {}),
      memory: {
        tableBytes: this.table.byteLength + this.externalTableBytes,
        tableCapacity: this.table.capacity,
        linkBytesInMemory: this.links.memoryBytes,
        linkBytesOnDisk: this.links.diskBytes,
        graphBytes,
        bytesPerState:
          distinct === 0
            ? 0
            : (this.table.byteLength + this.externalTableBytes + this.links.memoryBytes + graphBytes) / distinct,
      },
    };
  }
}
