/**
 * Nodes as child processes over a filesystem store, for the crash test: `World.stepper` hands each step to the
 * node's child (node-host.ts) and waits for its reply synchronously (a worker thread, host-bridge.mjs, does the
 * asynchronous process I/O). A child can be given a kill point (it SIGKILLs itself there); when it dies the
 * step is retried on a new child loaded from disk, with the same input id, so a step the dead child had
 * persisted is answered from the store and one it had not is run again. Every kill is recorded.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { EltooChannel } from '../channel.ts';
import type { StepResult } from '../node.ts';
import type { ChainView } from '../onchain.ts';
import { toResult, DurableNode, type StoredReply } from './durable-node.ts';
import { FilesystemStore } from './fs-store.ts';
import type { ChainFacts, HostRequest } from './node-host.ts';
import type { AnyNode, NodeInput, World } from '../world.ts';

export type Kill = {
  readonly node: string;
  readonly input: number;
  readonly killAt: number;
  readonly signal: string | null;
  readonly loaded?: unknown;
};

function channelsOf(n: AnyNode): EltooChannel[] {
  if (n.role === 'payer') return [n.snapshot.channel, ...n.snapshot.watches.map((w) => w.channel)];
  if (n.role === 'hub') return n.snapshot.channels;
  if (n.role === 'payee' && n.snapshot.channel !== null) return [n.snapshot.channel];
  return [];
}

/** What the child needs of the chain: the tip of each of the node's channels, and which outputs of settled tips are spent. */
function factsFor(n: AnyNode, chain: ChainView): ChainFacts {
  const tips: Record<string, unknown> = {};
  const spent: string[] = [];
  for (const ch of channelsOf(n)) {
    const tip = chain.channelTip(ch);
    tips[`${ch.fundingTxid}:${ch.fundingVout}`] = tip;
    if (tip.kind === 'settled')
      for (let v = 0; v < 8; v++) if (chain.isSpent({ txid: tip.txid, vout: v })) spent.push(`${tip.txid}:${v}`);
  }
  return { tips, spent };
}

export class ProcessNodes {
  readonly kills: Kill[] = [];
  /** Every snapshot a child answered with (the nonce check reads them). */
  readonly seen: AnyNode[] = [];
  steps = 0;
  #input = 0;
  readonly #worker: Worker;
  readonly #port: MessagePort;
  readonly #flag = new Int32Array(new SharedArrayBuffer(4));

  /** `killAt(node)` gives the kill point of each (re)started child: 0 for none. */
  constructor(
    readonly root: string,
    world: World,
    private readonly killAt: (node: string) => number,
  ) {
    mkdirSync(root, { recursive: true });
    const store = new FilesystemStore(root);
    for (const [, n] of world.nodes) DurableNode.create(store, n);
    const { port1, port2 } = new MessageChannel();
    this.#port = port1;
    const host = fileURLToPath(new URL('./node-host.ts', import.meta.url));
    this.#worker = new Worker(new URL('./host-bridge.mjs', import.meta.url), {
      workerData: { port: port2, flag: this.#flag, host },
      transferList: [port2],
    });
    for (const id of world.nodes.keys()) this.start(id);
    world.stepper = (id, node, input, height, chain) => this.step(id, node, input, height, chain);
  }

  private call(message: object): Record<string, unknown> {
    Atomics.store(this.#flag, 0, 0);
    this.#port.postMessage(message);
    for (;;) {
      Atomics.wait(this.#flag, 0, 0, 60_000);
      const r = receiveMessageOnPort(this.#port);
      if (r !== undefined) return r.message as Record<string, unknown>;
      if (Atomics.load(this.#flag, 0) === 0) throw new Error('process-nodes: no answer from the bridge in 60 s');
    }
  }

  readonly #armed = new Map<string, number>();

  private start(id: string): void {
    const killAt = this.killAt(id);
    this.#armed.set(id, killAt);
    const r = this.call({ op: 'start', root: this.root, id, killAt });
    if (r.died === true) {
      this.kills.push({ node: id, input: this.#input, killAt, signal: (r.signal as string | null) ?? null });
      if (r.signal !== 'SIGKILL')
        throw new Error(`node ${id} failed to start (${String(r.code)}): ${String(r.stderr)}`);
      return this.start(id);
    }
  }

  private step(
    id: string,
    node: AnyNode,
    input: NodeInput,
    height: number,
    chain: ChainView,
  ): StepResult<AnyNode['snapshot']> {
    const req: HostRequest = { input: ++this.#input, step: input, height, facts: factsFor(node, chain) };
    const line = JSON.stringify(req);
    for (;;) {
      const r = this.call({ op: 'step', id, line });
      if (r.died === true) {
        if (r.signal !== 'SIGKILL') throw new Error(`node ${id} died (${String(r.code)}): ${String(r.stderr)}`);
        this.kills.push({ node: id, input: req.input, killAt: this.#armed.get(id) ?? 0, signal: 'SIGKILL' });
        this.start(id);
        continue;
      }
      this.steps++;
      const reply = JSON.parse(r.line as string) as StoredReply & { snapshot: AnyNode['snapshot'] };
      const after = { role: node.role, snapshot: reply.snapshot } as AnyNode;
      this.seen.push(after);
      return toResult(after, reply);
    }
  }

  stop(): void {
    this.call({ op: 'stop' });
    void this.#worker.terminate();
  }
}
