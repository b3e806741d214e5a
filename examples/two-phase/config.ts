/** TwoPhase's config: `rm`, the number of resource managers (1..12, default 3, as in TLC's MC). */
import { intIn, strictRecord } from '../codec.ts';
import type { TwoPhaseConfig } from './model.ts';

export const twoPhaseCodec = strictRecord({ rm: intIn(1, 12) }, 'two-phase config');

export const twoPhaseDefaults: TwoPhaseConfig = { rm: 3 };
