/** `apln help [COMMAND]`: the command list, or one command's usage. */
import { InputError } from '../../util/input-error.ts';
import { EXIT, type Command } from '../command.ts';

/** The overview, given the command list (to avoid an import cycle with index.ts). */
export function overview(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'apln: model checker and conformance oracle for asynchronous Lightning payments',
    '',
    'Usage: apln COMMAND [options]     (apln COMMAND --help for its options)',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Exit codes: 0 ok, 1 a property did not meet its expectation (or a replay diverged),',
    '            2 bad usage or input, 3 an internal error (a bug).',
    '',
  ].join('\n');
}

export function helpCommand(commands: () => readonly Command[]): Command {
  return {
    name: 'help',
    summary: "show this list, or a command's usage",
    usage: 'Usage: apln help [COMMAND]',
    async run(args, io) {
      const name = args[0];
      if (name === undefined || name === '--help' || name === '-h') {
        io.out(overview(commands()));
        return EXIT.ok;
      }
      const c = commands().find((x) => x.name === name);
      if (c === undefined)
        throw new InputError(
          name,
          `unknown command (known: ${commands()
            .map((x) => x.name)
            .join(', ')})`,
        );
      io.out(`${c.usage}\n`);
      return EXIT.ok;
    },
  };
}
