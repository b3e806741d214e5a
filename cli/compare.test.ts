import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import '../variants/index.ts';
import { compare } from './compare.ts';
import { formatCompare } from './commands/compare.ts';
import { captureIo } from './io.ts';
import { main } from './main.ts';
import { globalRegistry } from './registry.ts';

const dir = mkdtempSync(join(tmpdir(), 'apln-compare-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('apln compare', () => {
  // B away 1 block, horizon 6, everybody honest: the figures the checker's query gives (pinned).
  const report = compare({ away: [1], coalitions: [[]], outDir: dir });
  const lock = (name: string) => report.designs.find((d) => d.name === name)!.locks[0]!.honest;

  it("measures A's lock per design: the proposal as written freezes A's 10 sat to the horizon, the HTLC designs lock amt + fee for the CLTV", () => {
    expect(lock('scheme1-direct').A).toMatchObject({ satBlocks: 60, longestBlocks: 6, atHorizon: true });
    expect(lock('scheme1-direct').Arebalanced).toMatchObject({ satBlocks: 24, longestBlocks: 6, atHorizon: true });
    expect(lock('scheme1-timeout').A).toMatchObject({ satBlocks: 30, longestBlocks: 3, atHorizon: false });
    expect(lock('lightningrod-hold-invoice').A).toMatchObject({ satBlocks: 8, longestBlocks: 2, atHorizon: false });
    expect(lock('lsp-held-htlc').A).toMatchObject({ satBlocks: 8, longestBlocks: 2, atHorizon: false });
    expect(lock('plain-lightning').A).toMatchObject({ satBlocks: 0, longestBlocks: 0, atHorizon: false });
  });

  it('gives every figure and every violated or reached verdict a trace file, and every design meets its expectations', () => {
    for (const d of report.designs) {
      expect(d.ok).toBe(true);
      expect(d.locks[0]!.honest.A.traceFile).toMatch(/\.itf\.json$/);
      for (const p of d.properties)
        if (p.verdict === 'violated' || p.verdict === 'reached') expect(p.traceFile).toMatch(/\.itf\.json$/);
    }
  });

  it('says which designs give A a proof of payment and what each needs from Bitcoin', () => {
    const pop = Object.fromEntries(report.designs.map((d) => [d.name, d.proofOfPayment]));
    expect(pop).toEqual({
      'scheme1-direct': false,
      'scheme1-timeout': false,
      'lightningrod-hold-invoice': true,
      'lsp-held-htlc': false,
      'plain-lightning': true,
    });
    expect(report.designs.find((d) => d.name === 'scheme1-direct')!.bitcoin).toMatch(/ANYPREVOUT/);
    expect(report.designs.find((d) => d.name === 'lsp-held-htlc')!.bitcoin).toBe('nothing new');
  });

  it('prints the table, the lock sweep and the findings with their traces', () => {
    const text = formatCompare(report);
    expect(text).toMatch(/^design +typeOk/);
    expect(text).toContain('scheme1-direct             1       6        ≥60/≥6');
    expect(text).toMatch(/locks MORE of A's capital than LightningRod and the LSP-held HTLC/);
    expect(text).toMatch(/ok: all 5 designs met their expectations/);
  });

  it('rejects a bad --away with exit 2 and a message naming the flag', async () => {
    const io = captureIo();
    const code = await main(['compare', '--away', '1,9'], io, { registry: globalRegistry });
    expect(code).toBe(2);
    expect(io.stderr()).toMatch(/--away: expected a comma-separated list of integers 1\.\.4, got "1,9"/);
    expect(io.stderr()).not.toMatch(/at .*\.ts:\d+/);
  });
});
