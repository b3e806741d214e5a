#!/usr/bin/env -S GLIBC_TUNABLES=glibc.malloc.hugetlb=1 node
// The `apln` command. The TypeScript sources run from an esbuild bundle built on demand and cached by their
// content (compiled.mjs); when it cannot be built, or with APLN_TSX=1, through tsx's loader (types stripped).
// The checker's and the analyses' commands run from the light bundle (light-commands.mjs), which starts without
// the implementation's packages. The shebang asks glibc for transparent huge pages for the typed arrays the
// checker grows (runtime-env.mjs says why); run as `node bin/apln.js`, set GLIBC_TUNABLES yourself to get them.
import { compiledEntry } from './compiled.mjs';
import { LIGHT_COMMANDS } from './light-commands.mjs';

const argv = process.argv.slice(2);
const [entry, prefix] = LIGHT_COMMANDS.includes(argv[0]) ? ['cli/main-light.ts', 'cli-light'] : ['cli/main.ts', 'cli'];
const bundle = await compiledEntry(entry, prefix);
let main;
if (bundle !== undefined) ({ main } = await import(bundle.href));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(`../${entry}`));
}
process.exitCode = await main(argv);
