/**
 * The explicit state graph kept when a model has `eventually` properties (such models are small; the
 * graph is bounded by `maxStates`): per state, whether it was fully expanded, which of the `eventually`
 * predicates hold there, and where its out-edges are; per edge, target, action-label id and choice index.
 * The set of labels enabled in a state is the set of labels on its out-edges (every enabled action
 * gives an edge, self-loops included), so it needs no storage of its own.
 *
 * A state's out-edges are added together (one expansion adds them all, whether the search is BFS, DFS or
 * parallel), so they are a range of edge indices, `[edgesFrom(v), edgesTo(v))`, and an edge needs no source
 * field: the graph is its own CSR form, with nothing to sort at the end. Everything lives in `Int32Chunks`,
 * which never copy themselves as they grow (fresh memory is what a large run pays for).
 */
import { Int32Chunks } from './int32-chunks.ts';

export class StateGraph {
  private readonly dst = new Int32Chunks();
  private readonly label = new Int32Chunks();
  private readonly choice = new Int32Chunks();
  /** Per state: index of its first out-edge, or -1 before any was added. */
  private readonly first = new Int32Chunks();
  /** Per state: one past its last out-edge. */
  private readonly end = new Int32Chunks();
  /** Per state: 1 when its successors are all recorded. */
  private readonly expandedFlags = new Int32Chunks();
  /** Per state: bit k set when `eventually` property k's predicate holds there. */
  private readonly bits = new Int32Chunks();
  /** The state whose out-edges are being added. */
  private open = -1;
  /** Initial states: id and index in `init()`. */
  readonly initIds: number[] = [];
  readonly initIndexes: number[] = [];
  readonly labels: string[] = [];
  private readonly labelIds = new Map<string, number>();

  /**
   * `properties`: how many `eventually` properties the bits hold. The liveness check of a property reads only the
   * out-edges of states where its predicate is false (`liveness.ts`), so a state where every predicate holds keeps
   * none: on the protocol models that is most edges (bench/README, scaling: bytes per state). Its labels
   * are still given ids by the caller (`labelId`), so the fair labels a check finds are the same.
   */
  constructor(properties: number) {
    if (properties < 1 || properties > 31) throw new Error(`graph: 1 to 31 eventually properties, not ${properties}`);
    this.allHold = properties === 31 ? 0x7fffffff : (1 << properties) - 1;
  }
  private readonly allHold: number;

  get stateCount(): number {
    return this.bits.length;
  }

  /** Edges kept (not those out of states where every predicate holds). */
  get edgeCount(): number {
    return this.dst.length;
  }

  labelId(label: string): number {
    let id = this.labelIds.get(label);
    if (id === undefined) {
      id = this.labels.length;
      this.labels.push(label);
      this.labelIds.set(label, id);
    }
    return id;
  }

  /** The label's id if some edge carries it, else -1. */
  findLabel(label: string): number {
    return this.labelIds.get(label) ?? -1;
  }

  addState(id: number, predBits: number): void {
    if (id !== this.bits.length) throw new Error(`graph: state ${id} added out of order`);
    this.bits.push(predBits);
    this.expandedFlags.push(0);
    this.first.push(-1);
    this.end.push(0);
  }

  /** False when every predicate holds at `src`: `addEdge` drops its out-edges (their targets are not needed). */
  keepsEdgesOf(src: number): boolean {
    return this.bits.get(src) !== this.allHold;
  }

  /**
   * Adds an out-edge of `src` (dropped when every predicate holds at `src`: nothing reads it); every out-edge of a
   * state must be added before another state's.
   */
  addEdge(src: number, dst: number, label: number, choice: number): void {
    const e = this.dst.length;
    if (src !== this.open) {
      if (src < 0 || src >= this.bits.length) throw new Error(`graph: edge from unknown state ${src}`);
      if (this.bits.get(src) === this.allHold) return;
      if (this.first.get(src) !== -1) throw new Error(`graph: out-edges of state ${src} added in two parts`);
      this.first.set(src, e);
      this.open = src;
    }
    this.end.set(src, e + 1);
    this.dst.push(dst);
    this.label.push(label);
    this.choice.push(choice);
  }

  /** Marks state `v` fully expanded. */
  markExpanded(v: number): void {
    this.expandedFlags.set(v, 1);
  }

  isExpanded(v: number): boolean {
    return this.expandedFlags.get(v) === 1;
  }

  predBits(v: number): number {
    return this.bits.get(v);
  }

  /** First out-edge of `v` (its out-edges are `edgesFrom(v)` up to `edgesTo(v)`, exclusive). */
  edgesFrom(v: number): number {
    const f = this.first.get(v);
    return f < 0 ? 0 : f;
  }

  edgesTo(v: number): number {
    return this.end.get(v);
  }

  target(e: number): number {
    return this.dst.get(e);
  }

  labelOf(e: number): number {
    return this.label.get(e);
  }

  choiceOf(e: number): number {
    return this.choice.get(e);
  }

  get byteLength(): number {
    return (
      this.dst.byteLength +
      this.label.byteLength +
      this.choice.byteLength +
      this.first.byteLength +
      this.end.byteLength +
      this.expandedFlags.byteLength +
      this.bits.byteLength
    );
  }
}
