/**
 * Import progress: a redrawn bar (rows/s, ETA) when the output is a terminal, plain lines at a
 * fixed interval otherwise (logs, CI, pipes). Progress is measured in bytes of the file read,
 * which is what the ETA needs without counting the rows first.
 */
import { SingleBar } from 'cli-progress';

export interface ProgressState {
  /** Rows sent to the gateway so far (accepted or rejected there). */
  rows: number;
  rejected: number;
  /** Last file line handled. */
  line: number;
  bytesRead: number;
  sizeBytes: number;
}

export interface ProgressReporter {
  update(state: ProgressState): void;
  /** A one-off message (a retry, a rate-limit wait) that must not be lost under the bar. */
  note(message: string): void;
  stop(): void;
}

const count = (n: number) => Math.round(n).toLocaleString('en-US');

function rateOf(rows: number, startedAt: number): number {
  const seconds = (Date.now() - startedAt) / 1000;
  return seconds > 0 ? rows / seconds : 0;
}

function etaSeconds(state: ProgressState, startedAt: number): number | null {
  const seconds = (Date.now() - startedAt) / 1000;
  if (state.bytesRead <= 0 || seconds <= 0) return null;
  return ((state.sizeBytes - state.bytesRead) * seconds) / state.bytesRead;
}

export function barProgress(stream: NodeJS.WriteStream): ProgressReporter {
  const startedAt = Date.now();
  let started = false;
  const bar = new SingleBar({
    stream,
    format:
      ' {bar} {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted} | {rejected} rejected',
    barCompleteChar: '█',
    barIncompleteChar: '░',
    hideCursor: true,
    etaBuffer: 50,
  });
  return {
    update(state) {
      const payload = {
        rows: count(state.rows),
        rate: count(rateOf(state.rows, startedAt)),
        rejected: count(state.rejected),
      };
      if (!started) {
        started = true;
        bar.start(Math.max(1, state.sizeBytes), state.bytesRead, payload);
      } else {
        bar.update(state.bytesRead, payload);
      }
    },
    note(message) {
      if (started) stream.write('\n');
      stream.write(`${message}\n`);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

export function lineProgress(write: (line: string) => void, intervalMs = 5_000): ProgressReporter {
  const startedAt = Date.now();
  let lastAt = 0;
  const print = (state: ProgressState) => {
    lastAt = Date.now();
    const percent = state.sizeBytes > 0 ? (100 * state.bytesRead) / state.sizeBytes : 100;
    const eta = etaSeconds(state, startedAt);
    write(
      `progress: ${count(state.rows)} rows sent (to line ${count(state.line)}), ${percent.toFixed(0)}% of the file, ${count(rateOf(state.rows, startedAt))} rows/s, ETA ${eta === null ? '?' : `${Math.ceil(eta)} s`}, ${count(state.rejected)} rejected`,
    );
  };
  return {
    update(state) {
      if (lastAt === 0 || Date.now() - lastAt >= intervalMs) print(state);
    },
    note(message) {
      write(message);
    },
    stop() {
      // The summary that follows has the final numbers.
    },
  };
}
