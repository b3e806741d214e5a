/**
 * A checker run as the CLI reports it: writes the counterexample (violated), witness (reached) and
 * deadlock traces, then gives one plain JSON object (`--json`) and its text form.
 */
import type { AnyModel } from '../checker/model.ts';
import type { Abstraction } from '../checker/registry.ts';
import type { Path, PropertyResult, RunResult, StopReason } from '../checker/result.ts';
import { buildTrace, writeTrace } from '../traces/write.ts';
import type { TraceStrategy } from '../traces/itf.ts';
import { InputError } from '../util/input-error.ts';

export interface PropertyReport {
  readonly name: string;
  readonly kind: string;
  readonly description: string;
  readonly verdict: string;
  readonly expected: string;
  readonly meetsExpectation: boolean;
  readonly message?: string;
  readonly traceFile?: string;
}

export interface RunReport {
  readonly model: string;
  readonly family?: string;
  readonly config: unknown;
  readonly strategy: string;
  readonly seed?: number;
  readonly distinctStates: number;
  readonly generatedStates: number;
  readonly maxDepth: number;
  readonly seconds: number;
  readonly statesPerSecond: number;
  readonly complete: boolean;
  readonly stoppedBy?: StopReason;
  readonly collisionProbability: number;
  readonly deadlock?: { readonly depth: number; readonly traceFile?: string };
  readonly properties: readonly PropertyReport[];
  /**
   * What a `holds` covers: runs up to block height `maxHeight` (the config's, when it has one), every one
   * of them when `complete`.
   */
  readonly horizon: {
    readonly maxHeight?: number;
    readonly complete: boolean;
    /**
     * The model's horizon probe (`horizon.raceOpenAtEnd`, properties/horizon.ts), when it declares one: some run
     * ends at `maxHeight` with a race undecided (`unknown` when the exploration stopped before finding one), and
     * the trace of one such run.
     */
    readonly raceOpen?: boolean | 'unknown';
    readonly raceOpenTraceFile?: string;
  };
  /** What the model assumes away (the registration's declared list); absent when it declares none. */
  readonly abstracts?: readonly Abstraction[];
  /** Every property met its expectation and there was no deadlock. */
  readonly ok: boolean;
}

export interface ReportOptions {
  readonly model: AnyModel;
  readonly result: RunResult;
  /** The config's JSON form (for the report and the traces' #meta). */
  readonly configJson: unknown;
  readonly family?: string;
  /** Where traces go; nothing is written when absent. */
  readonly outDir?: string;
  /**
   * Simulation cannot prove `holds`: when set, a verdict counts against `ok` only when it was decided
   * (not `unknown`) and contradicts the expectation.
   */
  readonly decidedOnly?: boolean;
  /** What the model assumes away, from its registry entry. */
  readonly abstracts?: readonly Abstraction[];
}

/** The config's `maxHeight`, when it is a number. */
function maxHeightOf(configJson: unknown): number | undefined {
  if (typeof configJson !== 'object' || configJson === null) return undefined;
  const h = (configJson as { maxHeight?: unknown }).maxHeight;
  return typeof h === 'number' ? h : undefined;
}

function written(
  options: ReportOptions,
  path: Path,
  subject: Parameters<typeof buildTrace>[2]['subject'],
): string | undefined {
  if (options.outDir === undefined) return undefined;
  const { result } = options;
  const run = {
    model: result.model,
    config: options.configJson,
    strategy: result.strategy as TraceStrategy,
    ...(result.seed === undefined ? {} : { seed: result.seed }),
  };
  const trace = buildTrace(options.model, path, { run, subject });
  try {
    return writeTrace({ dir: options.outDir, trace });
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string')
      throw new InputError(`--out ${options.outDir}`, `cannot write the trace of ${subject.property} (${code})`);
    throw e;
  }
}

function propertyReport(options: ReportOptions, p: PropertyResult): PropertyReport {
  const withTrace = p.path !== undefined && (p.verdict === 'violated' || p.verdict === 'reached');
  const traceFile = withTrace
    ? written(options, p.path as Path, {
        property: p.name,
        kind: p.kind,
        verdict: p.verdict,
        expected: p.expected,
        ...(p.message === undefined ? {} : { message: p.message }),
        ...(p.violationIndex === undefined ? {} : { violationIndex: p.violationIndex }),
      })
    : undefined;
  return {
    name: p.name,
    kind: p.kind,
    description: p.description,
    verdict: p.verdict,
    expected: p.expected,
    meetsExpectation: p.meetsExpectation,
    ...(p.message === undefined ? {} : { message: p.message }),
    ...(traceFile === undefined ? {} : { traceFile }),
  };
}

/** The name of a model's horizon probe (properties/horizon.ts): reported in `horizon`, not among the properties. */
const HORIZON_PROBE = 'horizon.raceOpenAtEnd';

/** Writes the run's traces (when `outDir` is set) and builds its report. */
export function reportRun(options: ReportOptions): RunReport {
  const { result } = options;
  const all = result.properties.map((p) => propertyReport(options, p as PropertyResult));
  // The horizon probe is reported with the horizon, not as a property.
  const probe = all.find((p) => p.name === HORIZON_PROBE);
  const properties = all.filter((p) => p.name !== HORIZON_PROBE);
  let deadlock: RunReport['deadlock'];
  if (result.deadlock !== undefined) {
    const path = result.deadlock.path as Path;
    const traceFile = written(options, path, { property: 'deadlock', kind: 'deadlock', verdict: 'deadlock' });
    deadlock = { depth: path.choices.length, ...(traceFile === undefined ? {} : { traceFile }) };
  }
  const failing = (p: PropertyReport): boolean =>
    !p.meetsExpectation && !(options.decidedOnly === true && p.verdict === 'unknown');
  return {
    model: result.model,
    ...(options.family === undefined ? {} : { family: options.family }),
    config: options.configJson,
    strategy: result.strategy,
    ...(result.seed === undefined ? {} : { seed: result.seed }),
    distinctStates: result.distinctStates,
    generatedStates: result.generatedStates,
    maxDepth: result.maxDepth,
    seconds: result.seconds,
    statesPerSecond: result.seconds > 0 ? Math.round(result.distinctStates / result.seconds) : 0,
    complete: result.complete,
    ...(result.stoppedBy === undefined ? {} : { stoppedBy: result.stoppedBy }),
    collisionProbability: result.collisionProbability,
    ...(deadlock === undefined ? {} : { deadlock }),
    properties,
    horizon: {
      ...(maxHeightOf(options.configJson) === undefined
        ? {}
        : { maxHeight: maxHeightOf(options.configJson) as number }),
      complete: result.complete,
      ...(probe === undefined
        ? {}
        : { raceOpen: probe.verdict === 'reached' ? true : probe.verdict === 'unreached' ? false : 'unknown' }),
      ...(probe?.traceFile === undefined ? {} : { raceOpenTraceFile: probe.traceFile }),
    },
    ...(options.abstracts === undefined ? {} : { abstracts: options.abstracts }),
    ok: deadlock === undefined && !properties.some(failing),
  };
}

const int = (n: number): string => n.toLocaleString('en-US');

function pad(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)));
  return rows.map((r) =>
    r
      .map((c, i) => (i + 1 < r.length ? c + ' '.repeat((widths[i] ?? 0) - [...c].length) : c))
      .join('  ')
      .trimEnd(),
  );
}

/** `holds ✓`, `VIOLATED ✓` (an expected violation), `violated ✗`, `unknown ✗`. */
export function verdictCell(p: Pick<PropertyReport, 'verdict' | 'expected' | 'meetsExpectation'>): string {
  const word = p.verdict === 'violated' && p.expected === 'violated' ? 'VIOLATED' : p.verdict;
  return `${word} ${p.meetsExpectation ? '✓' : '✗'}`;
}

/** The text report of one run. */
export function formatRunReport(r: RunReport): string {
  const lines: string[] = [];
  const seed = r.seed === undefined ? '' : `  seed ${r.seed}`;
  lines.push(`${r.model}  config ${JSON.stringify(r.config)}  strategy ${r.strategy}${seed}`);
  lines.push(
    `${int(r.distinctStates)} distinct states, ${int(r.generatedStates)} generated, depth ${r.maxDepth}, ` +
      `${r.seconds.toFixed(2)} s (${int(r.statesPerSecond)} distinct states/s)`,
  );
  lines.push(
    r.complete
      ? 'complete: every reachable state was explored'
      : `stopped${r.stoppedBy === undefined ? '' : ` by ${r.stoppedBy}`}: partial figures, undecided verdicts are unknown`,
  );
  lines.push(`fingerprint collision probability ${r.collisionProbability.toExponential(1)}`);
  if (r.deadlock !== undefined) {
    lines.push(
      `✗ deadlock at depth ${r.deadlock.depth}${r.deadlock.traceFile === undefined ? '' : `: ${r.deadlock.traceFile}`}`,
    );
  }
  lines.push('');
  const rows = [
    ['property', 'kind', 'verdict', 'expected', 'trace'],
    ...r.properties.map((p) => [p.name, p.kind, verdictCell(p), p.expected, p.traceFile ?? '']),
  ];
  lines.push(...pad(rows));
  for (const p of r.properties) {
    if (p.message !== undefined) lines.push(`  ${p.name}: ${p.message}`);
  }
  const undecided = r.properties.filter((p) => p.verdict === 'unknown').length;
  const ok =
    r.strategy === 'simulate' && undecided > 0
      ? `ok: no decided verdict contradicts its expectation (${undecided} undecided: simulation cannot prove them)`
      : 'ok: every property met its expectation';
  lines.push('', r.ok ? ok : 'FAILED: not every property met its expectation');
  return `${lines.join('\n')}\n`;
}

export { pad as padColumns };
