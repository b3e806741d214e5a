/**
 * Runs one `apln` command line against the models in `env` (main.ts registers them): dispatches to one of
 * `commands` (every command for main.ts, the light ones for main-light.ts) and maps errors: InputError →
 * `apln: <where>: <problem>` on stderr, exit 2; anything else → one line plus "(this is a bug)", exit 3. Never a
 * stack trace.
 */
import { isInputError } from '../util/input-error.ts';
import { cutText } from '../util/json-input.ts';
import { EXIT } from './command.ts';
import type { Command } from './command.ts';
import { overview } from './commands/help.ts';
import { processIo, type Io } from './io.ts';
import { globalRegistry, type Env } from './registry.ts';

/** An error line longer than this is cut, with its full length shown (a 55 MB value in a message stays off the terminal). */
const MAX_ERROR_CHARS = 2000;

export async function dispatch(
  commands: readonly Command[],
  argv: readonly string[],
  io: Io = processIo(),
  env: Env = { registry: globalRegistry },
): Promise<number> {
  try {
    const [name, ...rest] = argv;
    if (name === undefined) {
      io.err(overview(commands));
      return EXIT.input;
    }
    if (name === '--help' || name === '-h') {
      io.out(overview(commands));
      return EXIT.ok;
    }
    if (name === '--version') {
      const { toolVersion } = await import('../traces/version.ts');
      io.out(`apln ${toolVersion()}\n`);
      return EXIT.ok;
    }
    const command = commands.find((c) => c.name === name);
    if (command === undefined) {
      io.err(`apln: ${name}: unknown command (known: ${commands.map((c) => c.name).join(', ')})\n`);
      return EXIT.input;
    }
    return await command.run(rest, io, env);
  } catch (e) {
    if (isInputError(e)) {
      io.err(`${cutText(`apln: ${e.where}: ${e.problem}`, MAX_ERROR_CHARS)}\n`);
      return EXIT.input;
    }
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    io.err(`apln: internal error: ${cutText(message.split('\n')[0] ?? '', MAX_ERROR_CHARS)} (this is a bug)\n`);
    return EXIT.bug;
  }
}
