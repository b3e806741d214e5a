import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ModelEntry } from '../checker/index.ts';
import { pingDefaults, pingEntry } from '../traces/testing/ping-model.ts';
import { captureIo } from './io.ts';
import { main } from './main.ts';
import { registryOf } from './registry.ts';

const ping = pingEntry() as unknown as ModelEntry<unknown>;
/** `fewPings` is meant to be violated but holds here (limit above maxPings): an unmet expectation. */
const pingWide = {
  ...(pingEntry({ name: 'ping-wide' }) as unknown as ModelEntry<unknown>),
  defaults: { ...pingDefaults, limit: 5 },
};
const env = { registry: registryOf([ping, pingWide]) };

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'apln-cli-report-'));
  made.push(d);
  return d;
}
async function run(argv: string[]) {
  const io = captureIo({ interruptAtOnce: false });
  const code = await main(argv, io, env);
  return { code, out: io.stdout(), err: io.stderr() };
}
const pageData = (file: string) =>
  JSON.parse(
    /<script id="apln-data" type="application\/json">(.*)<\/script>/.exec(readFileSync(file, 'utf8'))?.[1] ?? 'null',
  ) as {
    runs: { model: string }[];
    traces: Record<string, { steps: unknown[] }>;
  };

describe('apln check with no MODEL (npm start)', () => {
  it('prints the table, writes check.json and report.html into --out, and prints the report path after the table', async () => {
    const dir = tempDir();
    const r = await run(['check', '--out', dir]);
    expect(r.code).toBe(1); // ping-wide's expectation is not met
    const table = r.out.indexOf('variant');
    const report = r.out.indexOf(
      `report: ${join(dir, 'report.html')} (2 variants, 5 traces; open it in a browser: file://`,
    );
    expect(table).toBeGreaterThanOrEqual(0);
    expect(report, r.out).toBeGreaterThan(table);
    const data = pageData(join(dir, 'report.html'));
    expect(data.runs.map((x) => x.model)).toEqual(['ping', 'ping-wide']);
    expect(Object.keys(data.traces).sort()).toEqual([
      'ping-wide/answered',
      'ping-wide/ponged',
      'ping/answered',
      'ping/fewPings',
      'ping/ponged',
    ]);
    expect(JSON.parse(readFileSync(join(dir, 'check.json'), 'utf8'))).toMatchObject({
      ok: false,
      models: [{ model: 'ping' }, { model: 'ping-wide' }],
    });
  });

  it('--junit writes one test case per variant × property clause, the failure naming the clause and its trace', async () => {
    const dir = tempDir();
    const junit = join(dir, 'junit.xml');
    await run(['check', '--out', dir, '--junit', junit, '--no-report']);
    const xml = readFileSync(junit, 'utf8');
    expect(xml.match(/<testcase /g)).toHaveLength(2 * (4 + 1)); // 4 properties + deadlock, per variant
    expect(xml).toContain('<testsuite name="ping-wide" tests="5" failures="1"');
    expect(xml).toMatch(/<failure message="fewPings: holds, expected violated" type="holds">/);
    expect(existsSync(join(dir, 'report.html'))).toBe(false);
  });
});

describe('apln report', () => {
  it('draws the page from the JSON apln check printed, with every trace it names', async () => {
    const dir = tempDir();
    const json = await run(['check', 'ping', '--json', '--out', dir]);
    const file = join(dir, 'ping.json');
    writeFileSync(file, json.out);
    const r = await run(['report', '--out', join(dir, 'page.html'), file]);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(
      /^report: .*page\.html \(1 variants, 3 traces; open it in a browser: file:\/\/.*page\.html\)\n$/,
    );
    const data = pageData(join(dir, 'page.html'));
    expect(data.traces['ping/fewPings']?.steps.length).toBe(4); // the initial state and three steps
  });

  it('exits 2 naming the file and the JSON path of malformed or foreign input', async () => {
    const dir = tempDir();
    const foreign = join(dir, 'foreign.json');
    writeFileSync(foreign, JSON.stringify({ hello: 'world' }));
    const r1 = await run(['report', '--out', dir, foreign]);
    expect(r1.code).toBe(2);
    expect(r1.err).toMatch(new RegExp(`^apln: ${foreign}: not an input of apln report: expected an ITF trace`));
    const badCheck = join(dir, 'check.json');
    const check = JSON.parse((await run(['check', 'ping', '--json', '--out', dir])).out) as Record<string, unknown>;
    writeFileSync(badCheck, JSON.stringify({ ok: true, models: [{ ...check, properties: 'none' }] }));
    const r2 = await run(['report', '--out', dir, badCheck]);
    expect(r2.code).toBe(2);
    expect(r2.err).toMatch(
      new RegExp(`^apln: ${badCheck}: models\\[0\\]\\.properties: expected Array<.*, got "none"\n$`),
    );
    const truncated = join(dir, 't.itf.json');
    writeFileSync(truncated, '{"#meta": {"format": "ITF"');
    const r3 = await run(['report', '--out', dir, truncated]);
    expect(r3.code).toBe(2);
    expect(r3.err).toMatch(new RegExp(`^apln: ${truncated}: .*line 1 column \\d+\n$`));
    expect(existsSync(join(dir, 'report.html'))).toBe(false);
  });
});

describe('apln show --html', () => {
  it('writes the one-trace page beside the trace, opening on that trace', async () => {
    const dir = tempDir();
    await run(['check', 'ping', '--out', dir]);
    const trace = join(dir, 'ping.fewPings.itf.json');
    const r = await run(['show', trace, '--html']);
    expect(r.code).toBe(0);
    expect(r.out.startsWith(join(dir, 'ping.fewPings.html'))).toBe(true);
    const html = readFileSync(join(dir, 'ping.fewPings.html'), 'utf8');
    expect(html).toContain('"startView":"ping/fewPings"');
  });
});
