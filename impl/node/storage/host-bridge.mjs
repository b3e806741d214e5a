// Worker thread of process-nodes.ts: keeps one child process per node and answers the main thread's
// synchronous requests (Atomics.wait on a shared flag, the reply read with receiveMessageOnPort). A child that
// dies (SIGKILL) is reported; the main thread decides to restart it.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { workerData } from 'node:worker_threads';

const { port, flag, host } = workerData;
const children = new Map();

function reply(message) {
  port.postMessage(message);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}

function start(root, id, killAt) {
  const args = ['--import', 'tsx', host, root, id, ...(killAt > 0 ? [String(killAt)] : [])];
  const child = spawn(process.execPath, args, {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, APLN_NODE_HOST: '1' },
  });
  const c = { child, waiting: undefined, dead: undefined, stderr: '' };
  createInterface({ input: child.stdout }).on('line', (line) => {
    const w = c.waiting;
    c.waiting = undefined;
    w?.({ line });
  });
  child.stderr.on('data', (d) => (c.stderr += d));
  child.on('exit', (code, signal) => {
    c.dead = { code, signal };
    const w = c.waiting;
    c.waiting = undefined;
    w?.({ died: true, code, signal, stderr: c.stderr.slice(-2000) });
  });
  child.stdin.on('error', () => {});
  children.set(id, c);
  return new Promise((resolve) => (c.waiting = resolve));
}

port.on('message', async (m) => {
  if (m.op === 'start') {
    reply(await start(m.root, m.id, m.killAt));
  } else if (m.op === 'step') {
    const c = children.get(m.id);
    if (c === undefined || c.dead !== undefined)
      return reply({ died: true, code: c?.dead?.code, signal: c?.dead?.signal });
    const p = new Promise((resolve) => (c.waiting = resolve));
    c.child.stdin.write(`${m.line}\n`);
    reply(await p);
  } else if (m.op === 'stop') {
    for (const c of children.values()) if (c.dead === undefined) c.child.kill('SIGKILL');
    reply({ stopped: true });
  }
});
