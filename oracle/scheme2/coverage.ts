/**
 * Scheme-2 model-guided coverage (a copy of ../coverage.ts over the scheme-2 model): a BFS to depth D over the
 * transitions the implementation supports, one path per distinct transition (the shortest path to its source,
 * then the transition), replayed on the implementation longest first, skipping transitions an earlier replay
 * already exercised. The report has ../coverage.ts's `CoverageReport` shape.
 */
import type { Scheme2Action } from '../../model/scheme2/actions.ts';
import type { Scheme2Model } from '../../model/scheme2/machine.ts';
import type { Scheme2State } from '../../model/scheme2/state.ts';
import type { CoverageReport } from '../coverage.ts';
import type { Failure } from '../run.ts';
import { runOracle2, type Oracle2Step, type Run2Setup } from './run.ts';
import { implSupports2, skipReason2 } from './step.ts';

interface Node2 {
  readonly state: Scheme2State;
  readonly parent: string | undefined;
  readonly via: Scheme2Action | undefined;
}

interface Edge2 {
  readonly key: string;
  readonly from: string;
  readonly action: Scheme2Action;
  readonly depth: number;
}

const keyOf = (s: Scheme2State): string => JSON.stringify(s);
const same = (a: Scheme2Action, b: Scheme2Action): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The oracle steps that take `actions` from the initial state (each pick an index among the enabled, supported actions). */
export function steps2ForActions(model: Scheme2Model, actions: readonly Scheme2Action[]): Oracle2Step[] {
  let s = model.init()[0];
  if (s === undefined) throw new Error(`${model.name}: no initial state`);
  const out: Oracle2Step[] = [];
  for (const [i, a] of actions.entries()) {
    const state = s;
    const pick = model.actions(state).filter((x) => implSupports2(model.ctx, state, x)).findIndex((x) => same(x, a));
    if (pick < 0) throw new Error(`step ${i + 1}: ${JSON.stringify(a)} is not an enabled, supported action`);
    out.push({ kind: 'model', pick });
    s = model.next(s, a);
  }
  return out;
}

/** The oracle steps for the actions labelled `labels` (each the first enabled action with that label). */
export function steps2ForLabels(model: Scheme2Model, labels: readonly string[]): Oracle2Step[] {
  let s = model.init()[0];
  if (s === undefined) throw new Error(`${model.name}: no initial state`);
  const actions: Scheme2Action[] = [];
  for (const [i, label] of labels.entries()) {
    const a = model.actions(s).find((x) => model.describe(x).label === label);
    if (a === undefined) throw new Error(`step ${i + 1}: no enabled action labelled ${label}`);
    actions.push(a);
    s = model.next(s, a);
  }
  return steps2ForActions(model, actions);
}

export type Coverage2Report = Omit<CoverageReport, 'failure'> & { readonly failure?: { readonly failure: Failure; readonly actions: readonly Scheme2Action[] } };

export function coverage2(setup: Run2Setup, opts: { readonly depth: number; readonly stopAtFailure?: boolean }): Coverage2Report {
  const { model } = setup;
  const init = model.init()[0];
  if (init === undefined) throw new Error(`${model.name}: no initial state`);
  const nodes = new Map<string, Node2>([[keyOf(init), { state: init, parent: undefined, via: undefined }]]);
  const edges: Edge2[] = [];
  const skipped: Record<string, number> = {};
  let frontier = [keyOf(init)];
  for (let depth = 0; depth < opts.depth && frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const k of frontier) {
      const n = nodes.get(k);
      if (n === undefined) continue;
      for (const a of model.actions(n.state)) {
        if (!implSupports2(model.ctx, n.state, a)) {
          const why = skipReason2(a);
          skipped[why] = (skipped[why] ?? 0) + 1;
          continue;
        }
        edges.push({ key: `${k}|${JSON.stringify(a)}`, from: k, action: a, depth });
        const s2 = model.next(n.state, a);
        const k2 = keyOf(s2);
        if (!nodes.has(k2)) {
          nodes.set(k2, { state: s2, parent: k, via: a });
          next.push(k2);
        }
      }
    }
    frontier = next;
  }
  const pathTo = (key: string): Scheme2Action[] => {
    const out: Scheme2Action[] = [];
    for (let k: string | undefined = key; k !== undefined; ) {
      const n = nodes.get(k);
      if (n === undefined || n.via === undefined) break;
      out.push(n.via);
      k = n.parent;
    }
    return out.reverse();
  };
  const order = [...edges].sort((x, y) => y.depth - x.depth);
  const covered = new Set<string>();
  const labels: Record<string, number> = {};
  const kinds = new Set<string>();
  let paths = 0;
  let steps = 0;
  let failure: Coverage2Report['failure'];
  for (const e of order) {
    if (covered.has(e.key)) continue;
    const actions = [...pathTo(e.from), e.action];
    const r = runOracle2(setup, steps2ForActions(model, actions));
    paths++;
    steps += r.modelSteps;
    let s = init;
    for (const a of actions.slice(0, r.modelSteps)) {
      const key = `${keyOf(s)}|${JSON.stringify(a)}`;
      if (!covered.has(key)) {
        covered.add(key);
        const label = model.describe(a).label;
        labels[label] = (labels[label] ?? 0) + 1;
        kinds.add(a.kind);
      }
      s = model.next(s, a);
    }
    if (r.failure !== undefined) {
      failure ??= { failure: r.failure, actions };
      if (opts.stopAtFailure !== false) break;
    }
  }
  return {
    model: model.name,
    depth: opts.depth,
    states: nodes.size,
    transitions: order.length,
    transitionsCovered: covered.size,
    paths,
    steps,
    labels,
    kinds: [...kinds].sort(),
    skipped,
    ...(failure === undefined ? {} : { failure }),
  };
}
