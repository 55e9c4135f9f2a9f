/**
 * Runs the import CLI in its own process (as a user does, so its parsing and JSON work does not run
 * on the gateway's event loop) and returns its JSON summary with the wall time and the CPU time of
 * the CLI process.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ImportSummary } from '../../cli/importer';
import { TS_EXEC_ARGV } from './load';
import { REPO_ROOT } from './report';

export interface CliRun {
  summary: ImportSummary;
  wallMs: number;
  exitCode: number | null;
  /** The last output of the CLI on stderr (progress lines, retries). */
  stderrTail: string;
}

export function runImportCli(
  file: string,
  options: { url: string; apiKey: string; batch: number; concurrency: number },
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      [
        ...TS_EXEC_ARGV,
        path.join(REPO_ROOT, 'cli/import.ts'),
        file,
        '--url',
        options.url,
        '--api-key',
        options.apiKey,
        '--batch',
        String(options.batch),
        '--concurrency',
        String(options.concurrency),
        '--json',
      ],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const wallMs = performance.now() - started;
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve({
          summary: JSON.parse(line) as ImportSummary,
          wallMs,
          exitCode: code,
          stderrTail: stderr,
        });
      } catch {
        reject(new Error(`import CLI exited ${code} without a summary: ${stderr || stdout}`));
      }
    });
  });
}
