// Types of bin/light-commands.mjs (a plain ES module, so bin/apln.js can read it before any TypeScript loader).
export const LIGHT_COMMANDS: readonly string[];
