/**
 * From read inputs to the written page: every trace turned into a `TraceView`, the check results, the other
 * inputs as decoded, and the file written atomically (`<dir>/report.html` unless a file name is given).
 */
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../traces/atomic-write.ts';
import { InputError } from '../util/input-error.ts';
import type { ReportData, RequirementsJson, TraceView } from './data.ts';
import type { ReadInputs } from './inputs.ts';
import { buildPage } from './page.ts';
import { traceView } from './trace-view.ts';

export interface BuildOptions {
  /** The directory the page goes to (links to traces are relative to it). */
  readonly pageDir: string;
  readonly title?: string;
  readonly requirements?: RequirementsJson;
  readonly startView?: string;
}

export function reportData(inputs: ReadInputs, options: BuildOptions): ReportData {
  const traces: Record<string, TraceView> = {};
  for (const { file, trace } of inputs.traces) {
    const view = traceView(trace, { file, pageDir: options.pageDir });
    traces[view.id] = view;
  }
  return {
    title: options.title ?? 'async-payments-ln: the designers’ report',
    runs: inputs.runs,
    traces,
    ...(options.requirements === undefined ? {} : { requirements: options.requirements }),
    sources: inputs.sources,
    ...(options.startView === undefined ? {} : { startView: options.startView }),
    ...(inputs.conform === undefined ? {} : { conform: inputs.conform }),
    ...(inputs.mutants === undefined ? {} : { mutants: inputs.mutants }),
    ...(inputs.coalitions === undefined ? {} : { coalitions: inputs.coalitions }),
    ...(inputs.synth === undefined ? {} : { synth: inputs.synth }),
  };
}

/** Writes the page; `target` is a directory (the page is `report.html` in it) or a file ending in `.html`. */
export function writeReport(target: string, inputs: ReadInputs, options: Omit<BuildOptions, 'pageDir'>): string {
  const file = target.endsWith('.html') ? target : path.join(target, 'report.html');
  const pageDir = path.dirname(file);
  const html = buildPage(reportData(inputs, { ...options, pageDir }));
  try {
    mkdirSync(pageDir, { recursive: true });
    writeFileAtomic(file, html);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') throw new InputError(`--out ${target}`, `cannot write the report (${code})`);
    throw e;
  }
  return file;
}
