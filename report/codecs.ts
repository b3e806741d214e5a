/**
 * io-ts codecs for the JSON the report reads, each as loose as the printer's documented shape allows: extra
 * fields are kept (a newer printer may add some), missing required fields are errors naming their JSON path.
 */
import * as t from 'io-ts';

const PropertyJson = t.intersection([
  t.type({ name: t.string, kind: t.string, verdict: t.string, expected: t.string, meetsExpectation: t.boolean }),
  t.partial({ description: t.string, message: t.string, traceFile: t.string }),
]);

/** One variant's run (`apln check MODEL --json`, or one element of `models` without MODEL). */
export const RunJsonCodec = t.intersection([
  t.type({
    model: t.string,
    distinctStates: t.number,
    generatedStates: t.number,
    maxDepth: t.number,
    seconds: t.number,
    complete: t.boolean,
    collisionProbability: t.number,
    properties: t.array(PropertyJson),
    ok: t.boolean,
  }),
  t.partial({
    family: t.string,
    config: t.unknown,
    strategy: t.string,
    stoppedBy: t.string,
    deadlock: t.intersection([t.type({ depth: t.number }), t.partial({ traceFile: t.string })]),
  }),
]);

/** `apln check --json` with no MODEL. */
export const CheckAllJsonCodec = t.intersection([
  t.type({ ok: t.boolean, models: t.array(RunJsonCodec) }),
  t.partial({ note: t.string }),
]);

const KindsJson = t.type({ kindsCovered: t.array(t.string), kindsNotCovered: t.record(t.string, t.string) });

/** `apln conform --json` (oracle/conform.ts ConformReport). */
export const ConformJsonCodec = t.intersection([
  t.type({
    ok: t.boolean,
    runs: t.number,
    steps: t.number,
    divergences: t.number,
    violations: t.number,
    suites: t.array(
      t.intersection([
        t.type({
          suite: t.string,
          runs: t.number,
          failures: t.array(
            t.intersection([
              t.type({ kind: t.string, text: t.string }),
              t.partial({ source: t.string, trace: t.string }),
            ]),
          ),
        }),
        t.partial({ modelSteps: t.number, adversarySteps: t.number }),
      ]),
    ),
    kindsCovered: t.array(t.string),
    kindsNotCovered: t.record(t.string, t.string),
  }),
  t.partial({ adapterFailures: t.number, scheme2: KindsJson, mutant: t.string }),
]);

/** `apln conform --mutants --json`: one entry per mutant. */
export const MutantsJsonCodec = t.array(
  t.intersection([t.type({ mutant: t.string, runs: t.number, caught: t.boolean }), t.partial({ failure: t.string })]),
);

/**
 * `apln coalitions --json` (issue 11), as the report reads it: per clause and coalition a verdict. `vacuous`:
 * the clause protects a party of the coalition (shown apart from "holds").
 */
const CoalitionResult = t.intersection([
  t.type({ coalition: t.array(t.string), clause: t.string, verdict: t.string }),
  t.partial({ vacuous: t.boolean, traceFile: t.string, states: t.number }),
]);
export const CoalitionsJsonCodec = t.intersection([
  t.type({ results: t.array(CoalitionResult) }),
  t.partial({ variant: t.string }),
]);

/**
 * `apln synth --json` (issue 11), as the report reads it: per grid point (ranged key → value) and safety clause
 * a verdict; `constraints` the derived region per clause, as text and, when linear, `coefficients · x op bound`.
 */
const SynthPoint = t.intersection([
  t.type({ point: t.record(t.string, t.number), clause: t.string, verdict: t.string }),
  t.partial({ traceFile: t.string }),
]);
const SynthConstraint = t.intersection([
  t.type({ clause: t.string, text: t.string }),
  t.partial({ coefficients: t.record(t.string, t.number), op: t.string, bound: t.number, exact: t.boolean }),
]);
export const SynthJsonCodec = t.intersection([
  t.type({ points: t.array(SynthPoint) }),
  t.partial({
    variant: t.string,
    ranges: t.record(t.string, t.tuple([t.number, t.number])),
    constraints: t.array(SynthConstraint),
  }),
]);
