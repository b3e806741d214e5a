/**
 * Model-guided coverage: random runs miss deep states, so paths are also generated from the model. A
 * breadth-first search up to depth D over the transitions the implementation supports gives one path per
 * distinct transition (the shortest path to its source state, then the transition); the paths are replayed on
 * the implementation, longest first, skipping any transition an earlier replay already exercised. The report
 * names the transitions and action kinds exercised on the implementation, and the ones not (with why).
 */
import type { Model } from '../checker/model.ts';
import type { BindingTypes, ProtocolBinding } from './binding.ts';
import { countGuards, type GuardCounts } from './guard-coverage.ts';
import { stepsForActions, supportsOf } from './paths.ts';
import { runOracle, type Failure, type RunSetup } from './run.ts';

export interface CoverageOptions {
  readonly depth: number;
  /** Stop replaying at the first failure (default true). */
  readonly stopAtFailure?: boolean;
}

export interface CoverageReport<A = { readonly kind: string }> {
  readonly model: string;
  readonly depth: number;
  /** Distinct model states reached through supported transitions within the depth. */
  readonly states: number;
  /** Distinct supported transitions (state, action) within the depth. */
  readonly transitions: number;
  /** Transitions exercised on the implementation. */
  readonly transitionsCovered: number;
  /** Paths replayed on the implementation, and the model steps they took. */
  readonly paths: number;
  readonly steps: number;
  /** Action labels exercised on the implementation, with how many distinct transitions each. */
  readonly labels: Readonly<Record<string, number>>;
  /** Action kinds exercised. */
  readonly kinds: readonly string[];
  /** Refusals per guard (impl/node/guards.ts) over the replayed paths. */
  readonly guards: GuardCounts;
  /** Enabled within the depth but not supported (why), with how many transitions. */
  readonly skipped: Readonly<Record<string, number>>;
  readonly failure?: { readonly failure: Failure; readonly actions: readonly A[] };
}

interface Node<S, A> {
  readonly state: S;
  readonly depth: number;
  readonly parent: string | undefined;
  readonly via: A | undefined;
}

interface Edge<A> {
  readonly key: string;
  readonly from: string;
  readonly action: A;
  readonly depth: number;
}

const keyOf = (s: unknown): string => JSON.stringify(s);

function pathTo<S, A>(nodes: Map<string, Node<S, A>>, key: string): A[] {
  const out: A[] = [];
  let k: string | undefined = key;
  while (k !== undefined) {
    const n = nodes.get(k);
    if (n === undefined || n.via === undefined) break;
    out.push(n.via);
    k = n.parent;
  }
  return out.reverse();
}

/** The BFS to depth D over supported transitions: states, transitions (longest first), and each one's path. */
export interface CoveragePlan<S, A> {
  readonly init: S;
  readonly states: number;
  /** Distinct transitions, deepest first. */
  readonly order: readonly Edge<A>[];
  readonly skipped: Readonly<Record<string, number>>;
  /** The model actions from the initial state through `e`. */
  pathOf(e: Edge<A>): A[];
}

/** The BFS; `skipReason` says why an action `supports` rejects is not taken. */
export function coveragePlan<S, A>(
  model: Model<S, A>,
  depth: number,
  supports: (s: S, a: A) => boolean,
  skipReason: (a: A, s: S) => string,
): CoveragePlan<S, A> {
  const init = model.init()[0];
  if (init === undefined) throw new Error(`${model.name}: no initial state`);
  const nodes = new Map<string, Node<S, A>>([
    [keyOf(init), { state: init, depth: 0, parent: undefined, via: undefined }],
  ]);
  const edges: Edge<A>[] = [];
  const skipped: Record<string, number> = {};
  let frontier = [keyOf(init)];
  for (let d = 0; d < depth && frontier.length > 0; d++) {
    const next: string[] = [];
    for (const k of frontier) {
      const n = nodes.get(k);
      if (n === undefined) continue;
      for (const a of model.actions(n.state)) {
        if (!supports(n.state, a)) {
          const why = skipReason(a, n.state);
          skipped[why] = (skipped[why] ?? 0) + 1;
          continue;
        }
        edges.push({ key: `${k}|${JSON.stringify(a)}`, from: k, action: a, depth: d });
        const s2 = model.next(n.state, a);
        const k2 = keyOf(s2);
        if (!nodes.has(k2)) {
          nodes.set(k2, { state: s2, depth: d + 1, parent: k, via: a });
          next.push(k2);
        }
      }
    }
    frontier = next;
  }
  return {
    init,
    states: nodes.size,
    order: [...edges].sort((x, y) => y.depth - x.depth),
    skipped,
    pathOf: (e) => [...pathTo(nodes, e.from), e.action],
  };
}

/** Marks the transitions of the first `taken` actions of `actions` as covered; returns labels and kinds newly covered. */
export function markCovered<S, A extends { readonly kind: string }>(
  model: Model<S, A>,
  init: S,
  actions: readonly A[],
  taken: number,
  acc: { covered: Set<string>; labels: Record<string, number>; kinds: Set<string> },
): void {
  let s = init;
  for (const a of actions.slice(0, taken)) {
    const key = `${keyOf(s)}|${JSON.stringify(a)}`;
    if (!acc.covered.has(key)) {
      acc.covered.add(key);
      const label = model.describe(a).label;
      acc.labels[label] = (acc.labels[label] ?? 0) + 1;
      acc.kinds.add(a.kind);
    }
    s = model.next(s, a);
  }
}

export function coverage<T extends BindingTypes>(
  binding: ProtocolBinding<T>,
  setup: RunSetup<T>,
  opts: CoverageOptions,
): CoverageReport<T['action']> {
  const { model } = setup;
  const supports = supportsOf(binding, model);
  const plan = coveragePlan(model, opts.depth, supports, (a, s) => binding.skipReason(a, s));
  const { init, order, skipped } = plan;
  // Longest first: one replay exercises every transition on its path.
  const acc = { covered: new Set<string>(), labels: {} as Record<string, number>, kinds: new Set<string>() };
  const guards: Record<string, number> = {};
  let paths = 0;
  let steps = 0;
  let failure: CoverageReport<T['action']>['failure'];
  for (const e of order) {
    if (acc.covered.has(e.key)) continue;
    const actions = plan.pathOf(e);
    const r = runOracle(binding, setup, stepsForActions(model, actions, supports));
    paths++;
    steps += r.modelSteps;
    countGuards(guards, r.guards);
    markCovered(model, init, actions, r.modelSteps, acc);
    if (r.failure !== undefined) {
      failure ??= { failure: r.failure, actions };
      if (opts.stopAtFailure !== false) break;
    }
  }
  return {
    model: model.name,
    depth: opts.depth,
    states: plan.states,
    transitions: order.length,
    transitionsCovered: acc.covered.size,
    paths,
    steps,
    labels: acc.labels,
    kinds: [...acc.kinds].sort(),
    guards,
    skipped,
    ...(failure === undefined ? {} : { failure }),
  };
}
