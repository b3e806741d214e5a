/** Turning a verdict into a `PropertyResult`, with the property's expectation. */
import type { Expectation, Property } from './model.ts';
import type { Path, PropertyResult, Verdict } from './result.ts';

function expectationOf(p: Property<unknown, unknown>): Expectation {
  return p.expect ?? (p.kind === 'sometimes' ? 'reached' : 'holds');
}

function expectationOfVerdict(verdict: Verdict, p: Property<unknown, unknown>): Expectation {
  return verdict === 'reached' || verdict === 'unreached' || verdict === 'holds' || verdict === 'violated'
    ? verdict
    : expectationOf(p);
}

export function propertyResult<S, A>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  p: Property<any, any>,
  verdict: Verdict,
  extra: { path?: Path<S, A>; violationIndex?: number; message?: string | undefined },
): PropertyResult<S, A> {
  // A probe (`informational`) is reported, not judged: it expects what it gives.
  const expected = p.informational === true ? expectationOfVerdict(verdict, p) : expectationOf(p);
  return {
    name: p.name,
    kind: p.kind,
    description: p.description,
    verdict,
    expected,
    meetsExpectation: p.informational === true || verdict === expected,
    ...(extra.message !== undefined ? { message: extra.message } : {}),
    ...(extra.path !== undefined ? { path: extra.path } : {}),
    ...(extra.violationIndex !== undefined ? { violationIndex: extra.violationIndex } : {}),
  };
}
