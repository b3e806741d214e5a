/**
 * Writes the designers' report from input files (`apln check --json` output, traces, conform/coalitions/synth
 * results): reads them with report/inputs.ts, adds the spec requirement links of the protocol models named,
 * and writes `<out>/report.html` (or the `.html` file named). The page is built from the files, never from
 * in-memory results, so `apln report FILES` and `npm start` draw the same page.
 */
import * as path from 'node:path';
import { writeReport } from '../report/build.ts';
import { readInputs } from '../report/inputs.ts';
import { relativeHref } from '../report/trace-view.ts';
import { actionRequirements, specFolder } from './action-requirements.ts';

export interface DesignersReport {
  readonly file: string;
  readonly variants: number;
  readonly traces: number;
}

export interface DesignersReportOptions {
  readonly title?: string;
  readonly startView?: string;
  /** The family of a registered model (what picks its action labels' requirements). */
  readonly familyOf?: (model: string) => string | undefined;
}

export function writeDesignersReport(
  target: string,
  inputs: readonly string[],
  options: DesignersReportOptions = {},
): DesignersReport {
  const read = readInputs(inputs);
  const pageDir = target.endsWith('.html') ? path.dirname(target) : target;
  const models = [
    ...read.runs.map((r) => ({ model: r.model, ...(r.family === undefined ? {} : { family: r.family }) })),
  ];
  // A trace given alone names its model only; the registry knows its family.
  for (const { trace } of read.traces) {
    const model = trace['#meta'].model;
    const family = options.familyOf?.(model);
    if (!models.some((m) => m.model === model)) models.push({ model, ...(family === undefined ? {} : { family }) });
  }
  const requirements = actionRequirements(models, `${relativeHref(pageDir, specFolder)}/`);
  const file = writeReport(target, read, {
    requirements,
    ...(options.title === undefined ? {} : { title: options.title }),
    ...(options.startView === undefined ? {} : { startView: options.startView }),
  });
  return { file, variants: read.runs.length, traces: read.traces.length };
}

/** A `file://` URL for a written page (what a terminal makes clickable). */
export function fileUrl(file: string): string {
  return new URL(`file://${path.resolve(file).split(path.sep).map(encodeURIComponent).join('/')}`).href;
}
