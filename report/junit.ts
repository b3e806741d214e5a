/**
 * JUnit XML, what CI servers display: for `apln check`, one test suite per variant and one test case per
 * property clause (a failure when the verdict does not meet its expectation, the trace path in its message),
 * plus a case for deadlocks; for `apln conform`, one suite, one case per oracle suite (a failure per
 * divergence or violation, with its trace).
 */
import type { RunJson } from './data.ts';

const xmlEscape = (s: string): string =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    // XML 1.0 forbids most control characters even escaped.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

interface Case {
  readonly name: string;
  readonly classname: string;
  readonly seconds: number;
  readonly failure?: { readonly message: string; readonly type: string; readonly body: string };
}

function suiteXml(name: string, seconds: number, cases: readonly Case[]): string {
  const failures = cases.filter((c) => c.failure !== undefined).length;
  const lines = [
    `  <testsuite name="${xmlEscape(name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0" time="${seconds.toFixed(3)}">`,
  ];
  for (const c of cases) {
    const open = `    <testcase name="${xmlEscape(c.name)}" classname="${xmlEscape(c.classname)}" time="${c.seconds.toFixed(3)}"`;
    if (c.failure === undefined) lines.push(`${open}/>`);
    else {
      lines.push(`${open}>`);
      lines.push(
        `      <failure message="${xmlEscape(c.failure.message)}" type="${xmlEscape(c.failure.type)}">${xmlEscape(c.failure.body)}</failure>`,
      );
      lines.push('    </testcase>');
    }
  }
  lines.push('  </testsuite>');
  return lines.join('\n');
}

function document(name: string, suites: readonly string[], tests: number, failures: number, seconds: number): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xmlEscape(name)}" tests="${tests}" failures="${failures}" errors="0" time="${seconds.toFixed(3)}">\n${suites.join('\n')}\n</testsuites>\n`;
}

/** One suite per variant, one case per property clause (and deadlock). */
export function checkJunit(runs: readonly RunJson[]): string {
  let tests = 0;
  let failures = 0;
  const suites = runs.map((r) => {
    const cases: Case[] = r.properties.map((p) => {
      const trace = p.traceFile === undefined ? '' : ` (trace: ${p.traceFile})`;
      const failure = p.meetsExpectation
        ? undefined
        : {
            message: `${p.name}: ${p.verdict}, expected ${p.expected}${trace}`,
            type: p.verdict,
            body: [
              `${r.model} ${p.name} (${p.kind}): ${p.verdict}, expected ${p.expected}`,
              p.message ?? '',
              p.traceFile === undefined ? '' : `trace: ${p.traceFile}\nreplay: apln replay ${p.traceFile}`,
            ]
              .filter((x) => x !== '')
              .join('\n'),
          };
      return { name: p.name, classname: r.model, seconds: 0, ...(failure === undefined ? {} : { failure }) };
    });
    const d = r.deadlock;
    cases.push({
      name: 'deadlock',
      classname: r.model,
      seconds: 0,
      ...(d === undefined
        ? {}
        : {
            failure: {
              message: `deadlock at depth ${d.depth}${d.traceFile === undefined ? '' : ` (trace: ${d.traceFile})`}`,
              type: 'deadlock',
              body: d.traceFile ?? '',
            },
          }),
    });
    if (!r.complete) {
      cases.push({
        name: 'complete',
        classname: r.model,
        seconds: 0,
        failure: {
          message: `stopped by ${r.stoppedBy ?? 'a limit'}: verdicts not decided are unknown`,
          type: 'incomplete',
          body: '',
        },
      });
    }
    tests += cases.length;
    failures += cases.filter((c) => c.failure !== undefined).length;
    return suiteXml(r.model, r.seconds, cases);
  });
  return document(
    'apln check',
    suites,
    tests,
    failures,
    runs.reduce((s, r) => s + r.seconds, 0),
  );
}

/** The conformance report as one suite with a case per oracle suite. */
export interface ConformJunitInput {
  readonly suites: readonly {
    readonly suite: string;
    readonly runs: number;
    readonly failures: readonly { readonly kind: string; readonly text: string; readonly trace?: string }[];
  }[];
}

export function conformJunit(report: ConformJunitInput): string {
  const cases: Case[] = report.suites.map((s) => {
    const f = s.failures;
    return {
      name: s.suite,
      classname: 'apln conform',
      seconds: 0,
      ...(f.length === 0
        ? {}
        : {
            failure: {
              message: f
                .map((x) => `${x.kind}: ${x.text}${x.trace === undefined ? '' : ` (trace: ${x.trace})`}`)
                .join('; '),
              type: f[0]?.kind ?? 'failure',
              body: f
                .map(
                  (x) =>
                    `${x.kind}: ${x.text}${x.trace === undefined ? '' : `\ntrace: ${x.trace}\nreplay: apln replay ${x.trace} --against impl`}`,
                )
                .join('\n\n'),
            },
          }),
    };
  });
  const failures = cases.filter((c) => c.failure !== undefined).length;
  return document('apln conform', [suiteXml('apln conform', 0, cases)], cases.length, failures, 0);
}
