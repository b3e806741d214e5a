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

/**
 * The real process: stdout, stderr, SIGINT. The first Ctrl-C goes to the handler (a clean stop); a second
 * one while the handler is still registered quits at once with 130, as shells expect.
 */
export function processIo(): Io {
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
