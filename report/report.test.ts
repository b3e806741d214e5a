import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTrace } from '../traces/read.ts';
import { isInputError } from '../util/input-error.ts';
import { reportData, writeReport } from './build.ts';
import { readInputs } from './inputs.ts';
import { checkJunit, conformJunit } from './junit.ts';
import { buildPage, scriptJson } from './page.ts';
import { sampleCheck, sampleCoalitions, sampleSynth, sampleTrace } from './testing.ts';
import { traceView } from './trace-view.ts';

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'apln-report-'));
  made.push(d);
  return d;
}
function write(dir: string, name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}
/** The InputError message `read` throws, or a failure when it does not throw one. */
function inputError(read: () => unknown): string {
  try {
    read();
  } catch (e) {
    if (isInputError(e)) return e.message;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('a trace as the page draws it', () => {
  const view = traceView(parseTrace(JSON.stringify(sampleTrace({ extraSteps: 2 })), 't.itf.json'), {
    file: 'out/t.itf.json',
    pageDir: 'out',
  });

  it('has one step per action after the initial state, in order, with its actor and receiver', () => {
    expect(view.steps.map((s) => s.label)).toEqual([
      'init',
      'PayerPay',
      'HubOpen',
      'PayeeLearn',
      'ChainAdvance',
      'ChainAdvance',
    ]);
    expect(view.steps[1]).toMatchObject({ actor: 'A', to: 'S', msg: 'pay' });
  });

  it('classes each change as the ITF Trace Viewer does: a changed value, a changed set of keys, a new element', () => {
    expect(view.steps[1]?.changes).toEqual([{ path: 'count', cls: 'changed-value', before: '0', after: '1' }]);
    expect(view.steps[2]?.changes).toEqual([{ path: 'balances["B"]', cls: 'changed-keys', after: '0' }]);
    expect(view.steps[3]?.changes).toMatchObject([{ path: 'seen', cls: 'new-element', removed: [] }]);
    // Each added element reads as itself (mapping formatValue directly once passed the index as its size bound).
    expect(view.steps[3]?.changes[0]?.added).toEqual(['"x"']);
  });

  it('keeps only the changed top-level variables per step (the page replays them), all of them at step 0', () => {
    expect(Object.keys(view.steps[0]?.set ?? {})).toEqual(['balances', 'count', 'height', 'seen']);
    expect(view.steps[1]?.set).toEqual({ count: '1' });
    expect(view.steps[4]?.set).toEqual({ height: '1' });
  });

  it('draws a lifeline per party, those the state names included, in the order A, S, M, B, then the chain', () => {
    expect(view.parties).toEqual(['A', 'S', 'B', 'chain']);
  });

  it('gives the block height per step, the marked step, the file link and the replay command', () => {
    expect(view.steps.map((s) => s.height)).toEqual(['0', '0', '0', '0', '1', '2']);
    expect(view.markedStep).toBe(5);
    expect(view).toMatchObject({ id: 'demo/safety.noLoss', href: 't.itf.json', replay: 'apln replay out/t.itf.json' });
  });
});

describe('reading the inputs', () => {
  it('reads a check result and the traces it names, found beside the JSON when the written path is gone', () => {
    const dir = tempDir();
    write(dir, 'demo.safety.noLoss.itf.json', sampleTrace());
    const check = write(dir, 'check.json', sampleCheck('elsewhere/demo.safety.noLoss.itf.json'));
    const read = readInputs([check]);
    expect(read.runs.map((r) => r.model)).toEqual(['demo']);
    expect(read.traces.map((t) => t.file)).toEqual([join(dir, 'demo.safety.noLoss.itf.json')]);
    expect(read.sources).toEqual([{ file: check, kind: 'check' }]);
  });

  it('names the file and the JSON path of a bad field', () => {
    const dir = tempDir();
    const check = sampleCheck('x.itf.json') as { models: { properties: Record<string, unknown>[] }[] };
    (check.models[0]?.properties[1] as Record<string, unknown>).verdict = 7;
    const file = write(dir, 'check.json', check);
    expect(inputError(() => readInputs([file]))).toBe(
      `${file}: models[0].properties[1].verdict: expected string, got 7`,
    );
  });

  it('names the JSON path of a trace file a check result names but that is missing', () => {
    const dir = tempDir();
    const file = write(dir, 'check.json', sampleCheck(join(dir, 'gone.itf.json')));
    expect(inputError(() => readInputs([file]))).toBe(
      `${file}: models[0].properties[0].traceFile: no such file: ${join(dir, 'gone.itf.json')}`,
    );
  });

  it('says where malformed JSON breaks, and what a foreign JSON file was expected to be', () => {
    const dir = tempDir();
    const bad = write(dir, 'bad.json', '{"models": [1, }');
    expect(inputError(() => readInputs([bad]))).toMatch(new RegExp(`^${bad}: .* at line 1 column \\d+$`));
    const foreign = write(dir, 'package.json', { name: 'x', version: '1.0.0' });
    expect(inputError(() => readInputs([foreign]))).toMatch(
      new RegExp(`^${foreign}: not an input of apln report: expected an ITF trace .*apln check --json`),
    );
  });

  it('names the JSON path inside a broken ITF trace', () => {
    const dir = tempDir();
    const t = sampleTrace() as { states: Record<string, unknown>[] };
    (t.states[2] as Record<string, unknown>)['mbt::actionTaken'] = 7;
    const file = write(dir, 't.itf.json', t);
    expect(inputError(() => readInputs([file]))).toBe(`${file}: states[2]["mbt::actionTaken"]: expected string, got 7`);
  });

  it('recognises conform, mutants, coalitions and synth results by their fields, and checks their fields too', () => {
    const dir = tempDir();
    const conform = write(dir, 'c.json', {
      ok: true,
      runs: 3,
      steps: 9,
      divergences: 0,
      violations: 0,
      suites: [{ suite: 's', runs: 3, failures: [] }],
      kindsCovered: ['A'],
      kindsNotCovered: {},
    });
    const mutants = write(dir, 'm.json', [{ mutant: 'm1', runs: 4, caught: true }]);
    const read = readInputs([conform, mutants]);
    expect(read.sources.map((s) => s.kind)).toEqual(['conform', 'mutants']);
  });

  it('reads apln coalitions --json: per clause the minimal violating and maximal withstood coalitions', () => {
    const dir = tempDir();
    const file = write(dir, 'co.json', sampleCoalitions());
    const read = readInputs([file]);
    expect(read.sources).toEqual([{ file, kind: 'coalitions' }]);
    const clause = read.coalitions?.clauses.find((c) => c.clause === 'honestHubLosesNothing.notTooLate');
    expect(clause).toMatchObject({
      protects: ['S'],
      minimalViolating: [['A', 'B']],
      maximalWithstood: [
        ['A', 'M'],
        ['B', 'M'],
      ],
      held: 6,
      violated: 4,
      vacuous: 6,
    });
    expect(read.coalitions?.rows).toHaveLength(32);
    const bad = sampleCoalitions() as { rows: Record<string, unknown>[] };
    delete bad.rows[3]?.vacuous;
    const badFile = write(dir, 'co-bad.json', bad);
    expect(inputError(() => readInputs([badFile]))).toBe(`${badFile}: rows[3].vacuous: missing (expected boolean)`);
  });

  it('reads apln synth --json: the ranges, the derived region per clause and every point', () => {
    const dir = tempDir();
    const file = write(dir, 's.json', sampleSynth());
    const read = readInputs([file]);
    expect(read.sources).toEqual([{ file, kind: 'synth' }]);
    expect(read.synth?.ranges.map((r) => r.key)).toEqual(['csvDelayBlocks', 'ptlcTimeoutBlocks']);
    const region = read.synth?.regions.find((r) => r.clause === 'honestHubLosesNothing.notTooLate');
    expect(region).toMatchObject({
      holdsAt: 3,
      violatedAt: 3,
      exact: true,
      inequalities: [{ coeffs: [-1, 1], bound: -1 }],
    });
    expect(read.synth?.points.map((p) => p.values)).toEqual([
      [1, 1],
      [1, 2],
      [2, 1],
      [2, 2],
      [3, 1],
      [3, 2],
    ]);
    const bad = sampleSynth() as { points: { values: unknown[] }[] };
    bad.points[1]!.values[0] = 'one';
    const badFile = write(dir, 's-bad.json', bad);
    expect(inputError(() => readInputs([badFile]))).toBe(`${badFile}: points[1].values[0]: expected number, got "one"`);
  });

  it('refuses a results file of another shape as foreign input, naming the formats it reads', () => {
    const dir = tempDir();
    const file = write(dir, 'old.json', { results: [{ coalition: ['S'], clause: 'c', verdict: 'violated' }] });
    expect(inputError(() => readInputs([file]))).toMatch(/not an input of apln report: .*"format": "apln-coalitions"/);
  });
});

describe('the page', () => {
  it('is one self-contained file: inline style, script and data, and nothing it loads from elsewhere', () => {
    const dir = tempDir();
    const trace = write(dir, 't.itf.json', sampleTrace());
    const file = writeReport(dir, readInputs([write(dir, 'check.json', sampleCheck(trace))]), {});
    const html = readFileSync(file, 'utf8');
    expect(file).toBe(join(dir, 'report.html'));
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(
      /<script[^>]+src=|<link[^>]+stylesheet|https?:\/\/(?!www\.w3\.org\/2000\/svg|apalache-mc\.org)/,
    );
    const data = JSON.parse(
      /<script id="apln-data" type="application\/json">(.*)<\/script>/.exec(html)?.[1] ?? 'null',
    ) as { runs: unknown[]; traces: Record<string, unknown> };
    expect(data.runs).toHaveLength(1);
    expect(Object.keys(data.traces)).toEqual(['demo/safety.noLoss']);
  });

  it('cannot be broken out of by a string in the data', () => {
    expect(scriptJson({ s: '</script><script>alert(1)</script>' })).not.toContain('</script>');
    const page = buildPage({ title: '<b>t</b>', runs: [], traces: {}, sources: [] });
    expect(page).toContain('<title>&lt;b&gt;t&lt;/b&gt;</title>');
  });

  it('takes the runs as given, whatever variants and properties they name', () => {
    const dir = tempDir();
    const trace = write(dir, 't.itf.json', sampleTrace({ model: 'brand-new-variant' }));
    const data = reportData(readInputs([write(dir, 'check.json', sampleCheck(trace, 'brand-new-variant'))]), {
      pageDir: dir,
    });
    expect(data.runs.map((r) => r.model)).toEqual(['brand-new-variant']);
    expect(Object.keys(data.traces)).toEqual(['brand-new-variant/safety.noLoss']);
  });
});

describe('JUnit XML', () => {
  it('has one test case per variant × property clause, and a failure with the trace path for an unmet expectation', () => {
    const check = sampleCheck('out/demo.safety.noLoss.itf.json') as {
      models: { properties: { meetsExpectation: boolean; expected: string }[] }[];
    };
    const p = check.models[0]?.properties[0];
    if (p !== undefined) {
      p.meetsExpectation = false;
      p.expected = 'holds';
    }
    const xml = checkJunit(check.models as never);
    expect(xml.match(/<testcase /g)).toHaveLength(4); // three clauses and the deadlock case
    expect(xml).toContain('<testsuite name="demo" tests="4" failures="1"');
    expect(xml).toContain(
      '<failure message="safety.noLoss: violated, expected holds (trace: out/demo.safety.noLoss.itf.json)" type="violated">',
    );
    expect(xml).toContain('<testcase name="safety.noTheft" classname="demo" time="0.000"/>');
  });

  it('has one test case per conform suite, a failure naming each divergence and its trace', () => {
    const xml = conformJunit({
      suites: [
        {
          suite: 'direct',
          runs: 5,
          failures: [{ kind: 'divergence', text: 'S <paid> vs model', trace: 'out/c.itf.json' }],
        },
        { suite: 'split', runs: 5, failures: [] },
      ],
    });
    expect(xml).toContain('tests="2" failures="1"');
    expect(xml).toContain(
      '<failure message="divergence: S &lt;paid&gt; vs model (trace: out/c.itf.json)" type="divergence">',
    );
  });
});
