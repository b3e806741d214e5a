/**
 * The text view of a trace: a heading, then each step with its index, its action label and picks, and
 * only the fields that changed (`~ path: old → new`); the first state is shown whole. The violating step
 * is marked `✗` (a witness's step `✓`), and a lasso's loop is marked `↺`.
 */
import { diffStates, formatChange } from './diff.ts';
import type { ItfJson, ItfTrace } from './itf.ts';
import { MAX_VALUE_CHARS, formatValue } from './format-value.ts';
import { cutText } from '../util/json-input.ts';
import { traceSteps, type TraceStep } from './steps.ts';

export interface RenderOptions {
  /** Where the trace came from, shown in the heading. */
  readonly file?: string;
  /** A step where a replay diverged from the recording, marked `≠` with the message. */
  readonly divergence?: { readonly step: number; readonly message: string };
}

/** `Label(k: v, …)`, or just `Label` without picks. */
export function formatAction(label: string, picks: Readonly<Record<string, ItfJson>>): string {
  const keys = Object.keys(picks);
  if (keys.length === 0) return label;
  return `${label}(${keys.map((k) => `${k}: ${formatValue(picks[k] as ItfJson)}`).join(', ')})`;
}

/** The index of the step the verdict is about (the violating or witnessing state), if any. */
export function markedStep(trace: ItfTrace): number | undefined {
  const meta = trace['#meta'];
  if (meta.violationIndex !== undefined) return meta.violationIndex;
  if (meta.kind === 'deadlock' || meta.verdict === 'violated' || meta.verdict === 'reached') {
    return meta.kind === 'eventually' ? undefined : trace.states.length - 1;
  }
  return undefined;
}

/** One sentence on what the marked step shows. */
export function verdictSentence(trace: ItfTrace): string {
  const meta = trace['#meta'];
  const msg = meta.message === undefined ? '' : `: ${meta.message}`;
  const at = markedStep(trace);
  if (meta.kind === 'deadlock')
    return `✗ step ${at ?? trace.states.length - 1} deadlocks: no action is enabled and the state is not terminal`;
  if (meta.verdict === 'reached') return `✓ step ${at ?? '?'} reaches ${meta.property}${msg}`;
  if (meta.kind === 'eventually') {
    const last = trace.states.length - 1;
    const loop =
      trace.loop === undefined || trace.loop === last
        ? 'and then stutters forever'
        : `and loops back to step ${trace.loop}`;
    return `✗ ${meta.property} never holds on this path (${trace.states.length - 1} steps ${loop})${msg}`;
  }
  if (meta.verdict === 'violated') return `✗ step ${at ?? '?'} violates ${meta.property}${msg}`;
  return `${meta.property}: ${meta.verdict}${msg}`;
}

function heading(trace: ItfTrace, options: RenderOptions): string[] {
  const meta = trace['#meta'];
  const steps = trace.states.length - 1;
  const what =
    meta.kind === 'deadlock'
      ? 'deadlock'
      : meta.verdict === 'reached'
        ? `witness for ${meta.property} (${meta.kind})`
        : `counterexample to ${meta.property} (${meta.kind})`;
  const seed = meta.seed === undefined ? '' : `, seed ${meta.seed}`;
  const lines = [
    `${meta.model}: ${what}, ${steps} step${steps === 1 ? '' : 's'}, ${meta.strategy ?? 'unknown strategy'}${seed}`,
  ];
  if (options.file !== undefined) lines.push(`file   ${options.file}`);
  lines.push(`config ${cutText(JSON.stringify(meta.config) ?? 'none', MAX_VALUE_CHARS)}`);
  return lines;
}

function stepLines(step: TraceStep, prev: TraceStep | undefined, vars: readonly string[]): string[] {
  if (prev === undefined)
    return vars.filter((v) => v in step.vars).map((v) => `      ${v} = ${formatValue(step.vars[v] as ItfJson)}`);
  const changes = diffStates(prev.vars, step.vars, vars);
  if (changes.length === 0) return ['      (no change)'];
  return changes.map((c) => `      ~ ${formatChange(c)}`);
}

export function renderTrace(trace: ItfTrace, options: RenderOptions = {}): string {
  const steps = traceSteps(trace);
  const vars = trace.vars;
  const marked = markedStep(trace);
  const failed = trace['#meta'].verdict !== 'reached';
  const lines = [...heading(trace, options), ''];
  steps.forEach((step, i) => {
    const div = options.divergence?.step === i;
    const stutters = trace.loop === steps.length - 1;
    const mark = div ? '≠ ' : i === marked ? (failed ? '✗ ' : '✓ ') : trace.loop === i ? '↺ ' : '  ';
    const loopNote = trace.loop !== i ? '' : stutters ? '   ↺ stutters here forever' : '   ↺ the loop starts here';
    lines.push(`${mark}step ${i}  ${formatAction(step.label, step.picks)}${loopNote}`);
    lines.push(...stepLines(step, steps[i - 1], vars));
    if (div) lines.push(`      ≠ ${options.divergence?.message ?? ''}`);
  });
  if (trace.loop !== undefined && trace.loop < steps.length - 1) {
    lines.push(`↺ step ${steps.length - 1} is the state of step ${trace.loop}: the path repeats from there forever`);
  }
  lines.push('', verdictSentence(trace));
  return `${lines.join('\n')}\n`;
}
