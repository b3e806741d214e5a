#!/usr/bin/env node
// The impl/ adapter as a process (spec/12): speaks the adapter protocol on stdin/stdout. Like bin/apln.js it runs
// from an esbuild bundle cached by content (compiled.mjs), or through tsx's loader when that cannot be built (or
// with APLN_TSX=1); `node --import tsx oracle/adapter/main.ts` is the same adapter from the sources.
import { compiledEntry } from './compiled.mjs';

const bundle = await compiledEntry('oracle/adapter/main.ts', 'adapter');
if (bundle !== undefined) await import(bundle.href);
else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../oracle/adapter/main.ts');
}
