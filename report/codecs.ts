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

const Coalition = t.array(t.string);

/** `apln coalitions --json` (analysis/README.md): per clause the summary, per (coalition, clause) a row. */
export const CoalitionsJsonCodec = t.intersection([
  t.type({
    format: t.literal('apln-coalitions'),
    variant: t.string,
    parties: t.array(t.string),
    checked: t.number,
    total: t.number,
    partial: t.boolean,
    clauses: t.array(
      t.intersection([
        t.type({
          clause: t.string,
          protects: t.union([t.array(t.string), t.string]),
          held: t.number,
          violated: t.number,
          vacuous: t.number,
          unknown: t.number,
          minimalViolating: t.array(Coalition),
          maximalWithstood: t.array(Coalition),
          nonMonotone: t.array(t.type({ violatedBy: Coalition, heldBy: Coalition })),
        }),
        t.partial({ kind: t.string }),
      ]),
    ),
    rows: t.array(
      t.intersection([
        t.type({ coalition: Coalition, clause: t.string, verdict: t.string, vacuous: t.boolean }),
        t.partial({ states: t.number, steps: t.number, traceFile: t.string, message: t.string }),
      ]),
    ),
  }),
  t.partial({ version: t.number, config: t.unknown }),
]);

/**
 * `apln synth --json` (analysis/README.md): the ranged keys, per safety clause the derived region (its
 * inequalities `coeffs · x ≤ bound` over the ranged keys, in range order), per grid point its verdicts.
 */
export const SynthJsonCodec = t.intersection([
  t.type({
    format: t.literal('apln-synth'),
    variant: t.string,
    ranges: t.array(t.type({ key: t.string, lo: t.number, hi: t.number })),
    regions: t.array(
      t.intersection([
        t.type({
          clause: t.string,
          holdsAt: t.number,
          violatedAt: t.number,
          inequalities: t.array(t.type({ coeffs: t.array(t.number), bound: t.number })),
          constraint: t.array(t.string),
          exact: t.boolean,
        }),
        t.partial({
          kind: t.string,
          unknownAt: t.number,
          exceptions: t.array(t.array(t.number)),
          boundaries: t.array(
            t.intersection([
              t.type({ inequality: t.string, point: t.array(t.number) }),
              t.partial({ steps: t.number, traceFile: t.string }),
            ]),
          ),
        }),
      ]),
    ),
    points: t.array(
      t.intersection([
        t.type({ values: t.array(t.number) }),
        t.partial({
          refused: t.string,
          states: t.number,
          verdicts: t.record(t.string, t.intersection([t.type({ verdict: t.string }), t.partial({ steps: t.number })])),
        }),
      ]),
    ),
  }),
  t.partial({
    version: t.number,
    config: t.unknown,
    total: t.number,
    checked: t.number,
    refused: t.number,
    partial: t.boolean,
  }),
]);

export type CoalitionsJson = t.TypeOf<typeof CoalitionsJsonCodec>;
export type SynthJson = t.TypeOf<typeof SynthJsonCodec>;
