import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isInputError } from '../../../util/input-error.ts';
import { runSteps, scheme1Steps } from '../scenario.ts';
import { World } from '../world.ts';
import { DurableNode, MARK_KEY, STATE_KEY } from './durable-node.ts';
import { FilesystemStore } from './fs-store.ts';
import type { KVStore } from './kv-store.ts';
import { MemoryStore } from './memory-store.ts';
import { openNode, sealNode } from './node-snapshot.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'apln-store-'));
  dirs.push(d);
  return d;
};

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array | undefined): string => new TextDecoder().decode(b);

describe.each([
  ['filesystem', () => new FilesystemStore(tempDir())],
  ['memory', () => new MemoryStore()],
] as const)('the %s KVStore', (_name, make) => {
  it('reads what was written, lists keys sorted, removes, and refuses names that are not file-safe', () => {
    const s: KVStore = make();
    expect(s.read('A', 'state')).toBeUndefined();
    s.write('A', 'state', bytes('one'));
    s.write('A', 'nonce-mark', bytes('two'));
    s.write('A', 'state', bytes('three'));
    expect(text(s.read('A', 'state'))).toBe('three');
    expect(s.list('A')).toEqual(['nonce-mark', 'state']);
    expect(s.list('B')).toEqual([]);
    s.remove('A', 'state');
    s.remove('A', 'absent');
    expect(s.list('A')).toEqual(['nonce-mark']);
    for (const bad of ['../x', '', 'a/b', '.tmp', 'x'.repeat(65)])
      expect(() => s.write('A', bad, bytes('x'))).toThrow(/store key/);
  });
});

describe('the filesystem store writes whole values or nothing', () => {
  it('a crash after half the temporary file leaves the old value, and the temporary file is not a key', () => {
    const root = tempDir();
    new FilesystemStore(root).write('A', 'state', bytes('old'));
    const dying = new FilesystemStore(root, (phase) => {
      if (phase === 'temp-half') throw new Error('killed');
    });
    expect(() => dying.write('A', 'state', bytes('new value'))).toThrow('killed');
    const after = new FilesystemStore(root);
    expect(text(after.read('A', 'state'))).toBe('old');
    expect(readdirSync(join(root, 'A')).sort()).toEqual(['state', 'state.tmp']);
    expect(after.list('A')).toEqual(['state']);
    after.write('A', 'state', bytes('new'));
    expect(readdirSync(join(root, 'A'))).toEqual(['state']);
  });
});

/** A scheme-1 world after A paid and went offline, S and B done; A's snapshot holds used and fresh nonces. */
function paidWorld(): World {
  const w = new World({ seed: 31, hops: 0, scheme: 1, decorrelate: false });
  runSteps(w, scheme1Steps());
  return w;
}

describe('a snapshot carries an integrity check: every corruption is refused, naming what is wrong', () => {
  const w = paidWorld();
  const a = w.node('A');
  const sealed = sealNode(a);

  it('opens the sealed snapshot to the same node', () => {
    expect(openNode(sealed)).toStrictEqual(a);
  });

  const edit = (
    f: (body: {
      snapshot: Record<string, unknown> & {
        seqIn: Record<string, number>;
        nonces: { nonces: unknown[] };
        channel: { latest: { partySat: number; hubSat: number } };
      };
    }) => void,
  ): string => {
    const r = JSON.parse(sealed) as { body: Parameters<typeof f>[0] };
    f(r.body);
    return JSON.stringify(r);
  };

  it.each([
    ['a deleted seqIn entry', edit((b) => void delete b.snapshot.seqIn[Object.keys(b.snapshot.seqIn)[0] as string])],
    ['a deleted nonce-store record', edit((b) => void b.snapshot.nonces.nonces.pop())],
    [
      'balances moved within range',
      edit((b) => {
        b.snapshot.channel.latest.partySat += 1;
        b.snapshot.channel.latest.hubSat -= 1;
      }),
    ],
    ['a counter set back', edit((b) => void (b.snapshot.counter = 0))],
  ])('%s: integrity check failed', (_what, bad) => {
    expect(() => openNode(bad)).toThrow(
      /^snapshot: sha256: integrity check failed: the body hashes to [0-9a-f]{16}…, the record says [0-9a-f]{16}… \(changed or corrupted\)$/,
    );
  });

  it('a truncated snapshot is named as cut short, at every length', () => {
    for (const n of [0, 1, 10, sealed.length >> 1, sealed.length - 1]) {
      let err: unknown;
      try {
        openNode(sealed.slice(0, n));
      } catch (e) {
        err = e;
      }
      expect(isInputError(err)).toBe(true);
      expect((err as Error).message).toMatch(
        n === 0 ? /empty \(0 bytes\)/ : new RegExp(`not whole JSON \\(${n} bytes; truncated or corrupted\\)`),
      );
    }
  });

  it('a snapshot nested deeper than the limit is refused before it is parsed', () => {
    expect(() => openNode(`{"body":${'['.repeat(5000)}${']'.repeat(5000)}}`)).toThrow(/nested deeper than 128 levels/);
  });
});

describe('a durable node persists before it sends, and never signs with a nonce it already used', () => {
  it('a store that cannot write stops the step: nothing is returned to send', () => {
    const w = new World({ seed: 32, hops: 0, scheme: 1, decorrelate: false });
    const store = new MemoryStore();
    DurableNode.create(store, w.node('A'));
    const failing: KVStore = {
      ...store,
      read: (n, k) => store.read(n, k),
      list: (n) => store.list(n),
      remove: (n, k) => store.remove(n, k),
      write: () => {
        throw new Error('disk full');
      },
    };
    const d = DurableNode.load(failing, 'A');
    const pay = {
      kind: 'command' as const,
      cmd: { kind: 'PayerPay' as const, payee: 'B', amountSat: 1000, feeSat: 10, expiryHeight: w.height + 144 },
    };
    expect(() => d.step(1, pay, w.height)).toThrow('disk full');
    expect(DurableNode.load(store, 'A').node).toStrictEqual(w.node('A'));
  });

  it('an input already persisted is answered from the store, not run again', () => {
    const w = new World({ seed: 33, hops: 0, scheme: 1, decorrelate: false });
    const store = new MemoryStore();
    DurableNode.create(store, w.node('A'));
    const pay = {
      kind: 'command' as const,
      cmd: { kind: 'PayerPay' as const, payee: 'B', amountSat: 1000, feeSat: 10, expiryHeight: w.height + 144 },
    };
    const first = DurableNode.load(store, 'A').step(1, pay, w.height);
    expect(first.outgoing.length).toBeGreaterThan(0);
    const again = DurableNode.load(store, 'A');
    const replayed = again.step(1, pay, w.height);
    expect(replayed.outgoing).toEqual(JSON.parse(JSON.stringify(first.outgoing)));
    expect(again.persists).toBe(0);
    expect(again.node.snapshot).toStrictEqual(first.snapshot);
  });

  /** A paying B durably: the store at the end, and a copy of A's state from a moment it held fresh secret nonces. */
  function paidDurably(): { store: MemoryStore; oldState: Uint8Array; fresh: number } {
    const w = new World({ seed: 34, hops: 0, scheme: 1, decorrelate: false });
    const store = new MemoryStore();
    const nodes = new Map<string, DurableNode>(
      [...w.nodes.keys()].map((id) => [id, DurableNode.create(store, w.node(id))]),
    );
    let input = 0;
    let oldState: Uint8Array | undefined;
    let fresh = 0;
    w.stepper = (id, _node, inp, height, chain) => {
      const r = (nodes.get(id) as DurableNode).step(++input, inp, height, chain);
      const n =
        (r.snapshot as { nonces?: { nonces: { status: string }[] } }).nonces?.nonces.filter((x) => x.status === 'fresh')
          .length ?? 0;
      if (id === 'A' && n > 0 && oldState === undefined) {
        oldState = store.read('A', STATE_KEY);
        fresh = n;
      }
      return r;
    };
    runSteps(w, scheme1Steps());
    if (oldState === undefined) throw new Error('A never held a fresh nonce');
    return { store, oldState, fresh };
  }

  it('an older copy put back (two or more epochs behind its mark): every fresh nonce in it is burnt', () => {
    const { store, oldState, fresh } = paidDurably();
    expect(fresh).toBeGreaterThan(0);
    const markNow = store.read('A', MARK_KEY);
    store.write('A', STATE_KEY, oldState);
    const d = DurableNode.load(store, 'A');
    expect(d.loaded?.burnt).toBe(fresh);
    expect(d.loaded?.markEpoch).toBeGreaterThan((d.loaded?.epoch ?? 0) + 1);
    const nonces = (d.node.snapshot as { nonces: { nonces: { status: string }[] } }).nonces.nonces;
    expect(nonces.every((n) => n.status === 'used')).toBe(true);
    expect(text(store.read('A', MARK_KEY))).toBe(text(markNow));
  });

  it('the crash window (killed after the mark, before the state): the counter is raised, no nonce is burnt', () => {
    const w = new World({ seed: 36, hops: 0, scheme: 1, decorrelate: false });
    const store = new MemoryStore();
    DurableNode.create(store, w.node('A'));
    const killedAtState: KVStore = {
      read: (n, k) => store.read(n, k),
      list: (n) => store.list(n),
      remove: (n, k) => store.remove(n, k),
      write: (n, k, v) => {
        if (k === STATE_KEY) throw new Error('SIGKILL');
        store.write(n, k, v);
      },
    };
    const pay = {
      kind: 'command' as const,
      cmd: { kind: 'PayerPay' as const, payee: 'B', amountSat: 1000, feeSat: 10, expiryHeight: w.height + 144 },
    };
    expect(() => DurableNode.load(killedAtState, 'A').step(1, pay, w.height)).toThrow('SIGKILL');
    const d = DurableNode.load(store, 'A');
    expect(d.loaded).toMatchObject({ epoch: 0, markEpoch: 1, burnt: 0 });
    expect(d.loaded?.counterRaisedBy).toBeGreaterThan(0);
    // The payment was never sent: it runs again, with fresh randomness labels.
    const again = d.step(1, pay, w.height);
    expect(again.error).toBeUndefined();
    expect(again.outgoing.length).toBeGreaterThan(0);
  });

  it('a missing mark counts as unknown: fresh nonces are burnt', () => {
    const { oldState, fresh } = paidDurably();
    const s = new MemoryStore();
    s.write('A', STATE_KEY, oldState);
    expect(DurableNode.load(s, 'A').loaded?.burnt).toBe(fresh);
  });

  it('a corrupted state on disk is refused naming the key', () => {
    const root = tempDir();
    const w = new World({ seed: 35, hops: 0, scheme: 1, decorrelate: false });
    DurableNode.create(new FilesystemStore(root), w.node('S'));
    const file = join(root, 'S', STATE_KEY);
    writeFileSync(file, '{"format":"apln-node-state"');
    expect(() => DurableNode.load(new FilesystemStore(root), 'S')).toThrow(/^store S\/state: not whole JSON/);
  });
});
