/**
 * The `apln` entry for the light commands (bin/light-commands.mjs names them): the same commands as main.ts's,
 * dispatched the same way, without importing the implementation, the oracle or their packages, so a check starts
 * in a sixth of the time. bin/apln.js picks this entry when the first argument is one of them.
 */
import '../examples/index.ts';
import '../variants/index.ts';
import { lightCommands } from './commands/light.ts';
import { dispatch } from './dispatch.ts';
import { processIo, type Io } from './io.ts';
import { globalRegistry, type Env } from './registry.ts';

export async function main(
  argv: readonly string[],
  io: Io = processIo(),
  env: Env = { registry: globalRegistry },
): Promise<number> {
  return dispatch(lightCommands, argv, io, env);
}
