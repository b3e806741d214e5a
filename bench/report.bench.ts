/**
 * `npm run bench -- report [--steps=N]`: the designers' report on a long trace (issue 16: "a trace of 10,000
 * steps still renders"). A sample ITF trace of N steps (default 10,000; report/testing.ts `sampleTrace` with
 * `extraSteps`) is written with a check result naming it; the figures are: reading and decoding the inputs
 * plus building the page (Node), the page's size, and in headless Chromium (Debian's package, as the browser
 * tests use it; skipped with a message when absent) the time from navigation until the page's script is ready,
 * then the time to open the trace at its last step (`#demo/safety.noLoss/step-N`: the last 200-step page is
 * drawn, its state rebuilt from the nearest checkpoint), measured once each (a page load is not a microbenchmark).
 */
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { writeReport } from '../report/build.ts';
import { readInputs } from '../report/inputs.ts';
import { sampleCheck, sampleTrace } from '../report/testing.ts';

const ms = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

export async function run(args: readonly string[] = []): Promise<void> {
  const stepsFlag = args.find((a) => a.startsWith('--steps='));
  const steps = stepsFlag === undefined ? 10_000 : Number(stepsFlag.slice('--steps='.length));
  const dir = mkdtempSync(join(tmpdir(), 'apln-bench-report-'));
  try {
    // sampleTrace has three actions before its chain steps: extraSteps = N − 3 gives N steps.
    const trace = join(dir, 'demo.safety.noLoss.itf.json');
    const itf = sampleTrace({ extraSteps: steps - 3 }) as { states: unknown[] };
    if (itf.states.length - 1 !== steps)
      throw new Error(`sample trace has ${itf.states.length - 1} steps, not ${steps}`);
    writeFileSync(trace, JSON.stringify(itf));
    writeFileSync(join(dir, 'check.json'), JSON.stringify(sampleCheck(trace)));
    const t0 = process.hrtime.bigint();
    const page = writeReport(dir, readInputs([join(dir, 'check.json')]), {});
    const build = ms(t0);
    const size = statSync(page).size;
    console.log(
      `trace: ${steps} steps; read + build the page: ${build.toFixed(0)} ms; page ${(size / 1e6).toFixed(2)} MB`,
    );
    const exe = process.env.APLN_CHROMIUM ?? '/usr/bin/chromium';
    if (!existsSync(exe)) {
      console.log(`browser figures skipped: no Chromium at ${exe} (apt-get install -y chromium, or set APLN_CHROMIUM)`);
      return;
    }
    const browser = await chromium.launch({
      executablePath: exe,
      args: ['--no-sandbox', '--headless', '--disable-gpu'],
    });
    try {
      const p = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const errors: string[] = [];
      p.on('pageerror', (e) => errors.push(String(e)));
      const t1 = process.hrtime.bigint();
      await p.goto(`file://${page}`);
      await p.waitForSelector('body[data-ready]');
      const load = ms(t1);
      const t2 = process.hrtime.bigint();
      await p.evaluate(`location.hash = '#demo/safety.noLoss/step-${steps}'`);
      await p.waitForSelector(`.diagram .arrow[data-step="${steps}"]`);
      const open = ms(t2);
      const arrows = await p.locator('.diagram .arrow').count();
      if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
      console.log(
        `chromium: load until ready ${load.toFixed(0)} ms; open the trace at step ${steps} ${open.toFixed(0)} ms (${arrows} arrows drawn on its page)`,
      );
    } finally {
      await browser.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
