import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runSteps, scheme1Steps, scheme2Steps } from './scenario.ts';
import { World, stepMessage, type AnyNode, type WorldConfig } from './world.ts';

type Case = { node: AnyNode; raw: unknown; height: number };

/** Every (recipient state, message) pair of a honest run, as the recipient saw it. */
function recorded(config: WorldConfig, steps: typeof scheme1Steps): Case[] {
  const w = new World(config);
  const cases: Case[] = [];
  w.beforeMessage = (c) => cases.push(c);
  runSteps(w, steps());
  expect(w.refusals()).toEqual([]);
  return cases;
}

/** Paths to every string or number leaf of a JSON value. */
function leaves(v: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof v === 'string' || typeof v === 'number') return [path];
  if (Array.isArray(v)) return v.flatMap((x, i) => leaves(x, [...path, i]));
  if (v !== null && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => leaves(x, [...path, k]));
  return [];
}

function mutate(v: unknown, path: readonly (string | number)[], pick: number): unknown {
  if (path.length === 0) {
    if (typeof v === 'number') return v + 1 + (pick % 3);
    const s = String(v);
    if (s.length === 0) return 'x';
    const at = pick % s.length;
    const c = s[at] ?? '0';
    const swapped = /[0-9a-f]/.test(c)
      ? ((Number.parseInt(c, 16) + 1 + (pick % 15)) % 16).toString(16)
      : c === 'A'
        ? 'B'
        : 'A';
    return s.slice(0, at) + swapped + s.slice(at + 1);
  }
  const [head, ...rest] = path;
  if (Array.isArray(v)) return v.map((x, i) => (i === head ? mutate(x, rest, pick) : x));
  const o = v as Record<string, unknown>;
  return { ...o, [head as string]: mutate(o[head as string], rest, pick) };
}

describe('any change to any field of any message is refused, and the recipient is unchanged', () => {
  const runs: [string, WorldConfig, typeof scheme1Steps][] = [
    ['scheme 1, decorrelated split', { seed: 41, hops: 1, scheme: 1, decorrelate: true }, scheme1Steps],
    ['scheme 2', { seed: 42, hops: 0, scheme: 2, decorrelate: false }, scheme2Steps],
  ];
  for (const [name, config, steps] of runs) {
    it(name, () => {
      const cases = recorded(config, steps);
      fc.assert(
        fc.property(fc.nat(), fc.nat(), fc.nat(), (ci, li, pick) => {
          const c = cases[ci % cases.length] as Case;
          const paths = leaves(c.raw);
          const path = paths[li % paths.length] ?? [];
          const tampered = mutate(c.raw, path, pick);
          const r = stepMessage(c.node, tampered, c.height);
          expect(r.error?.kind, `${path.join('.')} changed`).toMatch(
            /^(malformed|forged-signature|replayed|out-of-order)$/,
          );
          expect(r.snapshot).toBe(c.node.snapshot);
          expect(r.outgoing).toEqual([]);
        }),
        { numRuns: 150, seed: 4242 },
      );
    });
  }
});
