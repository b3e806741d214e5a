import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ModelEntry } from '../checker/index.ts';
import { pingDefaults, pingEntry } from '../traces/testing/ping-model.ts';
import { captureIo } from './io.ts';
import { main } from './main.ts';
import { registryOf } from './registry.ts';

const ping = pingEntry() as unknown as ModelEntry<unknown>;
/** The same model where `fewPings` is meant to be violated but holds (limit above maxPings): an unmet expectation. */
const pingWide = {
  ...(pingEntry({ name: 'ping-wide' }) as unknown as ModelEntry<unknown>),
  defaults: { ...pingDefaults, limit: 5 },
};
const classic = pingEntry({ name: 'ping-classic', family: 'classic' }) as unknown as ModelEntry<unknown>;
const broken: ModelEntry<unknown> = {
  ...ping,
  name: 'broken',
  build: () => {
    throw new Error('boom');
  },
};
const env = { registry: registryOf([classic, ping, pingWide, broken]) };

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'apln-cli-'));
  made.push(d);
  return d;
}

async function run(argv: string[], options: { interruptAtOnce?: boolean; registry?: typeof env.registry } = {}) {
  const io = captureIo({ interruptAtOnce: options.interruptAtOnce ?? false });
  const code = await main(argv, io, { registry: options.registry ?? env.registry });
  return { code, out: io.stdout(), err: io.stderr() };
}

describe('apln exit codes and errors', () => {
  it('prints help (exit 0), and the overview on stderr with exit 2 when no command is given', async () => {
    const help = await run(['help']);
    expect(help.code).toBe(0);
    for (const c of ['list', 'check', 'simulate', 'replay', 'show']) expect(help.out).toContain(`  ${c}`);
    const none = await run([]);
    expect(none.code).toBe(2);
    expect(none.err).toContain('Usage: apln COMMAND');
    const usage = await run(['check', '--help']);
    expect(usage.code).toBe(0);
    expect(usage.out).toContain('Usage: apln check [MODEL] [options]');
  });

  it('rejects an unknown command, model, option or bad number with exit 2 and no stack trace', async () => {
    const frob = await run(['frob']);
    expect(frob.code).toBe(2);
    expect(frob.err).toMatch(/^apln: frob: unknown command \(known: [a-z]+(, [a-z]+)*\)\n$/);
    for (const known of ['list', 'check', 'simulate', 'replay', 'show', 'conform', 'help'])
      expect(frob.err).toContain(` ${known}`);
    expect(await run(['check', 'nope'])).toMatchObject({
      code: 2,
      err: 'apln: nope: unknown model (known: ping-classic, ping, ping-wide, broken; see apln list)\n',
    });
    expect(await run(['check', 'ping', '--max-states', 'abc'])).toMatchObject({
      code: 2,
      err: "apln: --max-states: expected a positive integer, got 'abc'\n",
    });
    expect(await run(['check', 'ping', '--strategy=astar'])).toMatchObject({
      code: 2,
      err: "apln: --strategy: expected one of bfs, dfs, got 'astar'\n",
    });
    expect((await run(['check', 'ping', '--frob'])).err).toMatch(
      /^apln: --frob: unknown option for apln check \(known: --set, /,
    );
    expect(await run(['replay'])).toMatchObject({
      code: 2,
      err: 'apln: replay: expected FILE (see apln replay --help)\n',
    });
  });

  it('names the key of a bad --set', async () => {
    expect(await run(['check', 'ping', '--set', 'limit=0'])).toMatchObject({
      code: 2,
      err: 'apln: --set limit: expected an integer ≥ 1, got 0\n',
    });
    expect(await run(['check', 'ping', '--set', 'limt=3'])).toMatchObject({
      code: 2,
      err: 'apln: --set limt: unknown parameter of ping (known: limit, maxPings, maxHeight)\n',
    });
    expect(await run(['check', 'ping', '--set', 'limit=two'])).toMatchObject({
      code: 2,
      err: 'apln: --set limit: expected an integer ≥ 1, got "two"\n',
    });
    expect(await run(['check', 'ping', '--set', 'limit'])).toMatchObject({
      code: 2,
      err: "apln: --set: expected key=value, got 'limit'\n",
    });
  });

  it('says so when --out cannot be written (exit 2), before the check runs', async () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, '');
    const r = await run(['check', 'ping', '--out', file]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`apln: --out ${file}: ${file} is not a directory\n`);
    expect(r.out).toBe('');
  });

  it('reports an unexpected error as a bug, exit 3', async () => {
    expect(await run(['check', 'broken'])).toMatchObject({
      code: 3,
      err: 'apln: internal error: Error: boom (this is a bug)\n',
    });
  });
});

describe('apln check MODEL', () => {
  it('--json prints exactly one object with the figures and writes the counterexamples and witnesses', async () => {
    const dir = tempDir();
    const r = await run(['check', 'ping', '--json', '--out', dir]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as Record<string, unknown> & { properties: Record<string, unknown>[] };
    expect(report).toMatchObject({
      model: 'ping',
      config: pingDefaults,
      distinctStates: 14,
      generatedStates: 20,
      maxDepth: 7,
      complete: true,
      ok: true,
    });
    expect(typeof report.seconds).toBe('number');
    expect(report.properties.map((p) => [p.name, p.kind, p.verdict, p.traceFile ?? null])).toEqual([
      ['fewPings', 'always', 'violated', join(dir, 'ping.fewPings.itf.json')],
      ['ponged', 'sometimes', 'reached', join(dir, 'ping.ponged.itf.json')],
      ['answered', 'eventually', 'violated', join(dir, 'ping.answered.itf.json')],
      ['heightMonotone', 'transition', 'holds', null],
    ]);
    expect(readdirSync(dir).sort()).toEqual([
      'ping.answered.itf.json',
      'ping.fewPings.itf.json',
      'ping.ponged.itf.json',
    ]);
  });

  it('writes the same trace bytes on every run', async () => {
    const a = tempDir();
    const b = tempDir();
    await run(['check', 'ping', '--out', a]);
    await run(['check', 'ping', '--out', b, '--strategy', 'bfs']);
    expect(readFileSync(join(a, 'ping.fewPings.itf.json'), 'utf8')).toBe(
      readFileSync(join(b, 'ping.fewPings.itf.json'), 'utf8'),
    );
  });

  it('exits 1 when a property does not meet its expectation, and says which', async () => {
    const r = await run(['check', 'ping', '--set', 'limit=5', '--out', tempDir()]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/fewPings\s+always\s+holds ✗\s+violated/);
    expect(r.out).toContain('FAILED: not every property met its expectation');
  });

  it('stops at a limit with partial figures and unknown verdicts (exit 1)', async () => {
    const r = await run(['check', 'ping', '--max-states', '3', '--json', '--out', tempDir()]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as {
      complete: boolean;
      stoppedBy: string;
      horizon: unknown;
      properties: { name: string; verdict: string }[];
    };
    expect(report.complete).toBe(false);
    expect(report.stoppedBy).toBe('max-states');
    expect(report.horizon).toEqual({ maxHeight: 1, complete: false });
    expect(report.properties.find((p) => p.name === 'heightMonotone')?.verdict).toBe('unknown');
  });

  it('stops cleanly on Ctrl-C', async () => {
    // Big enough (about 40,000 states) that the checker polls for a stop before it finishes.
    const big = ['--set', 'maxPings=10000', '--set', 'maxHeight=1'];
    const r = await run(['check', 'ping', ...big, '--json', '--out', tempDir()], { interruptAtOnce: true });
    const report = JSON.parse(r.out) as { complete: boolean; stoppedBy: string };
    expect(report).toMatchObject({ complete: false, stoppedBy: 'interrupted' });
    expect(r.code).toBe(1);
    expect(r.err).toContain('interrupted: stopping with partial figures');
  });
});

describe('apln check with no model', () => {
  it('prints the variants × properties table of every non-classic model (pinned)', async () => {
    const dir = tempDir();
    const noLag = { name: 'no lag', summary: 'a pong answers in the same block' };
    const noLoss = { name: 'no loss', summary: 'no ping is lost' };
    const registry = registryOf([
      classic,
      { ...ping, abstracts: [noLag] },
      { ...pingWide, abstracts: [noLag, noLoss] },
    ]);
    const r = await run(['check', '--out', dir], { registry });
    expect(r.code).toBe(1);
    expect(r.out).toBe(
      [
        'variant    holds up to  fewPings    ponged     answered    heightMonotone  all met',
        'ping       height 1     VIOLATED ✓  reached ✓  VIOLATED ✓  holds ✓         yes',
        'ping-wide  height 1     holds ✗     reached ✓  VIOLATED ✓  holds ✓         NO',
        '',
        "what a 'holds' covers: no run the model can express, up to the height in 'holds up to', breaks it;",
        'what each model assumes away (spec/11-open-questions.md §14: which verdicts that makes true by construction):',
        '  no lag:',
        '    ping',
        '  no lag, no loss:',
        '    ping-wide',
        '',
        '  no lag   a pong answers in the same block',
        '  no loss  no ping is lost',
        '',
        'violations and unmet expectations (VIOLATED ✓ = the variant is meant to violate it):',
        `  ping       fewPings  VIOLATED ✓  ${join(dir, 'ping.fewPings.itf.json')}`,
        `  ping       answered  VIOLATED ✓  ${join(dir, 'ping.answered.itf.json')}`,
        '  ping-wide  fewPings  holds ✗',
        `  ping-wide  answered  VIOLATED ✓  ${join(dir, 'ping-wide.answered.itf.json')}`,
        '',
        `witness traces written: 2 (reached), as <variant>.<property>.itf.json in ${dir}/`,
        '',
        'FAILED: ping-wide did not meet their expectations',
        '',
        `report: ${join(dir, 'report.html')} (2 variants, 5 traces; open it in a browser: file://${join(dir, 'report.html')})`,
        '',
      ].join('\n'),
    );
  });

  it('shows properties named group.clause one column per group, the worst clause in the cell', async () => {
    const grouped = (name: string, limit: number): ModelEntry<unknown> => {
      const base = pingEntry({ name });
      return {
        ...(base as unknown as ModelEntry<unknown>),
        defaults: { ...pingDefaults, limit },
        build: (c) => {
          const m = base.build(c as typeof pingDefaults);
          const names: Record<string, string> = {
            fewPings: 'safety.fewPings',
            heightMonotone: 'safety.heightMonotone',
            ponged: 'progress.ponged',
            answered: 'progress.answered',
          };
          return { ...m, properties: m.properties.map((p) => ({ ...p, name: names[p.name] ?? p.name })) };
        },
      };
    };
    const r = await run(['check', '--out', tempDir()], {
      registry: registryOf([grouped('g-tight', 2), grouped('g-wide', 5)]),
    });
    expect(r.code).toBe(1);
    expect(r.out.split('\n').slice(0, 3)).toEqual([
      'variant  holds up to  safety      progress    all met',
      'g-tight  height 1     VIOLATED ✓  VIOLATED ✓  yes',
      'g-wide   height 1     holds ✗     VIOLATED ✓  NO',
    ]);
    expect(r.out).toContain('  g-wide   safety.fewPings    holds ✗\n');
  });

  it('falls back to the classic models, saying so, when no protocol variant is registered', async () => {
    const r = await run(['check', '--json', '--out', tempDir()], { registry: registryOf([classic]) });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { note: string; ok: boolean; models: { model: string }[] };
    expect(out.note).toMatch(/no protocol variants are registered yet/);
    expect(out.models.map((m) => m.model)).toEqual(['ping-classic']);
  });
});

describe('apln replay and show', () => {
  it('replays a written trace (exit 0), and exits 1 when a state was tampered with', async () => {
    const dir = tempDir();
    await run(['check', 'ping', '--out', dir]);
    const file = join(dir, 'ping.fewPings.itf.json');
    const ok = await run(['replay', file]);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('✗ step 3 violates fewPings: pings = 2 reached the limit 2');
    expect(ok.out).toContain('replay: all 4 states, actions and picks match the recording');
    const o = JSON.parse(readFileSync(file, 'utf8')) as { states: Record<string, unknown>[] };
    (o.states[2] as Record<string, unknown>).pongs = { '#bigint': '9' };
    const bad = join(dir, 'bad.itf.json');
    writeFileSync(bad, JSON.stringify(o));
    const r = await run(['replay', bad, '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({
      matches: false,
      mismatch: { step: 2, path: 'states[2].pongs' },
      reproduced: true,
      ok: false,
    });
  });

  it('exits 2 with the place named for a truncated or malformed file', async () => {
    const dir = tempDir();
    await run(['check', 'ping', '--out', dir]);
    const text = readFileSync(join(dir, 'ping.fewPings.itf.json'), 'utf8');
    const cut = join(dir, 'cut.itf.json');
    writeFileSync(cut, text.slice(0, 100));
    const r = await run(['replay', cut]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`apln: ${cut}: unexpected end of JSON at line 2 column ${100 - text.indexOf('\n')}\n`);
    expect(await run(['show', join(dir, 'missing.itf.json')])).toMatchObject({
      code: 2,
      err: `apln: ${join(dir, 'missing.itf.json')}: no such file\n`,
    });
  });

  it('shows the sequence diagram and the changed fields, or Mermaid', async () => {
    const dir = tempDir();
    await run(['check', 'ping', '--out', dir]);
    const file = join(dir, 'ping.fewPings.itf.json');
    const text = await run(['show', file]);
    expect(text.code).toBe(0);
    expect(text.out).toContain('|----ping---->|');
    expect(text.out).toContain('~ pings: 1 → 2');
    const mermaid = await run(['show', file, '--mermaid']);
    expect(
      mermaid.out.startsWith('```mermaid\nsequenceDiagram\n  participant A\n  participant B\n  A->>B: 1. ping'),
    ).toBe(true);
  });
});

describe('apln simulate and list', () => {
  it('simulates with a seed, reports JSON and writes the violating traces', async () => {
    const dir = tempDir();
    const r = await run(['simulate', 'ping', '--seed', '7', '--traces', '20', '--steps', '10', '--json', '--out', dir]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as {
      strategy: string;
      seed: number;
      properties: { name: string; verdict: string }[];
    };
    expect(report).toMatchObject({ strategy: 'simulate', seed: 7 });
    expect(report.properties.find((p) => p.name === 'fewPings')?.verdict).toBe('violated');
    expect(existsSync(join(dir, 'ping.fewPings.itf.json'))).toBe(true);
    expect((await run(['replay', join(dir, 'ping.fewPings.itf.json')])).code).toBe(0);
  });

  it('lists models by family with parameters and properties', async () => {
    const r = await run(['list', '--json'], { registry: registryOf([classic, ping]) });
    const out = JSON.parse(r.out) as {
      families: { family: string; models: { name: string; params: unknown[]; properties: unknown[] }[] }[];
    };
    expect(out.families.map((f) => [f.family, f.models.map((m) => m.name)])).toEqual([
      ['classic', ['ping-classic']],
      ['test', ['ping']],
    ]);
    expect(out.families[1]?.models[0]?.params[0]).toEqual({
      name: 'limit',
      type: 'integer ≥ 1',
      default: 2,
      description: 'pings that violate fewPings',
    });
    expect(out.families[1]?.models[0]?.properties[0]).toEqual({
      name: 'fewPings',
      kind: 'always',
      expect: 'violated',
      description: 'Fewer than 2 pings are ever sent.',
    });
    const text = await run(['list'], { registry: registryOf([ping]) });
    expect(text.out).toContain('    --set limit=2  (integer ≥ 1)  pings that violate fewPings');
  });
});
