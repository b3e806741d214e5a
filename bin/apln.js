#!/usr/bin/env node
// The `apln` command. TypeScript sources run through tsx's loader (types stripped, no build step).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
