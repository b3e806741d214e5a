import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parseIndex } from '../../spec/requirement-ids.ts';
import { GUARD_IDS, GUARD_REQUIREMENTS } from './guards.ts';
import { World } from './world.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** Every `nodeError(…)` call in the non-test sources under `dirs`: where, and its guard argument's text. */
function nodeErrorCalls(dirs: readonly string[]): { where: string; guard: string | undefined }[] {
  const out: { where: string; guard: string | undefined }[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const rel = join(dir, e.name);
      if (e.isDirectory()) walk(rel);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) {
        const sf = ts.createSourceFile(rel, readFileSync(join(ROOT, rel), 'utf8'), ts.ScriptTarget.Latest, true);
        const visit = (n: ts.Node): void => {
          if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'nodeError') {
            const g = n.arguments[2];
            const line = sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
            out.push({ where: `${rel}:${line}`, guard: g !== undefined && ts.isStringLiteral(g) ? g.text : undefined });
          }
          ts.forEachChild(n, visit);
        };
        visit(sf);
      }
    }
  };
  for (const d of dirs) walk(d);
  return out;
}

describe('guard ids', () => {
  const calls = nodeErrorCalls(['impl', 'oracle']);

  it('every refusal site names its guard with a literal id', () => {
    expect(calls.length).toBeGreaterThan(140);
    expect(calls.filter((c) => c.guard === undefined).map((c) => c.where)).toEqual([]);
  });

  it('every guard id names exactly one refusal site, and every site one listed id', () => {
    const byId = new Map<string, string[]>();
    for (const c of calls) byId.set(c.guard ?? '', [...(byId.get(c.guard ?? '') ?? []), c.where]);
    const shared = [...byId].filter(([, w]) => w.length > 1);
    expect(shared).toEqual([]);
    expect([...byId.keys()].sort()).toEqual([...GUARD_IDS].sort());
  });

  it('ids are file:reason, unique', () => {
    expect(new Set(GUARD_IDS).size).toBe(GUARD_IDS.length);
    for (const id of GUARD_IDS) expect(id).toMatch(/^[a-z0-9-]+:[a-z0-9-]+$/);
  });

  it('each guard cites requirements of the spec index, and every guard a peer message reaches cites one', () => {
    const index = 'spec/requirements.md';
    const known = new Set(parseIndex(readFileSync(join(ROOT, index), 'utf8'), index).map((r) => r.id));
    expect(Object.keys(GUARD_REQUIREMENTS).sort()).toEqual([...GUARD_IDS].sort());
    for (const [id, reqs] of Object.entries(GUARD_REQUIREMENTS)) for (const r of reqs) expect(known, id).toContain(r);
    const uncited = GUARD_IDS.filter((id) => GUARD_REQUIREMENTS[id].length === 0);
    // Local commands and the world's own checks: no peer message reaches them.
    expect(
      uncited.every((id) => /(no-commands|not-for-us|role-takes|request-no-channel|payee-update)/.test(id)),
      uncited.join(),
    ).toBe(true);
  });

  it('a refusal carries the id of the guard that refused', () => {
    const w = new World({ seed: 7, hops: 0, scheme: 1, decorrelate: false });
    const error = w.receive('S', { kind: 'not an envelope' });
    expect(error).toMatchObject({ kind: 'malformed', guard: 'node:envelope-malformed' });
    expect(w.refusals().at(-1)?.error.guard).toBe('node:envelope-malformed');
  });
});
