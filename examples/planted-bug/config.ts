/** planted-bug's config: `variant`, `swapped` (the bug, default) or `correct`. */
import * as t from 'io-ts';
import { strictRecord } from '../codec.ts';
import type { PlantedBugConfig } from './model.ts';

export const plantedBugCodec = strictRecord(
  { variant: t.keyof({ swapped: null, correct: null }) },
  'planted-bug config',
);

export const plantedBugDefaults: PlantedBugConfig = { variant: 'swapped' };
