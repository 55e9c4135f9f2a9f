/**
 * Shared reporting for the benchmarks: machine description, percentiles, a plain-text table and the
 * JSON written to `bench/results/<name>.json`. Benchmarks print numbers; they never assert timings.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const RESULTS_DIR = path.join(REPO_ROOT, 'bench/results');

export interface MachineInfo {
  date: string;
  node: string;
  platform: string;
  arch: string;
  cpus: number;
  cpuModel: string;
  totalMemoryGb: number;
  /** 1, 5 and 15 minute load averages when the benchmark started (the machine may be shared). */
  loadAverageAtStart: number[];
  gitCommit: string | null;
  /** graphql-js skips its development-only checks when this is `production`. */
  nodeEnv: string | null;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  let gitCommit: string | null = null;
  try {
    gitCommit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    gitCommit = null;
  }
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    arch: process.arch,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    totalMemoryGb: round(os.totalmem() / 1024 ** 3, 1),
    loadAverageAtStart: os.loadavg().map((v) => round(v, 2)),
    gitCommit,
    nodeEnv: process.env.NODE_ENV ?? null,
  };
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  min: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** Summary of millisecond samples, rounded to 0.01 ms. */
export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((acc, v) => acc + v, 0);
  return {
    count: sorted.length,
    mean: round(sorted.length > 0 ? sum / sorted.length : Number.NaN),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? Number.NaN),
    min: round(sorted[0] ?? Number.NaN),
  };
}

export type Cell = string | number | null | undefined;

/** Column-aligned text table: numbers right-aligned, text left-aligned. */
export function formatTable(title: string, headers: readonly string[], rows: readonly Cell[][]) {
  const text = rows.map((row) => row.map((cell) => formatCell(cell)));
  const widths = headers.map((h, i) => Math.max(h.length, ...text.map((r) => (r[i] ?? '').length)));
  const numeric = headers.map((_, i) =>
    rows.every((r) => typeof r[i] === 'number' || r[i] == null),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [
    title,
    line(headers),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...text.map((r) => line(r)),
  ].join('\n');
}

function formatCell(cell: Cell): string {
  if (cell === null || cell === undefined) return '-';
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return '-';
    if (Number.isInteger(cell)) return cell.toLocaleString('en-US');
    return cell.toLocaleString('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 });
  }
  return cell;
}

export interface BenchResult<P, R> {
  bench: string;
  machine: MachineInfo;
  parameters: P;
  results: R;
  /** The tables as printed, so `npm run bench` can show them again in its summary. */
  tables: string[];
  notes: string[];
}

/** Writes `bench/results/<name>.json` and returns its path. */
export function writeResult<P, R>(result: BenchResult<P, R>): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${result.bench}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

export function log(message: string): void {
  process.stderr.write(`[${new Date().toISOString().slice(11, 23)}] ${message}\n`);
}

/** Runs a benchmark's main, exiting non-zero on failure and after `limitMs` whatever happens. */
export function runBench(name: string, main: () => Promise<void>, limitMs = 20 * 60_000): void {
  const watchdog = setTimeout(() => {
    log(`${name}: still running after ${limitMs / 1000} s; giving up`);
    process.exit(2);
  }, limitMs);
  watchdog.unref();
  main().then(
    () => {
      // Drivers (Cassandra, Kafka) can keep timers alive for a while after close; do not wait.
      process.exit(0);
    },
    (error: unknown) => {
      log(
        `${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      process.exit(1);
    },
  );
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
