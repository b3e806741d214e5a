/** A node loses state on restart: it comes back with the snapshot it had when the run started (nothing persisted since). */
import { HONEST_ROLES } from '../driver.ts';
import type { Mutant } from './mutant.ts';

export const restartLosesState: Mutant = {
  name: 'restart-loses-state',
  description: 'a restarted node comes back as it was at the start of the run: nothing it did since was persisted',
  roles: () => HONEST_ROLES,
  hooks: () => ({ restore: ({ initial }) => JSON.parse(JSON.stringify(initial)) }),
};
