/**
 * Registers the classic models (family `classic`) with the checker's registry. Importing this module
 * is what makes them visible to `apln`.
 */
import { registerModel } from '../checker/registry.ts';
import { fairProgressCodec, fairProgressDefaults } from './fair-progress/config.ts';
import { buildFairProgress } from './fair-progress/model.ts';
import { plantedBugCodec, plantedBugDefaults } from './planted-bug/config.ts';
import { buildPlantedBug } from './planted-bug/model.ts';
import { twoPhaseCodec, twoPhaseDefaults } from './two-phase/config.ts';
import { buildTwoPhase } from './two-phase/model.ts';

registerModel({
  name: 'two-phase',
  description:
    "TwoPhase commit from tlaplus/Examples (transaction_commit/TwoPhase.tla) with TPTypeOK and TCConsistent; TLC's published counts: rm=3 → 288, rm=5 → 8,832 distinct states.",
  family: 'classic',
  params: [{ name: 'rm', type: 'integer 1..12', description: 'number of resource managers' }],
  codec: twoPhaseCodec,
  defaults: twoPhaseDefaults,
  build: buildTwoPhase,
});

registerModel({
  name: 'planted-bug',
  description:
    "Peterson's mutual exclusion with a planted bug (turn given away before the flag is raised); the shortest counterexample takes 6 steps. variant=correct is the fixed algorithm.",
  family: 'classic',
  params: [{ name: 'variant', type: '"swapped" | "correct"', description: 'the buggy entry order or the correct one' }],
  codec: plantedBugCodec,
  defaults: plantedBugDefaults,
  build: buildPlantedBug,
});

registerModel({
  name: 'fair-progress',
  description:
    'A worker that must finish a job: `eventually` done holds under weak fairness of WorkerStep and fails (a lasso) without it.',
  family: 'classic',
  params: [
    { name: 'steps', type: 'integer 1..1000', description: 'steps in the job' },
    { name: 'fairness', type: 'list of WorkerStep, WorkerIdle', description: 'action labels under weak fairness' },
  ],
  codec: fairProgressCodec,
  defaults: fairProgressDefaults,
  build: buildFairProgress,
});
