// The entry of a parallel-search worker thread: a worker does not inherit the main thread's tsx loader
// (bin/apln.js registers it there), so it registers its own, then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./parallel-worker.ts');
