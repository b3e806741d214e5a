/**
 * One node in its own process over a filesystem store (the crash test's child): `node --import tsx
 * node-host.ts ROOT ID [KILL_AT]`. Reads one request per stdin line (`{input, step, height, facts}`), runs it
 * on the DurableNode loaded from ROOT (persisting before it answers), writes one reply line. With KILL_AT = k,
 * it sends itself SIGKILL at the k-th storage event of its life (half a temporary file written, a temporary
 * file synced, a rename done, a reply about to be written): a real kill -9 at a seeded point.
 */
import { createInterface } from 'node:readline';
import type { ChainView } from '../onchain.ts';
import type { NodeInput } from '../world.ts';
import { DurableNode } from './durable-node.ts';
import { FilesystemStore } from './fs-store.ts';

export type ChainFacts = { readonly tips: Record<string, unknown>; readonly spent: readonly string[] };
export type HostRequest = {
  readonly input: number;
  readonly step: NodeInput;
  readonly height: number;
  readonly facts: ChainFacts;
};

export function viewOfFacts(facts: ChainFacts): ChainView {
  return {
    channelTip: (ch) =>
      (facts.tips[`${ch.fundingTxid}:${ch.fundingVout}`] ?? { kind: 'funding' }) as ReturnType<ChainView['channelTip']>,
    isSpent: (o) => facts.spent.includes(`${o.txid}:${o.vout}`),
  };
}

function main(): void {
  const [root, id, killAtText] = process.argv.slice(2) as [string, string, string | undefined];
  const killAt = killAtText === undefined ? 0 : Number(killAtText);
  let events = 0;
  const event = (): void => {
    events++;
    if (events === killAt) process.kill(process.pid, 'SIGKILL');
  };
  const node = DurableNode.load(new FilesystemStore(root, event), id);
  process.stdout.write(`${JSON.stringify({ ready: true, loaded: node.loaded })}\n`);
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const req = JSON.parse(line) as HostRequest;
    const r = node.step(req.input, req.step, req.height, viewOfFacts(req.facts));
    event();
    const reply = {
      snapshot: r.snapshot,
      outgoing: r.outgoing,
      broadcast: r.broadcast.map((b) => ({ name: b.name, txid: b.txid, hex: b.hex })),
      notes: r.notes,
      ...(r.error === undefined ? {} : { error: r.error }),
    };
    process.stdout.write(`${JSON.stringify(reply)}\n`);
  });
}

if (process.env.APLN_NODE_HOST === '1') main();
