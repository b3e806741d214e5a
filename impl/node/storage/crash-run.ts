/**
 * One crash run: a scheme-1 payment (A pays B through S, B offline, then B sells, A returns) with every node a
 * child process over a filesystem store, SIGKILLed at seeded points (each (re)started child draws its kill
 * point from the seed), restarted from disk, the payment finished. Then the checks: the same end as the run
 * without kills (every payment completed, every balance the same), conservation on every ledger and channel,
 * and no nonce signed two messages (every nonce id seen with one public nonce and at most one message, no
 * public nonce under two ids) across every state any child answered with.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { balances } from '../inspect.ts';
import { runSteps, scheme1Steps } from '../scenario.ts';
import { World, type AnyNode, type WorldConfig } from '../world.ts';
import { ProcessNodes, type Kill } from './process-nodes.ts';

export type CrashRun = {
  readonly seed: number;
  readonly kills: readonly Kill[];
  readonly steps: number;
  readonly problems: readonly string[];
};

/** A small seeded generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function endState(w: World): string {
  const pays = (w.node('A').snapshot as { payments: { status: string; amountSat: number }[] }).payments.map(
    (p) => `${p.status}:${p.amountSat}`,
  );
  const bal = balances(w).map((b) => `${b.node}|${b.peer}|${b.kind}:${b.localSat}/${b.remoteSat}/${b.pendingSat}`);
  return JSON.stringify({ pays, bal });
}

function nonceProblems(seen: readonly AnyNode[]): string[] {
  const byId = new Map<string, { pub: string; msgs: Set<string> }>();
  const idsOfPub = new Map<string, Set<string>>();
  for (const n of seen) {
    const nonces =
      (
        n.snapshot as {
          nonces?: { nonces: { id: string; status: string; pubNonceHex: string; usedForMsgHex?: string }[] };
        }
      ).nonces?.nonces ?? [];
    for (const e of nonces) {
      const key = `${n.snapshot.id}/${e.id}`;
      const r = byId.get(key) ?? { pub: e.pubNonceHex, msgs: new Set<string>() };
      byId.set(key, r);
      if (r.pub !== e.pubNonceHex) r.msgs.add(`PUB-CHANGED ${e.pubNonceHex}`);
      if (e.status === 'used' && e.usedForMsgHex !== undefined && e.usedForMsgHex !== '') r.msgs.add(e.usedForMsgHex);
      const ids = idsOfPub.get(e.pubNonceHex) ?? new Set<string>();
      ids.add(key);
      idsOfPub.set(e.pubNonceHex, ids);
    }
  }
  const out: string[] = [];
  for (const [id, r] of byId) if (r.msgs.size > 1) out.push(`nonce ${id} signed ${r.msgs.size} messages`);
  for (const [pub, ids] of idsOfPub)
    if (ids.size > 1) out.push(`public nonce ${pub.slice(0, 16)}… under ${ids.size} ids`);
  return out;
}

/** Each (re)started child is armed with chance `killChance` at a storage event in 1..maxKillAt, at most `maxKills` times per run. */
export function crashRun(opts: {
  seed: number;
  killChance: number;
  maxKillAt: number;
  maxKills: number;
  config?: Partial<WorldConfig>;
}): CrashRun {
  const config: WorldConfig = { seed: 700 + opts.seed, hops: 0, scheme: 1, decorrelate: false, ...opts.config };
  const plain = new World(config);
  runSteps(plain, scheme1Steps());
  const root = mkdtempSync(join(tmpdir(), 'apln-crash-'));
  const next = rng(opts.seed);
  const w = new World(config);
  let armed = 0;
  const nodes = new ProcessNodes(root, w, () =>
    armed < opts.maxKills && next() < opts.killChance ? (armed++, 1 + Math.floor(next() * opts.maxKillAt)) : 0,
  );
  const problems: string[] = [];
  try {
    runSteps(w, scheme1Steps());
    if (endState(w) !== endState(plain))
      problems.push(`end state ${endState(w)} differs from the run without kills ${endState(plain)}`);
    for (const b of balances(w)) {
      const n = w.node(b.node);
      const pending =
        n.role === 'mailbox' || b.kind === 'eltoo'
          ? 0
          : n.snapshot.ptlcs
              .filter((p) => p.peer === b.peer && p.status === 'pending')
              .reduce((s, p) => s + p.amountSat, 0);
      if (b.localSat + b.remoteSat + b.pendingSat + pending !== 200_000)
        problems.push(`${b.node}|${b.peer} does not sum to 200,000`);
    }
    problems.push(...nonceProblems(nodes.seen));
  } catch (e) {
    problems.push(`run failed: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    nodes.stop();
    rmSync(root, { recursive: true, force: true });
  }
  return { seed: opts.seed, kills: nodes.kills, steps: nodes.steps, problems };
}
