/**
 * One worker of the parallel search (`parallel.ts`): worker 0 runs in the main thread, the others each in a
 * worker thread (`startWorker`). Every worker inserts into one shared visited set
 * (`shared-table.ts`); a worker keeps the successors it was first to insert. A level, with no message from
 * the main thread:
 * 1. Expand: generate the successors of this worker's frontier and insert each fingerprint into the shared
 *    table; the ones this worker inserted first are its new states (their properties are checked at once).
 *    Room in the table is reserved before inserting; when it runs out the worker pauses, and once every
 *    worker has stopped, worker 0 makes a table twice as big, every worker copies its part of the old one
 *    into it, and once all have, all go on where they stopped. A worker done with its part asks the one with
 *    the most left (`stealBoard`: a flag per worker, set by compare-and-swap, looked at every `STEAL_POLL`
 *    states) and is sent the last half of it (`Stolen`), so no worker waits at the level's end while another
 *    still expands (states of one slice are not equally costly, and one thread may run slower than another).
 *    Positions in the level are the same in every worker, so a link's parent is its position whoever expanded it.
 * 2. End: every worker tells the others how many new states it kept, and reports the level to the main
 *    thread (links, verdicts, graph).
 * 3. Balance: the next frontier is the kept states in worker order, cut into equal slices; a worker sends
 *    the part of its kept states that lies in another's slice there (`Move`), so the frontiers stay equal
 *    whoever won the races. Then the next level, unless no worker found a new state or the depth bound is
 *    reached.
 * Every level is complete before the next starts, so the counts are the sequential search's and the
 * paths still shortest.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { Explorer } from './explore.ts';
import { FingerprintSink } from './hash.ts';
import { GrowableInt32 } from './growable.ts';
import { type Level, type LevelPart, newLevel, partTransfer } from './level.ts';
import type { AnyModel } from './model.ts';
import { modelDigest } from './model-digest.ts';
import {
  frontierCuts,
  type Grown,
  type LevelReport,
  type Move,
  type PeerMessage,
  type RoundEnd,
  type StartCommand,
  type Stolen,
  type WorkerMessage,
  type WorkerSetup,
} from './parallel-protocol.ts';
import { findModel } from './registry.ts';
import {
  biggerTable,
  copyPart,
  RESERVE_CHUNK,
  reserve,
  sharedId,
  sharedInsert,
  type SharedTableView,
} from './shared-table.ts';

/**
 * The liveness graph's part of a level. Edge targets are what the shared table's id lane held (a state id
 * + 1) or a provisional tag for a state new in the level that was expanding then (`tag`), turned into ids
 * when the level ends (`endLevel`); sources and expanded states are positions in the level being expanded.
 */
interface GraphPart {
  src: GrowableInt32;
  dst: GrowableInt32;
  label: GrowableInt32;
  choice: GrowableInt32;
  expanded: GrowableInt32;
  predBits: GrowableInt32;
  /** The table slots of this worker's new states, in kept order. */
  slots: GrowableInt32;
}

/**
 * The provisional id-lane value of worker `w`'s `k`-th new state while the level of parity `parity` expands
 * (negative; ids are written as id + 1, so 0 means not written yet).
 */
function tag(k: number, w: number, count: number, parity: number): number {
  return -(1 + (((k * count + w) << 1) | parity));
}

/**
 * A run of the level being expanded that is here: positions [at, end) of the level are states
 * [from, from + end - at) of `states` (a level it kept itself, or one a peer sent or gave away).
 */
interface Piece {
  readonly at: number;
  readonly end: number;
  readonly states: Level<unknown>;
  readonly from: number;
}

/**
 * What a worker waits for: nothing (done), every worker's round end, the bigger table, every worker's part
 * of it copied, pieces of its frontier, or the answer to a steal request.
 */
type Phase = 'idle' | 'ends' | 'grown' | 'copied' | 'moves' | 'steal';

/** What `expandPiece` stopped at: the piece's end, a full table, or another worker's steal request. */
const PIECE_DONE = 0;
const PIECE_PAUSED = 1;
const PIECE_ASKED = 2;

/** A worker looks at its steal flag and publishes what it has left every this many states (a power of 2). */
const STEAL_POLL = 64;
/**
 * A worker gives half of what it has left to a thief only when that is at least this many states: less is not
 * worth a message (a TwoPhase state is about 2 µs of work: rm=9's 21 s for 10.3 M states on one worker, `npm run
 * bench -- scaling`; a message between threads costs far more than a few states).
 */
const STEAL_MIN = 512;

export class LevelWorker {
  private readonly sink = new FingerprintSink();
  private table: SharedTableView | undefined;
  /** The bigger table while the workers copy the old one into it. */
  private bigger: SharedTableView | undefined;
  /** Ids: of the expanding level's first state, and its size. */
  private levelBase = 0;
  private levelSize = 0;
  /** The previous level's id of its first new state and where each worker's new states began. */
  private prevNextBase = 0;
  private prevOffs: number[] = [];
  /** Inserts reserved in the table and not used yet. */
  private budget = 0;
  private peers: (MessagePort | undefined)[] = [];
  /** Peer messages not handled yet, by kind, level and round. */
  private readonly inbox = new Map<string, PeerMessage[]>();
  private phase: Phase = 'idle';
  private level = 0;
  private round = 0;
  /** Rounds begun (levels and the rounds after a table growth), the same sequence in every worker. */
  private epoch = 0;
  /** The shared steal board (`stealBoard`). */
  private board: Int32Array = new Int32Array(new SharedArrayBuffer(0));
  /** The pieces of the frontier that are here and not yet expanded, in order. */
  private ranges: Piece[] = [];
  /** Pieces of the frontier still to come from other workers: sender → first position. */
  private awaited = new Map<number, number>();
  /** Where the expansion goes on (in `ranges[0]`): level position and choice. */
  private pos = 0;
  private posChoice = 0;
  private maxDepth = Infinity;
  private pendingAlways: number[] = [];
  private pendingSometimes: number[] = [];
  private pendingTransitions: number[] = [];
  private readonly eventually: number[];
  private deadlockFound = false;
  private readonly labelIds = new Map<string, number>();
  private newLabels: string[] = [];
  // The level being expanded.
  private next: Level<unknown>;
  /** The level before `next`: once `next` is expanded, its buffers hold the level after (`beginLevel`). */
  private spare: Level<unknown>;
  private parent = new GrowableInt32();
  private choice = new GrowableInt32();
  private found: { prop: number; k: number; message?: string }[] = [];
  private steps: { prop: number; fromK: number; choice: number; message: string }[] = [];
  private deadlock = -1;
  private generated = 0;
  private readonly graphPart: GraphPart | undefined;

  constructor(
    private readonly model: AnyModel,
    private readonly setup: WorkerSetup,
    private readonly post: (m: WorkerMessage, transfer?: ArrayBuffer[]) => void,
  ) {
    this.eventually = model.properties.map((p, i) => (p.kind === 'eventually' ? i : -1)).filter((i) => i >= 0);
    this.next = newLevel(model);
    this.spare = newLevel(model);
    this.graphPart = setup.graph
      ? {
          src: new GrowableInt32(),
          dst: new GrowableInt32(),
          label: new GrowableInt32(),
          choice: new GrowableInt32(),
          expanded: new GrowableInt32(),
          predBits: new GrowableInt32(),
          slots: new GrowableInt32(),
        }
      : undefined;
  }

  private fail: (e: unknown) => void = () => undefined;
  /** Set when the run ended (`halt`): the level under way is dropped. */
  private halted = false;

  /** Stops this worker where it is (the run ended early: a violation, a time limit, an interruption). */
  halt(): void {
    this.halted = true;
  }

  connect(peers: (MessagePort | undefined)[], fail: (e: unknown) => void): void {
    this.peers = peers;
    this.fail = fail;
    peers.forEach((port) =>
      port?.on('message', (m: PeerMessage) => {
        try {
          this.receive(m);
        } catch (e) {
          fail(e);
        }
      }),
    );
  }

  start(cmd: StartCommand): void {
    const props = this.model.properties;
    this.pendingAlways = cmd.pending.filter((i) => props[i]!.kind === 'always');
    this.pendingSometimes = cmd.pending.filter((i) => props[i]!.kind === 'sometimes');
    this.pendingTransitions = cmd.pending.filter((i) => props[i]!.kind === 'transition');
    this.maxDepth = cmd.maxDepth;
    this.table = cmd.table;
    this.levelBase = cmd.levelBase;
    this.levelSize = cmd.levelSize;
    this.board = cmd.steal;
    const states = newLevel(this.model, cmd.part);
    const at = cmd.frontierAt;
    this.beginLevel(cmd.level, [{ at, end: at + states.length, states, from: 0 }], new Map());
  }

  private static key(t: string, level: number, round: number): string {
    return `${t}:${level}:${round}`;
  }

  private receive(m: PeerMessage): void {
    const key = LevelWorker.key(m.t, m.level, m.t === 'move' ? 0 : m.round);
    const list = this.inbox.get(key);
    if (list === undefined) this.inbox.set(key, [m]);
    else list.push(m);
    this.advance();
  }

  /** Sends `m` to every worker, this one included (after the current call returns, so levels do not nest on the stack). */
  private toAll(m: PeerMessage): void {
    for (let o = 0; o < this.setup.count; o++) if (o !== this.setup.index) this.peers[o]!.postMessage(m);
    queueMicrotask(() => {
      try {
        this.receive(m);
      } catch (e) {
        this.fail(e);
      }
    });
  }

  private labelId(label: string): number {
    let id = this.labelIds.get(label);
    if (id === undefined) {
      id = this.labelIds.size;
      this.labelIds.set(label, id);
      this.newLabels.push(label);
    }
    return id;
  }

  /**
   * Starts `level` on the frontier pieces in `ranges`; the pieces in `awaited` arrive from other workers
   * meanwhile and are expanded after.
   */
  private beginLevel(level: number, ranges: Piece[], awaited: Map<number, number>): void {
    this.level = level;
    this.round = 0;
    this.ranges = ranges;
    this.awaited = awaited;
    this.pos = ranges.length > 0 ? ranges[0]!.at : 0;
    this.posChoice = 0;
    // The buffers of two levels ago are reused (the level just expanded is now the frontier's source): new
    // memory is slow to touch (page faults), and a level's buffers are megabytes.
    const spare = this.spare;
    this.spare = this.next;
    spare.clear();
    this.next = spare;
    this.parent.clear();
    this.choice.clear();
    this.found = [];
    this.steps = [];
    this.deadlock = -1;
    this.generated = 0;
    if (this.graphPart !== undefined) for (const a of Object.values(this.graphPart)) a.clear();
    let left = 0;
    for (const r of ranges) left += r.end - r.at;
    this.epoch++;
    this.open(left);
    // After the event loop's pending messages: in the main thread (worker 0) those include the other workers'
    // reports of the level just ended, which would otherwise wait behind this worker's levels to the run's end
    // (and with them time limits, interruptions and stops at a violation).
    setImmediate(() => {
      if (this.halted) return;
      try {
        this.expand();
      } catch (e) {
        this.fail(e);
      }
    });
  }

  /**
   * Step 1: expand the frontier from where it stopped, until it is done or the table's room runs out, giving
   * half of what is left to a worker that asks (`giveAway`); done, take part of another's (`steal`).
   */
  private expand(): void {
    let paused = false;
    while (this.ranges.length > 0) {
      const stop = this.expandPiece(this.ranges[0]!, this.restAfterFirst());
      if (this.halted) return;
      if (stop === PIECE_ASKED) {
        this.giveAway();
        continue;
      }
      if (stop === PIECE_PAUSED) {
        paused = true;
        break;
      }
      this.ranges.shift();
      this.posChoice = 0;
      if (this.ranges.length > 0) this.pos = this.ranges[0]!.at;
    }
    if (this.halted) return;
    if (!paused && this.awaited.size > 0) {
      // Pieces that came while this worker expanded: expand them too; else wait for them.
      this.placeMoves();
      if (this.ranges.length > 0) this.expand();
      else this.phase = 'moves';
      return;
    }
    this.close();
    if (!paused && this.steal()) return;
    this.endRound(paused);
  }

  /** This worker stopped expanding in this round (done or paused): it says so to the other workers. */
  private endRound(paused: boolean): void {
    this.phase = 'ends';
    this.toAll({
      t: 'end',
      level: this.level,
      round: this.round,
      from: this.setup.index,
      kept: this.next.length,
      budget: this.budget,
      paused,
    });
  }

  /**
   * The hot loop: expands `piece` from `pos` (and `posChoice`) to its end, or until the table's room runs out
   * (true: paused there) or the run was halted. What happens rarely (a dead end, a property settled, a pause)
   * is left to other methods or to the code after the loop: optimised code that reaches a branch it never
   * saw before is thrown away and compiled again, and this function, with the model inlined, is the costliest
   * to compile (`node --trace-opt --trace-deopt bench/compiled-run.mjs bench/model-run.ts two-phase '{"rm":8}'
   * bfs 2` counts its compilations).
   */
  private expandPiece(piece: Piece, rest: number): number {
    const model = this.model;
    const graph = this.graphPart;
    const sink = this.sink;
    const table = this.table!;
    const next = this.next;
    const within = model.within;
    const end = piece.end;
    const shift = piece.from - piece.at;
    const board = this.board;
    const index = this.setup.index;
    const left = this.setup.count + index;
    let budget = this.budget;
    let paused = false;
    let asked = false;
    let k = this.pos;
    let c = this.posChoice;
    for (; k < end; k++, c = 0) {
      if ((k & (STEAL_POLL - 1)) === 0) {
        board[left] = end - k + rest;
        if (c === 0 && board[index]! > 0) {
          asked = true;
          break;
        }
      }
      const s = piece.states.get(k + shift);
      if (within !== undefined && !within(s)) continue;
      const actions = model.actions(s);
      const n = actions.length;
      if (n === 0) this.deadEnd(s, k);
      for (; c < n; c++) {
        if (budget === 0) {
          budget = this.reserve();
          if (budget === 0) {
            paused = true;
            break;
          }
        }
        const a = actions[c];
        const t = model.next(s, a);
        this.generated++;
        next.stage(t, sink);
        if (this.pendingTransitions.length > 0) this.checkStep(s, a, t, k, c);
        const slot = sharedInsert(table, sink.hi, sink.lo);
        if (graph !== undefined) this.edge(graph, table, a, k, c, slot);
        if (slot < 0) continue;
        budget--;
        const kk = next.length;
        next.keep();
        this.parent.push(k);
        this.choice.push(c);
        if (this.checking) this.discovered(t, kk);
      }
      if (paused) break;
      if (graph !== undefined) graph.expanded.push(k);
    }
    this.pos = k;
    this.posChoice = paused ? c : 0;
    this.budget = budget;
    return paused ? PIECE_PAUSED : asked ? PIECE_ASKED : PIECE_DONE;
  }

  /** The states of the pieces after the first (`ranges[1..]`). */
  private restAfterFirst(): number {
    let rest = 0;
    for (let i = 1; i < this.ranges.length; i++) rest += this.ranges[i]!.end - this.ranges[i]!.at;
    return rest;
  }

  /** Opens this worker's steal flag (a round begins, or stolen pieces came), with `left` states to expand. */
  private open(left: number): void {
    const board = this.board;
    board[this.setup.count + this.setup.index] = left;
    Atomics.store(board, this.setup.index, 0);
  }

  /** Closes this worker's steal flag: it stopped expanding in this round. A thief waiting for it gets nothing. */
  private close(): void {
    const board = this.board;
    const index = this.setup.index;
    const closed = -(1 + this.epoch);
    board[this.setup.count + index] = 0;
    const f = Atomics.compareExchange(board, index, 0, closed);
    if (f > 0) {
      this.answer(f - 1, []);
      Atomics.store(board, index, closed);
    }
  }

  private answer(thief: number, pieces: Stolen['pieces']): void {
    const m: Stolen = { t: 'steal', level: this.level, round: this.round, pieces };
    this.peers[thief]!.postMessage(
      m,
      pieces.flatMap((p) => partTransfer(p.part)),
    );
  }

  /**
   * A thief asked (its index + 1 is in this worker's flag; the expansion stopped at a state's start): it gets the
   * last half of what is left here, when that is worth it, else nothing.
   */
  private giveAway(): void {
    const board = this.board;
    const index = this.setup.index;
    const thief = Atomics.load(board, index) - 1;
    const ranges = this.ranges;
    let left = ranges[0]!.end - this.pos + this.restAfterFirst();
    const pieces: { at: number; part: LevelPart<unknown> }[] = [];
    if (left >= STEAL_MIN) {
      let give = left >> 1;
      left -= give;
      while (give > 0) {
        const last = ranges.length - 1;
        const r = ranges[last]!;
        const start = last === 0 ? this.pos : r.at;
        const n = Math.min(r.end - start, give);
        const at = r.end - n;
        const from = r.from - r.at;
        pieces.push({ at, part: r.states.part(at + from, r.end + from) });
        give -= n;
        if (at === r.at) ranges.pop();
        else ranges[last] = { at: r.at, end: at, states: r.states, from: r.from };
      }
    }
    this.answer(thief, pieces);
    board[this.setup.count + index] = left;
    Atomics.store(board, index, 0);
  }

  /**
   * Done with this worker's own part of the round: asks the worker with the most left for half of it. True
   * when it asked (the answer comes as a `Stolen` message) or will look again (a worker that has not begun
   * this round yet); false when no one has enough left.
   */
  private steal(): boolean {
    const board = this.board;
    const count = this.setup.count;
    const index = this.setup.index;
    let victim = -1;
    let most = STEAL_MIN - 1;
    let later = false;
    for (let v = 0; v < count; v++) {
      if (v === index) continue;
      const f = Atomics.load(board, v);
      const left = Atomics.load(board, count + v);
      if (f === 0 && left > most) {
        victim = v;
        most = left;
      } else if ((f < 0 && -f - 1 < this.epoch) || (f > 0 && left >= STEAL_MIN)) later = true;
    }
    if (victim >= 0 && Atomics.compareExchange(board, victim, 0, index + 1) === 0) {
      this.phase = 'steal';
      return true;
    }
    if (victim < 0 && !later) return false;
    this.phase = 'steal';
    setImmediate(() => {
      if (this.halted || this.phase !== 'steal') return;
      try {
        if (!this.steal()) this.endRound(false);
      } catch (e) {
        this.fail(e);
      }
    });
    return true;
  }

  /** Reserves room for `RESERVE_CHUNK` inserts: the new budget, 0 when the table is full or the run halted. */
  private reserve(): number {
    return !this.halted && reserve(this.table!) ? RESERVE_CHUNK : 0;
  }

  /** True while a new state has properties to check (always, sometimes, or the liveness graph's predicates). */
  private get checking(): boolean {
    return this.pendingAlways.length > 0 || this.pendingSometimes.length > 0 || this.graphPart !== undefined;
  }

  /** State `k` of the frontier has no successor: the first such that is not terminal is the deadlock. */
  private deadEnd(s: unknown, k: number): void {
    if (this.setup.checkDeadlock && !this.deadlockFound && !(this.model.terminal?.(s) ?? false)) {
      this.deadlockFound = true;
      this.deadlock = k;
    }
  }

  /** The liveness graph's edge from position `k` of the level being expanded by choice `c` to the state in `slot` (`~slot`: seen before). */
  private edge(graph: GraphPart, table: SharedTableView, a: unknown, k: number, c: number, slot: number): void {
    const model = this.model;
    graph.src.push(k);
    graph.label.push(this.labelId(model.label !== undefined ? model.label(a) : model.describe(a).label));
    graph.choice.push(c);
    if (slot < 0) graph.dst.push(sharedId(table, ~slot));
    else {
      const v = tag(this.next.length, this.setup.index, this.setup.count, this.level & 1);
      Atomics.store(table.ids!, slot, v);
      graph.dst.push(v);
      graph.slots.push(slot);
    }
  }

  /** Checks the properties of new state `t`, the `kk`-th this worker keeps. */
  private discovered(t: unknown, kk: number): void {
    const props = this.model.properties;
    for (const p of this.pendingAlways) {
      const prop = props[p]!;
      const r = prop.kind === 'always' ? prop.pred(t) : true;
      if (r !== true) this.settle(p, kk, typeof r === 'string' ? r : undefined);
    }
    for (const p of this.pendingSometimes) {
      const prop = props[p]!;
      if (prop.kind === 'sometimes' && prop.pred(t)) this.settle(p, kk, undefined);
    }
    const graph = this.graphPart;
    if (graph !== undefined) {
      let bits = 0;
      for (let e = 0; e < this.eventually.length; e++) {
        const prop = props[this.eventually[e]!]!;
        if (prop.kind === 'eventually' && prop.pred(t)) bits |= 1 << e;
      }
      graph.predBits.push(bits);
    }
  }

  /** Property `p` (always: violated; sometimes: reached) is settled by the `kk`-th kept state. */
  private settle(p: number, kk: number, message: string | undefined): void {
    this.found.push(message === undefined ? { prop: p, k: kk } : { prop: p, k: kk, message });
    this.pendingAlways = this.pendingAlways.filter((q) => q !== p);
    this.pendingSometimes = this.pendingSometimes.filter((q) => q !== p);
  }

  private checkStep(s: unknown, a: unknown, t: unknown, k: number, c: number): void {
    const props = this.model.properties;
    for (const p of this.pendingTransitions) {
      const prop = props[p]!;
      if (prop.kind !== 'transition') continue;
      const r = prop.pred(s, a, t);
      if (r !== true) {
        this.steps.push({
          prop: p,
          fromK: k,
          choice: c,
          message: typeof r === 'string' ? r : 'the step breaks the transition invariant',
        });
        this.pendingTransitions = this.pendingTransitions.filter((q) => q !== p);
      }
    }
  }

  /** Takes the next step the messages received so far allow. */
  private advance(): void {
    const count = this.setup.count;
    const index = this.setup.index;
    this.placeMoves();
    if (this.phase === 'moves') {
      if (this.ranges.length > 0) this.expand();
      return;
    }
    if (this.phase === 'steal') {
      const key = LevelWorker.key('steal', this.level, this.round);
      const got = this.inbox.get(key) as Stolen[] | undefined;
      if (got === undefined) return;
      this.inbox.delete(key);
      const pieces = got[0]!.pieces;
      if (pieces.length === 0) {
        if (!this.steal()) this.endRound(false);
        return;
      }
      let left = 0;
      for (const p of pieces) {
        const states = newLevel(this.model, p.part);
        this.ranges.push({ at: p.at, end: p.at + states.length, states, from: 0 });
        left += states.length;
      }
      this.pos = this.ranges[0]!.at;
      this.posChoice = 0;
      this.open(left);
      this.expand();
      return;
    }
    if (this.phase === 'ends') {
      const key = LevelWorker.key('end', this.level, this.round);
      const ends = this.inbox.get(key) as RoundEnd[] | undefined;
      if (ends === undefined || ends.length < count) return;
      this.inbox.delete(key);
      if (ends.some((e) => e.paused)) {
        // Step 1 again, in a bigger table: nobody inserts until worker 0 sent it and every worker copied its part.
        this.phase = 'grown';
        if (index === 0) {
          const table = this.table!;
          const size = Atomics.load(table.reserved, 0) - ends.reduce((x, e) => x + e.budget, 0);
          this.toAll({ t: 'grown', level: this.level, round: this.round, table: biggerTable(table, size) });
        }
        // Worker 0's table may be here already (it can overtake another worker's round end).
        this.advance();
        return;
      }
      this.endLevel(ends);
      return;
    }
    if (this.phase === 'grown') {
      const key = LevelWorker.key('grown', this.level, this.round);
      const g = this.inbox.get(key) as Grown[] | undefined;
      if (g === undefined) return;
      this.inbox.delete(key);
      this.bigger = g[0]!.table;
      copyPart(this.table!, this.bigger, index, count);
      this.phase = 'copied';
      this.toAll({ t: 'copied', level: this.level, round: this.round, from: index });
      return;
    }
    if (this.phase === 'copied') {
      const key = LevelWorker.key('copied', this.level, this.round);
      const copied = this.inbox.get(key);
      if (copied === undefined || copied.length < count) return;
      this.inbox.delete(key);
      const before = this.table!;
      this.table = this.bigger!;
      this.bigger = undefined;
      const part = this.graphPart;
      if (part !== undefined) {
        // This level's new states moved to other slots: find them again by their fingerprints.
        for (let k = 0; k < part.slots.length; k++) {
          const j = part.slots.get(k) << 1;
          part.slots.set(k, ~sharedInsert(this.table, before.slots[j]!, before.slots[j + 1]!));
        }
      }
      this.budget = 0;
      this.round++;
      this.epoch++;
      this.open(this.ranges.length > 0 ? this.ranges[0]!.end - this.pos + this.restAfterFirst() : 0);
      this.expand();
    }
  }

  /** Step 2: report the level; step 3: send the kept states that belong to other slices, and go on. */
  private endLevel(ends: RoundEnd[]): void {
    const count = this.setup.count;
    const index = this.setup.index;
    const keptBy = new Array<number>(count).fill(0);
    for (const e of ends) keptBy[e.from] = e.kept;
    const total = keptBy.reduce((x, y) => x + y, 0);
    // Worker v's kept states are [offs[v], offs[v + 1]) of the next frontier; its slice is [cuts[v], cuts[v + 1]).
    const offs = [0];
    for (let v = 0; v < count; v++) offs.push(offs[v]! + keptBy[v]!);
    const nextBase = this.levelBase + this.levelSize;
    if (this.graphPart !== undefined) this.resolveGraph(this.graphPart, offs, nextBase);
    this.report();
    if (total === 0 || this.level + 1 >= this.maxDepth) {
      this.phase = 'idle';
      return;
    }
    const cuts = frontierCuts(keptBy);
    const overlap = (v: number, w: number): [number, number] => [
      Math.max(offs[v]!, cuts[w]!),
      Math.min(offs[v + 1]!, cuts[w + 1]!),
    ];
    const next = this.next;
    for (let w = 0; w < count; w++) {
      if (w === index) continue;
      const [a, b] = overlap(index, w);
      if (a < b) {
        const part = next.part(a - offs[index]!, b - offs[index]!);
        this.peers[w]!.postMessage(
          { t: 'move', level: this.level, from: index, part } satisfies Move,
          partTransfer(part),
        );
      }
    }
    // My slice: my own kept states that stay, at once; the others' pieces as they come.
    const [a, b] = overlap(index, index);
    const ranges: Piece[] = [];
    if (a < b) ranges.push({ at: a, end: b, states: next, from: a - offs[index]! });
    const awaited = new Map<number, number>();
    for (let v = 0; v < count; v++) {
      if (v === index) continue;
      const [c, d] = overlap(v, index);
      if (c < d) awaited.set(v, c);
    }
    this.prevOffs = offs;
    this.prevNextBase = nextBase;
    this.levelBase = nextBase;
    this.levelSize = total;
    this.beginLevel(this.level + 1, ranges, awaited);
  }

  /**
   * At a level's end, when every worker's kept count is known: the graph part's positions and provisional
   * tags become state ids, and this worker's new states get their ids in the shared table.
   */
  private resolveGraph(g: GraphPart, offs: number[], nextBase: number): void {
    const count = this.setup.count;
    const parity = this.level & 1;
    const dst = g.dst;
    for (let e = 0; e < dst.length; e++) {
      const v = dst.get(e);
      if (v > 0) dst.set(e, v - 1);
      else {
        const t = -v - 1;
        const kw = t >>> 1;
        const w = kw % count;
        const k = (kw - w) / count;
        // A tag of the other parity is a state the previous level found, not yet given its id when read.
        dst.set(e, (t & 1) === parity ? nextBase + offs[w]! + k : this.prevNextBase + this.prevOffs[w]! + k);
      }
    }
    const fb = this.levelBase;
    for (let e = 0; e < g.src.length; e++) g.src.set(e, fb + g.src.get(e));
    for (let e = 0; e < g.expanded.length; e++) g.expanded.set(e, fb + g.expanded.get(e));
    const ids = this.table!.ids!;
    const first = nextBase + offs[this.setup.index]! + 1;
    for (let k = 0; k < g.slots.length; k++) Atomics.store(ids, g.slots.get(k), first + k);
  }

  /** Puts the pieces of this level's frontier that arrived from other workers in place, ready to expand. */
  private placeMoves(): void {
    if (this.awaited.size === 0) return;
    const key = LevelWorker.key('move', this.level - 1, 0);
    const moves = this.inbox.get(key) as Move[] | undefined;
    if (moves === undefined) return;
    this.inbox.delete(key);
    for (const m of moves) {
      const at = this.awaited.get(m.from)!;
      this.awaited.delete(m.from);
      const states = newLevel(this.model, m.part);
      if (this.ranges.length === 0) {
        this.pos = at;
        this.posChoice = 0;
      }
      this.ranges.push({ at, end: at + states.length, states, from: 0 });
    }
  }

  private report(): void {
    const g = this.graphPart;
    const report: LevelReport = {
      t: 'done',
      level: this.level,
      generated: this.generated,
      parent: this.parent.copy(),
      choice: this.choice.copy(),
      found: this.found,
      steps: this.steps,
      deadlock: this.deadlock,
      tableBytes: this.setup.index === 0 ? this.table!.slots.byteLength : 0,
      ...(g !== undefined
        ? {
            graph: {
              predBits: g.predBits.copy(),
              src: g.src.copy(),
              dst: g.dst.copy(),
              label: g.label.copy(),
              choice: g.choice.copy(),
              expanded: g.expanded.copy(),
              newLabels: this.newLabels,
            },
          }
        : {}),
    };
    this.newLabels = [];
    const transfer = [report.parent.buffer, report.choice.buffer] as ArrayBuffer[];
    if (report.graph !== undefined) {
      const r = report.graph;
      for (const a of [r.predBits, r.src, r.dst, r.label, r.choice, r.expanded]) transfer.push(a.buffer as ArrayBuffer);
    }
    this.post(report, transfer);
  }
}

/**
 * States a worker thread explores on its own, single-threaded, before it says it is ready: V8 compiles the
 * model's hot functions while the main thread's search still runs single-threaded (the second core is idle
 * then), instead of in the first parallel levels, where a cold worker would keep the others waiting at
 * every level's end.
 */
const WARM_STATES = 20_000;

function warmUp(model: AnyModel, checkDeadlock: boolean): void {
  const explorer = new Explorer(model, { maxStates: WARM_STATES, checkDeadlock });
  try {
    while (!explorer.done) explorer.runSlice();
  } finally {
    explorer.close();
  }
}

/** Runs this thread as a worker of the parallel search; the model's modules must be imported already. */
export function startWorker(): void {
  const setup = workerData as WorkerSetup;
  const port = parentPort!;
  const post = (m: WorkerMessage, transfer?: ArrayBuffer[]): void => port.postMessage(m, transfer);
  const fail = (e: unknown): void =>
    post({ t: 'error', message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  try {
    const entry = findModel(setup.model);
    if (entry === undefined)
      throw new Error(`parallel worker: model '${setup.model}' is not registered by ${setup.modules.join(', ')}`);
    const model = entry.build(setup.config);
    const digest = modelDigest(model);
    if (digest !== setup.digest)
      throw new Error(
        `parallel worker ${setup.index}: model '${setup.model}' here encodes its first states differently (digest ${digest}) from the main thread's (${setup.digest}): the worker was built from other sources than the main thread (a checkout changed under the run?)`,
      );
    warmUp(model, setup.checkDeadlock);
    const worker = new LevelWorker(model, setup, post);
    port.on('message', (m: { t: 'ports'; ports: (MessagePort | undefined)[] } | StartCommand) => {
      try {
        if (m.t === 'ports') worker.connect(m.ports, fail);
        else worker.start(m);
      } catch (e) {
        fail(e);
      }
    });
    post({ t: 'ready' });
  } catch (e) {
    fail(e);
  }
}
