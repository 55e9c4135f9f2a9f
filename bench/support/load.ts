import { fork } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './report';

export interface LoadOptions {
  /** POST target (GraphQL over HTTP). */
  url: string;
  /** JSON request body, sent as is every time. */
  body: string;
  /** Closed loop: this many requests in flight, each client sends its next when the last returns. */
  concurrency: number;
  warmupRequests: number;
  warmupMaxMs: number;
  /** Measured phase: stops at whichever bound comes first. */
  durationMs: number;
  maxRequests: number;
}

export interface LoadResult {
  /** Latency of each successful measured request (ms, client side, request start to last byte). */
  latenciesMs: number[];
  requests: number;
  errors: number;
  firstError: string | null;
  elapsedMs: number;
  meanResponseBytes: number;
  warmupRequests: number;
}

export type ParentMessage = { type: 'start'; options: LoadOptions } | { type: 'go' };

export type LoadMessage =
  { type: 'warm' } | { type: 'done'; result: LoadResult } | { type: 'failed'; error: string };

/** The execArgv that lets a forked child load TypeScript (tsx). */
export const TS_EXEC_ARGV = ['--import', 'tsx'];

/**
 * Runs a closed-loop load from a child process. `onWarm` runs after the warm-up and before the
 * measured phase (reset counters there). Bounded by the options plus a 60 s margin.
 */
export function runLoad(options: LoadOptions, onWarm: () => void = () => undefined) {
  return new Promise<LoadResult>((resolve, reject) => {
    const child = fork(path.join(__dirname, 'load-client.ts'), [], {
      cwd: REPO_ROOT,
      execArgv: TS_EXEC_ARGV,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let settled = false;
    const finish = (error: Error | null, result?: LoadResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.exitCode === null) child.kill();
      if (error) reject(error);
      else resolve(result!);
    };
    const timer = setTimeout(
      () => finish(new Error('load client did not finish in time')),
      options.warmupMaxMs + options.durationMs + 60_000,
    );
    child.on('message', (message: LoadMessage) => {
      if (message.type === 'warm') {
        onWarm();
        child.send({ type: 'go' } satisfies ParentMessage);
      } else if (message.type === 'done') {
        finish(null, message.result);
      } else {
        finish(new Error(`load client failed: ${message.error}`));
      }
    });
    child.on('error', (error) => finish(error));
    child.on('exit', (code) => {
      if (!settled) finish(new Error(`load client exited with code ${code}`));
    });
    child.send({ type: 'start', options } satisfies ParentMessage);
  });
}
