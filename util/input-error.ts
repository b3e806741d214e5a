/**
 * Bad input from outside (a malformed trace, config, message, transaction, command line): the one error
 * type that every boundary throws, so the CLI can print it without a stack trace and exit with code 2.
 *
 * `where` names the place: a file and JSON path (`trace.itf.json: states[3].balance`), a config key
 * (`--set hops`), a message field (`bundle.partialSig`).
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    readonly where: string,
    readonly problem: string,
  ) {
    super(`${where}: ${problem}`);
  }
}

export function isInputError(e: unknown): e is InputError {
  return e instanceof InputError;
}
