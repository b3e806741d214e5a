/**
 * The `apln` entry for the light commands (bin/light-commands.mjs names them): the same commands as main.ts's,
 * dispatched the same way, without importing the implementation, the oracle or their packages, so a check starts
 * in a sixth of the time. bin/apln.js picks this entry when the first argument is one of them.
 */
import '../examples/index.ts';
import '../variants/index.ts';
import type { Command } from './command.ts';
import { checkCommand } from './commands/check.ts';
import { coalitionsCommand } from './commands/coalitions.ts';
import { compareCommand } from './commands/compare.ts';
import { listCommand } from './commands/list.ts';
import { reportCommand } from './commands/report.ts';
import { showCommand } from './commands/show.ts';
import { simulateCommand } from './commands/simulate.ts';
import { synthCommand } from './commands/synth.ts';
import { dispatch } from './dispatch.ts';
import { processIo, type Io } from './io.ts';
import { globalRegistry, type Env } from './registry.ts';

export const lightCommands: readonly Command[] = [
  listCommand,
  checkCommand,
  compareCommand,
  simulateCommand,
  coalitionsCommand,
  synthCommand,
  showCommand,
  reportCommand,
];

export async function main(
  argv: readonly string[],
  io: Io = processIo(),
  env: Env = { registry: globalRegistry },
): Promise<number> {
  return dispatch(lightCommands, argv, io, env);
}
