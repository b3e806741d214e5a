import { describe, expect, it } from 'vitest';
import { InputError } from '../util/input-error.ts';
import { parseArgs } from './args.ts';
import { parseSetting } from './config.ts';

const FLAGS = {
  json: { kind: 'boolean' },
  set: { kind: 'repeat' },
  seed: { kind: 'nat' },
  'time-limit': { kind: 'seconds' },
} as const;

function problem(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  return 'no error';
}

describe('parseArgs', () => {
  it('reads --flag value, --flag=value, repeats, booleans and positionals, and stops at --', () => {
    const p = parseArgs(
      ['m', '--seed=0', '--set', 'a=1', '--json', '--set=b=x', '--time-limit', '0.5', '--', '--not-a-flag'],
      FLAGS,
      'x',
    );
    expect(p.flags).toEqual({ seed: 0, set: ['a=1', 'b=x'], json: true, 'time-limit': 0.5 });
    expect(p.positionals).toEqual(['m', '--not-a-flag']);
    expect(p.help).toBe(false);
    expect(parseArgs(['-h'], FLAGS, 'x').help).toBe(true);
  });

  it('names the flag in every error', () => {
    expect(problem(() => parseArgs(['--seed', '-1'], FLAGS, 'x'))).toBe("--seed: expected an integer ≥ 0, got '-1'");
    expect(problem(() => parseArgs(['--seed', '1', '--seed', '2'], FLAGS, 'x'))).toBe('--seed: given twice');
    expect(problem(() => parseArgs(['--seed'], FLAGS, 'x'))).toBe('--seed: expected a value');
    expect(problem(() => parseArgs(['--json=yes'], FLAGS, 'x'))).toBe("--json: takes no value, got 'yes'");
    expect(problem(() => parseArgs(['--time-limit', '0'], FLAGS, 'x'))).toBe(
      "--time-limit: expected a positive number of seconds, got '0'",
    );
    expect(problem(() => parseArgs(['-v'], FLAGS, 'x'))).toBe('-v: unknown option for apln x (see apln x --help)');
  });
});

describe('parseSetting', () => {
  it('parses the value as JSON when it can, else keeps the string', () => {
    expect(parseSetting('hops=2')).toEqual(['hops', 2]);
    expect(parseSetting('deviating=["S"]')).toEqual(['deviating', ['S']]);
    expect(parseSetting('variant=correct')).toEqual(['variant', 'correct']);
    expect(parseSetting('eq=a=b')).toEqual(['eq', 'a=b']);
  });
});
