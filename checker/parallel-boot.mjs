// The entry of a parallel-search worker thread when no bundle could be built (`worker-bundle.ts`): a worker
// does not inherit the main thread's tsx loader (bin/apln.js registers it there), so it registers its own,
// loads the modules that register the models, then the TypeScript worker.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
for (const m of workerData.modules) await import(m);
const { startWorker } = await import('./parallel-worker.ts');
startWorker();
