/**
 * How the oracle reaches an adapter: one request line out, one answer line back. `loopback` runs the impl/
 * adapter in this process through the same JSON encoding; `childProcess` spawns any command and enforces a
 * per-request timeout. A crash, a hang or a malformed line becomes an `AdapterFailure` saying which.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { AdapterSession } from './server.ts';
import { Request, Response, parseLine } from './protocol.ts';

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

function decodeAnswer(line: string): Response {
  const r = parseLine(Response, line);
  if (!r.ok) throw new AdapterFailure('malformed', `the adapter answered a malformed line: ${r.problem}`);
  if (r.value.type === 'error') throw new AdapterFailure('protocol', `the adapter reported an error: ${r.value.detail}`);
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
      return decodeAnswer(JSON.stringify(res));
    },
    async close() {},
  };
}

/** Spawns `command` (through the shell) and talks to it over stdin/stdout, `timeoutMs` per request. */
export function childProcess(command: string, opts: { timeoutMs: number; cwd?: string }): Transport {
  const proc: ChildProcessWithoutNullStreams = spawn(command, { shell: true, cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
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
    new AdapterFailure('crash', `the adapter exited (${exited?.signal ?? `code ${exited?.code}`})${stderr.trim() === '' ? '' : `; stderr: ${stderr.trim().split('\n').slice(-3).join(' | ')}`}`);
  return {
    request(req) {
      return new Promise<Response>((resolve, reject) => {
        if (exited !== undefined) return reject(crash());
        proc.stdin.write(`${JSON.stringify(req)}\n`);
        const timer = setTimeout(() => {
          wake = undefined;
          proc.kill('SIGKILL');
          reject(new AdapterFailure('hang', `the adapter did not answer ${req.type}${'id' in req ? ` ${req.id}` : ''} within ${opts.timeoutMs} ms`));
        }, opts.timeoutMs);
        const check = (): void => {
          const line = lines.shift();
          if (line !== undefined) {
            clearTimeout(timer);
            wake = undefined;
            try {
              resolve(decodeAnswer(line));
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
      if (exited === undefined) {
        proc.stdin.write(`${JSON.stringify({ type: 'bye' })}\n`);
        proc.stdin.end();
        await new Promise<void>((resolve) => {
          const t = setTimeout(() => {
            proc.kill('SIGKILL');
            resolve();
          }, 2000);
          proc.on('exit', () => {
            clearTimeout(t);
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
