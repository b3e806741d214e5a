/** The tool's version, from package.json (read once; decoded like any outside input). */
import { readFileSync } from 'node:fs';
import * as t from 'io-ts';

const PackageJson = t.type({ version: t.string });

let cached: string | undefined;

export function toolVersion(): string {
  if (cached !== undefined) return cached;
  const raw: unknown = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const decoded = PackageJson.decode(raw);
  if (decoded._tag === 'Left') throw new Error('package.json has no version string');
  cached = decoded.right.version;
  return cached;
}
