/**
 * Progress lines for long runs: nothing during the first second, then at most one line a second, to
 * stderr or to a callback. Counts only; the run's results never depend on it.
 */
export interface ProgressFigures {
  readonly distinct: number;
  readonly generated: number;
  readonly depth: number;
  readonly queue: number;
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

export function progressLine(f: ProgressFigures, seconds: number): string {
  const rate = seconds > 0 ? f.distinct / seconds : 0;
  return `progress ${seconds.toFixed(1)}s: ${fmt(f.distinct)} distinct, ${fmt(f.generated)} generated, ${fmt(rate)} distinct/s, depth ${f.depth}, queue ${fmt(f.queue)}`;
}

export class Progress {
  private readonly sink: ((line: string) => void) | undefined;
  private nextAt = 1;

  constructor(option: boolean | ((line: string) => void) | undefined) {
    this.sink =
      typeof option === 'function' ? option : option === true ? (line) => process.stderr.write(`${line}\n`) : undefined;
  }

  /** Prints a line when a second has passed since the last one (and the run is past its first second). */
  maybe(seconds: number, figures: () => ProgressFigures): void {
    if (this.sink === undefined || seconds < this.nextAt) return;
    this.nextAt = Math.floor(seconds) + 1;
    this.sink(progressLine(figures(), seconds));
  }
}
