/**
 * Where a command reads and writes: stdout, stderr and Ctrl-C, passed in so tests run `main` in-process
 * and capture everything.
 */
export interface Io {
  /** Writes to stdout (the caller includes newlines). */
  readonly out: (text: string) => void;
  /** Writes to stderr. */
  readonly err: (text: string) => void;
  /** Calls `handler` on Ctrl-C (SIGINT) until the returned function is called. */
  readonly onInterrupt: (handler: () => void) => () => void;
}

let pipeWatched = false;

/**
 * A reader that stops early (`apln show BIG | head -c 100`) closes the pipe: the next write fails with EPIPE.
 * That is a normal end, not an error: quit at once with 0, nothing on stderr. Any other stream error is
 * reported in one line (exit 3), never as an uncaught stack trace.
 */
function watchPipes(): void {
  if (pipeWatched) return;
  pipeWatched = true;
  for (const [name, stream] of [
    ['stdout', process.stdout],
    ['stderr', process.stderr],
  ] as const) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(0);
      if (name === 'stdout') process.stderr.write(`apln: stdout: ${e.code ?? e.message} (cannot write the output)\n`);
      process.exit(3);
    });
  }
}

/**
 * The real process: stdout, stderr, SIGINT. The first Ctrl-C goes to the handler (a clean stop); a second
 * one while the handler is still registered quits at once with 130, as shells expect. A closed stdout (EPIPE)
 * ends the process quietly with 0.
 */
export function processIo(): Io {
  watchPipes();
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    onInterrupt: (handler) => {
      let count = 0;
      const listener = (): void => {
        count += 1;
        if (count > 1) {
          process.stderr.write('\nsecond Ctrl-C: quitting without a report\n');
          process.exit(130);
        }
        handler();
      };
      process.on('SIGINT', listener);
      return () => void process.off('SIGINT', listener);
    },
  };
}

/** An Io that records what was written (for tests and for commands that buffer). */
export interface CapturedIo extends Io {
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Simulates Ctrl-C: calls the handlers registered now. */
  readonly interrupt: () => void;
}

export function captureIo(options: { onErr?: (text: string) => void; interruptAtOnce?: boolean } = {}): CapturedIo {
  let out = '';
  let err = '';
  const handlers = new Set<() => void>();
  return {
    out: (t) => void (out += t),
    err: (t) => {
      err += t;
      options.onErr?.(t);
    },
    onInterrupt: (h) => {
      handlers.add(h);
      if (options.interruptAtOnce === true) h();
      return () => void handlers.delete(h);
    },
    stdout: () => out,
    stderr: () => err,
    interrupt: () => [...handlers].forEach((h) => h()),
  };
}
