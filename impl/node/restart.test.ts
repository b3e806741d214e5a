import { describe, expect, it } from 'vitest';
import { isInputError } from '../../util/input-error.ts';
import { restoreNode } from './snapshot-codecs.ts';
import { openNode, sealNode } from './storage/node-snapshot.ts';
import type { AnyNode } from './any-node.ts';
import { DEFAULT_TERMS, cancellationSteps, runSteps, scheme1Steps, scheme2Steps, type Step } from './scenario.ts';
import { worldJson } from './testkit.ts';
import { World, type WorldConfig } from './world.ts';

const runs: { name: string; config: WorldConfig; steps: Step[] }[] = [
  { name: 'scheme 1 direct', config: { seed: 21, hops: 0, scheme: 1, decorrelate: false }, steps: scheme1Steps() },
  {
    name: 'scheme 1 decorrelated split',
    config: { seed: 22, hops: 2, scheme: 1, decorrelate: true },
    steps: scheme1Steps(),
  },
  { name: 'cancellation', config: { seed: 23, hops: 0, scheme: 1, decorrelate: false }, steps: cancellationSteps() },
  { name: 'scheme 2', config: { seed: 24, hops: 0, scheme: 2, decorrelate: false }, steps: scheme2Steps() },
  {
    name: 'timeout variant',
    config: { seed: 26, hops: 0, scheme: 1, decorrelate: false },
    steps: scheme1Steps({ ...DEFAULT_TERMS, timeout: { afterExpiryBlocks: 20, claimMarginBlocks: 3 } }),
  },
];

describe('a node stopped at any point and restarted from its snapshot loses nothing', () => {
  for (const r of runs) {
    it(`${r.name}: restarting every node after every message ends in the same world, byte for byte`, () => {
      const plain = new World(r.config);
      runSteps(plain, r.steps);
      const restarted = new World(r.config);
      let restarts = 0;
      restarted.afterMessage = (w) => {
        for (const id of [...w.nodes.keys()]) {
          const s = w.node(id).snapshot;
          // Snapshots are plain JSON: parse(serialise(s)) is s.
          expect(JSON.parse(JSON.stringify(s))).toStrictEqual(s);
          w.restart(id);
          restarts++;
        }
      };
      runSteps(restarted, r.steps);
      expect(restarts).toBeGreaterThan(20);
      expect(worldJson(restarted)).toBe(worldJson(plain));
      expect(restarted.refusals()).toEqual(plain.refusals());
    });
  }
});

describe('a snapshot is checked when a node is restored from it', () => {
  const w = new World({ seed: 25, hops: 0, scheme: 1, decorrelate: false });
  runSteps(w, scheme1Steps());
  const a = JSON.parse(JSON.stringify(w.node('A').snapshot)) as {
    channel: { latest: { state: unknown } };
    nonces: { nonces: { status: string }[] };
  };

  it('restores a valid snapshot to an equal one', () => {
    expect(restoreNode('payer', a).snapshot).toStrictEqual(w.node('A').snapshot);
  });

  it('rejects a damaged field with an InputError naming its path', () => {
    const bad = structuredClone(a);
    bad.channel.latest.state = 'one';
    let err: unknown;
    try {
      restoreNode('payer', bad);
    } catch (e) {
      err = e;
    }
    expect(isInputError(err)).toBe(true);
    expect((err as Error).message).toContain('snapshot.channel.latest.state');
  });

  it('rejects a damaged nonce store and a snapshot of another role', () => {
    const bad = structuredClone(a);
    (bad.nonces.nonces[0] as { status: string }).status = 'maybe';
    expect(() => restoreNode('payer', bad)).toThrow(/snapshot\.nonces/);
    expect(() => restoreNode('hub', a)).toThrow(/snapshot/);
  });

  it("refuses a format-2 snapshot (no receiver's signature of H in the PTLC entries), naming the version", () => {
    const old = { ...structuredClone(a), version: 2 } as unknown as Record<string, unknown>;
    for (const p of old.ptlcs as Record<string, unknown>[]) delete p.receiverStateSig;
    expect(() => restoreNode('payer', old)).toThrow(
      /^snapshot: version: format 2 \(no receiver's signature of H in the PTLC entries\); this build reads snapshot format 3/,
    );
  });

  it('refuses a format-1 snapshot (no version, one directory key per node), naming the version', () => {
    const old = structuredClone(a) as unknown as Record<string, unknown>;
    delete old.version;
    old.directory = Object.fromEntries(
      Object.entries(old.directory as Record<string, { node: string }>).map(([k, v]) => [k, v.node]),
    );
    let err: unknown;
    try {
      restoreNode('payer', old);
    } catch (e) {
      err = e;
    }
    expect(isInputError(err)).toBe(true);
    expect((err as Error).message).toMatch(/^snapshot: version: format 1 .*this build reads snapshot format 3/);
    const unknown = { ...structuredClone(a), version: 4 };
    expect(() => restoreNode('payer', unknown)).toThrow(/snapshot: version: version 4 \(unknown\)/);
    // Through the sealed record (what World.restart and the durable store read) the same error, and the world's
    // node is untouched.
    const before = JSON.stringify(w.node('A').snapshot);
    expect(() => openNode(sealNode({ role: 'payer', snapshot: old } as unknown as AnyNode))).toThrow(
      /snapshot: version: format 1/,
    );
    expect(JSON.stringify(w.node('A').snapshot)).toBe(before);
  });
});
