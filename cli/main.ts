/**
 * The `apln` command line: `main(argv)` returns the exit code (bin/apln.js sets it). Importing this module
 * registers the models (the classic ones from examples/, the protocol variants from variants/); `dispatch`
 * does the rest.
 */
import '../examples/index.ts';
import '../variants/index.ts';
import { commands } from './commands/index.ts';
import { dispatch } from './dispatch.ts';
import { processIo, type Io } from './io.ts';
import { globalRegistry, type Env } from './registry.ts';

export async function main(
  argv: readonly string[],
  io: Io = processIo(),
  env: Env = { registry: globalRegistry },
): Promise<number> {
  return dispatch(commands, argv, io, env);
}
