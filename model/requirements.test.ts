/** Every requirement ID the model cites (in ACTION_REQUIREMENTS and in its source comments) exists in the spec. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ACTION_REQUIREMENTS } from './actions.ts';
import { SCHEME2_REQUIREMENTS } from './scheme2/actions.ts';

const here = dirname(fileURLToPath(import.meta.url));
const requirementsFile = join(here, '..', 'spec', 'requirements.md');
const ID = /R-\d\d-\d\d/g;

function specIds(): Set<string> {
  const ids = new Set<string>();
  for (const line of readFileSync(requirementsFile, 'utf8').split('\n')) {
    const m = /^\|\s*(R-\d\d-\d\d)\s*\|/.exec(line);
    if (m?.[1] !== undefined) ids.add(m[1]);
  }
  return ids;
}

describe.skipIf(!existsSync(requirementsFile))('requirement IDs cited by model/', () => {
  it('every ID in ACTION_REQUIREMENTS and SCHEME2_REQUIREMENTS is in spec/requirements.md', () => {
    const known = specIds();
    const missing = [...Object.entries(ACTION_REQUIREMENTS), ...Object.entries(SCHEME2_REQUIREMENTS)].flatMap(([kind, ids]) => ids.filter((id) => !known.has(id)).map((id) => `${kind}: ${id}`));
    expect(missing).toEqual([]);
  });

  it('every ID cited in a model source comment is in spec/requirements.md', () => {
    const known = specIds();
    const missing: string[] = [];
    for (const dir of [here, join(here, 'scheme2')]) {
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
        for (const id of readFileSync(join(dir, file), 'utf8').match(ID) ?? []) if (!known.has(id)) missing.push(`${file}: ${id}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every action kind cites at least one requirement', () => {
    for (const [kind, ids] of [...Object.entries(ACTION_REQUIREMENTS), ...Object.entries(SCHEME2_REQUIREMENTS)]) expect(ids.length, kind).toBeGreaterThan(0);
  });
});
