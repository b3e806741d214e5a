/**
 * Tiny models for the checker's own tests: a finite graph given as adjacency lists (states are node
 * numbers, action i of node v goes to `edges[v][i].to` with label `edges[v][i].label`), and a naive
 * reference BFS over it (a JS Set, no fingerprints) to compare the checker against.
 */
import type { Model, Property } from '../model.ts';

export interface GraphSpec {
  readonly edges: readonly (readonly { readonly to: number; readonly label: string }[])[];
  readonly init: readonly number[];
  readonly properties?: readonly Property<number, GraphAction>[];
  readonly terminal?: (v: number) => boolean;
  readonly within?: (v: number) => boolean;
}

export interface GraphAction {
  readonly from: number;
  readonly index: number;
  readonly to: number;
  readonly label: string;
}

export function graphModel(spec: GraphSpec): Model<number, GraphAction> {
  return {
    name: 'test-graph',
    init: () => spec.init,
    actions: (v) => (spec.edges[v] ?? []).map((e, index) => ({ from: v, index, to: e.to, label: e.label })),
    next: (_v, a) => a.to,
    properties: spec.properties ?? [],
    encode: (v, sink) => sink.word(v),
    toItf: (v) => ({ node: v }),
    describe: (a) => ({ label: a.label, picks: { to: String(a.to) } }),
    ...(spec.terminal ? { terminal: spec.terminal } : {}),
    ...(spec.within ? { within: spec.within } : {}),
  };
}

/** Distances from the initial states by a plain BFS (Map), unbounded. */
export function referenceDistances(spec: GraphSpec): Map<number, number> {
  const dist = new Map<number, number>();
  const queue: number[] = [];
  for (const v of spec.init) {
    if (!dist.has(v)) {
      dist.set(v, 0);
      queue.push(v);
    }
  }
  for (let h = 0; h < queue.length; h++) {
    const v = queue[h]!;
    for (const e of spec.edges[v] ?? []) {
      if (!dist.has(e.to)) {
        dist.set(e.to, dist.get(v)! + 1);
        queue.push(e.to);
      }
    }
  }
  return dist;
}
