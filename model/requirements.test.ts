/** Every requirement ID the model cites (in ACTION_REQUIREMENTS and in its source comments) exists in the spec. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ACTION_REQUIREMENTS } from './scheme1/actions.ts';
import { MULTI_REQUIREMENTS } from './multi/actions.ts';
import { SCHEME2_REQUIREMENTS } from './scheme2/actions.ts';
import { FLAW_REQUIREMENTS } from './scheme1/switches.ts';

const here = dirname(fileURLToPath(import.meta.url));
const requirementsFile = join(here, '..', 'spec', 'requirements.md');
const ID = /R-\d\d-\d\d/g;

/** Each requirement's summary (the index's fourth column), by ID. */
function specSummaries(): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of readFileSync(requirementsFile, 'utf8').split('\n')) {
    const m = /^\|\s*(R-\d\d-\d\d)\s*\|[^|]*\|[^|]*\|([^|]*)\|/.exec(line);
    if (m?.[1] !== undefined) out.set(m[1], m[2]?.trim() ?? '');
  }
  return out;
}

function specIds(): Set<string> {
  return new Set(specSummaries().keys());
}

/** What the requirement a flaw breaks must be about (its summary must match). */
const FLAW_MEANING: Readonly<Record<keyof typeof FLAW_REQUIREMENTS, RegExp>> = {
  updateBeforeSettlement: /U\(n\+1\).*before it holds the complete, verified St\(n\+1\)/,
  hubSkipsStateCheck: /latest state|already offered a PTLC for state n\+1/,
  hubSkipsPointCheck: /partial-signature point T\*.*T = T\*/,
  plaintextMailbox: /encrypt/,
  nonceReuseOnResign: /nonce/,
};

describe.skipIf(!existsSync(requirementsFile))('requirement IDs cited by model/', () => {
  it('every ID in ACTION_REQUIREMENTS and SCHEME2_REQUIREMENTS is in spec/requirements.md', () => {
    const known = specIds();
    const missing = [...Object.entries(ACTION_REQUIREMENTS), ...Object.entries(SCHEME2_REQUIREMENTS)].flatMap(
      ([kind, ids]) => ids.filter((id) => !known.has(id)).map((id) => `${kind}: ${id}`),
    );
    expect(missing).toEqual([]);
  });

  it('every ID cited in a model source comment is in spec/requirements.md', () => {
    const known = specIds();
    const missing: string[] = [];
    for (const dir of [here, join(here, 'scheme1'), join(here, 'scheme2'), join(here, 'multi')]) {
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
        for (const id of readFileSync(join(dir, file), 'utf8').match(ID) ?? [])
          if (!known.has(id)) missing.push(`${file}: ${id}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every flaw cites requirements that exist and say what the flaw breaks', () => {
    const summaries = specSummaries();
    const wrong = Object.entries(FLAW_REQUIREMENTS).flatMap(([flaw, ids]) =>
      ids
        .filter((id) => !FLAW_MEANING[flaw as keyof typeof FLAW_REQUIREMENTS].test(summaries.get(id) ?? ''))
        .map((id) => `${flaw}: ${id} (${summaries.get(id) ?? 'missing'})`),
    );
    expect(wrong).toEqual([]);
  });

  it('every action kind cites at least one requirement', () => {
    for (const [kind, ids] of [...Object.entries(ACTION_REQUIREMENTS), ...Object.entries(SCHEME2_REQUIREMENTS)])
      expect(ids.length, kind).toBeGreaterThan(0);
  });
});

describe.skipIf(!existsSync(requirementsFile))('requirement IDs cited by model/multi/', () => {
  const dir = join(here, 'multi');
  const known = new Set(
    readFileSync(requirementsFile, 'utf8')
      .match(/^\| R-\d\d-\d\d/gm)
      ?.map((x) => x.slice(2)),
  );

  it('every action kind cites at least one requirement, and every ID (in MULTI_REQUIREMENTS and in source comments) is in spec/requirements.md', () => {
    for (const [kind, ids] of Object.entries(MULTI_REQUIREMENTS)) expect(ids.length, kind).toBeGreaterThan(0);
    const cited = Object.values(MULTI_REQUIREMENTS).flat();
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.ts') && !x.endsWith('.test.ts')))
      cited.push(...(readFileSync(join(dir, f), 'utf8').match(/R-\d\d-\d\d/g) ?? []));
    expect(known.size).toBeGreaterThan(100);
    expect(cited.filter((id) => !known.has(id))).toEqual([]);
    expect(cited).toContain('R-06-17');
  });
});
