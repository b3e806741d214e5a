/** The impl/ adapter as a process: `node --import tsx oracle/adapter/main.ts` speaks the adapter protocol on stdin/stdout. */
import { serveAdapter } from './server.ts';

await serveAdapter(process.stdin, process.stdout);
