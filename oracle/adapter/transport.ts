/**
 * How the oracle reaches an adapter: one request line out, one answer line back. `loopback` runs the impl/
 * adapter in this process through the same JSON encoding; `childProcess` spawns any command and enforces a
 * per-request timeout. A crash, a hang or a malformed line becomes an `AdapterFailure` saying which.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { AdapterSession } from './server.ts';
import { Request, Response, parseLine } from './protocol.ts';
import { InputError } from '../../util/input-error.ts';

export type AdapterFailureKind = 'crash' | 'hang' | 'malformed' | 'protocol';

export class AdapterFailure extends Error {
  override readonly name = 'AdapterFailure';
  constructor(
    readonly kind: AdapterFailureKind,
    message: string,
  ) {
    super(message);
  }
}

export interface Transport {
  /** Sends one request; resolves with the decoded answer, or rejects with an AdapterFailure. */
  request(req: Request): Promise<Response>;
  close(): Promise<void>;
}

function decodeAnswer(line: string, req: Request): Response {
  const r = parseLine(Response, line);
  if (!r.ok) throw new AdapterFailure('malformed', `the adapter answered a malformed line: ${r.problem}`);
  if (r.value.type === 'error')
    throw new AdapterFailure('protocol', `the adapter reported an error: ${r.value.detail}`);
  // An answer to a step or an adversarial command carries that request's id (spec/12 §3).
  if ((req.type === 'step' || req.type === 'adversary') && r.value.type !== 'hello' && r.value.id !== req.id) {
    throw new AdapterFailure(
      'protocol',
      `the adapter answered ${req.type} ${req.id} with id ${r.value.id === undefined ? '(none)' : r.value.id}`,
    );
  }
  return r.value;
}

/** The impl/ adapter in this process, every message through JSON text both ways. */
export function loopback(): Transport {
  const session = new AdapterSession();
  return {
    async request(req) {
      const parsed = parseLine(Request, JSON.stringify(req));
      if (!parsed.ok) throw new AdapterFailure('protocol', `the oracle built a bad request: ${parsed.problem}`);
      const res = session.handle(parsed.value);
      if (res === undefined) throw new AdapterFailure('protocol', 'no answer to a request that needs one');
      return decodeAnswer(JSON.stringify(res), parsed.value);
    },
    async close() {},
  };
}

/**
 * Spawns `command` (through the shell, in a process group of its own) and talks to it over stdin/stdout,
 * `timeoutMs` per request. On a hang, and on close, the whole group is killed (the shell and whatever it
 * started), and the pipes are closed, so nothing outlives the run and nothing holds this process open.
 */
export function childProcess(command: string, opts: { timeoutMs: number; cwd?: string }): Transport {
  if (command.trim() === '')
    throw new InputError('--adapter', 'expected a command that starts the adapter, got an empty string');
  const proc: ChildProcessWithoutNullStreams = spawn(command, {
    shell: true,
    cwd: opts.cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  const killGroup = (): void => {
    try {
      if (proc.pid !== undefined) process.kill(-proc.pid, 'SIGKILL');
    } catch {
      /* the group is gone already */
    }
    proc.stdin.destroy();
    proc.stdout.destroy();
    proc.stderr.destroy();
  };
  const lines: string[] = [];
  let stderr = '';
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  let wake: (() => void) | undefined;
  createInterface({ input: proc.stdout, crlfDelay: Infinity }).on('line', (l) => {
    lines.push(l);
    wake?.();
  });
  proc.stderr.on('data', (b: Buffer) => {
    stderr = (stderr + b.toString('utf8')).slice(-2000);
  });
  proc.on('exit', (code, signal) => {
    exited = { code, signal };
    wake?.();
  });
  proc.stdin.on('error', () => {
    /* the exit handler reports the crash */
  });
  const crash = (): AdapterFailure =>
    new AdapterFailure(
      'crash',
      `the adapter exited (${exited?.signal ?? `code ${exited?.code}`})${stderr.trim() === '' ? '' : `; stderr: ${stderr.trim().split('\n').slice(-3).join(' | ')}`}`,
    );
  return {
    request(req) {
      return new Promise<Response>((resolve, reject) => {
        if (exited !== undefined) return reject(crash());
        proc.stdin.write(`${JSON.stringify(req)}\n`);
        const timer = setTimeout(() => {
          wake = undefined;
          killGroup();
          reject(
            new AdapterFailure(
              'hang',
              `the adapter did not answer ${req.type}${'id' in req ? ` ${req.id}` : ''} within ${opts.timeoutMs} ms`,
            ),
          );
        }, opts.timeoutMs);
        const check = (): void => {
          const line = lines.shift();
          if (line !== undefined) {
            clearTimeout(timer);
            wake = undefined;
            try {
              resolve(decodeAnswer(line, req));
            } catch (e) {
              reject(e);
            }
            return;
          }
          if (exited !== undefined) {
            clearTimeout(timer);
            wake = undefined;
            reject(crash());
          }
        };
        wake = check;
        check();
      });
    },
    async close() {
      if (exited !== undefined) killGroup();
      else {
        proc.stdin.write(`${JSON.stringify({ type: 'bye' })}\n`);
        proc.stdin.end();
        await new Promise<void>((resolve) => {
          const t = setTimeout(() => {
            killGroup();
            resolve();
          }, 2000);
          proc.on('exit', () => {
            clearTimeout(t);
            killGroup();
            resolve();
          });
          if (exited !== undefined) {
            clearTimeout(t);
            resolve();
          }
        });
      }
    },
  };
}
