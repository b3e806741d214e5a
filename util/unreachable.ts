/** Exhaustiveness guard for `switch` over a discriminated union: the compiler proves this is never called. */
export function unreachable(x: never, what = 'value'): never {
  throw new Error(`unreachable: unexpected ${what} ${JSON.stringify(x)}`);
}
