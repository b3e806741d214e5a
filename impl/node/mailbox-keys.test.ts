/**
 * The mailbox key is its own BIP-32 key (keys.ts m/1017'/0'/3'/0'), published in the directory beside the identity
 * key: envelopes are sealed to it, so the identity key (which signs envelopes, invoices and the sender's proof
 * inside a sealed box) is never an ECDH key.
 */
import { describe, expect, it } from 'vitest';
import { mailboxPath, identityPath } from './keys.ts';
import { mailboxKeys, nodeKeys } from './node.ts';
import { openBundle } from './sealed-payloads.ts';
import { scheme1Steps } from './scenario.ts';
import { take } from './testkit.ts';
import { World } from './world.ts';
import { toHex } from './wire.ts';

describe('mailbox keys', () => {
  it('every node publishes a mailbox key other than its identity key, at its own BIP-32 path', () => {
    expect(mailboxPath()).not.toBe(identityPath());
    const w = new World({ seed: 31, hops: 2, scheme: 1, decorrelate: true });
    const dir = w.node('A').snapshot.directory;
    const ids = Object.keys(dir);
    expect(ids).toEqual(expect.arrayContaining(['A', 'S', 'M', 'P1', 'P2', 'B']));
    const mailboxes = new Set<string>();
    for (const id of ids) {
      const seed = w.seedOf(id);
      const e = dir[id];
      expect(e?.node).toBe(toHex(nodeKeys(seed).compressed));
      expect(e?.mailbox).toBe(toHex(mailboxKeys(seed).compressed));
      expect(e?.mailbox).not.toBe(e?.node);
      mailboxes.add(e?.mailbox ?? '');
      // Every node holds the same directory.
      expect(w.node(id).snapshot.directory).toStrictEqual(dir);
    }
    expect(mailboxes.size).toBe(ids.length);
  });

  it("A's bundle opens with B's mailbox key and not with B's identity key", () => {
    const w = new World({ seed: 32, hops: 0, scheme: 1, decorrelate: false });
    for (const s of scheme1Steps().slice(0, 4)) s.run(w);
    w.setOnline('B', true);
    w.command('B', { kind: 'PayeeFetch' });
    w.deliverOne();
    const deliver = take(w, (e) => e.body.kind === 'MailboxDeliver');
    if (deliver.body.kind !== 'MailboxDeliver') throw new Error('unreachable');
    const item = deliver.body.items[0];
    if (item === undefined) throw new Error('no bundle');
    const bSeed = w.seedOf('B');
    const aKey = w.node('B').snapshot.directory.A?.node ?? '';
    const opened = openBundle({
      recipientSecKey: mailboxKeys(bSeed).secKey,
      sealedHex: item.sealed,
      expectedSenderKeyHex: aKey,
    });
    expect(opened.kind).toBe('PayerBundle');
    expect(() =>
      openBundle({ recipientSecKey: nodeKeys(bSeed).secKey, sealedHex: item.sealed, expectedSenderKeyHex: aKey }),
    ).toThrow();
  });
});
