import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { describe, expect, it } from 'vitest';
import { LIGHT_COMMANDS } from '../bin/light-commands.mjs';
import { commands } from './commands/index.ts';
import { lightCommands } from './commands/light.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('the light entry (the checker and analysis commands, started without the implementation)', () => {
  it('serves exactly the commands bin/apln.js routes to it, each the same command as the full entry', () => {
    expect(lightCommands.map((c) => c.name)).toEqual(LIGHT_COMMANDS);
    for (const c of lightCommands) expect(commands.find((d) => d.name === c.name)).toBe(c);
  });

  it('imports none of the implementation packages (bitcoinjs-lib, btc-signer, noble, bip32, fast-check)', async () => {
    const r = await esbuild.build({
      entryPoints: [`${ROOT}cli/main-light.ts`],
      bundle: true,
      format: 'esm',
      platform: 'node',
      packages: 'external',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const external = new Set<string>();
    for (const out of Object.values(r.metafile.outputs))
      for (const i of out.imports) if (i.external && !i.path.startsWith('node:')) external.add(i.path);
    expect([...external].filter((p) => /bitcoin|btc-signer|noble|bip32|fast-check|secp256k1/.test(p))).toEqual([]);
    expect(external.has('io-ts')).toBe(true); // the decoders are there: the analysis really was bundled
  });

  it('runs `apln check` from the light bundle and `apln conform --help` from the full one', () => {
    const bin = `${ROOT}bin/apln.js`;
    const check = spawnSync(process.execPath, [bin, 'check', 'two-phase', '--set', 'rm=2'], { encoding: 'utf8' });
    expect(check.status).toBe(0);
    expect(check.stdout).toMatch(/distinct states/);
    const conform = spawnSync(process.execPath, [bin, 'conform', '--help'], { encoding: 'utf8' });
    expect(conform.status).toBe(0);
    expect(conform.stdout).toMatch(/--mutant NAME/);
  });
});
