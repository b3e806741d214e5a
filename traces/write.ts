/**
 * Builds an ITF trace from a checker `Path` and writes it atomically as `<model>.<property>.itf.json`.
 * The bytes depend only on the model, config, path and verdict (no timestamp), so the same run writes
 * the same file.
 */
import { join } from 'node:path';
import type { AnyModel } from '../checker/model.ts';
import type { Path } from '../checker/result.ts';
import { ensureOutDir } from './out-dir.ts';
import { writeFileAtomic } from './atomic-write.ts';
import {
  ACTION_TAKEN,
  INIT_ACTION,
  ITF_FORMAT_DESCRIPTION,
  NONDET_PICKS,
  type ItfJson,
  type ItfState,
  type ItfTrace,
  type TraceKind,
  type TraceMeta,
  type TraceStrategy,
  type TraceVerdict,
} from './itf.ts';
import { toItfRecord, toNondetPicks } from './to-itf.ts';
import { toolVersion } from './version.ts';

/** Which run produced the trace. `config` is the config in its JSON form (the entry codec's `encode`). */
export interface TraceRun {
  readonly model: string;
  readonly config: unknown;
  readonly strategy: TraceStrategy;
  readonly seed?: number;
}

/** What the trace shows: a counterexample (violated, deadlock) or a witness (reached). */
export interface TraceSubject {
  readonly property: string;
  readonly kind: TraceKind;
  readonly verdict: TraceVerdict;
  readonly expected?: string;
  /** The explanation the predicate returned. */
  readonly message?: string;
  /** Index in the path's states of the violating (or witnessing) state. */
  readonly violationIndex?: number;
}

export interface BuildTraceOptions {
  readonly run: TraceRun;
  readonly subject: TraceSubject;
}

function describeTrace(run: TraceRun, subject: TraceSubject, steps: number): string {
  const what =
    subject.kind === 'deadlock'
      ? 'Deadlock'
      : subject.verdict === 'reached'
        ? `Witness for ${subject.property}`
        : `Counterexample to ${subject.property}`;
  const seed = run.seed === undefined ? '' : ` seed ${run.seed}`;
  return `${what} in ${run.model}: ${steps} step${steps === 1 ? '' : 's'}, found by apln ${run.strategy}${seed}`;
}

/** The trace object for `path` (states and actions from the model's `toItf` and `describe`). */
export function buildTrace(model: AnyModel, path: Path, options: BuildTraceOptions): ItfTrace {
  const { run, subject } = options;
  const records = path.states.map((s) => toItfRecord(model.toItf(s)));
  const first = records[0];
  if (first === undefined) throw new Error('buildTrace: a path has at least one state');
  const vars = Object.keys(first);
  const states: ItfState[] = records.map((rec, i) => {
    const keys = Object.keys(rec);
    if (keys.length !== vars.length || keys.some((k, j) => k !== vars[j])) {
      throw new Error(
        `${model.name}.toItf: state ${i} has variables [${keys.join(', ')}], state 0 has [${vars.join(', ')}]`,
      );
    }
    const action = i === 0 ? undefined : model.describe(path.actions[i - 1]);
    const state: Record<string, ItfJson | { index: number }> = { '#meta': { index: i } };
    for (const k of vars) state[k] = rec[k] as ItfJson;
    state[ACTION_TAKEN] = action === undefined ? INIT_ACTION : action.label;
    state[NONDET_PICKS] = action === undefined ? {} : toNondetPicks(action.picks);
    return state as ItfState;
  });
  const meta: Record<string, unknown> = {
    format: 'ITF',
    'format-description': ITF_FORMAT_DESCRIPTION,
    source: run.model,
    description: describeTrace(run, subject, path.choices.length),
    tool: 'apln',
    version: toolVersion(),
    model: run.model,
    config: run.config,
    strategy: run.strategy,
  };
  if (run.seed !== undefined) meta.seed = run.seed;
  meta.property = subject.property;
  meta.kind = subject.kind;
  meta.verdict = subject.verdict;
  if (subject.expected !== undefined) meta.expected = subject.expected;
  if (subject.message !== undefined) meta.message = subject.message;
  if (subject.violationIndex !== undefined) meta.violationIndex = subject.violationIndex;
  meta.initIndex = path.initIndex;
  meta.choices = [...path.choices];
  const trace: { -readonly [K in keyof ItfTrace]: ItfTrace[K] } = {
    '#meta': meta as TraceMeta,
    vars: [...vars, ACTION_TAKEN, NONDET_PICKS],
    states,
  };
  if (path.loop !== undefined) trace.loop = path.loop;
  return trace;
}

/**
 * The file's text: top-level fields one per line and one state per line (readable, diff-friendly),
 * ending with a newline.
 */
export function serializeTrace(trace: ItfTrace): string {
  const lines = ['{', `  "#meta": ${JSON.stringify(trace['#meta'])},`, `  "vars": ${JSON.stringify(trace.vars)},`];
  if (trace.params !== undefined) lines.push(`  "params": ${JSON.stringify(trace.params)},`);
  if (trace.loop !== undefined) lines.push(`  "loop": ${trace.loop},`);
  lines.push('  "states": [');
  trace.states.forEach((s, i) => lines.push(`    ${JSON.stringify(s)}${i + 1 < trace.states.length ? ',' : ''}`));
  lines.push('  ]', '}', '');
  return lines.join('\n');
}

/** `<model>.<property>.itf.json`, with anything but letters, digits, `.`, `_` and `-` replaced by `_`. */
export function traceFileName(model: string, property: string): string {
  const safe = (s: string): string => s.replace(/[^A-Za-z0-9._-]/g, '_');
  return `${safe(model)}.${safe(property)}.itf.json`;
}

export interface WriteTraceOptions {
  /** The directory (created if missing). */
  readonly dir: string;
  readonly trace: ItfTrace;
}

/** Writes the trace atomically into `dir` under its deterministic name; returns the file's path. */
export function writeTrace(options: WriteTraceOptions): string {
  const meta = options.trace['#meta'];
  ensureOutDir(options.dir);
  const file = join(options.dir, traceFileName(meta.model, meta.property));
  writeFileAtomic(file, serializeTrace(options.trace));
  return file;
}
