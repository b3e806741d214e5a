/**
 * The page in a real browser: Debian's headless Chromium driven by playwright-core (no browser download).
 * Skips, naming the package, when no Chromium is found. Screenshots go to out/report-screenshots/.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport } from './build.ts';
import { readInputs } from './inputs.ts';
import { sampleCheck, sampleCoalitions, sampleSynth, sampleTrace } from './testing.ts';

const CHROMIUM = process.env.APLN_CHROMIUM ?? '/usr/bin/chromium';
const found = existsSync(CHROMIUM);
if (!found)
  console.warn(
    `report/browser.test.ts: skipped: no Chromium at ${CHROMIUM} (install Debian's package: apt-get install -y chromium, or set APLN_CHROMIUM)`,
  );
const SHOTS = resolve('out/report-screenshots');

let browser: Browser;
let dir: string;
let page: string;
const STEPS = 6; // sampleTrace with extraSteps 3: three actions and three chain steps
const MARKED = 4;

beforeAll(async () => {
  if (!found) return;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  dir = mkdtempSync(join(tmpdir(), 'apln-browser-'));
  const trace = join(dir, 'demo.safety.noLoss.itf.json');
  writeFileSync(trace, JSON.stringify(sampleTrace({ extraSteps: 3, violationIndex: MARKED })));
  const check = sampleCheck(trace) as { models: Record<string, unknown>[] };
  check.models.push({
    ...(check.models[0] as Record<string, unknown>),
    model: 'second-variant',
    properties: [{ name: 'typeOk', kind: 'always', verdict: 'holds', expected: 'holds', meetsExpectation: true }],
  });
  writeFileSync(join(dir, 'check.json'), JSON.stringify(check));
  page = writeReport(dir, readInputs([join(dir, 'check.json')]), {});
});
afterAll(async () => {
  await browser?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

/** Opens the page, collecting console errors, page errors and failed or non-local requests. */
async function open(url: string): Promise<{ p: Page; problems: string[] }> {
  const p = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const problems: string[] = [];
  p.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  p.on('pageerror', (e) => problems.push(`page error: ${String(e)}`));
  p.on('requestfailed', (r) => problems.push(`failed request: ${r.url()}`));
  p.on('request', (r) => {
    if (!/^(file|data):/.test(r.url())) problems.push(`network request: ${r.url()}`);
  });
  await p.goto(url);
  await p.waitForSelector('body[data-ready]');
  return { p, problems };
}

/** Problems with an open trace: its arrow count against its ITF file's steps, and the marked step. */
async function diagramProblems(
  p: Page,
  itf: { states: unknown[]; '#meta': { violationIndex?: number } },
): Promise<string[]> {
  const out: string[] = [];
  const arrows = await p.locator('.diagram .arrow').count();
  if (arrows !== itf.states.length - 1) out.push(`${arrows} arrows for ${itf.states.length - 1} steps`);
  const marked = await p
    .locator('.diagram .arrow.breaking')
    .evaluateAll((els) => els.map((e) => (e as { getAttribute(n: string): string | null }).getAttribute('data-step')));
  const expected = String(itf['#meta'].violationIndex ?? itf.states.length - 1);
  if (marked.length !== 1 || marked[0] !== expected)
    out.push(`breaking step marked at ${JSON.stringify(marked)}, expected ${expected}`);
  return out;
}

describe.skipIf(!found)('the report in headless Chromium', () => {
  it('loads from file:// with no console error, no failed request and no network request', async () => {
    const { p, problems } = await open(`file://${page}`);
    expect(problems).toEqual([]);
    mkdirSync(SHOTS, { recursive: true });
    await p.locator('#table').screenshot({ path: join(SHOTS, 'table.png') });
    await p.close();
  });

  it('has one row per variant of the check result, each cell the worst clause of its group', async () => {
    const { p } = await open(`file://${page}`);
    expect(
      await p
        .locator('#matrix tbody tr')
        .evaluateAll((rows) =>
          rows.map((r) => (r as { getAttribute(n: string): string | null }).getAttribute('data-model')),
        ),
    ).toEqual(['demo', 'second-variant']);
    const cells = await p.locator('#matrix tbody tr[data-model="demo"] td').allTextContents();
    expect(cells).toEqual(['VIOLATED ✓', 'holds ✓', 'yes']);
    expect(await p.locator('#matrix tbody tr[data-model="second-variant"] td').allTextContents()).toEqual([
      '—',
      'holds ✓',
      'yes',
    ]);
    await p.close();
  });

  it('opens, on a click of a violated cell, a diagram with one arrow per trace step and the breaking step marked', async () => {
    const { p, problems } = await open(`file://${page}`);
    await p.click('#matrix tr[data-model="demo"] td[data-group="safety"] button');
    await p.waitForSelector('.diagram');
    expect(p.url()).toMatch(/#demo\/safety\.noLoss$/);
    const itf = JSON.parse(readFileSync(join(dir, 'demo.safety.noLoss.itf.json'), 'utf8'));
    expect(itf.states.length - 1).toBe(STEPS);
    expect(await diagramProblems(p, itf)).toEqual([]);
    await p.locator('#detail').screenshot({ path: join(SHOTS, 'diagram.png') });
    expect(problems).toEqual([]);
    await p.close();
  });

  it('a planted fault: a page that draws one arrow too few, or marks the wrong step, fails the diagram check', async () => {
    const html = readFileSync(page, 'utf8');
    const dropped = html.replace(/"label":"ChainAdvance"/, '"label":"ChainAdvance","dropMe":true');
    const faulty = join(dir, 'faulty.html');
    // The fault: the page's script skips the first ChainAdvance step when it draws arrows.
    writeFileSync(
      faulty,
      dropped.replace(
        'for (let i = from; i <= to; i++) {\n      const s = t.steps[i];',
        'for (let i = from; i <= to; i++) {\n      const s = t.steps[i];\n      if (s.dropMe) continue;',
      ),
    );
    expect(readFileSync(faulty, 'utf8')).toContain('if (s.dropMe) continue;');
    const { p } = await open(`file://${faulty}#demo/safety.noLoss`);
    const itf = JSON.parse(readFileSync(join(dir, 'demo.safety.noLoss.itf.json'), 'utf8'));
    // The dropped step is the marked one (step 4), so both checks fail.
    expect(await diagramProblems(p, itf)).toEqual([
      `${STEPS - 1} arrows for ${STEPS} steps`,
      `breaking step marked at [], expected ${MARKED}`,
    ]);
    await p.close();
  });

  it('gives a changed field the class of its change (changed value, changed keys, new element)', async () => {
    const { p } = await open(`file://${page}#demo/safety.noLoss/step-1`);
    expect(await p.locator('.changes tr[data-path="count"]').getAttribute('class')).toBe('changed-value');
    await p.goto(`file://${page}#demo/safety.noLoss/step-2`);
    expect(await p.locator('.changes tr[data-path="balances[\\"B\\"]"]').getAttribute('class')).toBe('changed-keys');
    await p.goto(`file://${page}#demo/safety.noLoss/step-3`);
    expect(await p.locator('.changes tr[data-path="seen"]').getAttribute('class')).toBe('new-element');
    expect(await p.locator('dt.new-element').allTextContents()).toEqual(['seen']);
    await p.close();
  });

  it('restores the view from the URL fragment on reload', async () => {
    const { p } = await open(`file://${page}#demo/safety.noLoss/step-3`);
    await p.reload();
    await p.waitForSelector('body[data-ready]');
    expect(await p.locator('.arrow.selected').getAttribute('data-step')).toBe('3');
    expect(await p.locator('.state-panel h4').textContent()).toBe('Step 3: PayeeLearn');
    expect(await p.locator('td.open').getAttribute('data-group')).toBe('safety');
    await p.close();
  });

  it('is usable by keyboard alone: Tab to the cell, Enter opens the trace, Enter and ↓ select steps', async () => {
    const { p } = await open(`file://${page}`);
    const target = '#demo/safety.noLoss';
    let presses = 0;
    while ((await p.evaluate("document.activeElement?.getAttribute('data-target') ?? ''")) !== target) {
      await p.keyboard.press('Tab');
      presses++;
      expect(presses, 'Tab never reached the violated cell').toBeLessThan(60);
    }
    await p.keyboard.press('Enter');
    await p.waitForSelector('.diagram');
    while ((await p.evaluate("document.activeElement?.getAttribute('data-step') ?? ''")) !== '1') {
      await p.keyboard.press('Tab');
      presses++;
      expect(presses, 'Tab never reached the first arrow').toBeLessThan(120);
    }
    await p.keyboard.press('Enter');
    await p.waitForFunction("location.hash.endsWith('/step-1')");
    await p.keyboard.press('ArrowDown');
    await p.waitForFunction("location.hash.endsWith('/step-2')");
    expect(await p.evaluate("document.activeElement?.getAttribute('data-step')")).toBe('2');
    await p.close();
  });

  it('draws the coalition summary and, per violated clause, a synth heatmap with its constraint line', async () => {
    const sub = join(dir, 'analysis');
    mkdirSync(sub, { recursive: true });
    const co = join(sub, 'co.json');
    const sy = join(sub, 's.json');
    writeFileSync(co, JSON.stringify(sampleCoalitions()));
    writeFileSync(sy, JSON.stringify(sampleSynth()));
    const file = writeReport(sub, readInputs([co, sy]), {});
    const { p, problems } = await open(`file://${file}`);
    expect(problems).toEqual([]);
    const row = p.locator('table.coalition-summary tr[data-clause="honestHubLosesNothing.notTooLate"]');
    expect(await row.locator('td.minimal-violating').textContent()).toBe('{A,B}');
    expect(await row.locator('td.maximal-withstood').textContent()).toBe('{A,M}, {B,M}');
    // typeOk holds at every point: no heatmap; notTooLate holds at 3 of the 6 points, under one line.
    const map = p.locator('svg.heatmap');
    expect(await map.count()).toBe(1);
    expect(await map.getAttribute('data-clause')).toBe('honestHubLosesNothing.notTooLate');
    expect([
      await map.locator('rect.hm-holds').count(),
      await map.locator('rect.hm-violated').count(),
      await map.locator('line.constraint').count(),
    ]).toEqual([3, 3, 1]);
    // ptlcTimeoutBlocks = csvDelayBlocks − 1 rises to the right (screen y grows downwards).
    const [x1, y1, x2, y2] = await map
      .locator('line.constraint')
      .evaluate((l) =>
        ['x1', 'y1', 'x2', 'y2'].map((a) => Number((l as { getAttribute(n: string): string | null }).getAttribute(a))),
      );
    expect(x2! > x1! && y2! < y1!).toBe(true);
    await p.locator('#synth-host').screenshot({ path: join(SHOTS, 'synth.png') });
    await p.close();
  });
});
