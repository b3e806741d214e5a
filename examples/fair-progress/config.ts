/** fair-progress's config: `steps` (1..1000, default 4) and `fairness` (labels, default ["WorkerStep"]). */
import * as t from 'io-ts';
import { intIn, strictRecord } from '../codec.ts';
import type { FairProgressConfig } from './model.ts';

export const fairProgressCodec = strictRecord(
  { steps: intIn(1, 1000), fairness: t.readonlyArray(t.keyof({ WorkerStep: null, WorkerIdle: null })) },
  'fair-progress config',
);

export const fairProgressDefaults: FairProgressConfig = { steps: 4, fairness: ['WorkerStep'] };
