/** A decoded trace as a list of steps: the action that led to each state, with its picks unwrapped. */
import { ACTION_TAKEN, INIT_ACTION, NONDET_PICKS, type ItfJson, type ItfState, type ItfTrace } from './itf.ts';
import { unwrapPick } from './to-itf.ts';

export interface TraceStep {
  readonly index: number;
  /** `init` for the first state. */
  readonly label: string;
  /** The picks with Quint's option wrapper removed (`None` picks left out), keys sorted. */
  readonly picks: Readonly<Record<string, ItfJson>>;
  /** The state's variables (without `#meta` and the mbt:: fields). */
  readonly vars: Readonly<Record<string, ItfJson>>;
}

export function stateVars(state: ItfState, vars: readonly string[]): Record<string, ItfJson> {
  const out: Record<string, ItfJson> = {};
  for (const v of vars) {
    if (v === ACTION_TAKEN || v === NONDET_PICKS) continue;
    const x = state[v];
    if (x !== undefined) out[v] = x as ItfJson;
  }
  return out;
}

export function traceSteps(trace: ItfTrace): TraceStep[] {
  return trace.states.map((state, index) => {
    const raw = state[NONDET_PICKS] ?? {};
    const picks: Record<string, ItfJson> = {};
    for (const k of Object.keys(raw).sort()) {
      const v = unwrapPick(raw[k] as ItfJson);
      if (v !== undefined) picks[k] = v;
    }
    return { index, label: state[ACTION_TAKEN] ?? INIT_ACTION, picks, vars: stateVars(state, trace.vars) };
  });
}
