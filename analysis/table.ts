/**
 * The whole coalition table: every registered protocol variant (every model with a coalition parameter) on
 * its defaults, every subset of its parties as the deviating coalition, all in one work list so one pool of
 * worker threads (or one shard) runs them together: no thread idles at the end of a variant while the
 * other finishes that variant's largest coalition. Per variant the result is exactly `apln coalitions`'s.
 */
import type { ModelEntry } from '../checker/registry.ts';
import { coalitionResult, coalitionTasks, formatCoalitions, type CoalitionResult } from './coalitions.ts';
import { variantParties } from './parties.ts';
import type { PointOutcome, PointTask } from './point.ts';
import { coalitionCost } from './shard-plan.ts';

/** One variant's share of the table. */
export interface TablePart {
  readonly variant: string;
  /** The defaults' JSON form without `deviating`. */
  readonly config: Readonly<Record<string, unknown>>;
  readonly parties: readonly string[];
  readonly coalitions: readonly (readonly string[])[];
}

export interface CoalitionTable {
  readonly format: 'apln-coalition-table';
  readonly version: 1;
  /** Coalitions checked / asked for, over every variant. */
  readonly checked: number;
  readonly total: number;
  readonly partial: boolean;
  /** Per variant, in registry order: what `apln coalitions VARIANT --json` prints. */
  readonly variants: readonly CoalitionResult[];
}

const hasCoalitions = (e: ModelEntry<unknown>): boolean => e.params.some((p) => p.name === 'deviating');

/** The variants of the table (registry order) with their coalitions. */
export function tableParts(entries: readonly ModelEntry<unknown>[]): TablePart[] {
  return entries.filter(hasCoalitions).map((e) => {
    const config = { ...(e.codec.encode(e.defaults) as Record<string, unknown>) };
    delete config.deviating;
    const parties = variantParties(e, config);
    return { variant: e.name, config, parties, coalitions: coalitionTasks(e.name, config, parties).coalitions };
  });
}

/**
 * The flat work list (variant after variant, each in coalition order) and each task's cost estimate for the
 * shard split and the dispatch order (`coalitionCost`, analysis/shard-plan.ts).
 */
export function tableTasks(parts: readonly TablePart[], outDir?: string): { tasks: PointTask[]; costs: number[] } {
  const tasks: PointTask[] = [];
  const costs: number[] = [];
  for (const p of parts) {
    const t = coalitionTasks(p.variant, p.config, p.parties, {
      only: p.coalitions,
      ...(outDir === undefined ? {} : { outDir }),
    });
    tasks.push(...t.tasks);
    costs.push(...p.coalitions.map(coalitionCost));
  }
  return { tasks, costs };
}

/** Assembles the table from the flat outcomes (`undefined` = not run). */
export function coalitionTable(
  parts: readonly TablePart[],
  outcomes: readonly (PointOutcome | undefined)[],
): CoalitionTable {
  const variants: CoalitionResult[] = [];
  let at = 0;
  for (const p of parts) {
    const mine = outcomes.slice(at, at + p.coalitions.length);
    at += p.coalitions.length;
    variants.push(coalitionResult(p.variant, p.config, p.parties, p.coalitions, mine));
  }
  if (at !== outcomes.length) throw new Error(`coalitionTable: ${outcomes.length} outcomes for ${at} coalitions`);
  const checked = variants.reduce((n, v) => n + v.checked, 0);
  const total = variants.reduce((n, v) => n + v.total, 0);
  return { format: 'apln-coalition-table', version: 1, checked, total, partial: checked < total, variants };
}

/** Every variant's report, one after the other. */
export function formatTable(t: CoalitionTable): string {
  const head = `coalition table: ${t.variants.length} variants, ${t.checked} of ${t.total} coalitions checked${t.partial ? ' (PARTIAL)' : ''}\n`;
  return [head, ...t.variants.map(formatCoalitions)].join('\n');
}
