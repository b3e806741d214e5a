#!/usr/bin/env node
// The `apln` command. The TypeScript sources run from one esbuild bundle built on demand and cached by their
// content (compiled.mjs); when it cannot be built, or with APLN_TSX=1, through tsx's loader (types stripped).
import { compiledEntry } from './compiled.mjs';

const bundle = await compiledEntry('cli/main.ts', 'cli');
let main;
if (bundle !== undefined) ({ main } = await import(bundle.href));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
