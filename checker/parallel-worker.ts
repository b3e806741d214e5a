/**
 * One worker of the parallel search (`parallel.ts`). It owns the fingerprints whose hash falls to it
 * (`ownerOf`) and keeps them in its own table; it keeps the frontier states it generated itself.
 *
 * A level, with no message from the main thread:
 * 1. Expand: generate the successors of the frontier; a successor whose owner's table already has it
 *    (the tables are read-only while anyone expands) or that this worker met already this level is
 *    dropped; the others stay here, and their fingerprints go to their owners as claims.
 * 2. Decide (as an owner, once every worker's claims have arrived): each fingerprint not yet in the table
 *    is a new state; of the workers that claimed it, the one that comes first in an order rotated by the
 *    fingerprint keeps it (so the frontiers stay balanced). The owner inserts the new fingerprints and
 *    tells each claimant which of its claims it keeps.
 * 3. Keep (once every owner answered): the kept successors, in claim order, are the next level's
 *    frontier; check their properties, report the level to the main thread (links, verdicts, graph), and
 *    go on with the next level unless no worker found a new state or the depth bound is reached.
 * No state crosses a thread; the counts are those of the sequential search and the paths still shortest.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { FingerprintSink } from './hash.ts';
import { FingerprintTable, tableHas, type TableView } from './fingerprint-table.ts';
import { GrowableInt32 } from './growable.ts';
import type { AnyModel } from './model.ts';
import type {
  Claims,
  LevelReport,
  SeedCommand,
  StartCommand,
  Verdicts,
  WorkerMessage,
  WorkerSetup,
} from './parallel-protocol.ts';
import { ownerOf } from './parallel-owner.ts';
import { findModel } from './registry.ts';

/** The successors of this worker's level that one owner must decide on. */
class Outbox {
  readonly hi = new GrowableInt32();
  readonly lo = new GrowableInt32();
  readonly parent = new GrowableInt32();
  readonly choice = new GrowableInt32();
  states: unknown[] = [];

  clear(): void {
    this.hi.clear();
    this.lo.clear();
    this.parent.clear();
    this.choice.clear();
    this.states = [];
  }
}

interface GraphPart {
  src: number[];
  dstHi: number[];
  dstLo: number[];
  label: number[];
  choice: number[];
  expanded: number[];
}

class LevelWorker {
  private readonly sink = new FingerprintSink();
  private table = new FingerprintTable({ shared: true });
  private views: TableView[] = [];
  private frontier: unknown[] = [];
  private peers: (MessagePort | undefined)[] = [];
  private readonly claims = new Map<number, Claims[]>();
  private readonly verdicts = new Map<number, Verdicts[]>();
  private readonly out: Outbox[];
  /** The level whose claims this worker sent and whose verdicts it waits for (-1: none). */
  private expanded = -1;
  private maxDepth = Infinity;
  private pendingAlways: number[] = [];
  private pendingSometimes: number[] = [];
  private pendingTransitions: number[] = [];
  private readonly eventually: number[];
  private deadlockFound = false;
  private generated = 0;
  /** Successors claimed in the last level (sizes the next level's table of successors met). */
  private lastClaims = 0;
  private deadlock = -1;
  private steps: { prop: number; fromK: number; choice: number; message: string }[] = [];
  private graphPart: GraphPart | undefined;
  private readonly labelIds = new Map<string, number>();
  private newLabels: string[] = [];
  // Reused per level by the owner's decision.
  private winner = new GrowableInt32();
  private winnerAt = new GrowableInt32();

  constructor(
    private readonly model: AnyModel,
    private readonly setup: WorkerSetup,
    private readonly post: (m: WorkerMessage, transfer?: ArrayBuffer[]) => void,
  ) {
    this.out = Array.from({ length: setup.count }, () => new Outbox());
    this.eventually = model.properties.map((p, i) => (p.kind === 'eventually' ? i : -1)).filter((i) => i >= 0);
  }

  connect(peers: (MessagePort | undefined)[], fail: (e: unknown) => void): void {
    this.peers = peers;
    peers.forEach((port) =>
      port?.on('message', (m: Claims | Verdicts) => {
        try {
          this.receive(m);
        } catch (e) {
          fail(e);
        }
      }),
    );
  }

  seed(cmd: SeedCommand): void {
    // Sized for the seed at once: the seed comes in slot order (sorted by home slot), which piles up into
    // one long probe run in a table that has to grow on the way.
    this.table = new FingerprintTable({ shared: true, capacity: cmd.hi.length / 0.6 });
    for (let j = 0; j < cmd.hi.length; j++) this.table.insert(cmd.hi[j]!, cmd.lo[j]!);
    this.post({ t: 'seeded', view: this.table.view });
  }

  start(cmd: StartCommand): void {
    const props = this.model.properties;
    this.pendingAlways = cmd.pending.filter((i) => props[i]!.kind === 'always');
    this.pendingSometimes = cmd.pending.filter((i) => props[i]!.kind === 'sometimes');
    this.pendingTransitions = cmd.pending.filter((i) => props[i]!.kind === 'transition');
    this.maxDepth = cmd.maxDepth;
    this.views = [...cmd.views];
    this.frontier = cmd.states as unknown[];
    this.expand(cmd.level);
  }

  private receive(m: Claims | Verdicts): void {
    const map = m.t === 'claims' ? this.claims : this.verdicts;
    const list = (map.get(m.level) ?? []) as (Claims | Verdicts)[];
    list.push(m);
    map.set(m.level, list as never);
    if (m.t === 'claims') {
      if (list.length === this.setup.count) this.decide(m.level);
    } else if (list.length === this.setup.count && m.level === this.expanded) this.keep(m.level);
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

  /** Step 1: expand the frontier of `level`, send the claims. */
  private expand(level: number): void {
    const model = this.model;
    const props = model.properties;
    const { index, count } = this.setup;
    const views = this.views;
    const frontier = this.frontier;
    // Sized for as many successors as the last level claimed (it grows past that if needed).
    const seen = new FingerprintTable({ capacity: Math.max(frontier.length * 2, this.lastClaims / 0.7) });
    const out = this.out;
    for (const box of out) box.clear();
    const graph: GraphPart | undefined = this.setup.graph
      ? { src: [], dstHi: [], dstLo: [], label: [], choice: [], expanded: [] }
      : undefined;
    const sink = this.sink;
    let generated = 0;
    this.deadlock = -1;
    this.steps = [];
    const within = model.within;
    for (let k = 0; k < frontier.length; k++) {
      const s = frontier[k];
      if (within !== undefined && !within(s)) continue;
      const actions = model.actions(s);
      const n = actions.length;
      if (n === 0 && this.setup.checkDeadlock && !this.deadlockFound && !(model.terminal?.(s) ?? false)) {
        this.deadlockFound = true;
        this.deadlock = k;
      }
      for (let c = 0; c < n; c++) {
        const a = actions[c];
        const t = model.next(s, a);
        generated++;
        sink.reset();
        model.encode(t, sink);
        sink.finish();
        const hi = sink.hi;
        const lo = sink.lo;
        if (this.pendingTransitions.length > 0) {
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
        if (graph !== undefined) {
          graph.src.push(k);
          graph.dstHi.push(hi);
          graph.dstLo.push(lo);
          graph.label.push(this.labelId(model.label !== undefined ? model.label(a) : model.describe(a).label));
          graph.choice.push(c);
        }
        const o = ownerOf(lo, count);
        if (tableHas(views[o]!, hi, lo)) continue;
        if (seen.insert(hi, lo) < 0) continue;
        const box = out[o]!;
        box.hi.push(hi);
        box.lo.push(lo);
        box.parent.push(k);
        box.choice.push(c);
        box.states.push(t);
      }
      if (graph !== undefined) graph.expanded.push(k);
    }
    this.frontier = [];
    this.lastClaims = seen.size;
    this.generated = generated;
    this.graphPart = graph;
    this.expanded = level;
    const claims = (o: number): Claims => ({
      t: 'claims',
      level,
      from: index,
      hi: out[o]!.hi.copyUnsigned(),
      lo: out[o]!.lo.copyUnsigned(),
    });
    // To the others first: receiving its own claims may run this worker's decision at once.
    for (let o = 0; o < count; o++) {
      if (o === index) continue;
      const c = claims(o);
      this.peers[o]!.postMessage(c, [c.hi.buffer, c.lo.buffer] as ArrayBuffer[]);
    }
    this.receive(claims(index));
  }

  /** Step 2 (as owner): decide which claims of `level` are new states and who keeps each. */
  private decide(level: number): void {
    const all = this.claims.get(level)!;
    this.claims.delete(level);
    const count = this.setup.count;
    const byFrom: Claims[] = new Array<Claims>(count);
    for (const c of all) byFrom[c.from] = c;
    let total = 0;
    for (const c of byFrom) total += c.hi.length;
    const fresh = new FingerprintTable({ withIds: true, capacity: total / 0.7 });
    const winner = this.winner;
    const winnerAt = this.winnerAt;
    winner.clear();
    winnerAt.clear();
    // Priority of claimant `w` for fingerprint `hi`: (w + hi) mod count, lowest first.
    for (let w = 0; w < count; w++) {
      const { hi, lo } = byFrom[w]!;
      for (let j = 0; j < hi.length; j++) {
        const h = hi[j]!;
        const id = fresh.insert(h, lo[j]!);
        if (id >= 0) {
          winner.push(w);
          winnerAt.push(j);
        } else {
          const e = ~id;
          const v = winner.get(e);
          if ((w + h) % count < (v + h) % count) {
            winner.set(e, w);
            winnerAt.set(e, j);
          }
        }
      }
    }
    const kept = byFrom.map((c) => new Uint8Array(c.hi.length));
    for (let e = 0; e < fresh.size; e++) {
      const w = winner.get(e);
      const j = winnerAt.get(e);
      kept[w]![j] = 1;
      this.table.insert(byFrom[w]!.hi[j]!, byFrom[w]!.lo[j]!);
    }
    const view = this.table.view;
    this.views[this.setup.index] = view;
    const index = this.setup.index;
    const verdict = (w: number): Verdicts => ({
      t: 'verdicts',
      level,
      from: index,
      kept: kept[w]!,
      fresh: fresh.size,
      view,
    });
    // To the others first: receiving its own verdict may let this worker go on to the next level at once.
    for (let w = 0; w < count; w++) {
      if (w === index) continue;
      const v = verdict(w);
      this.peers[w]!.postMessage(v, [v.kept.buffer] as ArrayBuffer[]);
    }
    this.receive(verdict(index));
  }

  /** Step 3: keep the successors the owners gave this worker, report the level, go on. */
  private keep(level: number): void {
    const all = this.verdicts.get(level)!;
    this.verdicts.delete(level);
    this.expanded = -1;
    const count = this.setup.count;
    const byFrom: Verdicts[] = new Array<Verdicts>(count);
    let freshAll = 0;
    for (const v of all) {
      byFrom[v.from] = v;
      freshAll += v.fresh;
      if (v.from !== this.setup.index) this.views[v.from] = v.view;
    }
    const props = this.model.properties;
    const graph = this.setup.graph;
    const next: unknown[] = [];
    const parent = new GrowableInt32();
    const choice = new GrowableInt32();
    const found: { prop: number; k: number; message?: string }[] = [];
    const newHi = new GrowableInt32(graph ? 1024 : 16);
    const newLo = new GrowableInt32(graph ? 1024 : 16);
    const predBits = new GrowableInt32(graph ? 1024 : 16);
    for (let o = 0; o < count; o++) {
      const box = this.out[o]!;
      const kept = byFrom[o]!.kept;
      for (let j = 0; j < kept.length; j++) {
        if (kept[j] === 0) continue;
        const s = box.states[j];
        const k = next.length;
        next.push(s);
        parent.push(box.parent.get(j));
        choice.push(box.choice.get(j));
        if (this.pendingAlways.length > 0) {
          for (const p of this.pendingAlways) {
            const prop = props[p]!;
            if (prop.kind !== 'always') continue;
            const r = prop.pred(s);
            if (r !== true) {
              found.push(typeof r === 'string' ? { prop: p, k, message: r } : { prop: p, k });
              this.pendingAlways = this.pendingAlways.filter((q) => q !== p);
            }
          }
        }
        if (this.pendingSometimes.length > 0) {
          for (const p of this.pendingSometimes) {
            const prop = props[p]!;
            if (prop.kind === 'sometimes' && prop.pred(s)) {
              found.push({ prop: p, k });
              this.pendingSometimes = this.pendingSometimes.filter((q) => q !== p);
            }
          }
        }
        if (graph) {
          newHi.push(box.hi.get(j));
          newLo.push(box.lo.get(j));
          let bits = 0;
          for (let e = 0; e < this.eventually.length; e++) {
            const prop = props[this.eventually[e]!]!;
            if (prop.kind === 'eventually' && prop.pred(s)) bits |= 1 << e;
          }
          predBits.push(bits);
        }
      }
      box.clear();
    }
    const g = this.graphPart;
    const report: LevelReport = {
      t: 'done',
      level,
      generated: this.generated,
      parent: parent.copy(),
      choice: choice.copy(),
      found,
      steps: this.steps,
      deadlock: this.deadlock,
      tableBytes: this.table.byteLength,
      ...(graph && g !== undefined
        ? {
            graph: {
              newHi: newHi.copyUnsigned(),
              newLo: newLo.copyUnsigned(),
              predBits: predBits.copy(),
              src: new Int32Array(g.src),
              dstHi: new Uint32Array(g.dstHi),
              dstLo: new Uint32Array(g.dstLo),
              label: new Int32Array(g.label),
              choice: new Int32Array(g.choice),
              expanded: new Int32Array(g.expanded),
              newLabels: this.newLabels,
            },
          }
        : {}),
    };
    this.newLabels = [];
    this.graphPart = undefined;
    this.post(report, [report.parent.buffer, report.choice.buffer] as ArrayBuffer[]);
    // Go on unless the search is over: no new state anywhere, or the next level is at the depth bound.
    if (freshAll === 0 || level + 1 >= this.maxDepth) return;
    this.frontier = next;
    this.expand(level + 1);
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
    const worker = new LevelWorker(entry.build(setup.config), setup, post);
    port.on('message', (m: { t: 'ports'; ports: (MessagePort | undefined)[] } | SeedCommand | StartCommand) => {
      try {
        if (m.t === 'ports') worker.connect(m.ports, fail);
        else if (m.t === 'seed') worker.seed(m);
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
