/**
 * Issue 13's done-when check: the four demos (`apln demo`, `--scheme 2`, `--timeout`, `--hops 2`, plus
 * `--hops 1 --decorrelate` where the issue saw keystream reuse) run with one seed never repeat a MuSig2 public
 * nonce, an AEAD nonce or an envelope's ephemeral key across all of them, read from the `--json` transcripts.
 */
import { describe, expect, it } from 'vitest';
import { runDemo, type DemoOptions } from './demo.ts';
import { audit, collectNonces } from './nonce-audit.ts';

const base: DemoOptions = { hops: 0, scheme: 1, decorrelate: false, seed: 1 };
const demos: Record<string, DemoOptions> = {
  'apln demo': base,
  '--scheme 2': { ...base, scheme: 2 },
  '--timeout': { ...base, timeout: true },
  '--hops 2': { ...base, hops: 2 },
  '--hops 1 --decorrelate': { ...base, hops: 1, decorrelate: true },
};

describe('nonces across the demos with one seed', () => {
  for (const seed of [1, 7]) {
    it(`seed ${seed}: no MuSig2 public nonce signs in two sessions, no ephemeral key or AEAD nonce seals two envelopes, across the five demos`, () => {
      const sightings = Object.entries(demos).flatMap(([label, o]) =>
        collectNonces(label, JSON.parse(JSON.stringify(runDemo({ ...o, seed })))),
      );
      // Not vacuous: every demo signs (two nonces per proposal, both sides) and seals.
      const count = (k: string) => sightings.filter((s) => s.kind === k).length;
      expect(count('musig-pubnonce')).toBeGreaterThanOrEqual(5 * 4);
      expect(count('aead-nonce')).toBeGreaterThanOrEqual(5);
      expect(audit(sightings).reuses).toEqual([]);
      // Not even a replay across demos: each run's configuration reaches the node seeds (world.ts configTag), so
      // no public nonce, ephemeral key or AEAD nonce of one demo appears in another (within one demo an envelope
      // is seen twice, stored and delivered: the same bytes, one run).
      const demosOf = new Map<string, Set<string>>();
      for (const s of sightings) {
        const k = `${s.kind}:${s.value}`;
        demosOf.set(k, (demosOf.get(k) ?? new Set()).add(s.where.slice(0, s.where.indexOf(':'))));
      }
      const across = [...demosOf]
        .filter(([, labels]) => labels.size > 1)
        .map(([k, labels]) => `${k} in ${[...labels]}`);
      expect(across).toEqual([]);
    });
  }

  it('one configuration replays byte for byte; another configuration with the same seed shares no nonce', () => {
    const a = collectNonces('a', JSON.parse(JSON.stringify(runDemo(base))));
    const again = collectNonces('a', JSON.parse(JSON.stringify(runDemo(base))));
    expect(again.map((s) => s.value)).toEqual(a.map((s) => s.value));
    const hops = new Set(
      collectNonces('h', JSON.parse(JSON.stringify(runDemo({ ...base, hops: 2 })))).map((s) => s.value),
    );
    expect(a.length).toBeGreaterThan(0);
    expect(a.filter((s) => hops.has(s.value))).toEqual([]);
  });

  it('catches a reuse: the same nonce in a session with other terms, the same AEAD nonce in another envelope', () => {
    const t = JSON.parse(JSON.stringify(runDemo(base))) as {
      steps: { messages: { envelope: { body: Record<string, unknown> } }[] }[];
    };
    const changed = structuredClone(t);
    for (const s of changed.steps) {
      for (const m of s.messages) {
        const b = m.envelope.body;
        if (b.kind === 'ProposeState') b.amountSat = Number(b.amountSat) + 1;
        if (b.kind === 'MailboxStore' && typeof b.sealed === 'string') b.sealed = `${b.sealed.slice(0, -2)}00`;
      }
    }
    const r = audit([...collectNonces('a', t), ...collectNonces('b', changed)]);
    expect(r.reuses.map((x) => x.kind).sort()).toEqual([
      'aead-nonce',
      'ephemeral-key',
      'musig-pubnonce',
      'musig-pubnonce',
      'musig-pubnonce',
      'musig-pubnonce',
    ]);
    // Both sides' two nonces of the one session whose terms changed; the unchanged ones are replays, not reuses.
    expect(r.replays.length).toBeGreaterThan(0);
  });
});
