/**
 * A child process for the Ctrl-C test: checks an endless counter with `checkAsync`, stops on SIGINT,
 * and prints the result's stop reason and counts as JSON. Prints "ready" once the run has started.
 */
import { checkAsync } from '../check.ts';
import { graphModel } from './graph-model.ts';

let stop = false;
process.once('SIGINT', () => {
  stop = true;
});
const endless = {
  ...graphModel({ edges: [], init: [0] }),
  actions: (v: number) => [{ from: v, index: 0, to: v + 1, label: 'Inc' }],
};
let announced = false;
const result = await checkAsync(endless, {
  shouldStop: () => {
    if (!announced) {
      announced = true;
      process.stdout.write('ready\n');
    }
    return stop;
  },
});
process.stdout.write(
  `${JSON.stringify({ stoppedBy: result.stoppedBy, complete: result.complete, distinct: result.distinctStates })}\n`,
);
