/**
 * One worker of the parallel search (`parallel.ts`). It owns the fingerprints whose hash falls to it
 * (`ownerOf`), keeps them in its own table, and holds the frontier states it owns.
 *
 * A level: expand every frontier state (ids consecutive from the level's base), and route each successor
 * to its owner unless the owner's table already has it (the tables are read-only while anyone expands)
 * or this worker already routed it this level. When every worker's batch for the level has arrived, merge
 * them in sender order (so the first parent of a new state is the one with the smallest (id, choice),
 * whatever the timing), check the new states' properties and report to the main thread, which numbers
 * the new states (owner by owner) and keeps links, verdicts and the liveness graph.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { FingerprintSink } from './hash.ts';
import { FingerprintTable, tableHas, type TableView } from './fingerprint-table.ts';
import type { AnyModel } from './model.ts';
import type { Batch, LevelCommand, LevelReport, SeedCommand, WorkerMessage, WorkerSetup } from './parallel-protocol.ts';
import { ownerOf } from './parallel-owner.ts';
import { findModel } from './registry.ts';

interface Outbox {
  hi: number[];
  lo: number[];
  parent: number[];
  choice: number[];
  states: unknown[];
}

const emptyOutbox = (): Outbox => ({ hi: [], lo: [], parent: [], choice: [], states: [] });

class LevelWorker {
  private readonly sink = new FingerprintSink();
  private table = new FingerprintTable({ shared: true });
  private frontier: unknown[] = [];
  private peers: (MessagePort | undefined)[] = [];
  private readonly received = new Map<number, Batch[]>();
  private expandedLevel = -1;
  private report: Omit<LevelReport, 'parent' | 'choice' | 'found' | 'view' | 'tableBytes' | 'graph'> | undefined;
  private graphPart:
    | { src: number[]; dstHi: number[]; dstLo: number[]; label: number[]; choice: number[]; expanded: number[] }
    | undefined;
  private readonly labelIds = new Map<string, number>();
  private newLabels: string[] = [];
  private pending: readonly number[] = [];

  constructor(
    private readonly model: AnyModel,
    private readonly setup: WorkerSetup,
    private readonly post: (m: WorkerMessage, transfer?: ArrayBuffer[]) => void,
  ) {}

  connect(peers: (MessagePort | undefined)[]): void {
    this.peers = peers;
    peers.forEach((port) => port?.on('message', (b: Batch) => this.receive(b)));
  }

  seed(cmd: SeedCommand): void {
    // Sized for the seed at once: the seed comes in slot order (sorted by home slot), which piles up into
    // one long probe run in a table that has to grow on the way.
    this.table = new FingerprintTable({ shared: true, capacity: cmd.hi.length / 0.6 });
    for (let j = 0; j < cmd.hi.length; j++) this.table.insert(cmd.hi[j]!, cmd.lo[j]!);
    this.post({ t: 'seeded', view: this.table.view });
  }

  private fingerprint(s: unknown): void {
    this.sink.reset();
    this.model.encode(s, this.sink);
    this.sink.finish();
  }

  level(cmd: LevelCommand): void {
    const model = this.model;
    const { index, count } = this.setup;
    if (cmd.states !== undefined) this.frontier = cmd.states as unknown[];
    this.pending = cmd.pending;
    const props = model.properties;
    const transitions = cmd.pending.filter((i) => props[i]!.kind === 'transition');
    const views: readonly TableView[] = cmd.views;
    const seen = new FingerprintTable({ capacity: this.frontier.length * 2 });
    const out: Outbox[] = Array.from({ length: count }, emptyOutbox);
    const steps: { prop: number; fromId: number; choice: number; message: string }[] = [];
    const graph = this.setup.graph
      ? {
          src: [] as number[],
          dstHi: [] as number[],
          dstLo: [] as number[],
          label: [] as number[],
          choice: [] as number[],
          expanded: [] as number[],
        }
      : undefined;
    let deadlock = -1;
    let generated = 0;
    const sink = this.sink;
    let pendingSteps = transitions;
    for (let k = 0; k < this.frontier.length; k++) {
      const s = this.frontier[k];
      const id = cmd.base + k;
      if (model.within !== undefined && !model.within(s)) continue;
      const actions = model.actions(s);
      const n = actions.length;
      if (n === 0 && this.setup.checkDeadlock && deadlock < 0 && !(model.terminal?.(s) ?? false)) deadlock = id;
      for (let c = 0; c < n; c++) {
        const a = actions[c];
        const t = model.next(s, a);
        generated++;
        this.fingerprint(t);
        const hi = sink.hi;
        const lo = sink.lo;
        if (pendingSteps.length > 0) {
          for (const p of pendingSteps) {
            const prop = props[p]!;
            if (prop.kind !== 'transition') continue;
            const r = prop.pred(s, a, t);
            if (r !== true) {
              steps.push({
                prop: p,
                fromId: id,
                choice: c,
                message: typeof r === 'string' ? r : 'the step breaks the transition invariant',
              });
              pendingSteps = pendingSteps.filter((q) => q !== p);
            }
          }
        }
        if (graph !== undefined) {
          graph.src.push(id);
          graph.dstHi.push(hi);
          graph.dstLo.push(lo);
          graph.label.push(this.labelId(model.describe(a).label));
          graph.choice.push(c);
        }
        const o = ownerOf(lo, count);
        if (tableHas(views[o]!, hi, lo)) continue;
        if (seen.insert(hi, lo) < 0) continue;
        const box = out[o]!;
        box.hi.push(hi);
        box.lo.push(lo);
        box.parent.push(id);
        box.choice.push(c);
        box.states.push(t);
      }
      if (graph !== undefined) graph.expanded.push(id);
    }
    this.frontier = [];
    this.report = { t: 'done', level: cmd.level, generated, steps, deadlock };
    this.graphPart = graph;
    this.expandedLevel = cmd.level;
    for (let o = 0; o < count; o++) {
      const box = out[o]!;
      const batch: Batch = {
        t: 'batch',
        level: cmd.level,
        from: index,
        hi: new Uint32Array(box.hi),
        lo: new Uint32Array(box.lo),
        parent: new Int32Array(box.parent),
        choice: new Int32Array(box.choice),
        states: box.states,
      };
      if (o === index) this.receive(batch);
      else
        this.peers[o]!.postMessage(batch, [
          batch.hi.buffer,
          batch.lo.buffer,
          batch.parent.buffer,
          batch.choice.buffer,
        ] as ArrayBuffer[]);
    }
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

  private receive(b: Batch): void {
    const list = this.received.get(b.level) ?? [];
    list.push(b);
    this.received.set(b.level, list);
    this.maybeMerge();
  }

  private maybeMerge(): void {
    const level = this.expandedLevel;
    const batches = this.received.get(level);
    if (this.report === undefined || batches === undefined || batches.length < this.setup.count) return;
    this.received.delete(level);
    batches.sort((x, y) => x.from - y.from);
    const model = this.model;
    const props = model.properties;
    let pending = this.pending.filter((i) => props[i]!.kind === 'always' || props[i]!.kind === 'sometimes');
    const eventually = props.map((p, i) => (p.kind === 'eventually' ? i : -1)).filter((i) => i >= 0);
    const parent: number[] = [];
    const choice: number[] = [];
    const found: { prop: number; k: number; message?: string }[] = [];
    const graph = this.setup.graph;
    const newHi: number[] = [];
    const newLo: number[] = [];
    const predBits: number[] = [];
    const next: unknown[] = [];
    for (const b of batches) {
      for (let j = 0; j < b.hi.length; j++) {
        if (this.table.insert(b.hi[j]!, b.lo[j]!) < 0) continue;
        const s = b.states[j];
        const k = next.length;
        next.push(s);
        parent.push(b.parent[j]!);
        choice.push(b.choice[j]!);
        if (pending.length > 0) {
          let settled = false;
          for (const p of pending) {
            const prop = props[p]!;
            if (prop.kind === 'always') {
              const r = prop.pred(s);
              if (r !== true) {
                found.push(typeof r === 'string' ? { prop: p, k, message: r } : { prop: p, k });
                settled = true;
              }
            } else if (prop.kind === 'sometimes' && prop.pred(s)) {
              found.push({ prop: p, k });
              settled = true;
            }
          }
          if (settled) pending = pending.filter((p) => !found.some((f) => f.prop === p));
        }
        if (graph) {
          newHi.push(b.hi[j]!);
          newLo.push(b.lo[j]!);
          let bits = 0;
          for (let e = 0; e < eventually.length; e++) {
            const prop = props[eventually[e]!]!;
            if (prop.kind === 'eventually' && prop.pred(s)) bits |= 1 << e;
          }
          predBits.push(bits);
        }
      }
    }
    this.frontier = next;
    const g = this.graphPart;
    const report: LevelReport = {
      ...this.report,
      parent: new Int32Array(parent),
      choice: new Int32Array(choice),
      found,
      view: this.table.view,
      tableBytes: this.table.byteLength,
      ...(graph && g !== undefined
        ? {
            graph: {
              newHi: new Uint32Array(newHi),
              newLo: new Uint32Array(newLo),
              predBits: new Int32Array(predBits),
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
    this.report = undefined;
    this.graphPart = undefined;
    this.post(report);
  }
}

async function start(): Promise<void> {
  const setup = workerData as WorkerSetup;
  const port = parentPort!;
  const post = (m: WorkerMessage): void => port.postMessage(m);
  try {
    for (const m of setup.modules) await import(m);
    const entry = findModel(setup.model);
    if (entry === undefined)
      throw new Error(`parallel worker: model '${setup.model}' is not registered by ${setup.modules.join(', ')}`);
    const worker = new LevelWorker(entry.build(setup.config), setup, post);
    port.on(
      'message',
      (m: { t: 'ports'; ports: (MessagePort | undefined)[] } | SeedCommand | LevelCommand | { t: 'stop' }) => {
        try {
          if (m.t === 'ports') worker.connect(m.ports);
          else if (m.t === 'seed') worker.seed(m);
          else if (m.t === 'level') worker.level(m);
          else port.close();
        } catch (e) {
          post({ t: 'error', message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
        }
      },
    );
    post({ t: 'ready' });
  } catch (e) {
    post({ t: 'error', message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  }
}

await start();
