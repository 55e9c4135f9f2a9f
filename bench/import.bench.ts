/**
 * Import throughput: a CSV of `--rows` KOLs (default 20,000) through the import CLI (its own
 * process) into a gateway over the embedded stores and over Cassandra + Redis. Each setup imports
 * the file twice: the first run creates every KOL (validate, score trust, write scores and
 * profiles, refresh their rankings); the second is the idempotent re-run (every row unchanged).
 *
 *   npm run bench -- import [--rows=20000] [--batch=2000] [--concurrency=2]
 *     [--setups=embedded,real,cassandra-floor]
 *
 * `cassandra-floor` writes what a first import of the same file stores in Cassandra (profile rows
 * and their trust score rows, the committed model's records with their reasons) straight through
 * the Cassandra stores, batches of `--batch`, `--concurrency` at a time: no CLI, HTTP, GraphQL,
 * validation, model run or Redis. Its rows/s is the most any import path can reach on this node.
 *
 * @bench-services redis cassandra
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSource } from '../cli/source';
import { CassandraProfileStore } from '../datasources/cassandra/profiles';
import { CassandraScoreStore } from '../datasources/cassandra/scores';
import type { DataSources } from '../datasources/types';
import { validateKolInputs } from '../domain/kol-input';
import type { KolProfile, ScoreRecord } from '../domain/types';
import { benchInference } from './support/models';
import { BENCH_ADMIN_KEY, startBenchGateway } from './support/gateway';
import { runImportCli, type CliRun } from './support/import-cli';
import { writeKolCsv } from './support/kol-file';
import { intParam, stringParam } from './support/params';
import { openRealStores, type RealStores } from './support/real-stores';
import { startServiceCpu } from './support/service-cpu';
import { formatTable, log, machineInfo, round, runBench, writeResult } from './support/report';

const params = {
  rows: intParam('rows', 20_000, 1),
  batch: intParam('batch', 2_000, 1),
  concurrency: intParam('concurrency', 2, 1),
  setups: stringParam('setups', 'embedded,real,cassandra-floor')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
};

interface RunResult {
  run: 'first import' | 're-import';
  rowsSent: number;
  applied: number;
  unchanged: number;
  rejected: number;
  wallMs: number;
  rowsPerSecond: number;
  /** Gateway process CPU over the run, as a share of one core. */
  gatewayCpuShare: number;
  /**
   * CPU per row sent, µs: the gateway's, and the local Cassandra's and Redis's (whole servers, so
   * anything else they served meanwhile counts too; absent when they are not up.sh's).
   */
  cpuPerRowUs: { gateway: number; cassandra?: number; redis?: number };
  exitCode: number | null;
  /** Means per upsertKols call, ms: the CLI's request wall time, the gateway's time and its stages. */
  perCall: {
    calls: number;
    request: number;
    server: number;
    validate: number;
    read: number;
    score: number;
    scoreWrite: number;
    profileWrite: number;
  };
}

interface SetupResult {
  setup: string;
  description: string;
  runs: RunResult[];
}

async function importTwice(
  setup: string,
  description: string,
  file: string,
  data: DataSources | undefined,
): Promise<SetupResult> {
  // A 2,000-row call can take longer than the default 10 s execution deadline on a busy machine;
  // the CLI would then split it, which is not what this measures.
  const env = { EXECUTION_TIMEOUT_MS: '120000' };
  const gateway = await startBenchGateway(data ? { data, env } : { env });
  const runs: RunResult[] = [];
  try {
    for (const run of ['first import', 're-import'] as const) {
      log(`${setup}: ${run} of ${params.rows.toLocaleString('en-US')} rows`);
      const cpu = process.cpuUsage();
      const serviceCpu = startServiceCpu(data ? ['cassandra', 'redis'] : []);
      const before = gateway.services.kolImport.totals();
      const result: CliRun = await runImportCli(file, {
        url: gateway.url,
        apiKey: BENCH_ADMIN_KEY,
        batch: params.batch,
        concurrency: params.concurrency,
      });
      const used = process.cpuUsage(cpu);
      const services = serviceCpu();
      const after = gateway.services.kolImport.totals();
      const s = result.summary;
      if (s.stopped) throw new Error(`${setup}: import stopped: ${s.stopped.message}`);
      const calls = after.batches - before.batches;
      const mean = (ms: number) => (calls > 0 ? round(ms / calls, 1) : 0);
      const stage = (name: keyof typeof after.ms) => mean(after.ms[name] - before.ms[name]);
      runs.push({
        run,
        rowsSent: s.rowsSent,
        applied: s.applied,
        unchanged: s.unchanged,
        rejected: s.rejectedRows,
        wallMs: round(result.wallMs, 0),
        rowsPerSecond: round((s.rowsSent / result.wallMs) * 1000, 0),
        gatewayCpuShare: round((used.user + used.system) / 1000 / result.wallMs, 2),
        cpuPerRowUs: {
          gateway: round((used.user + used.system) / s.rowsSent, 1),
          ...(services.cassandra === undefined
            ? {}
            : { cassandra: round((services.cassandra * 1e6) / s.rowsSent, 1) }),
          ...(services.redis === undefined
            ? {}
            : { redis: round((services.redis * 1e6) / s.rowsSent, 1) }),
        },
        exitCode: result.exitCode,
        perCall: {
          calls,
          request: mean(s.requests.ms),
          server: stage('total'),
          validate: stage('validate'),
          read: stage('read'),
          score: stage('score'),
          scoreWrite: stage('scoreWrite'),
          profileWrite: stage('profileWrite'),
        },
      });
    }
  } finally {
    await gateway.stop();
  }
  return { setup, description, runs };
}

interface FloorResult {
  profiles: number;
  scoreRows: number;
  wallMs: number;
  profilesPerSecond: number;
  /** Cassandra's CPU per profile (its row plus its trust row), µs; null when not up.sh's server. */
  cassandraCpuPerProfileUs: number | null;
}

/** The file's rows as KolProfiles (the CLI's reader, the gateway's validation). */
async function profilesOf(file: string, now: Date): Promise<KolProfile[]> {
  const source = await openSource(file);
  const rows: Record<string, unknown>[] = [];
  for await (const item of source.items) if (item.kind === 'row') rows.push(item.input);
  source.close();
  const { valid, errors } = validateKolInputs(rows, now);
  if (errors.length > 0)
    throw new Error(`cassandra-floor: ${errors.length} invalid rows in ${file}`);
  return valid;
}

/** The Cassandra writes of a first import, without anything in front of them. */
async function cassandraFloor(file: string, real: RealStores): Promise<FloorResult> {
  const now = new Date();
  const profiles = await profilesOf(file, now);
  const inference = await benchInference();
  const batches: { profiles: KolProfile[]; scores: ScoreRecord[] }[] = [];
  for (let i = 0; i < profiles.length; i += params.batch) {
    const part = profiles.slice(i, i + params.batch);
    const scored = await inference.scoreStoredKols(
      part.map((profile) => ({ profile, hourly: [] })),
      now,
    );
    batches.push({ profiles: part, scores: scored.flatMap((s) => s.records) });
  }
  const session = real.data.cassandra;
  const profileStore = new CassandraProfileStore(session);
  const scoreStore = new CassandraScoreStore(session);
  log(
    `cassandra-floor: writing ${profiles.length.toLocaleString('en-US')} profiles and their scores`,
  );
  const cpu = startServiceCpu(['cassandra']);
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: params.concurrency }, async () => {
      while (next < batches.length) {
        const batch = batches[next++]!;
        await scoreStore.put(batch.scores);
        await profileStore.upsertMany(batch.profiles, {
          storedUpdatedAt: new Map(batch.profiles.map((p) => [p.id, null])),
        });
      }
    }),
  );
  const wallMs = performance.now() - started;
  const used = cpu().cassandra;
  return {
    profiles: profiles.length,
    scoreRows: batches.reduce((n, b) => n + b.scores.length, 0),
    wallMs: round(wallMs, 0),
    profilesPerSecond: round((profiles.length / wallMs) * 1000, 0),
    cassandraCpuPerProfileUs: used === undefined ? null : round((used * 1e6) / profiles.length, 1),
  };
}

async function main(): Promise<void> {
  const machine = machineInfo();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-import-'));
  const file = path.join(dir, 'kols.csv');
  const results: SetupResult[] = [];
  let floor: FloorResult | undefined;
  try {
    const { bytes } = await writeKolCsv(file, params.rows, new Date(Date.now() - 60_000));
    log(
      `wrote ${file}: ${params.rows.toLocaleString('en-US')} rows, ${(bytes / 1e6).toFixed(1)} MB`,
    );
    if (params.setups.includes('embedded')) {
      results.push(
        await importTwice('embedded', 'CLI -> gateway -> in-memory stores', file, undefined),
      );
    }
    if (params.setups.includes('real')) {
      const real = await openRealStores('import');
      try {
        results.push(
          await importTwice('real', 'CLI -> gateway -> Cassandra + Redis', file, real.data),
        );
      } finally {
        await real.close();
      }
    }
    if (params.setups.includes('cassandra-floor')) {
      const real = await openRealStores('import-floor');
      try {
        floor = await cassandraFloor(file, real);
      } finally {
        await real.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const table = formatTable(
    `Import through the CLI: ${params.rows.toLocaleString('en-US')} KOLs from CSV, batch ${params.batch.toLocaleString('en-US')}, ${params.concurrency} batch(es) in flight`,
    [
      'setup',
      'run',
      'rows',
      'applied',
      'unchanged',
      'rejected',
      'wall s',
      'rows/s',
      'gateway CPU',
      'CPU µs/row: gateway',
      'Cassandra',
      'Redis',
      'exit',
    ],
    results.flatMap((r) =>
      r.runs.map((run) => [
        r.setup,
        run.run,
        run.rowsSent,
        run.applied,
        run.unchanged,
        run.rejected,
        round(run.wallMs / 1000, 1),
        run.rowsPerSecond,
        `${Math.round(run.gatewayCpuShare * 100)}%`,
        run.cpuPerRowUs.gateway,
        run.cpuPerRowUs.cassandra ?? '-',
        run.cpuPerRowUs.redis ?? '-',
        run.exitCode,
      ]),
    ),
  );
  const split = formatTable(
    'Per upsertKols call, mean ms: CLI request (sent -> answer read), gateway time, its stages (score and profile writes include their ranking refresh); outside = HTTP, JSON, GraphQL parse/coerce and waiting behind the other calls in flight',
    [
      'setup',
      'run',
      'calls',
      'request',
      'gateway',
      'outside upsertKols',
      'validate',
      'read',
      'score',
      'score write',
      'profile write',
    ],
    results.flatMap((r) =>
      r.runs.map((run) => [
        r.setup,
        run.run,
        run.perCall.calls,
        run.perCall.request,
        run.perCall.server,
        round(run.perCall.request - run.perCall.server, 1),
        run.perCall.validate,
        run.perCall.read,
        run.perCall.score,
        run.perCall.scoreWrite,
        run.perCall.profileWrite,
      ]),
    ),
  );
  const floorTable = floor
    ? formatTable(
        `Cassandra floor: the rows a first import stores (profile + trust score rows), written straight through the Cassandra stores, batch ${params.batch.toLocaleString('en-US')}, ${params.concurrency} in flight`,
        ['profiles', 'score rows', 'wall s', 'profiles/s', 'Cassandra CPU µs/profile'],
        [
          [
            floor.profiles,
            floor.scoreRows,
            round(floor.wallMs / 1000, 2),
            floor.profilesPerSecond,
            floor.cassandraCpuPerProfileUs ?? '-',
          ],
        ],
      )
    : undefined;
  const tablesOut = floorTable ? [table, split, floorTable] : [table, split];
  process.stdout.write(`\n${tablesOut.join('\n\n')}\n`);
  const out = writeResult({
    bench: 'import',
    machine,
    parameters: params,
    results: { setups: results, ...(floor ? { cassandraFloor: floor } : {}) },
    tables: tablesOut,
    notes: [
      'The CLI runs in its own process (node --import tsx cli/import.ts), as `npm run import` does from dist/.',
      'First import: validate, score trust with the served model, write scores and profiles, refresh rankings of the new KOLs.',
      'CPU µs/row of Cassandra and Redis is the whole local server process over the run: run it on an otherwise idle machine.',
    ],
  });
  process.stdout.write(`\nwrote ${out}\n`);
}

runBench('import', main);
