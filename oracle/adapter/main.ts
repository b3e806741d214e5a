/**
 * The impl/ adapter as a process: `node --import tsx oracle/adapter/main.ts` speaks the adapter protocol on
 * stdin/stdout; `node bin/apln-adapter.js` runs the same from its compiled bundle (a faster start).
 */
import { serveAdapter } from './server.ts';

await serveAdapter(process.stdin, process.stdout);
