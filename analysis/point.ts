/**
 * One grid point or coalition: an exhaustive BFS check of a registered variant under one config, reduced to
 * plain data (what a worker thread sends back): per clause (every property but the `sometimes` witnesses) its
 * verdict and, when violated, the shortest counterexample's length and its ITF file.
 */
import '../examples/index.ts';
import '../variants/index.ts';
import { check } from '../checker/index.ts';
import { findModel } from '../checker/registry.ts';
import type { Path } from '../checker/result.ts';
import { buildTrace, writeTrace } from '../traces/write.ts';

export interface PointTask {
  readonly variant: string;
  /** The full config in its JSON form (already validated by the caller). */
  readonly config: Readonly<Record<string, unknown>>;
  /** Where counterexamples go (created if missing); none written when absent. */
  readonly traceDir?: string;
}

export type ClauseVerdict = 'holds' | 'violated' | 'unknown';

interface ClauseOutcome {
  readonly clause: string;
  readonly kind: string;
  readonly verdict: ClauseVerdict;
  /** Length of the shortest counterexample (BFS). */
  readonly steps?: number;
  readonly traceFile?: string;
  readonly message?: string;
}

export interface PointOutcome {
  readonly states: number;
  readonly complete: boolean;
  readonly clauses: readonly ClauseOutcome[];
}

/** Checks one point. Throws when the variant is unknown or the config does not decode (callers validate first). */
export function runPoint(task: PointTask): PointOutcome {
  const entry = findModel(task.variant);
  if (entry === undefined) throw new Error(`runPoint: no model '${task.variant}'`);
  const decoded = entry.codec.decode(task.config);
  if (decoded._tag === 'Left') throw new Error(`runPoint: ${task.variant} refuses ${JSON.stringify(task.config)}`);
  const model = entry.build(decoded.right);
  const result = check(model, { strategy: 'bfs', checkDeadlock: false, links: 'memory' }, task.config);
  const clauses: ClauseOutcome[] = [];
  for (const p of result.properties) {
    if (p.kind === 'sometimes') continue;
    const verdict: ClauseVerdict = p.verdict === 'holds' || p.verdict === 'violated' ? p.verdict : 'unknown';
    const path = p.path as Path | undefined;
    let traceFile: string | undefined;
    if (verdict === 'violated' && path !== undefined && task.traceDir !== undefined) {
      const trace = buildTrace(model, path, {
        run: { model: task.variant, config: task.config, strategy: 'bfs' },
        subject: {
          property: p.name,
          kind: p.kind,
          verdict: 'violated',
          ...(p.message === undefined ? {} : { message: p.message }),
          ...(p.violationIndex === undefined ? {} : { violationIndex: p.violationIndex }),
        },
      });
      traceFile = writeTrace({ dir: task.traceDir, trace });
    }
    clauses.push({
      clause: p.name,
      kind: p.kind,
      verdict,
      ...(verdict === 'violated' && path !== undefined ? { steps: path.choices.length } : {}),
      ...(traceFile === undefined ? {} : { traceFile }),
      ...(verdict === 'violated' && p.message !== undefined ? { message: p.message } : {}),
    });
  }
  return { states: result.distinctStates, complete: result.complete, clauses };
}
