/**
 * `apln conform --adapter 'COMMAND'`: the oracle against an external adapter process, suite by suite and
 * scheme by scheme (the handshake names each suite's variant): seeded random runs (fast-check, no shrinking:
 * a crashed adapter cannot rerun), then the coverage replay, then the suite's deep paths (each after its own
 * handshake: a path may run on another config). A crash, a hang (per-step timeout) or malformed
 * JSON is reported as such and ends that suite.
 */
import fc from 'fast-check';
import type { AnyBinding, Suite } from '../binding.ts';
import { BINDINGS } from '../bindings.ts';
import {
  SUITES,
  pathModel,
  schemeKinds,
  suiteDepth,
  suiteModel,
  suiteSeedOffset,
  summarize,
  type ConformOptions,
  type ConformReport,
  type SuiteReport,
} from '../conform.ts';
import { coveragePlan, markCovered } from '../coverage.ts';
import { stepsArb } from '../fuzz.ts';
import { actionsForLabels, stepsForActions } from '../paths.ts';
import { describeFailure, type Failure } from '../run.ts';
import { openAdapter, runViaAdapter, type AdapterTarget } from './run-adapter.ts';
import { AdapterFailure, childProcess, type Transport } from './transport.ts';

export interface AdapterConformOptions extends Omit<ConformOptions, 'mutant'> {
  /** The adapter command (run through the shell), or a transport factory (tests). */
  readonly command: string | (() => Transport);
  readonly timeoutMs: number;
}

type Kind = { readonly kind: string };

async function suiteViaAdapter(
  suite: Suite,
  index: number,
  opts: AdapterConformOptions,
  exercised: Set<string>,
): Promise<SuiteReport> {
  const { binding, model, config } = suiteModel(suite);
  const transport =
    typeof opts.command === 'string' ? childProcess(opts.command, { timeoutMs: opts.timeoutMs }) : opts.command();
  const failures: SuiteReport['failures'][number][] = [];
  const fail = (source: 'random' | 'coverage', f: Failure): void => {
    failures.push({ source, kind: f.kind, text: describeFailure(f) });
  };
  const kind = (k: string): void => void exercised.add(`${binding.scheme}/${k}`);
  let runs = 0;
  let modelSteps = 0;
  let adversarySteps = 0;
  const acc = { covered: new Set<string>(), labels: {} as Record<string, number>, kinds: new Set<string>() };
  const depth = suiteDepth(suite, opts.depth);
  const skip = (a: Kind): string => binding.skipReason(a);
  const plan = coveragePlan(model, depth, () => true, skip);
  let target: AdapterTarget | undefined;
  let reported = plan;
  let paths = 0;
  let coverageSteps = 0;
  let deep = 0;
  try {
    target = await openAdapter(transport, binding, model, suite.variant, config);
    const t = target;
    opts.progress?.(`${suite.name}: adapter ${t.implementation}; ${opts.runs} random runs`);
    let stop = false;
    await fc.check(
      fc.asyncProperty(stepsArb(binding, { maxSteps: opts.maxSteps }), async (steps) => {
        if (stop) return;
        runs++;
        const r = await runViaAdapter(t, opts.seed + index, steps);
        modelSteps += r.modelSteps;
        adversarySteps += r.adversarySteps;
        for (const rec of r.records) if (rec.action !== undefined) kind(rec.action.kind);
        if (r.failure !== undefined) {
          fail('random', r.failure);
          stop = true;
        }
      }),
      { seed: opts.seed + index, numRuns: opts.runs },
    );
    if (!stop) {
      opts.progress?.(`${suite.name}: coverage to depth ${depth}`);
      const declared = (_s: unknown, a: Kind): boolean => t.capabilities.has(a.kind);
      const supported = coveragePlan(model, depth, declared, skip);
      reported = supported;
      for (const e of supported.order) {
        if (acc.covered.has(e.key)) continue;
        const actions = supported.pathOf(e);
        // Replay the exact path: each pick is the action's index among the actions the adapter declared.
        const r = await runViaAdapter(t, opts.seed + index, stepsForActions(model, actions, declared));
        paths++;
        coverageSteps += r.modelSteps;
        markCovered(
          model,
          supported.init,
          r.records.flatMap((x) => (x.action === undefined ? [] : [x.action])),
          r.modelSteps,
          acc,
        );
        if (r.failure !== undefined) {
          fail('coverage', r.failure);
          break;
        }
      }
      acc.kinds.forEach(kind);
      for (const path of failures.length > 0 ? [] : (suite.paths ?? [])) {
        const p = pathModel(suite, path);
        const pt = await openAdapter(transport, binding, p.model, suite.variant, p.config);
        const actions = actionsForLabels(p.model, path.labels) as Kind[];
        const r = await runViaAdapter(pt, opts.seed + index, stepsForActions(p.model, actions, declared));
        deep++;
        modelSteps += r.modelSteps;
        for (const rec of r.records) if (rec.action !== undefined) kind(rec.action.kind);
        if (r.failure !== undefined) {
          fail('coverage', r.failure);
          break;
        }
      }
    }
  } catch (e) {
    if (!(e instanceof AdapterFailure)) throw e;
    fail('random', { kind: 'adapter', step: 0, label: 'handshake', detail: `${e.kind}: ${e.message}` });
  } finally {
    await transport.close();
  }
  return {
    suite: suite.name,
    scheme: binding.scheme,
    runs: runs + paths + deep,
    modelSteps: modelSteps + coverageSteps,
    adversarySteps,
    failures,
    coverage: {
      model: model.name,
      depth,
      states: reported.states,
      transitions: reported.order.length,
      transitionsCovered: acc.covered.size,
      paths,
      steps: coverageSteps,
      labels: acc.labels,
      kinds: [...acc.kinds].sort(),
      skipped: reported.skipped,
    },
  };
}

export async function conformViaAdapter(opts: AdapterConformOptions): Promise<ConformReport> {
  // The sampled suites draw a config per random run; through an adapter (one session per config) they are not run yet.
  const suites = opts.suites ?? SUITES.filter((s) => s.sample === undefined);
  const exercised = new Set<string>();
  const reports: SuiteReport[] = [];
  const ran = new Set<AnyBinding>();
  for (const [i, suite] of suites.entries()) {
    const r = await suiteViaAdapter(suite, suiteSeedOffset(SUITES, suite, i), opts, exercised);
    ran.add(suiteModel(suite).binding);
    reports.push(r);
  }
  const kinds = schemeKinds(
    BINDINGS.filter((b) => ran.has(b)),
    exercised,
    () => `not exercised through the adapter within depth ${opts.depth} nor in the random runs`,
  );
  return summarize(reports, kinds);
}
