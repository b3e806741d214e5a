/**
 * A worker that must finish a job of `steps` steps, for testing `eventually` under weak fairness.
 *
 * State: `{ done, idle }`: `done` counts finished steps (0..steps), `idle` toggles while the worker
 * idles. Actions: `WorkerStep` (enabled while done < steps: one more step) and `WorkerIdle` (always
 * enabled: toggles `idle`, so idling forever is a cycle of two states). Property `finishes`:
 * eventually done = steps, under weak fairness of the labels in `fairness`:
 *  - fair to WorkerStep: holds (WorkerStep stays enabled until the job is done, so it must be taken);
 *  - fair to WorkerIdle only: violated by the lasso that idles forever at done = 0;
 *  - fair to nothing: violated by stuttering in the initial state.
 */
import type { ActionDescription, Model, WordSink } from '../../checker/model.ts';

export interface FairProgressConfig {
  readonly steps: number;
  readonly fairness: readonly ('WorkerStep' | 'WorkerIdle')[];
}

export interface FairProgressState {
  readonly done: number;
  readonly idle: boolean;
}

export type FairProgressAction = { readonly kind: 'WorkerStep' } | { readonly kind: 'WorkerIdle' };

export function buildFairProgress(config: FairProgressConfig): Model<FairProgressState, FairProgressAction> {
  const { steps } = config;
  return {
    name: 'fair-progress',
    init: () => [{ done: 0, idle: false }],
    actions: (s) => [
      // WorkerStep: enabled while the job is unfinished.
      ...(s.done < steps ? [{ kind: 'WorkerStep' } as const] : []),
      // WorkerIdle: always enabled.
      { kind: 'WorkerIdle' } as const,
    ],
    next: (s, a) => (a.kind === 'WorkerStep' ? { ...s, done: s.done + 1 } : { ...s, idle: !s.idle }),
    properties: [
      {
        kind: 'always',
        name: 'typeOk',
        description: 'done stays within 0..steps.',
        pred: (s) => (Number.isInteger(s.done) && s.done >= 0 && s.done <= steps) || `done = ${s.done}`,
      },
      { kind: 'sometimes', name: 'jobDone', description: 'Witness: the job gets done.', pred: (s) => s.done === steps },
      {
        kind: 'eventually',
        name: 'finishes',
        description: 'Every fair behaviour finishes the job.',
        pred: (s) => s.done === steps,
        weakFairness: config.fairness,
        // Only fairness to WorkerStep forces progress; any other configuration is meant to fail.
        expect: config.fairness.includes('WorkerStep') ? 'holds' : 'violated',
      },
    ],
    encode: (s: FairProgressState, sink: WordSink) => {
      sink.word(s.done);
      sink.word(s.idle ? 1 : 0);
    },
    toItf: (s) => ({ done: s.done, idle: s.idle }),
    describe: (a): ActionDescription => ({ label: a.kind, picks: { actor: 'worker' } }),
  };
}
