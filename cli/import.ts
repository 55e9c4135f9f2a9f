/**
 * `npm run import -- FILE [--url URL] [--api-key KEY] [--batch N] [--from-line N]`: imports a file
 * of KOL profiles into a running gateway (see cli/args.ts for every option and the exit codes).
 */
import { existsSync } from 'node:fs';
import { parseCliArgs, USAGE, UsageError, type CliArgs } from './args';
import { runImport, type ImportSummary } from './importer';
import { barProgress, lineProgress, type ProgressReporter } from './progress';

export const EXIT = {
  imported: 0,
  nothingImported: 1,
  usage: 2,
  unreachable: 3,
  interrupted: 130,
} as const;

const count = (n: number) => n.toLocaleString('en-US');

/** The end-of-run text: what landed, what did not and why, and how to resume. */
export function formatSummary(summary: ImportSummary, args: Pick<CliArgs, 'file'>): string {
  const seconds = summary.elapsedMs / 1000;
  const rate = seconds > 0 ? summary.rowsSent / seconds : 0;
  const lines = [
    `import of ${summary.file} (${summary.format})${summary.fromLine > 1 ? ` from line ${count(summary.fromLine)}` : ''}:`,
    `  rows sent     ${count(summary.rowsSent)} in ${seconds.toFixed(1)} s (${count(Math.round(rate))} rows/s)`,
    `  applied       ${count(summary.applied)} (created or changed)`,
    `  unchanged     ${count(summary.unchanged)} (older than the stored profile)`,
    ...(summary.superseded > 0
      ? [
          `  superseded    ${count(summary.superseded)} (a later row of the same batch had the same id; the last one was used)`,
        ]
      : []),
    `  rejected      ${count(summary.rejectedRows)} row(s)${summary.rejectsFile ? `, ${count(summary.problems)} problem(s) listed in ${summary.rejectsFile}` : ''}`,
  ];
  const stopped = summary.stopped;
  if (!stopped && summary.rowsSent + summary.rejectedRows === 0) {
    lines.push('nothing to import: the file has no rows.');
  }
  if (stopped?.reason === 'header') {
    lines.push(`stopped: the header cannot be used: ${stopped.message}`);
  } else if (stopped) {
    lines.push(
      stopped.reason === 'unreachable'
        ? `stopped: the gateway went away: ${stopped.message}.`
        : stopped.reason === 'interrupted'
          ? 'stopped: interrupted (the batches already sent were confirmed).'
          : `stopped: the gateway refused the import: ${stopped.message}.`,
    );
    const resume = stopped.resumeFromLine;
    if (resume !== null) {
      lines.push(
        resume > summary.fromLine
          ? `  every row before line ${count(resume)} was handled; resume with:`
          : `  nothing from line ${count(resume)} on was confirmed; run again with:`,
        `  npm run import -- ${args.file} --from-line ${resume}${stopped.reason === 'unreachable' ? '   (once the gateway is back)' : ''}`,
      );
    }
  }
  return lines.join('\n');
}

export function exitCodeOf(summary: ImportSummary): number {
  if (summary.stopped?.reason === 'unreachable') return EXIT.unreachable;
  if (summary.stopped?.reason === 'interrupted') return EXIT.interrupted;
  if (summary.stopped) return EXIT.nothingImported;
  return summary.applied + summary.unchanged > 0 ? EXIT.imported : EXIT.nothingImported;
}

function progressFor(stream: NodeJS.WriteStream): ProgressReporter {
  return stream.isTTY ? barProgress(stream) : lineProgress((line) => stream.write(`${line}\n`));
}

export async function main(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<number> {
  let args: CliArgs | null;
  try {
    args = parseCliArgs(argv, env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`import: ${error.message}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  if (args === null) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.imported;
  }
  if (!existsSync(args.file)) {
    process.stderr.write(`import: no such file: ${args.file}\n`);
    return EXIT.usage;
  }
  // Ctrl-C once: finish the batches in flight and print where to resume; twice: exit at once.
  const interrupt = new AbortController();
  const onSigint = () => {
    if (interrupt.signal.aborted) process.exit(EXIT.interrupted);
    interrupt.abort();
  };
  process.on('SIGINT', onSigint);
  const summary = await runImport({
    ...args,
    signal: interrupt.signal,
    ...(args.apiKey ? { apiKey: args.apiKey } : {}),
    ...(args.format ? { format: args.format } : {}),
    retryDelayMs: 500,
    progress: progressFor(process.stderr),
  });
  process.off('SIGINT', onSigint);
  process.stdout.write(
    args.json ? `${JSON.stringify(summary)}\n` : `${formatSummary(summary, args)}\n`,
  );
  return exitCodeOf(summary);
}

if (require.main === module) {
  main(process.argv.slice(2), process.env).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `import failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = EXIT.nothingImported;
    },
  );
}
