/** What every `apln` command is: one file per command under `commands/`, listed in `commands/index.ts`. */
import type { Io } from './io.ts';
import type { Env } from './registry.ts';

/** Exit codes (documented in cli/README.md). */
export const EXIT = {
  /** Every property met its expectation (or the command succeeded). */
  ok: 0,
  /** A property did not meet its expectation, or a replay diverged. */
  failed: 1,
  /** Bad usage or bad input (an InputError). */
  input: 2,
  /** An unexpected error: a bug. */
  bug: 3,
} as const;

export interface Command {
  readonly name: string;
  /** One line for `apln help`. */
  readonly summary: string;
  /** The full usage text for `apln <name> --help`. */
  readonly usage: string;
  /** Runs with the arguments after the command name; returns the exit code. Throws InputError on bad input. */
  run(args: readonly string[], io: Io, env: Env): Promise<number>;
}
