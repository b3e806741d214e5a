/**
 * The explicit state graph kept when a model has `eventually` properties (such models are small; the
 * graph is bounded by `maxStates`): per state, whether it was fully expanded and which of the
 * `eventually` predicates hold there; per edge, source, target, action-label id and choice index.
 * The set of labels enabled in a state is the set of labels on its out-edges (every enabled action
 * gives an edge, self-loops included), so it needs no storage of its own.
 */

function grownInt32(a: Int32Array, need: number): Int32Array {
  if (need <= a.length) return a;
  const b = new Int32Array(Math.max(need, Math.ceil(a.length * 1.5)));
  b.set(a);
  return b;
}

export class StateGraph {
  src: Int32Array = new Int32Array(1024);
  dst: Int32Array = new Int32Array(1024);
  label: Int32Array = new Int32Array(1024);
  choice: Int32Array = new Int32Array(1024);
  edgeCount = 0;
  /** 1 when the state's successors are all recorded. */
  expanded: Int32Array = new Int32Array(1024);
  /** Bit k set when `eventually` property k's predicate holds in the state. */
  predBits: Int32Array = new Int32Array(1024);
  stateCount = 0;
  /** Initial states: id and index in `init()`. */
  readonly initIds: number[] = [];
  readonly initIndexes: number[] = [];
  readonly labels: string[] = [];
  private readonly labelIds = new Map<string, number>();

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
    if (id !== this.stateCount) throw new Error(`graph: state ${id} added out of order`);
    this.expanded = grownInt32(this.expanded, id + 1);
    this.predBits = grownInt32(this.predBits, id + 1);
    this.predBits[id] = predBits;
    this.stateCount++;
  }

  addEdge(src: number, dst: number, label: number, choice: number): void {
    const n = this.edgeCount + 1;
    if (n > this.src.length) {
      this.src = grownInt32(this.src, n);
      this.dst = grownInt32(this.dst, n);
      this.label = grownInt32(this.label, n);
      this.choice = grownInt32(this.choice, n);
    }
    const e = this.edgeCount++;
    this.src[e] = src;
    this.dst[e] = dst;
    this.label[e] = label;
    this.choice[e] = choice;
  }

  get byteLength(): number {
    return (
      this.src.byteLength +
      this.dst.byteLength +
      this.label.byteLength +
      this.choice.byteLength +
      this.expanded.byteLength +
      this.predBits.byteLength
    );
  }

  /** Out-edges in CSR form: edges of state v are `order[offsets[v] .. offsets[v+1])` (edge indices). */
  csr(): { offsets: Int32Array; order: Int32Array } {
    const n = this.stateCount;
    const offsets = new Int32Array(n + 1);
    for (let e = 0; e < this.edgeCount; e++) offsets[this.src[e]! + 1]!++;
    for (let v = 0; v < n; v++) offsets[v + 1]! += offsets[v]!;
    const fill = offsets.slice(0, n);
    const order = new Int32Array(this.edgeCount);
    for (let e = 0; e < this.edgeCount; e++) order[fill[this.src[e]!]!++] = e;
    return { offsets, order };
  }
}
