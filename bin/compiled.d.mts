// Types of bin/compiled.mjs (a plain ES module, so bin/apln.js can import it before any TypeScript loader).
export function compiledEntry(entry: string, prefix: string, root?: string): Promise<URL | undefined>;
export function compiledSource(source: string, prefix: string, root?: string): Promise<URL | undefined>;
