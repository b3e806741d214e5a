/**
 * Oracle runs through an adapter: the same steps as `runOracle`, but the implementation is whatever answers
 * the adapter protocol. The adapter reports its abstract state (ITF), which is decoded (from-itf.ts), compared
 * with the model and checked against the properties. An action outside the declared capabilities, or one the
 * adapter answers `unsupported`, is skipped (reported), never stubbed.
 */
import type { ProtocolAction } from '../../model/scheme1/actions.ts';
import type { ProtocolModel } from '../../model/scheme1/machine.ts';
import type { ProtocolState } from '../../model/scheme1/state.ts';
import { adversaryLabel } from '../adversary.ts';
import { stateFromItf } from '../from-itf.ts';
import { checkStep, compareStates, type Failure, type OracleStep, type StepRecord } from '../run.ts';
import { PROTOCOL, type Response } from './protocol.ts';
import { AdapterFailure, type Transport } from './transport.ts';

export interface AdapterTarget {
  readonly transport: Transport;
  readonly model: ProtocolModel;
  readonly implementation: string;
  readonly capabilities: ReadonlySet<string>;
  readonly adversary: ReadonlySet<string>;
}

export interface AdapterRunOutcome {
  readonly records: readonly StepRecord[];
  readonly failure?: Failure;
  readonly modelSteps: number;
  readonly adversarySteps: number;
  readonly skipped: readonly string[];
}

/** The handshake: the adapter declares what it implements. */
export async function openAdapter(transport: Transport, model: ProtocolModel, variant: string, configJson: unknown): Promise<AdapterTarget> {
  const res = await transport.request({ type: 'hello', protocol: PROTOCOL, variant, config: configJson });
  if (res.type !== 'hello') throw new AdapterFailure('protocol', `expected a hello answer, got ${res.type}`);
  if (res.protocol !== PROTOCOL) throw new AdapterFailure('protocol', `the adapter speaks ${res.protocol}, not ${PROTOCOL}`);
  return { transport, model, implementation: res.implementation, capabilities: new Set(res.capabilities), adversary: new Set(res.adversary) };
}

function expectState(res: Response, model: ProtocolModel, where: string): { state: ProtocolState; note?: string } | undefined {
  if (res.type !== 'state') return undefined;
  return { state: stateFromItf(model, res.state, where), ...(res.note === undefined ? {} : { note: res.note }) };
}

export async function runViaAdapter(target: AdapterTarget, worldSeed: number, steps: readonly OracleStep[]): Promise<AdapterRunOutcome> {
  const { model, transport } = target;
  const records: StepRecord[] = [];
  const skipped = new Set<string>();
  let modelSteps = 0;
  let adversarySteps = 0;
  const finish = (failure?: Failure): AdapterRunOutcome => ({ records, modelSteps, adversarySteps, skipped: [...skipped].sort(), ...(failure === undefined ? {} : { failure }) });
  const adapterFailure = (e: unknown, label: string): Failure => {
    if (e instanceof AdapterFailure) return { kind: 'adapter', step: records.length, label, detail: `${e.kind}: ${e.message}` };
    if (e instanceof Error && e.name === 'InputError') return { kind: 'adapter', step: records.length, label, detail: `malformed: the adapter's state: ${e.message}` };
    throw e;
  };
  let state = model.init()[0] as ProtocolState;
  let abs: ProtocolState;
  try {
    const got = expectState(await transport.request({ type: 'reset', seed: worldSeed }), model, 'reset.state');
    if (got === undefined) return finish({ kind: 'adapter', step: 0, label: 'init', detail: 'protocol: reset was not answered with a state' });
    abs = got.state;
  } catch (e) {
    return finish(adapterFailure(e, 'init'));
  }
  records.push({ label: 'init', model: state, impl: abs });
  const f0 = compareStates(model, 0, 'init', state, abs);
  if (f0 !== undefined) return finish(f0);
  let id = 0;
  for (const step of steps) {
    id++;
    if (step.kind === 'adversary') {
      if (!target.adversary.has(step.cmd.kind)) {
        skipped.add(`adversary ${step.cmd.kind}`);
        continue;
      }
      const label = adversaryLabel(step.cmd);
      let res: Response;
      try {
        res = await transport.request({ type: 'adversary', id, command: step.cmd });
      } catch (e) {
        return finish(adapterFailure(e, label));
      }
      if (res.type === 'noop') continue;
      if (res.type === 'unsupported') {
        skipped.add(`adversary ${step.cmd.kind}`);
        continue;
      }
      let got;
      try {
        got = expectState(res, model, `adversary ${id}.state`);
      } catch (e) {
        return finish(adapterFailure(e, label));
      }
      if (got === undefined) return finish({ kind: 'refusal', step: records.length, label, detail: `the adapter answered ${res.type} to an adversarial step` });
      adversarySteps++;
      abs = got.state;
      records.push({ label, model: state, impl: abs, ...(got.note === undefined ? {} : { note: got.note }) });
      const f = checkStep(model, records.length - 1, label, state, undefined, undefined, abs);
      if (f !== undefined) return finish(f);
      continue;
    }
    const all = model.actions(state);
    const enabled = all.filter((a) => target.capabilities.has(a.kind));
    for (const a of all) if (!target.capabilities.has(a.kind)) skipped.add(a.kind);
    if (enabled.length === 0) break;
    // Try the picked action, then the next ones, until the adapter takes one (an `unsupported` answer leaves it unchanged).
    let taken: { action: ProtocolAction; state: ProtocolState } | undefined;
    for (let k = 0; k < enabled.length && taken === undefined; k++) {
      const action = enabled[(step.pick + k) % enabled.length] as ProtocolAction;
      const label = model.describe(action).label;
      let res: Response;
      let got;
      try {
        res = await transport.request({ type: 'step', id, action: action as unknown as { kind: string } });
        got = expectState(res, model, `step ${id}.state`);
      } catch (e) {
        return finish(adapterFailure(e, label));
      }
      if (res.type === 'unsupported') {
        skipped.add(res.detail);
        continue;
      }
      if (res.type === 'refused') return finish({ kind: 'refusal', step: records.length, label, detail: res.detail });
      if (got === undefined) return finish({ kind: 'adapter', step: records.length, label, detail: `protocol: a step was answered ${res.type}` });
      taken = { action, state: got.state };
    }
    if (taken === undefined) break;
    modelSteps++;
    const label = model.describe(taken.action).label;
    const before = abs;
    state = model.next(state, taken.action);
    abs = taken.state;
    records.push({ label, action: taken.action, model: state, impl: abs });
    const f = checkStep(model, records.length - 1, label, state, before, taken.action, abs);
    if (f !== undefined) return finish(f);
  }
  return finish();
}
