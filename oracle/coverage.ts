/**
 * Model-guided coverage: random runs miss deep states, so paths are also generated from the model. A
 * breadth-first search up to depth D over the transitions the implementation supports gives one path per
 * distinct transition (the shortest path to its source state, then the transition); the paths are replayed on
 * the implementation, longest first, skipping any transition an earlier replay already exercised. The report
 * names the transitions and action kinds exercised on the implementation, and the ones not (with why).
 */
import type { ProtocolAction } from '../model/scheme1/actions.ts';
import type { ProtocolModel } from '../model/scheme1/machine.ts';
import type { ProtocolState } from '../model/scheme1/state.ts';
import { stepsForActions } from './paths.ts';
import { runOracle, type Failure, type RunSetup } from './run.ts';
import { implSupports, skipReason } from './step.ts';

export interface CoverageOptions {
  readonly depth: number;
  /** Stop replaying at the first failure (default true). */
  readonly stopAtFailure?: boolean;
}

export interface CoverageReport {
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
  /** Enabled within the depth but not supported (why), with how many transitions. */
  readonly skipped: Readonly<Record<string, number>>;
  readonly failure?: { readonly failure: Failure; readonly actions: readonly ProtocolAction[] };
}

interface Node {
  readonly state: ProtocolState;
  readonly depth: number;
  readonly parent: string | undefined;
  readonly via: ProtocolAction | undefined;
}

export interface Edge {
  readonly key: string;
  readonly from: string;
  readonly action: ProtocolAction;
  readonly depth: number;
}

const keyOf = (s: ProtocolState): string => JSON.stringify(s);

function pathTo(nodes: Map<string, Node>, key: string): ProtocolAction[] {
  const out: ProtocolAction[] = [];
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
export interface CoveragePlan {
  readonly init: ProtocolState;
  readonly states: number;
  /** Distinct transitions, deepest first. */
  readonly order: readonly Edge[];
  readonly skipped: Readonly<Record<string, number>>;
  /** The model actions from the initial state through `e`. */
  pathOf(e: Edge): ProtocolAction[];
}

export function coveragePlan(model: ProtocolModel, depth: number, supports: (s: ProtocolState, a: ProtocolAction) => boolean): CoveragePlan {
  const init = model.init()[0];
  if (init === undefined) throw new Error(`${model.name}: no initial state`);
  const nodes = new Map<string, Node>([[keyOf(init), { state: init, depth: 0, parent: undefined, via: undefined }]]);
  const edges: Edge[] = [];
  const skipped: Record<string, number> = {};
  let frontier = [keyOf(init)];
  for (let d = 0; d < depth && frontier.length > 0; d++) {
    const next: string[] = [];
    for (const k of frontier) {
      const n = nodes.get(k);
      if (n === undefined) continue;
      for (const a of model.actions(n.state)) {
        if (!supports(n.state, a)) {
          const why = skipReason(a);
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
  return { init, states: nodes.size, order: [...edges].sort((x, y) => y.depth - x.depth), skipped, pathOf: (e) => [...pathTo(nodes, e.from), e.action] };
}

/** Marks the transitions of the first `taken` actions of `actions` as covered; returns labels and kinds newly covered. */
export function markCovered(model: ProtocolModel, init: ProtocolState, actions: readonly ProtocolAction[], taken: number, acc: { covered: Set<string>; labels: Record<string, number>; kinds: Set<string> }): void {
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

export function coverage(setup: RunSetup, opts: CoverageOptions): CoverageReport {
  const model: ProtocolModel = setup.model;
  const plan = coveragePlan(model, opts.depth, (s, a) => implSupports(model.ctx, s, a));
  const { init, order, skipped } = plan;
  // Longest first: one replay exercises every transition on its path.
  const acc = { covered: new Set<string>(), labels: {} as Record<string, number>, kinds: new Set<string>() };
  let paths = 0;
  let steps = 0;
  let failure: CoverageReport['failure'];
  for (const e of order) {
    if (acc.covered.has(e.key)) continue;
    const actions = plan.pathOf(e);
    const r = runOracle(setup, stepsForActions(model, actions));
    paths++;
    steps += r.modelSteps;
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
    skipped,
    ...(failure === undefined ? {} : { failure }),
  };
}
