/**
 * Settling `eventually(pred)` under weak fairness of the named actions on the explored graph.
 *
 * Let R be the states reachable from an initial state through states where `pred` is false (pred-false
 * initial states included). A behaviour violating the property stays in R forever, so a counterexample is
 *  (a) a fully expanded state of R where no fair action is enabled: the behaviour may stutter there
 *      forever (deadlocks and terminal states included); or
 *  (b) a nontrivial strongly connected component of the fully expanded states of R (iterative Tarjan)
 *      in which every fair label is either taken on some edge inside the component or disabled in some
 *      state of it: cycling through it forever is weakly fair. (Checking maximal components suffices
 *      for weak fairness: if a label is enabled everywhere in a component and never taken inside it,
 *      the same holds for every cycle within it.)
 * If there is none and every state of R was fully expanded, R is all of the pred-false reachable part
 * (each expanded state's successors are in the graph) and the property holds. If some state of R was
 * not expanded (a limit, `maxDepth` or the `within` boundary cut it), the verdict is `unknown`, never
 * `holds`.
 */
import type { StateGraph } from './graph.ts';

interface Lasso {
  readonly initIndex: number;
  readonly choices: readonly number[];
  /** Index of the state the cycle returns to; equal to `choices.length` when the path stutters there. */
  readonly loop: number;
}

export type LivenessVerdict =
  | { readonly verdict: 'holds' }
  | { readonly verdict: 'unknown'; readonly message: string }
  | { readonly verdict: 'violated'; readonly message: string; readonly lasso: Lasso };

export interface LivenessQuery {
  /** The bit of the property's predicate in `StateGraph.predBits`. */
  readonly bit: number;
  readonly weakFairness: readonly string[];
}

export function settleEventually(graph: StateGraph, query: LivenessQuery): LivenessVerdict {
  const n = graph.stateCount;
  const mask = 1 << query.bit;
  const fair = query.weakFairness.map((l) => graph.findLabel(l)).filter((id) => id >= 0);
  const isFalse = (v: number): boolean => (graph.predBits(v) & mask) === 0;

  // R by BFS from the pred-false initial states; parentEdge (from parentState) gives shortest prefixes inside R.
  const inR = new Uint8Array(n);
  const parentEdge = new Int32Array(n).fill(-1);
  const parentState = new Int32Array(n);
  const bfsOrder: number[] = [];
  const initIndexOf = new Map<number, number>();
  for (let k = 0; k < graph.initIds.length; k++) {
    const v = graph.initIds[k]!;
    if (!isFalse(v) || inR[v]) continue;
    inR[v] = 1;
    initIndexOf.set(v, graph.initIndexes[k]!);
    bfsOrder.push(v);
  }
  for (let head = 0; head < bfsOrder.length; head++) {
    const v = bfsOrder[head]!;
    for (let e = graph.edgesFrom(v); e < graph.edgesTo(v); e++) {
      const w = graph.target(e);
      if (inR[w] || !isFalse(w)) continue;
      inR[w] = 1;
      parentEdge[w] = e;
      parentState[w] = v;
      bfsOrder.push(w);
    }
  }

  const prefixTo = (v: number): { initIndex: number; choices: number[] } => {
    const choices: number[] = [];
    let u = v;
    while (parentEdge[u]! >= 0) {
      choices.push(graph.choiceOf(parentEdge[u]!));
      u = parentState[u]!;
    }
    choices.reverse();
    return { initIndex: initIndexOf.get(u)!, choices };
  };

  const fairEnabled = (v: number, label: number): boolean => {
    for (let e = graph.edgesFrom(v); e < graph.edgesTo(v); e++) if (graph.labelOf(e) === label) return true;
    return false;
  };

  // (a) a state where no fair action is enabled: it may stutter forever.
  let unexpanded = 0;
  for (const v of bfsOrder) {
    if (!graph.isExpanded(v)) {
      unexpanded++;
      continue;
    }
    if (fair.every((f) => !fairEnabled(v, f))) {
      const { initIndex, choices } = prefixTo(v);
      const names =
        query.weakFairness.length === 0 ? 'no action is fair' : `none of ${query.weakFairness.join(', ')} is enabled`;
      return {
        verdict: 'violated',
        message: `the predicate never holds on a path that ends stuttering forever in a state where ${names}`,
        lasso: { initIndex, choices, loop: choices.length },
      };
    }
  }

  // (b) a fair cycle: iterative Tarjan over the fully expanded states of R (their enabled labels are
  // known, so a fair cycle among them is a real counterexample even when other states were cut).
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const callV: number[] = [];
  const callK: number[] = [];
  let counter = 0;
  const components: number[][] = [];
  for (const root of bfsOrder) {
    if (index[root] !== -1 || !graph.isExpanded(root)) continue;
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    callV.push(root);
    callK.push(graph.edgesFrom(root));
    while (callV.length > 0) {
      const top = callV.length - 1;
      const v = callV[top]!;
      const k = callK[top]!;
      if (k < graph.edgesTo(v)) {
        callK[top] = k + 1;
        const w = graph.target(k);
        if (!inR[w] || !graph.isExpanded(w)) continue;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          callV.push(w);
          callK.push(graph.edgesFrom(w));
        } else if (onStack[w]) {
          low[v] = Math.min(low[v]!, index[w]!);
        }
        continue;
      }
      callV.pop();
      callK.pop();
      if (callV.length > 0) {
        const parent = callV[callV.length - 1]!;
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
      if (low[v] === index[v]) {
        const comp: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          comp.push(w);
        } while (w !== v);
        components.push(comp);
      }
    }
  }

  const compOf = new Int32Array(n).fill(-1);
  components.forEach((c, i) => c.forEach((v) => (compOf[v] = i)));
  const bfsRank = new Int32Array(n);
  bfsOrder.forEach((v, i) => (bfsRank[v] = i));

  let best:
    | { comp: number; entry: number; requirements: ({ edge: number; from: number } | { state: number })[] }
    | undefined;
  for (let ci = 0; ci < components.length; ci++) {
    const comp = components[ci]!;
    // Edges inside the component, with their sources.
    const internal: number[] = [];
    const internalFrom: number[] = [];
    for (const v of comp) {
      for (let e = graph.edgesFrom(v); e < graph.edgesTo(v); e++) {
        if (compOf[graph.target(e)] !== ci) continue;
        internal.push(e);
        internalFrom.push(v);
      }
    }
    if (internal.length === 0) continue; // a single state without a self-loop
    const requirements: ({ edge: number; from: number } | { state: number })[] = [];
    let fairCycle = true;
    for (const f of fair) {
      const taken = internal.findIndex((e) => graph.labelOf(e) === f);
      if (taken >= 0) {
        requirements.push({ edge: internal[taken]!, from: internalFrom[taken]! });
        continue;
      }
      const disabledAt = comp.find((v) => !fairEnabled(v, f));
      if (disabledAt !== undefined) {
        requirements.push({ state: disabledAt });
        continue;
      }
      fairCycle = false;
      break;
    }
    if (!fairCycle) continue;
    const entry = comp.reduce((a, b) => (bfsRank[a]! <= bfsRank[b]! ? a : b));
    if (best === undefined || bfsRank[entry]! < bfsRank[best.entry]!) best = { comp: ci, entry, requirements };
  }

  if (best !== undefined) {
    const ci = best.comp;
    // Shortest choices from `from` to `to` inside the component.
    const walk = (from: number, to: number): number[] => {
      if (from === to) return [];
      // State reached → [edge taken to it, the state it was taken from].
      const prev = new Map<number, readonly [number, number]>([[from, [-1, -1]]]);
      const queue = [from];
      for (let h = 0; h < queue.length; h++) {
        const v = queue[h]!;
        for (let e = graph.edgesFrom(v); e < graph.edgesTo(v); e++) {
          const w = graph.target(e);
          if (compOf[w] !== ci || prev.has(w)) continue;
          prev.set(w, [e, v]);
          if (w === to) {
            const out: number[] = [];
            let u = w;
            while (u !== from) {
              const [pe, pu] = prev.get(u)!;
              out.push(graph.choiceOf(pe));
              u = pu;
            }
            return out.reverse();
          }
          queue.push(w);
        }
      }
      throw new Error('liveness: no path inside a strongly connected component');
    };
    const { initIndex, choices } = prefixTo(best.entry);
    const loop = choices.length;
    let at = best.entry;
    for (const r of best.requirements) {
      if ('edge' in r) {
        choices.push(...walk(at, r.from), graph.choiceOf(r.edge));
        at = graph.target(r.edge);
      } else {
        choices.push(...walk(at, r.state));
        at = r.state;
      }
    }
    choices.push(...walk(at, best.entry));
    if (choices.length === loop) {
      // No requirement moved us: take any edge inside the component, then come back.
      for (let e = graph.edgesFrom(best.entry); e < graph.edgesTo(best.entry); e++) {
        if (compOf[graph.target(e)] !== ci) continue;
        choices.push(graph.choiceOf(e), ...walk(graph.target(e), best.entry));
        break;
      }
    }
    const fairText =
      query.weakFairness.length === 0 ? 'no action is fair' : `weakly fair to ${query.weakFairness.join(', ')}`;
    return {
      verdict: 'violated',
      message: `the predicate never holds on a cycle that repeats forever (${fairText})`,
      lasso: { initIndex, choices, loop },
    };
  }

  if (unexpanded > 0) {
    return {
      verdict: 'unknown',
      message: `${unexpanded} state(s) where the predicate is false were not expanded (a bound or the boundary cut the run), so the graph cannot settle it`,
    };
  }
  return { verdict: 'holds' };
}
