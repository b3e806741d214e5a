/**
 * Replays a recorded trace: finds its model in the registry, decodes its config with the entry's codec,
 * rebuilds the path from the recorded choices (`replayChoices`), compares every recorded state, action
 * label and picks with the rebuilt ones, and re-evaluates the recorded property on the rebuilt path to
 * confirm the verdict reproduces.
 *
 * Bad input (unknown model, bad config, a choice out of range, an unknown property) is an `InputError`
 * naming the place; a divergence or a verdict that does not reproduce is a result, not an error.
 */
import { findModel, listModels, replayChoices, ReplayError } from '../checker/index.ts';
import type { AnyModel, EventuallyProperty, ModelEntry, Path, Property } from '../checker/index.ts';
import { InputError } from '../util/input-error.ts';
import { diffStates, type Change } from './diff.ts';
import { ACTION_TAKEN, NONDET_PICKS, type ItfJson, type ItfTrace } from './itf.ts';
import { appendPath, firstProblem } from './json-path.ts';
import { formatValue } from './format-value.ts';
import { buildTrace } from './write.ts';

/** The first place where the recording and the rebuilt run differ. */
export interface Mismatch {
  readonly step: number;
  /** JSON path into the trace (`states[3].balances["A"]`). */
  readonly path: string;
  readonly recorded?: ItfJson;
  readonly rebuilt?: ItfJson;
  readonly message: string;
}

export interface ReplayOutcome {
  readonly model: AnyModel;
  /** The rebuilt path and its trace (with the recording's meta). */
  readonly path: Path;
  readonly rebuilt: ItfTrace;
  readonly mismatch?: Mismatch;
  /** The recorded verdict holds on the rebuilt path. */
  readonly reproduced: boolean;
  /** Why it does or does not reproduce (the predicate's message when it explains one). */
  readonly verdictMessage: string;
}

export interface ReplayOptions {
  /** Names the trace in errors (usually the file name). */
  readonly where: string;
  /** Where to look models up; the global registry by default. */
  readonly find?: (name: string) => ModelEntry<unknown> | undefined;
  readonly known?: () => readonly string[];
}

function show(v: ItfJson | undefined): string {
  return v === undefined ? 'nothing' : formatValue(v);
}

function mismatchAt(step: number, base: string, d: Change): Mismatch {
  const path = d.path.startsWith('[') ? `${base}${d.path}` : `${base}.${d.path}`;
  return {
    step,
    path,
    ...(d.before === undefined ? {} : { recorded: d.before }),
    ...(d.after === undefined ? {} : { rebuilt: d.after }),
    message: `${path}: recorded ${show(d.before)}, rebuilt ${show(d.after)}`,
  };
}

function compare(recorded: ItfTrace, rebuilt: ItfTrace): Mismatch | undefined {
  const n = Math.max(recorded.states.length, rebuilt.states.length);
  for (let i = 0; i < n; i++) {
    const r = recorded.states[i];
    const b = rebuilt.states[i];
    const at = appendPath('states', i);
    if (r === undefined || b === undefined) {
      return {
        step: i,
        path: at,
        message: `the recording has ${recorded.states.length} states, the rebuilt run ${rebuilt.states.length}`,
      };
    }
    if (i > 0) {
      const rl = r[ACTION_TAKEN];
      const bl = b[ACTION_TAKEN];
      if (rl !== bl) {
        const path = appendPath(at, ACTION_TAKEN);
        return {
          step: i,
          path,
          ...(rl === undefined ? {} : { recorded: rl }),
          ...(bl === undefined ? {} : { rebuilt: bl }),
          message: `${path}: recorded ${show(rl)}, rebuilt ${show(bl)}`,
        };
      }
      const d = diffStates(r[NONDET_PICKS] ?? {}, b[NONDET_PICKS] ?? {})[0];
      if (d !== undefined) return mismatchAt(i, appendPath(at, NONDET_PICKS), d);
    }
    const vars = [...new Set([...recorded.vars, ...rebuilt.vars])].filter(
      (v) => v !== ACTION_TAKEN && v !== NONDET_PICKS,
    );
    const d = diffStates(r as Record<string, ItfJson>, b as Record<string, ItfJson>, vars)[0];
    if (d !== undefined) return mismatchAt(i, at, d);
  }
  return undefined;
}

function words(model: AnyModel, state: unknown): number[] {
  const out: number[] = [];
  model.encode(state, { word: (x) => out.push(x >>> 0) });
  return out;
}

function sameState(model: AnyModel, a: unknown, b: unknown): boolean {
  const x = words(model, a);
  const y = words(model, b);
  return x.length === y.length && x.every((w, i) => w === y[i]);
}

function explain(r: boolean | string, ok: string, notOk: string): string {
  return typeof r === 'string' ? `${notOk}: ${r}` : r ? ok : notOk;
}

/** Checks an `eventually` counterexample: pred never holds, the lasso closes, and the cycle is fair. */
function checkLasso(model: AnyModel, prop: EventuallyProperty<unknown>, path: Path): { ok: boolean; message: string } {
  const bad = path.states.findIndex((s) => prop.pred(s));
  if (bad >= 0) return { ok: false, message: `${prop.name} holds at step ${bad}, so this path does not violate it` };
  const last = path.states.length - 1;
  const loop = path.loop ?? last;
  const fair = new Set(prop.weakFairness);
  if (loop === last) {
    const enabled = model
      .actions(path.states[last])
      .map((a) => model.describe(a).label)
      .filter((l: string) => fair.has(l));
    return enabled.length === 0
      ? {
          ok: true,
          message: `${prop.name} never holds, and at step ${last} no fair action is enabled (it stutters forever)`,
        }
      : { ok: false, message: `the path stops at step ${last} but fair action ${enabled[0]} is enabled there` };
  }
  if (!sameState(model, path.states[last], path.states[loop])) {
    return { ok: false, message: `the lasso does not close: step ${last} is not the state of step ${loop}` };
  }
  for (const label of fair) {
    const taken = path.actions.slice(loop).some((a) => model.describe(a).label === label);
    const disabledSomewhere = path.states
      .slice(loop, last)
      .some((s) => !model.actions(s).some((a: unknown) => model.describe(a).label === label));
    if (!taken && !disabledSomewhere)
      return { ok: false, message: `the cycle is unfair to ${label}: always enabled, never taken` };
  }
  return { ok: true, message: `${prop.name} never holds on the cycle from step ${loop} to ${last}, which is fair` };
}

function reevaluate(
  model: AnyModel,
  trace: ItfTrace,
  path: Path,
  where: string,
): { reproduced: boolean; message: string } {
  const meta = trace['#meta'];
  const last = path.states.length - 1;
  if (meta.kind === 'deadlock') {
    const s = path.states[last];
    const n = model.actions(s).length;
    const terminal = model.terminal?.(s) ?? false;
    return n === 0 && !terminal
      ? { reproduced: true, message: `step ${last} deadlocks: no action is enabled and the state is not terminal` }
      : {
          reproduced: false,
          message:
            n > 0 ? `step ${last} has ${n} enabled action(s): no deadlock` : `step ${last} is terminal: no deadlock`,
        };
  }
  const prop: Property<unknown, unknown> | undefined = model.properties.find(
    (p: Property<unknown, unknown>) => p.name === meta.property,
  );
  if (prop === undefined) {
    const known = model.properties.map((p: Property<unknown, unknown>) => p.name).join(', ');
    throw new InputError(
      `${where}: #meta.property`,
      `model ${meta.model} has no property '${meta.property}' (known: ${known})`,
    );
  }
  if (prop.kind !== meta.kind) {
    throw new InputError(
      `${where}: #meta.kind`,
      `'${meta.property}' is a ${prop.kind} property, the trace says ${meta.kind}`,
    );
  }
  const wanted = meta.verdict;
  if (wanted !== 'violated' && wanted !== 'reached') {
    throw new InputError(
      `${where}: #meta.verdict`,
      `only violated, reached and deadlock traces can be replayed, not ${wanted}`,
    );
  }
  // A verdict must be one the property's kind can have: a counterexample of an always, transition or
  // eventually property, a witness of a sometimes property. A relabelled trace is refused, not "reproduced".
  const fits = prop.kind === 'sometimes' ? 'reached' : 'violated';
  if (wanted !== fits) {
    throw new InputError(
      `${where}: #meta.verdict`,
      `'${meta.property}' is a ${prop.kind} property: its trace can only be ${fits}, the trace says ${wanted}`,
    );
  }
  const vi = meta.violationIndex ?? last;
  switch (prop.kind) {
    case 'always': {
      const r = prop.pred(path.states[vi]);
      return {
        reproduced: r !== true,
        message: explain(r, `${prop.name} holds at step ${vi}: not reproduced`, `step ${vi} violates ${prop.name}`),
      };
    }
    case 'transition': {
      if (vi < 1)
        throw new InputError(
          `${where}: #meta.violationIndex`,
          'a transition violation needs a step before it (index ≥ 1)',
        );
      const r = prop.pred(path.states[vi - 1], path.actions[vi - 1], path.states[vi]);
      return {
        reproduced: r !== true,
        message: explain(r, `step ${vi} satisfies ${prop.name}: not reproduced`, `step ${vi} violates ${prop.name}`),
      };
    }
    case 'sometimes': {
      const r = prop.pred(path.states[vi]);
      return {
        reproduced: r,
        message: r ? `step ${vi} reaches ${prop.name}` : `step ${vi} does not reach ${prop.name}: not reproduced`,
      };
    }
    case 'eventually': {
      const r = checkLasso(model, prop, path);
      return { reproduced: r.ok, message: r.message };
    }
  }
}

export function replayTrace(trace: ItfTrace, options: ReplayOptions): ReplayOutcome {
  const { where } = options;
  const meta = trace['#meta'];
  const entry = (options.find ?? findModel)(meta.model);
  if (entry === undefined) {
    const known = (options.known?.() ?? listModels().map((e) => e.name)).join(', ');
    throw new InputError(
      `${where}: #meta.model`,
      `unknown model '${meta.model}' (known: ${known === '' ? 'none' : known})`,
    );
  }
  const decoded = entry.codec.decode(meta.config);
  if (decoded._tag === 'Left') {
    const p = firstProblem(decoded.left);
    throw new InputError(`${where}: ${p.path === '' ? '#meta.config' : `#meta.config.${p.path}`}`, p.problem);
  }
  const model = entry.build(decoded.right);
  let path: Path;
  try {
    path = replayChoices(model, meta.initIndex, meta.choices, trace.loop);
  } catch (e) {
    if (e instanceof ReplayError) {
      const at = e.step < 0 ? '#meta.initIndex' : e.step >= meta.choices.length ? 'loop' : `#meta.choices[${e.step}]`;
      throw new InputError(`${where}: ${at}`, e.problem);
    }
    throw e;
  }
  const rebuilt = buildTrace(model, path, {
    run: {
      model: meta.model,
      config: meta.config,
      strategy: meta.strategy ?? 'bfs',
      ...(meta.seed === undefined ? {} : { seed: meta.seed }),
    },
    subject: {
      property: meta.property,
      kind: meta.kind,
      verdict: meta.verdict,
      ...(meta.expected === undefined ? {} : { expected: meta.expected }),
      ...(meta.message === undefined ? {} : { message: meta.message }),
      ...(meta.violationIndex === undefined ? {} : { violationIndex: meta.violationIndex }),
    },
  });
  const mismatch = compare(trace, rebuilt);
  const { reproduced, message } = reevaluate(model, trace, path, where);
  return { model, path, rebuilt, ...(mismatch === undefined ? {} : { mismatch }), reproduced, verdictMessage: message };
}
