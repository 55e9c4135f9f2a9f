/**
 * Prints the tables of bench/results/*.json with the machine each ran on, as Markdown (what the
 * README's benchmark section shows): `npx tsx bench/print-results.ts [name ...]`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { MachineInfo } from './support/report';
import { RESULTS_DIR } from './support/report';

interface Stored {
  bench: string;
  machine: MachineInfo;
  tables: string[];
}

/** The names given, in their order; all stored results (alphabetically) when none is. */
const wanted = process.argv.slice(2);
const files =
  wanted.length > 0
    ? wanted.map((name) => `${name}.json`)
    : readdirSync(RESULTS_DIR)
        .filter((f) => f.endsWith('.json'))
        .sort();
for (const file of files) {
  const result = JSON.parse(readFileSync(path.join(RESULTS_DIR, file), 'utf8')) as Stored;
  const m = result.machine;
  process.stdout.write(
    `**${result.bench}** — ${m.date.slice(0, 16).replace('T', ' ')} UTC, commit ${m.gitCommit ?? '?'}, ` +
      `${m.cpus} × ${m.cpuModel}, ${m.totalMemoryGb} GB, Node ${m.node}, load average at start ` +
      `${m.loadAverageAtStart.join(' / ')}\n\n\`\`\`text\n${result.tables.join('\n\n')}\n\`\`\`\n\n`,
  );
}
