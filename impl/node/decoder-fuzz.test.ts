/**
 * Issue 13, bad input at impl/node's boundaries: random values and mutations of real messages and snapshots go
 * through the node's message decoder (`receive`, via `stepMessage`) and snapshot decoder (`restoreNode`). Every
 * input is either the unchanged original, or refused: a message with a node error whose detail names the field
 * and the recipient's snapshot the very object it was (state unchanged); a snapshot with an `InputError` naming
 * `snapshot` and the field. No other exception escapes. `APLN_LONG=1` runs 10^5 inputs of each kind (the figure
 * in /work/notes/keys.md); by default 1500 of each keep `npm test` fast.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson } from './canonical.ts';
import { restoreNode } from './snapshot-codecs.ts';
import { runSteps, scheme1Steps, scheme2Steps } from './scenario.ts';
import { World, stepMessage, type AnyNode, type WorldConfig } from './world.ts';
import { isInputError } from '../../util/input-error.ts';

const N = process.env.APLN_LONG ? 100_000 : 1_500;

type Case = { node: AnyNode; raw: unknown; height: number };

function recorded(config: WorldConfig, steps: typeof scheme1Steps): { cases: Case[]; snapshots: AnyNode[] } {
  const w = new World(config);
  const cases: Case[] = [];
  const snapshots: AnyNode[] = [];
  w.beforeMessage = (c) => cases.push(c);
  w.afterMessage = (x) => snapshots.push(...[...x.nodes.values()].map((n) => structuredClone(n)));
  runSteps(w, steps());
  return { cases, snapshots };
}

const runs = [
  recorded({ seed: 51, hops: 1, scheme: 1, decorrelate: true }, scheme1Steps),
  recorded({ seed: 52, hops: 0, scheme: 2, decorrelate: false }, scheme2Steps),
];
const cases = runs.flatMap((r) => r.cases);
const snapshots = runs.flatMap((r) => r.snapshots).filter((_, i) => i % 3 === 0);

/** A structural mutation of a JSON value at a random place: replace, delete, add a key, change the type. */
function mutateArb(v: unknown): fc.Arbitrary<unknown> {
  const paths: (string | number)[][] = [];
  const walk = (x: unknown, p: (string | number)[]) => {
    paths.push(p);
    if (Array.isArray(x)) x.forEach((y, i) => walk(y, [...p, i]));
    else if (x !== null && typeof x === 'object') for (const [k, y] of Object.entries(x)) walk(y, [...p, k]);
  };
  walk(v, []);
  const replacement = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom('', '00', 'zz', '0'.repeat(64), 'f'.repeat(66), -1, 0, 1.5, 2 ** 53, null, [], {}, true),
    fc.string({ maxLength: 80 }),
  );
  return fc
    .tuple(fc.nat(paths.length - 1), fc.nat(3), replacement, fc.string({ maxLength: 8 }))
    .map(([pi, op, r, key]) => {
      const path = paths[pi] ?? [];
      const copy = structuredClone(v);
      if (path.length === 0) return op === 0 ? r : copy;
      let parent = copy as Record<string | number, unknown>;
      for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
      const last = path[path.length - 1] as string | number;
      if (op === 0 || op === 1) parent[last] = r;
      else if (op === 2) {
        if (Array.isArray(parent)) parent.splice(Number(last), 1);
        else delete parent[last];
      } else if (!Array.isArray(parent)) parent[`${key}_x`] = r;
      else parent.push(r);
      return copy;
    });
}

const messageInput: fc.Arbitrary<{ c: Case; input: unknown }> = fc.nat(cases.length - 1).chain((ci) => {
  const c = cases[ci] as Case;
  return fc
    .oneof({ weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) }, { weight: 4, arbitrary: mutateArb(c.raw) })
    .map((input) => ({ c, input }));
});

describe('the node decoders refuse bad input, naming the field, with the state unchanged', () => {
  it(`messages: ${N} random values and mutations of real envelopes`, () => {
    expect(cases.length).toBeGreaterThan(20);
    let refused = 0;
    fc.assert(
      fc.property(messageInput, ({ c, input }) => {
        const r = stepMessage(c.node, input, c.height);
        if (r.error === undefined) {
          // Accepted only if the mutation changed nothing the envelope carries.
          expect(canonicalJson(input)).toBe(canonicalJson(c.raw));
          return;
        }
        refused++;
        expect(r.snapshot).toBe(c.node.snapshot);
        expect(r.outgoing).toEqual([]);
        expect(r.error.detail.length).toBeGreaterThan(0);
        if (r.error.kind === 'malformed') expect(r.error.detail).toMatch(/^(envelope|[A-Za-z]+)[.: ]/);
      }),
      { numRuns: N, seed: 1313 },
    );
    expect(refused).toBeGreaterThan(N * 0.9);
  }, 3_600_000);

  it(`snapshots: ${N} random values and mutations of real snapshots`, () => {
    let refused = 0;
    const input = fc.nat(snapshots.length - 1).chain((si) => {
      const n = snapshots[si] as AnyNode;
      return fc
        .oneof({ weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) }, { weight: 4, arbitrary: mutateArb(n.snapshot) })
        .map((json) => ({ n, json }));
    });
    fc.assert(
      fc.property(input, ({ n, json }) => {
        const before = canonicalJson(json);
        try {
          restoreNode(n.role, json);
        } catch (e) {
          if (!isInputError(e)) throw e;
          refused++;
          expect(e.where).toBe('snapshot');
          expect(e.message).toMatch(/^snapshot: /);
        }
        // The decoder never changes what it was given.
        expect(canonicalJson(json)).toBe(before);
      }),
      { numRuns: N, seed: 1414 },
    );
    expect(refused).toBeGreaterThan(N * 0.5);
  }, 3_600_000);

  it('refuses an extra field at the top of an envelope and deep inside its body, naming the path', () => {
    const c = cases.find(
      (x) =>
        (x.raw as { body: { kind: string; items?: unknown[] } }).body.kind === 'MailboxDeliver' &&
        ((x.raw as { body: { items: unknown[] } }).body.items.length ?? 0) > 0,
    );
    if (c === undefined) throw new Error('no MailboxDeliver with items in the recorded runs');
    const top = { ...(c.raw as object), note: 'hi' };
    expect(stepMessage(c.node, top, c.height).error?.detail).toBe('envelope.note: unexpected field');
    const deep = structuredClone(c.raw) as { body: { items: Record<string, unknown>[] } };
    (deep.body.items[0] as Record<string, unknown>).extra = 1;
    const r = stepMessage(c.node, deep, c.height);
    expect(r.error?.detail).toBe('envelope.body.items.0.extra: unexpected field');
    expect(r.snapshot).toBe(c.node.snapshot);
  });
});
