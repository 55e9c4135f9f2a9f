/**
 * Scale: `--kols` KOLs (default 1,000,000) in real mode (Cassandra + Redis on this machine), loaded
 * through the import path and queried at a baseline of 10,000 KOLs and again at the full size:
 *   load      profiles through the import CLI (its own process) -> gateway upsertKols -> stores;
 *             then the latest H1 metric bucket of every KOL (and 12 H1 buckets of the first
 *             `--history-kols`) written through the metric store in batches (the stream worker's
 *             write path; events are not replayed)
 *   index     the ranking index rebuilt from Cassandra (time and CQL requests)
 *   queries   dashboard page (top 50 of a category) p50/p99 under load and its store round trips;
 *             scoreKols of 10,000 stored ids; kols(10,000 ids) with profile and scores;
 *             metrics(window: H1, last: 12) for a page of 50 KOLs (time and CQL requests)
 *   memory    gateway process RSS after each stage (the data lives in the stores)
 *
 *   npm run bench -- scale [--kols=1000000] [--baseline=10000] [--batch=2000]
 *     [--import-concurrency=4] [--metric-concurrency=4] [--duration-ms=5000] [--history-kols=1000]
 *     [--reps=3]
 *
 * Each stage prints where its time went (file, import with the gateway's split of it, metric
 * buckets, index, queries) and the load average when it ended. Sizes: 1,000,000 is the target;
 * smaller `--kols` (e.g. 20000, 100000) run the same stages; below the baseline only one stage runs.
 *
 * @bench-services redis cassandra
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { MetricPoint } from '../domain/types';
import type { KolImportService, UpsertTotals } from '../services/kol-import';
import { countWire, type WireCounter } from './support/counters';
import { BENCH_ADMIN_KEY, startBenchGateway } from './support/gateway';
import { runImportCli } from './support/import-cli';
import { kolId, writeKolCsv } from './support/kol-file';
import { runLoad } from './support/load';
import { syntheticH1Bucket } from './support/metric-points';
import { intParam } from './support/params';
import { DASHBOARD_QUERY } from './support/queries';
import { findNodeTool } from './support/capacity-nodetool';
import { openRealStores, type RealStores } from './support/real-stores';
import { startServiceCpu } from './support/service-cpu';
import {
  formatTable,
  log,
  machineInfo,
  round,
  runBench,
  summarize,
  writeResult,
  type LatencySummary,
} from './support/report';

const params = {
  kols: intParam('kols', 1_000_000, 1),
  baseline: intParam('baseline', 10_000, 1),
  batch: intParam('batch', 2_000, 1),
  concurrency: intParam('import-concurrency', 4, 1),
  metricConcurrency: intParam('metric-concurrency', 4, 1),
  durationMs: intParam('duration-ms', 5_000, 100),
  loadClients: intParam('concurrency', 10, 1),
  historyKols: intParam('history-kols', 1_000, 0),
  reps: intParam('reps', 3, 1),
  category: 'beauty',
};

const HOUR = 3_600_000;
/** Big enough that no bench request is cut by the operation policy's defaults. */
const GATEWAY_ENV = {
  COST_BUDGETS: 'viewer:1000000000,analyst:1000000000,admin:1000000000',
  EXECUTION_TIMEOUT_MS: '120000',
  MAX_RESPONSE_BYTES: String(256 * 1024 * 1024),
  BODY_LIMIT_BYTES: String(64 * 1024 * 1024),
};

interface Timed {
  ms: LatencySummary;
  /** CQL requests / Redis round trips of one request (the last repetition). */
  cql: number;
  redisRoundTrips: number;
}

/** Seconds per part of a stage, and the 1-minute load average when the stage ended. */
interface StageTimes {
  file: number;
  import: number;
  metrics: number;
  index: number;
  /** Waiting for the node's compactions to finish before the rebuild and before the queries. */
  settle: number;
  queries: number;
  total: number;
  loadAverage: number[];
}

/** The import's time as the CLI and the gateway saw it (sums over the upsertKols calls). */
interface ImportSplit {
  requests: number;
  batches: number;
  /** CLI: wall time of the calls; gateway: upsertKols time, and its stages (ms, summed). */
  requestMs: number;
  serverMs: number;
  stagesMs: UpsertTotals['ms'];
}

interface StageResult {
  kols: number;
  seconds: StageTimes;
  importSplit: ImportSplit;
  load: {
    rows: number;
    applied: number;
    rejected: number;
    importSeconds: number;
    profilesPerSecond: number;
    /** CPU per imported profile, µs: the local Cassandra and Redis servers (whole processes). */
    cpuPerProfileUs: { cassandra: number | null; redis: number | null };
    metricPoints: number;
    metricSeconds: number;
    metricPointsPerSecond: number;
  };
  index: { seconds: number; cql: number; entries: number; error: string | null };
  dashboard: {
    rows: number;
    totalCount: number;
    cql: number;
    redisRoundTrips: number;
    requestsPerSecond: number;
    latencyMs: LatencySummary;
    errors: number;
    firstError: string | null;
  };
  scoreKols10k: Timed & { ids: number; serverTookMs: number | null };
  kols10k: Timed & { ids: number };
  metricsLast12: Timed & { kols: number; points: number };
  gatewayRssMb: number;
  /** RSS right after the index rebuild (which runs in the gateway process) and the peak so far. */
  gatewayRssAfterRebuildMb: number;
  gatewayPeakRssMb: number;
  /**
   * The JS heap still in use after a full garbage collection, after the rebuild and after the
   * queries (null when the process runs without --expose-gc): what the gateway holds, where RSS
   * also counts the heap V8 grew and has not given back.
   */
  liveHeapAfterRebuildMb: number | null;
  liveHeapMb: number | null;
}

async function post<T>(url: string, query: string, variables: unknown): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': BENCH_ADMIN_KEY },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) {
    throw new Error(`request failed (${response.status}): ${JSON.stringify(body.errors)}`);
  }
  return body.data;
}

/** Runs `fn` `reps` times; wire counts are those of the last run. */
async function timed<T>(
  wire: WireCounter,
  reps: number,
  fn: () => Promise<T>,
): Promise<{ timing: Timed; last: T }> {
  const samples: number[] = [];
  let last: T | undefined;
  for (let i = 0; i < reps; i++) {
    wire.reset();
    const t = performance.now();
    last = await fn();
    samples.push(performance.now() - t);
  }
  const counts = wire.snapshot();
  return {
    timing: { ms: summarize(samples), cql: counts.cql, redisRoundTrips: counts.redisRoundTrips },
    last: last as T,
  };
}

/** The stage's metric buckets, 5,000 points at a time (generated as written, never all at once). */
function* metricChunks(
  from: number,
  to: number,
  now: Date,
  historyKols: number,
): Generator<MetricPoint[]> {
  const hour = Math.floor(now.getTime() / HOUR) * HOUR;
  let chunk: MetricPoint[] = [];
  for (let i = from; i < to; i++) {
    const buckets = i < historyKols ? 12 : 1;
    for (let b = 0; b < buckets; b++) {
      chunk.push(syntheticH1Bucket(kolId(i), i, b, new Date(hour - b * HOUR)));
    }
    if (chunk.length >= 5_000) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** Writes the chunks with `concurrency` writes in flight; the points written. */
async function writeConcurrently(
  real: RealStores,
  chunks: Iterator<MetricPoint[]>,
  concurrency: number,
): Promise<number> {
  let points = 0;
  const worker = async (): Promise<void> => {
    for (let next = chunks.next(); !next.done; next = chunks.next()) {
      await real.data.metrics.write(next.value);
      points += next.value.length;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return points;
}

const seconds = (ms: number) => round(ms / 1000, 1);

const KOLS_10K_QUERY = `query ScaleKols($ids: [ID!]!) {
  kols(ids: $ids) { id handle followers category trust { trustScore } success { successScore } }
}`;
const SCORE_KOLS_QUERY = `mutation ScaleScore($ids: [ID!]!) {
  scoreKols(input: { kolIds: $ids }) { scored failed tookMs }
}`;
const METRICS_12_QUERY = `query ScaleMetrics($ids: [ID!]!) {
  kols(ids: $ids) { id metrics(window: H1, last: 12) { bucketStart views engagementRate } }
}`;

/** Heap in use after a full collection (run-bench starts benchmarks with --expose-gc). */
function liveHeapMb(): number | null {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) return null;
  collect();
  return round(process.memoryUsage().heapUsed / 1024 ** 2, 0);
}

const SETTLE_MAX_MS = 300_000;

/**
 * Waits (at most SETTLE_MAX_MS) until the node has no compaction pending: the load leaves minutes
 * of compaction behind it at 1M KOLs, and latencies measured while it runs on the same two cores
 * are the compaction's, not the steady state's. Returns the ms waited (0 without nodetool).
 */
async function settleCompactions(kols: number): Promise<number> {
  const nodetool = findNodeTool();
  if ('missing' in nodetool) {
    log(`stage ${kols}: not waiting for compactions: ${nodetool.missing}`);
    return 0;
  }
  const started = performance.now();
  for (;;) {
    const pending = await nodetool.pendingCompactions().catch(() => 0);
    const waited = performance.now() - started;
    if (pending === 0 || waited > SETTLE_MAX_MS) {
      log(`stage ${kols}: ${pending} compaction(s) pending after ${seconds(waited)} s of waiting`);
      return waited;
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

async function stage(
  real: RealStores,
  gateway: { url: string; importer: KolImportService },
  wire: WireCounter,
  dir: string,
  from: number,
  to: number,
): Promise<StageResult> {
  const url = gateway.url;
  const stageStarted = performance.now();
  const rows = to - from;
  const file = path.join(dir, `kols-${from}-${to}.csv`);
  const now = new Date();
  await writeKolCsv(file, rows, new Date(now.getTime() - 60_000), { from });
  const fileMs = performance.now() - stageStarted;
  log(
    `stage ${to}: CSV written in ${seconds(fileMs)} s; importing ${rows.toLocaleString('en-US')} profiles through the CLI`,
  );
  const before = gateway.importer.totals();
  const serviceCpu = startServiceCpu(['cassandra', 'redis']);
  const imported = await runImportCli(file, {
    url,
    apiKey: BENCH_ADMIN_KEY,
    batch: params.batch,
    concurrency: params.concurrency,
  });
  const after = gateway.importer.totals();
  const importCpu = serviceCpu();
  rmSync(file, { force: true });
  // Retries and split batches (a store timeout under load) are in the CLI's progress output.
  for (const note of imported.stderrTail.split('\n').filter((l) => l.includes('gateway:'))) {
    log(`stage ${to}: CLI: ${note.trim()}`);
  }
  const summary = imported.summary;
  if (summary.stopped) throw new Error(`import stopped: ${summary.stopped.message}`);
  const spent = (stage: keyof UpsertTotals['ms']) => round(after.ms[stage] - before.ms[stage], 0);
  const stagesMs: UpsertTotals['ms'] = {
    validate: spent('validate'),
    read: spent('read'),
    score: spent('score'),
    scoreWrite: spent('scoreWrite'),
    profileWrite: spent('profileWrite'),
    total: spent('total'),
  };
  const importSplit: ImportSplit = {
    requests: summary.requests.count,
    batches: after.batches - before.batches,
    requestMs: summary.requests.ms,
    serverMs: stagesMs.total,
    stagesMs,
  };
  log(
    `stage ${to}: imported in ${seconds(imported.wallMs)} s (${Math.round((summary.rowsSent / imported.wallMs) * 1000)} profiles/s); gateway ms per stage ${JSON.stringify(stagesMs)}; writing metric buckets`,
  );

  const metricsStarted = performance.now();
  const points = await writeConcurrently(
    real,
    metricChunks(from, to, now, params.historyKols),
    params.metricConcurrency,
  );
  const metricMs = performance.now() - metricsStarted;
  log(`stage ${to}: ${points.toLocaleString('en-US')} metric buckets in ${seconds(metricMs)} s`);

  // Both the rebuild and the queries are timed on a node that is done compacting the load: the
  // rebuild's real use is after Redis lost the index, on a cluster in its steady state.
  const settleBeforeIndexMs = await settleCompactions(to);
  log(`stage ${to}: rebuilding the ranking index`);
  wire.reset();
  const indexStarted = performance.now();
  // A failed rebuild is reported; the index the writes kept up to date still serves the queries.
  const built = await real.data.rankings.rebuild().catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    log(`stage ${to}: index rebuild failed: ${message}`);
    return { kols: Number.NaN, ms: Number.NaN, error: message };
  });
  const indexMs = performance.now() - indexStarted;
  const indexCql = wire.snapshot().cql;
  log(`stage ${to}: index rebuilt in ${seconds(indexMs)} s`);
  const rssAfterRebuild = process.memoryUsage().rss;
  const liveHeapAfterRebuild = liveHeapMb();
  const settleMs = await settleCompactions(to);
  const queriesStarted = performance.now();

  const variables = { category: params.category, first: 50, minTrust: null };
  await post(url, DASHBOARD_QUERY, variables);
  wire.reset();
  const page = await post<{ ranking: { totalCount: number; edges: unknown[] } }>(
    url,
    DASHBOARD_QUERY,
    variables,
  );
  const dashboardWire = wire.snapshot();
  log(`stage ${to}: dashboard load, ${params.loadClients} clients, ${params.durationMs} ms`);
  const load = await runLoad({
    url,
    body: JSON.stringify({ query: DASHBOARD_QUERY, variables }),
    concurrency: params.loadClients,
    warmupRequests: 50,
    warmupMaxMs: 60_000,
    durationMs: params.durationMs,
    maxRequests: 1_000_000,
  });

  const ids = Array.from({ length: Math.min(10_000, to) }, (_, i) => kolId(i));
  log(`stage ${to}: scoreKols / kols / metrics(last: 12)`);
  const scored = await timed(wire, params.reps, () =>
    post<{ scoreKols: { scored: number; failed: number; tookMs: number } }>(url, SCORE_KOLS_QUERY, {
      ids,
    }),
  );
  const kols = await timed(wire, params.reps, () => post(url, KOLS_10K_QUERY, { ids }));
  const pageIds = ids.slice(0, 50);
  const metrics = await timed(wire, params.reps, () =>
    post<{ kols: { metrics: unknown[] }[] }>(url, METRICS_12_QUERY, { ids: pageIds }),
  );

  const queriesMs = performance.now() - queriesStarted;
  const totalMs = performance.now() - stageStarted;
  const loadAverage = os.loadavg().map((v) => round(v, 2));
  log(`stage ${to}: done in ${seconds(totalMs)} s, load average ${loadAverage.join(' / ')}`);
  return {
    kols: to,
    seconds: {
      file: seconds(fileMs),
      import: seconds(imported.wallMs),
      metrics: seconds(metricMs),
      index: seconds(indexMs),
      settle: seconds(settleBeforeIndexMs + settleMs),
      queries: seconds(queriesMs),
      total: seconds(totalMs),
      loadAverage,
    },
    importSplit,
    load: {
      rows: summary.rowsSent,
      applied: summary.applied,
      rejected: summary.rejectedRows,
      importSeconds: round(imported.wallMs / 1000, 1),
      profilesPerSecond: round((summary.rowsSent / imported.wallMs) * 1000, 0),
      cpuPerProfileUs: {
        cassandra:
          importCpu.cassandra === undefined
            ? null
            : round((importCpu.cassandra * 1e6) / summary.rowsSent, 0),
        redis:
          importCpu.redis === undefined
            ? null
            : round((importCpu.redis * 1e6) / summary.rowsSent, 0),
      },
      metricPoints: points,
      metricSeconds: round(metricMs / 1000, 1),
      metricPointsPerSecond: round((points / metricMs) * 1000, 0),
    },
    index: {
      seconds: round(indexMs / 1000, 2),
      cql: indexCql,
      entries: built.kols,
      error: 'error' in built ? built.error : null,
    },
    dashboard: {
      rows: page.ranking.edges.length,
      totalCount: page.ranking.totalCount,
      cql: dashboardWire.cql,
      redisRoundTrips: dashboardWire.redisRoundTrips,
      requestsPerSecond: round((load.latenciesMs.length / load.elapsedMs) * 1000, 1),
      latencyMs: summarize(load.latenciesMs),
      errors: load.errors,
      firstError: load.firstError,
    },
    scoreKols10k: {
      ...scored.timing,
      ids: ids.length,
      serverTookMs: round(scored.last.scoreKols.tookMs, 1),
    },
    kols10k: { ...kols.timing, ids: ids.length },
    metricsLast12: {
      ...metrics.timing,
      kols: pageIds.length,
      points: metrics.last.kols.reduce((n, k) => n + k.metrics.length, 0),
    },
    gatewayRssMb: round(process.memoryUsage().rss / 1024 ** 2, 0),
    gatewayRssAfterRebuildMb: round(rssAfterRebuild / 1024 ** 2, 0),
    // maxRSS is in kilobytes.
    gatewayPeakRssMb: round(process.resourceUsage().maxRSS / 1024, 0),
    liveHeapAfterRebuildMb: liveHeapAfterRebuild,
    liveHeapMb: liveHeapMb(),
  };
}

function tables(stages: StageResult[]): string[] {
  const sizes = stages.map((s) => s.kols.toLocaleString('en-US'));
  const rows: [string, ...(string | number | null)[]][] = [
    ['profiles loaded through the import CLI, /s', ...stages.map((s) => s.load.profilesPerSecond)],
    [
      'import CPU per profile, µs: Cassandra / Redis',
      ...stages.map(
        (s) =>
          `${s.load.cpuPerProfileUs.cassandra ?? '-'} / ${s.load.cpuPerProfileUs.redis ?? '-'}`,
      ),
    ],
    ['metric buckets written, /s', ...stages.map((s) => s.load.metricPointsPerSecond)],
    ['ranking index rebuild, s', ...stages.map((s) => s.index.seconds)],
    ['ranking index rebuild, CQL requests', ...stages.map((s) => s.index.cql)],
    [
      `dashboard (${params.category}, top 50) totalCount`,
      ...stages.map((s) => s.dashboard.totalCount),
    ],
    ['dashboard req/s', ...stages.map((s) => s.dashboard.requestsPerSecond)],
    ['dashboard p50 ms', ...stages.map((s) => s.dashboard.latencyMs.p50)],
    ['dashboard p99 ms', ...stages.map((s) => s.dashboard.latencyMs.p99)],
    [
      'dashboard CQL / Redis round trips',
      ...stages.map((s) => `${s.dashboard.cql} / ${s.dashboard.redisRoundTrips}`),
    ],
    ['ids per scoreKols / kols call (10,000 or all)', ...stages.map((s) => s.kols10k.ids)],
    ['scoreKols(ids) median ms', ...stages.map((s) => s.scoreKols10k.ms.p50)],
    ['scoreKols server tookMs', ...stages.map((s) => s.scoreKols10k.serverTookMs)],
    ['kols(ids) with profile + scores, median ms', ...stages.map((s) => s.kols10k.ms.p50)],
    [
      'kols(ids) CQL / Redis round trips',
      ...stages.map((s) => `${s.kols10k.cql} / ${s.kols10k.redisRoundTrips}`),
    ],
    ['metrics(last: 12) x 50 KOLs median ms', ...stages.map((s) => s.metricsLast12.ms.p50)],
    ['metrics(last: 12) x 50 KOLs CQL requests', ...stages.map((s) => s.metricsLast12.cql)],
    ['gateway RSS MB after the queries', ...stages.map((s) => s.gatewayRssMb)],
    ['gateway RSS MB after the index rebuild', ...stages.map((s) => s.gatewayRssAfterRebuildMb)],
    ['gateway peak RSS MB so far', ...stages.map((s) => s.gatewayPeakRssMb)],
    [
      'gateway live JS heap MB after GC: after rebuild / after queries',
      ...stages.map((s) => `${s.liveHeapAfterRebuildMb ?? '-'} / ${s.liveHeapMb ?? '-'}`),
    ],
  ];
  const main = formatTable(
    `Scale, real mode (Cassandra + Redis), KOLs: ${sizes.join(' -> ')}`,
    ['measure', ...sizes.map((s) => `${s} KOLs`)],
    rows,
  );
  const perBatch = (s: StageResult, ms: number) =>
    s.importSplit.batches > 0 ? round(ms / s.importSplit.batches, 1) : null;
  const times = formatTable(
    'Where the time went, s (import: CLI process -> gateway -> stores; load average when the stage ended)',
    ['part', ...sizes.map((s) => `${s} KOLs`)],
    [
      ['CSV file written', ...stages.map((s) => s.seconds.file)],
      ['import through the CLI', ...stages.map((s) => s.seconds.import)],
      ['metric buckets', ...stages.map((s) => s.seconds.metrics)],
      ['ranking index rebuild', ...stages.map((s) => s.seconds.index)],
      [
        'waiting for Cassandra compactions (before rebuild, queries)',
        ...stages.map((s) => s.seconds.settle),
      ],
      [
        'queries (dashboard load, scoreKols, kols, metrics)',
        ...stages.map((s) => s.seconds.queries),
      ],
      ['stage total', ...stages.map((s) => s.seconds.total)],
      ['load average (1 min) at the end', ...stages.map((s) => s.seconds.loadAverage[0] ?? null)],
    ],
  );
  const split = formatTable(
    `Import, ms per ${params.batch.toLocaleString('en-US')}-row upsertKols call (means over the calls; ${params.concurrency} in flight)`,
    ['part', ...sizes.map((s) => `${s} KOLs`)],
    [
      ['calls (batches)', ...stages.map((s) => s.importSplit.batches)],
      [
        'CLI: request sent -> answer read',
        ...stages.map((s) => perBatch(s, s.importSplit.requestMs)),
      ],
      ['gateway: upsertKols', ...stages.map((s) => perBatch(s, s.importSplit.serverMs))],
      [
        '  outside upsertKols: HTTP, JSON, GraphQL, queueing',
        ...stages.map((s) => perBatch(s, s.importSplit.requestMs - s.importSplit.serverMs)),
      ],
      ['  validateKolInputs', ...stages.map((s) => perBatch(s, s.importSplit.stagesMs.validate))],
      ['  stored profiles read', ...stages.map((s) => perBatch(s, s.importSplit.stagesMs.read))],
      [
        '  scoring (history + models)',
        ...stages.map((s) => perBatch(s, s.importSplit.stagesMs.score)),
      ],
      [
        '  score writes (+ ranking refresh)',
        ...stages.map((s) => perBatch(s, s.importSplit.stagesMs.scoreWrite)),
      ],
      [
        '  profile writes (+ ranking refresh)',
        ...stages.map((s) => perBatch(s, s.importSplit.stagesMs.profileWrite)),
      ],
    ],
  );
  const last = stages[stages.length - 1]!;
  const first = stages[0]!;
  const ratio =
    stages.length > 1
      ? formatTable(
          `p99 at ${last.kols.toLocaleString('en-US')} vs ${first.kols.toLocaleString('en-US')} (target <= 1.5)`,
          ['query', 'ratio'],
          [
            [
              'dashboard p99',
              round(last.dashboard.latencyMs.p99 / first.dashboard.latencyMs.p99, 2),
            ],
          ],
        )
      : null;
  return ratio ? [main, times, split, ratio] : [main, times, split];
}

async function main(): Promise<void> {
  const machine = machineInfo();
  const sizes = params.kols > params.baseline ? [params.baseline, params.kols] : [params.kols];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-scale-'));
  const real = await openRealStores('scale');
  const stages: StageResult[] = [];
  let failure: string | null = null;
  try {
    const gateway = await startBenchGateway({ data: real.data, env: GATEWAY_ENV });
    const wire = countWire({ cassandra: real.data.cassandra.client, redis: real.data.redis });
    try {
      let loaded = 0;
      for (const size of sizes) {
        try {
          stages.push(
            await stage(
              real,
              { url: gateway.url, importer: gateway.services.kolImport },
              wire,
              dir,
              loaded,
              size,
            ),
          );
        } catch (error) {
          // The stages measured so far are still written.
          failure = `stage ${size}: ${error instanceof Error ? error.message : String(error)}`;
          log(failure);
          break;
        }
        loaded = size;
      }
    } finally {
      wire.restore();
      await gateway.stop();
    }
  } finally {
    await real.close();
    rmSync(dir, { recursive: true, force: true });
  }
  if (stages.length === 0) throw new Error(failure ?? 'no stage ran');
  const printed = tables(stages);
  for (const table of printed) process.stdout.write(`\n${table}\n`);
  const notes = stages
    .filter((s) => s.dashboard.errors > 0)
    .map(
      (s) =>
        `${s.kols}: ${s.dashboard.errors} failed dashboard requests: ${s.dashboard.firstError}`,
    );
  const file = writeResult({
    bench: 'scale',
    machine,
    parameters: params,
    results: { stages },
    tables: printed,
    notes: [
      'Profiles go through the import CLI and upsertKols (validation, trust scoring, score and profile writes, ranking refresh).',
      'Metric buckets are written through the metric store directly (latest H1 bucket of every KOL, 12 H1 buckets of the first history-kols).',
      ...stages.flatMap((s) =>
        s.index.error ? [`${s.kols}: index rebuild failed: ${s.index.error}`] : [],
      ),
      ...notes,
      ...(failure ? [failure] : []),
    ],
  });
  process.stdout.write(`\nwrote ${file}\n`);
  if (failure) throw new Error(failure);
}

runBench('scale', main, 4 * 60 * 60_000);
