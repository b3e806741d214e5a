/**
 * Oracle runs through an adapter, for any scheme: the same steps as `runOracle`, but the implementation is
 * whatever answers the adapter protocol. The adapter reports its abstract state (ITF); with the binding's
 * `fromItf` it is decoded (every field checked) and compared with the model and checked against the
 * properties; without, it is compared with the model's state field by field in ITF (equal: the properties
 * read the model's state). An action outside the declared capabilities, or one the adapter answers
 * `unsupported`, is skipped (reported), never stubbed.
 */
import type { AnyModel } from '../../checker/model.ts';
import { toItfRecord } from '../../traces/to-itf.ts';
import type { AnyBinding } from '../binding.ts';
import { firstDifference } from '../divergence.ts';
import { checkPick, checkStep, recordStutter, type Failure, type OracleStep, type StepRecord } from '../run.ts';
import { PROTOCOL, type Response } from './protocol.ts';
import { AdapterFailure, type Transport } from './transport.ts';

export interface AdapterTarget {
  readonly transport: Transport;
  readonly binding: AnyBinding;
  readonly model: AnyModel;
  readonly implementation: string;
  readonly capabilities: ReadonlySet<string>;
  readonly adversary: ReadonlySet<string>;
}

export interface AdapterRunOutcome {
  readonly records: readonly StepRecord<unknown, { readonly kind: string }>[];
  readonly failure?: Failure;
  readonly modelSteps: number;
  readonly adversarySteps: number;
  readonly skipped: readonly string[];
}

/** The handshake: the oracle names the variant, the adapter declares what it implements. */
export async function openAdapter(
  transport: Transport,
  binding: AnyBinding,
  model: AnyModel,
  variant: string,
  configJson: unknown,
): Promise<AdapterTarget> {
  const res = await transport.request({ type: 'hello', protocol: PROTOCOL, variant, config: configJson });
  if (res.type !== 'hello') throw new AdapterFailure('protocol', `expected a hello answer, got ${res.type}`);
  if (res.protocol !== PROTOCOL)
    throw new AdapterFailure('protocol', `the adapter speaks ${res.protocol}, not ${PROTOCOL}`);
  return {
    transport,
    binding,
    model,
    implementation: res.implementation,
    capabilities: new Set(res.capabilities),
    adversary: new Set(res.adversary),
  };
}

/**
 * The adapter's state as a model state: decoded by the binding, or (no decoder) the model's own `expected`
 * when the ITF agrees field for field; else the divergence.
 */
function adapterState(
  target: AdapterTarget,
  res: Response,
  expected: unknown,
  where: string,
): { state: unknown; note?: string } | { difference: Failure } | undefined {
  if (res.type !== 'state') return undefined;
  const note = res.note === undefined ? {} : { note: res.note };
  if (target.binding.fromItf !== undefined)
    return { state: target.binding.fromItf(target.model, res.state, where), ...note };
  const difference = firstDifference(toItfRecord(target.model.toItf(expected)) as never, res.state as never);
  return difference === undefined
    ? { state: expected, ...note }
    : { difference: { kind: 'divergence', step: -1, label: where, difference } };
}

export async function runViaAdapter(
  target: AdapterTarget,
  worldSeed: number,
  steps: readonly OracleStep<{ readonly kind: string }>[],
): Promise<AdapterRunOutcome> {
  const { model, transport } = target;
  const records: StepRecord<unknown, { readonly kind: string }>[] = [];
  const skipped = new Set<string>();
  let modelSteps = 0;
  let adversarySteps = 0;
  const finish = (failure?: Failure): AdapterRunOutcome => ({
    records,
    modelSteps,
    adversarySteps,
    skipped: [...skipped].sort(),
    ...(failure === undefined ? {} : { failure }),
  });
  const adapterFailure = (e: unknown, label: string): Failure => {
    if (e instanceof AdapterFailure)
      return { kind: 'adapter', step: records.length, label, detail: `${e.kind}: ${e.message}` };
    if (e instanceof Error && e.name === 'InputError')
      return { kind: 'adapter', step: records.length, label, detail: `malformed: the adapter's state: ${e.message}` };
    throw e;
  };
  /** The adapter's answer as a state (a divergence found in ITF is reported at this step, under `label`). */
  const read = (
    res: Response,
    expected: unknown,
    where: string,
    label: string,
  ): { state: unknown; note?: string } | Failure | undefined => {
    const got = adapterState(target, res, expected, where);
    if (got !== undefined && 'difference' in got) return { ...got.difference, step: records.length, label } as Failure;
    return got;
  };
  let state: unknown = model.init()[0];
  let abs: unknown;
  try {
    const got = read(await transport.request({ type: 'reset', seed: worldSeed }), state, 'reset.state', 'init');
    if (got === undefined)
      return finish({
        kind: 'adapter',
        step: 0,
        label: 'init',
        detail: 'protocol: reset was not answered with a state',
      });
    if ('kind' in got) return finish({ ...got, step: 0 });
    abs = got.state;
  } catch (e) {
    return finish(adapterFailure(e, 'init'));
  }
  records.push({ label: 'init', model: state, impl: abs });
  const f0 = checkStep(model, 0, 'init', state, undefined, undefined, abs);
  if (f0 !== undefined && f0.kind === 'divergence') return finish(f0);
  let id = 0;
  for (const [i, step] of steps.entries()) {
    id++;
    if (step.kind === 'adversary') {
      if (!target.adversary.has(step.cmd.kind)) {
        skipped.add(`adversary ${step.cmd.kind}`);
        continue;
      }
      const label = target.binding.adversary.label(step.cmd);
      let got;
      let res: Response;
      try {
        res = await transport.request({ type: 'adversary', id, command: step.cmd });
        if (res.type === 'noop') continue;
        if (res.type === 'unsupported') {
          skipped.add(`adversary ${step.cmd.kind}`);
          continue;
        }
        got = read(res, state, `adversary ${id}.state`, label);
      } catch (e) {
        return finish(adapterFailure(e, label));
      }
      if (got === undefined)
        return finish({
          kind: 'refusal',
          step: records.length,
          label,
          detail: `the adapter answered ${res.type} to an adversarial step`,
        });
      if ('kind' in got) return finish(got);
      adversarySteps++;
      abs = got.state;
      const f = recordStutter(model, records, label, state, abs, got.note);
      if (f !== undefined) return finish(f);
      continue;
    }
    checkPick(step.pick, `steps[${i}].pick`);
    const all = model.actions(state) as readonly { readonly kind: string }[];
    const enabled = all.filter((a) => target.capabilities.has(a.kind));
    for (const a of all) if (!target.capabilities.has(a.kind)) skipped.add(a.kind);
    if (enabled.length === 0) break;
    // Try the picked action, then the next ones, until the adapter takes one (an `unsupported` answer leaves it unchanged).
    let taken: { action: { readonly kind: string }; state: unknown } | undefined;
    for (let k = 0; k < enabled.length && taken === undefined; k++) {
      const action = enabled[(step.pick + k) % enabled.length] as { readonly kind: string };
      const label = model.describe(action).label;
      const after = model.next(state, action);
      let res: Response;
      let got;
      try {
        res = await transport.request({ type: 'step', id, action });
        got = read(res, after, `step ${id}.state`, label);
      } catch (e) {
        return finish(adapterFailure(e, label));
      }
      if (res.type === 'unsupported') {
        skipped.add(res.detail);
        continue;
      }
      if (res.type === 'refused') return finish({ kind: 'refusal', step: records.length, label, detail: res.detail });
      if (got === undefined)
        return finish({
          kind: 'adapter',
          step: records.length,
          label,
          detail: `protocol: a step was answered ${res.type}`,
        });
      if ('kind' in got) return finish(got);
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
