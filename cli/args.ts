/**
 * A small typed argument parser: `--flag value`, `--flag=value`, boolean flags, repeatable flags, `--`
 * ends options. Every problem is an InputError naming the flag (`--max-states: expected a positive
 * integer, got 'abc'`).
 */
import { InputError } from '../util/input-error.ts';

type FlagKind = 'boolean' | 'string' | 'positive-int' | 'nat' | 'seconds' | 'repeat';

export interface FlagSpec {
  readonly kind: FlagKind;
  /** For `string`: the allowed values. */
  readonly choices?: readonly string[];
}

type ValueOf<K extends FlagKind> = K extends 'boolean'
  ? boolean
  : K extends 'repeat'
    ? string[]
    : K extends 'positive-int' | 'nat' | 'seconds'
      ? number
      : string;

type Flags<F extends Record<string, FlagSpec>> = { -readonly [K in keyof F]?: ValueOf<F[K]['kind']> };

export interface Parsed<F extends Record<string, FlagSpec>> {
  readonly flags: Flags<F>;
  readonly positionals: string[];
  /** `--help` or `-h` was given. */
  readonly help: boolean;
}

function convert(name: string, spec: FlagSpec, raw: string): number | string {
  const where = `--${name}`;
  switch (spec.kind) {
    case 'positive-int':
    case 'nat': {
      const min = spec.kind === 'nat' ? 0 : 1;
      if (!/^[0-9]+$/.test(raw) || !Number.isSafeInteger(Number(raw)) || Number(raw) < min) {
        throw new InputError(
          where,
          `expected ${spec.kind === 'nat' ? 'an integer ≥ 0' : 'a positive integer'}, got '${raw}'`,
        );
      }
      return Number(raw);
    }
    case 'seconds': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n) || n <= 0)
        throw new InputError(where, `expected a positive number of seconds, got '${raw}'`);
      return n;
    }
    case 'string':
    case 'repeat':
      if (spec.choices !== undefined && !spec.choices.includes(raw)) {
        throw new InputError(where, `expected one of ${spec.choices.join(', ')}, got '${raw}'`);
      }
      return raw;
    case 'boolean':
      throw new InputError(where, `takes no value, got '${raw}'`);
  }
}

export function parseArgs<F extends Record<string, FlagSpec>>(
  args: readonly string[],
  specs: F,
  command: string,
): Parsed<F> {
  const flags: Record<string, unknown> = {};
  const positionals: string[] = [];
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (!arg.startsWith('--') || arg === '-') {
      if (arg.startsWith('-') && arg !== '-')
        throw new InputError(arg, `unknown option for apln ${command} (see apln ${command} --help)`);
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    const spec = specs[name];
    if (spec === undefined) {
      const known = Object.keys(specs)
        .map((k) => `--${k}`)
        .join(', ');
      throw new InputError(`--${name}`, `unknown option for apln ${command} (known: ${known === '' ? 'none' : known})`);
    }
    if (spec.kind === 'boolean') {
      if (eq >= 0) convert(name, spec, arg.slice(eq + 1));
      flags[name] = true;
      continue;
    }
    let raw: string;
    if (eq >= 0) raw = arg.slice(eq + 1);
    else {
      const next = args[i + 1];
      if (next === undefined) throw new InputError(`--${name}`, 'expected a value');
      raw = next;
      i++;
    }
    const value = convert(name, spec, raw);
    if (spec.kind === 'repeat') ((flags[name] ??= []) as unknown[]).push(value);
    else {
      if (name in flags) throw new InputError(`--${name}`, 'given twice');
      flags[name] = value;
    }
  }
  return { flags: flags as Flags<F>, positionals, help };
}

/** Exactly the positionals a command expects, named in its usage. */
export function expectPositionals(
  positionals: readonly string[],
  options: { command: string; names: readonly string[]; optional?: number },
): void {
  const min = options.names.length - (options.optional ?? 0);
  if (positionals.length < min) {
    throw new InputError(
      options.command,
      `expected ${options.names.slice(positionals.length).join(' ')} (see apln ${options.command} --help)`,
    );
  }
  if (positionals.length > options.names.length) {
    throw new InputError(options.command, `unexpected argument '${positionals[options.names.length]}'`);
  }
}
