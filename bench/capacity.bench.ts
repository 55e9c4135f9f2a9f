/**
 * Capacity: measured per-KOL figures of the real stores, and what 1M / 10M / 100M KOLs need.
 *
 *   catalogue  `--kols` KOLs (profile, one score per model, the current bucket of each window)
 *              written through the real DataSources (Cassandra + Redis, this run's keyspace and
 *              key prefix), then read through them once (fills the read-through cache and the
 *              latest metrics): Redis memory per KOL at each `--redis-at` count (INFO used_memory
 *              delta and MEMORY USAGE of the run's keys by kind), Cassandra bytes per KOL of
 *              profiles, and the write rates
 *   a day      `--day-kols` KOLs in a second keyspace get one day of what the stream worker writes
 *              for an active KOL: every bucket of every window (M5 288, M15 96, H1 24, H24 1),
 *              `--score-rounds` scoring rounds of the four models (the committed models, so the
 *              reasons are real), and `--alerts` alerts (a sample, to measure bytes per alert)
 *   on disk    `nodetool flush` + `compact` + `tablestats` per keyspace: SSTable bytes after
 *              compression per table, divided by the KOLs / rows written
 * Then the per-KOL table and the sizing for 1M / 10M / 100M KOLs under the assumptions below (all
 * flags), with Kafka figures from bench/results/worker.json (and ingest.json when present).
 *
 *   npm run bench -- capacity [--kols=100000] [--redis-at=10000,100000] [--day-kols=1000]
 *     [--score-rounds=24] [--alerts=20000] [--active-share=0.1] [--events-per-active-day=600]
 *     [--alerts-per-active-day=1] [--hot-share=0.1] [--peak-factor=2] [--replication=3]
 *     [--node-data-gb=1000] [--redis-node-gb=25] [--api-rps=100,500,2000]
 *   METRICS_TTL_DAYS / SCORES_TTL_DAYS / ALERTS_TTL_DAYS set the retention the sizing assumes.
 *
 * @bench-services redis cassandra
 */
import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../config';
import { isBackendUnavailable } from '../datasources/shared/errors';
import { bucketPoint, DEMO_CURRENCY, generateDemoKols, type DemoKol } from '../demo/dataset';
import { seededRandom } from '../demo/random';
import {
  ALERT_TYPES,
  METRIC_WINDOWS,
  SCORE_MODELS,
  SEVERITIES,
  WINDOW_MS,
  type Alert,
  type AlertType,
  type KolProfile,
  type MetricPoint,
  type MetricWindow,
  type ScoreRecord,
} from '../domain/types';
import { alertId } from '../streaming/rules/ids';
import { findNodeTool, type NodeTool, type TableDisk } from './support/capacity-nodetool';
import {
  prefixMemory,
  REDIS_CLASS_LABEL,
  REDIS_KEY_CLASSES,
  usedMemory,
  type PrefixMemory,
} from './support/capacity-redis';
import { benchInference } from './support/models';
import { intParam, stringParam } from './support/params';
import { openRealStores, type RealStores } from './support/real-stores';
import {
  formatTable,
  log,
  machineInfo,
  RESULTS_DIR,
  round,
  runBench,
  sleep,
  writeResult,
  type Cell,
} from './support/report';

function numberParam(name: string, fallback: number, min: number, max: number): number {
  const value = Number(stringParam(name, String(fallback)));
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new Error(`--${name} must be a number in [${min}, ${max}]`);
  }
  return value;
}

const params = {
  kols: intParam('kols', 100_000, 1),
  redisAt: stringParam('redis-at', '10000,100000')
    .split(',')
    .map((v) => Number(v.trim()))
    .filter((v) => Number.isInteger(v) && v > 0),
  dayKols: intParam('day-kols', 1_000, 1),
  scoreRounds: intParam('score-rounds', 24, 1),
  alerts: intParam('alerts', 20_000, 1),
  chunk: intParam('chunk', 5_000, 100),
  // Assumptions of the sizing (see docs/capacity.md).
  activeShare: numberParam('active-share', 0.1, 0, 1),
  eventsPerActiveDay: intParam('events-per-active-day', 600, 0),
  alertsPerActiveDay: numberParam('alerts-per-active-day', 1, 0, 1000),
  hotShare: numberParam('hot-share', 0.1, 0, 1),
  peakFactor: numberParam('peak-factor', 2, 1, 100),
  replication: intParam('replication', 3, 1),
  nodeDataGb: intParam('node-data-gb', 1_000, 1),
  redisNodeGb: intParam('redis-node-gb', 25, 1),
  /** Peak API requests/s at 1M, 10M and 100M KOLs (traffic follows users, not KOLs). */
  apiRps: stringParam('api-rps', '100,500,2000')
    .split(',')
    .map((v) => Number(v.trim())),
};

const DAY = WINDOW_MS.H24;
const COUNTRIES = ['US', 'GB', 'DE', 'FR', 'BR', 'ID', 'JP', 'VN'];
const LANGUAGES = ['en', 'en', 'de', 'fr', 'pt-br', 'id', 'ja', 'vi'];
/** Buckets of one day per window: what an active KOL (events in every 5 minutes) writes. */
const BUCKETS_PER_DAY: Record<MetricWindow, number> = {
  M5: DAY / WINDOW_MS.M5,
  M15: DAY / WINDOW_MS.M15,
  H1: DAY / WINDOW_MS.H1,
  H24: 1,
};
/**
 * What a tracked-only KOL (no event stream, one profile snapshot a day) writes per day: the
 * snapshot's bucket in each window, and trust + anomaly re-scored on the count change, success and
 * forecast by the stale sweep once per SCORE_MAX_AGE_SECONDS (1 day).
 */
const IDLE_METRIC_ROWS_PER_DAY = METRIC_WINDOWS.length;
const IDLE_SCORE_ROWS_PER_DAY = 4;

// ---------------------------------------------------------------------------------------------
// Data: demo KOLs with the optional fields users' own KOLs carry (7 ranking segments per KOL).

function capacityKols(count: number, now: Date, seed: number): DemoKol[] {
  return generateDemoKols(count, now, seed).map((kol, i) => ({
    ...kol,
    profile: {
      ...kol.profile,
      hasBio: kol.profile.bioLength > 0,
      pricePerPost: kol.price,
      currency: DEMO_CURRENCY,
      country: COUNTRIES[i % COUNTRIES.length],
      language: LANGUAGES[(i * 3) % LANGUAGES.length],
    } satisfies KolProfile,
  }));
}

/** The KOL's `count` newest buckets of `window` ending at `now` (oldest first). */
function buckets(
  kol: DemoKol,
  window: MetricWindow,
  now: Date,
  count: number,
  random: () => number,
): MetricPoint[] {
  const width = WINDOW_MS[window];
  const current = Math.floor(now.getTime() / width) * width;
  const points: MetricPoint[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const start = new Date(current - i * width);
    points.push(bucketPoint(kol, window, start, (kol.hourlyViews * width) / WINDOW_MS.H1, random));
  }
  return points;
}

const ALERT_MESSAGES: Record<AlertType, (value: number) => string> = {
  FOLLOWER_SPIKE: (v) =>
    `Follower gain ${v.toFixed(1)}x the 5-minute baseline (1,204 → 1,893 over 5 min); a bought ` +
    'audience or a viral post can cause this.',
  FOLLOWER_GROWTH: (v) =>
    `Followers grew +${v.toFixed(2)}% within 1 h (52,310 → 56,018 over 41 min); campaigns, ` +
    'giveaways or a viral post can cause this.',
  NEGATIVE_SENTIMENT_TREND: () =>
    'Negative comment share rose 3 hours in a row: 12.0% → 18.5% → 27.3% (214 classified ' +
    'comments in the latest hour).',
  FORECAST_DROP: (v) =>
    `Forecast orders for the next 24 h fell ${v.toFixed(1)}% below the last 24 h (model ` +
    'forecast v3).',
  FEATURE_DRIFT: (v) =>
    `Feature engagement_rate drifted from its reference (PSI ${v.toFixed(3)} over the last 24 h).`,
};

function sampleAlerts(kols: readonly DemoKol[], count: number, now: Date): Alert[] {
  const random = seededRandom(99);
  const start = now.getTime() - DAY;
  const alerts: Alert[] = [];
  for (let i = 0; i < count; i++) {
    const kol = kols[i % kols.length]!;
    const type = ALERT_TYPES[i % ALERT_TYPES.length]!;
    const at = start + Math.floor(random() * DAY);
    const value = round(1 + random() * 30, 2);
    alerts.push({
      id: alertId(kol.profile.id, type, Math.floor(at / WINDOW_MS.M5) * WINDOW_MS.M5 + i),
      kolId: kol.profile.id,
      type,
      severity: SEVERITIES[1 + (i % 2)]!,
      value,
      threshold: 5,
      window: type === 'NEGATIVE_SENTIMENT_TREND' ? '3h' : 'H1',
      message: ALERT_MESSAGES[type](value),
      createdAt: new Date(at),
    });
  }
  return alerts;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const RETRIES = 5;

/**
 * Runs a store call, retrying it when the node does not answer: the node is shared with other
 * runs and times out under their load, and every store call here is idempotent.
 */
async function retrying<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!isBackendUnavailable(error) || attempt > RETRIES) throw error;
      log(
        `store call timed out (${String(error)}); retry ${attempt} of ${RETRIES} in ${attempt * 2} s`,
      );
      await sleep(attempt * 2_000);
    }
  }
}

/** Wall time of the write `fn` in seconds, retries included. */
async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await retrying(fn);
  return (performance.now() - t0) / 1000;
}

class Rate {
  rows = 0;
  seconds = 0;
  add(rows: number, seconds: number): void {
    this.rows += rows;
    this.seconds += seconds;
  }
  get perSecond(): number {
    return this.seconds > 0 ? Math.round(this.rows / this.seconds) : 0;
  }
}

// ---------------------------------------------------------------------------------------------
// Catalogue: profiles, latest scores and metrics of `--kols` KOLs; Redis per KOL.

interface RedisPoint {
  kols: number;
  /** used_memory minus its value before the run's first write. */
  infoDeltaAfterWrites: number;
  infoDeltaAfterReads: number;
  afterWrites: PrefixMemory;
  afterReads: PrefixMemory;
}

interface CatalogueResult {
  kols: number;
  seconds: number;
  rates: { profiles: number; scoreRows: number; metricRows: number };
  redis: RedisPoint[];
}

async function readThrough(stores: RealStores, ids: readonly string[]): Promise<void> {
  const { data } = stores;
  for (const part of chunks(ids, params.chunk)) {
    await retrying(() => data.profiles.getMany(part));
    for (const model of SCORE_MODELS) await retrying(() => data.scores.latest(model, part));
    await retrying(() =>
      data.metrics.latest(
        part.flatMap((kolId) => METRIC_WINDOWS.map((window) => ({ kolId, window }))),
      ),
    );
  }
}

async function catalogue(stores: RealStores, now: Date): Promise<CatalogueResult> {
  const { data, redisPrefix } = stores;
  const { redis } = data;
  const inference = await benchInference();
  const kols = capacityKols(params.kols, now, 20261202);
  const checkpoints = [...new Set([...params.redisAt.filter((n) => n < kols.length), kols.length])];
  const baseline = await usedMemory(redis);
  const profiles = new Rate();
  const scores = new Rate();
  const metrics = new Rate();
  const points: RedisPoint[] = [];
  let written = 0;
  const t0 = performance.now();
  const random = seededRandom(7);
  for (const checkpoint of checkpoints) {
    while (written < checkpoint) {
      const part = kols.slice(written, Math.min(checkpoint, written + params.chunk));
      const s = await timed(() => data.profiles.upsertMany(part.map((k) => k.profile)));
      profiles.add(part.length, s);
      const hourly = part.map((k) => buckets(k, 'H1', now, 25, random).slice(0, 24));
      const scored = await inference.scoreStoredKols(
        part.map((k, i) => ({ profile: k.profile, hourly: hourly[i]! })),
        now,
      );
      const records = scored.flatMap((r) => r.records);
      scores.add(records.length, await timed(() => data.scores.put(records)));
      const latest = part.flatMap((k) =>
        METRIC_WINDOWS.map((w) => buckets(k, w, now, 1, random)[0]!),
      );
      metrics.add(latest.length, await timed(() => data.metrics.write(latest)));
      written += part.length;
    }
    const infoAfterWrites = await usedMemory(redis);
    const afterWrites = await prefixMemory(redis, redisPrefix);
    log(`catalogue: ${written} KOLs written; reading them through the stores`);
    await readThrough(
      stores,
      kols.slice(0, written).map((k) => k.profile.id),
    );
    const infoAfterReads = await usedMemory(redis);
    const afterReads = await prefixMemory(redis, redisPrefix);
    points.push({
      kols: written,
      infoDeltaAfterWrites: infoAfterWrites - baseline,
      infoDeltaAfterReads: infoAfterReads - baseline,
      afterWrites,
      afterReads,
    });
    log(
      `catalogue: ${written} KOLs, redis ${Math.round(afterReads.totalBytes / written)} B/KOL ` +
        `(index ${Math.round(afterReads.bytes.index / written)} B/KOL)`,
    );
  }
  return {
    kols: written,
    seconds: round((performance.now() - t0) / 1000, 1),
    rates: {
      profiles: profiles.perSecond,
      scoreRows: scores.perSecond,
      metricRows: metrics.perSecond,
    },
    redis: points,
  };
}

// ---------------------------------------------------------------------------------------------
// A day of an active KOL: every bucket, scoring rounds, alerts.

interface DayResult {
  kols: number;
  metricRows: Record<MetricWindow, number>;
  scoreRows: Record<string, number>;
  alerts: number;
  rates: {
    metricRows: number;
    scoreRows: number;
    alerts: number;
    alertRows: number;
    /** All rows of the day (metrics, scores, three per alert) over their write time. */
    allRows: number;
  };
  redis: PrefixMemory;
}

async function day(stores: RealStores, now: Date): Promise<DayResult> {
  const { data } = stores;
  const inference = await benchInference();
  const kols = capacityKols(params.dayKols, now, 20261203);
  for (const part of chunks(kols, params.chunk)) {
    await retrying(() => data.profiles.upsertMany(part.map((k) => k.profile)));
  }
  const random = seededRandom(11);
  const metricRows = { M5: 0, M15: 0, H1: 0, H24: 0 } as Record<MetricWindow, number>;
  const metrics = new Rate();
  const hourly = new Map<string, MetricPoint[]>();
  for (const part of chunks(kols, 200)) {
    const points: MetricPoint[] = [];
    for (const kol of part) {
      for (const window of METRIC_WINDOWS) {
        const list = buckets(kol, window, now, BUCKETS_PER_DAY[window], random);
        metricRows[window] += list.length;
        points.push(...list);
        if (window === 'H1') hourly.set(kol.profile.id, list);
      }
    }
    metrics.add(points.length, await timed(() => data.metrics.write(points)));
  }
  log(`day: ${metrics.rows} metric rows at ${metrics.perSecond}/s`);

  const scoreRows: Record<string, number> = {};
  const scores = new Rate();
  const start = now.getTime() - DAY;
  for (let r = 0; r < params.scoreRounds; r++) {
    const at = new Date(start + ((r + 1) * DAY) / params.scoreRounds);
    const records: ScoreRecord[] = [];
    for (const part of chunks(kols, params.chunk)) {
      const scored = await inference.scoreStoredKols(
        part.map((k) => ({
          profile: k.profile,
          hourly: (hourly.get(k.profile.id) ?? []).filter((p) => p.bucketStart < at),
        })),
        at,
      );
      records.push(...scored.flatMap((r) => r.records));
    }
    for (const record of records) scoreRows[record.model] = (scoreRows[record.model] ?? 0) + 1;
    for (const part of chunks(records, params.chunk)) {
      scores.add(part.length, await timed(() => data.scores.put(part)));
    }
  }
  log(`day: ${scores.rows} score rows at ${scores.perSecond}/s`);

  const alerts = sampleAlerts(kols, params.alerts, now);
  const alertRate = new Rate();
  for (const part of chunks(alerts, 1_000)) {
    alertRate.add(part.length, await timed(() => data.alerts.putMany(part)));
  }
  log(`day: ${alerts.length} alerts at ${alertRate.perSecond}/s`);
  return {
    kols: kols.length,
    metricRows,
    scoreRows,
    alerts: alerts.length,
    rates: {
      metricRows: metrics.perSecond,
      scoreRows: scores.perSecond,
      alerts: alertRate.perSecond,
      // alerts, alerts_by_day, alerts_by_id per alert (the day list is one row a day).
      alertRows: alertRate.perSecond * 3,
      allRows: Math.round(
        (metrics.rows + scores.rows + alertRate.rows * 3) /
          (metrics.seconds + scores.seconds + alertRate.seconds),
      ),
    },
    redis: await prefixMemory(stores.data.redis, stores.redisPrefix),
  };
}

// ---------------------------------------------------------------------------------------------
// Disk, per-KOL figures and sizing.

async function disk(tool: NodeTool, keyspace: string): Promise<Map<string, TableDisk>> {
  await tool.flush(keyspace);
  await tool.compact(keyspace);
  return tool.tableStats(keyspace);
}

interface PerKolRow {
  table: string;
  what: string;
  /** Rows per KOL: once (profiles) or per day of an active KOL. */
  rowsPerKol: number;
  perDay: boolean;
  bytesPerRow: number;
  bytesPerKol: number;
  compression: number | null;
  /** Rows per day of a tracked-only KOL (per-day tables). */
  idleRowsPerDay: number;
  ttlDays: number;
}

interface Retention {
  metricsSeconds: number;
  scoresSeconds: number;
  alertsSeconds: number;
}

function perKolRows(
  cat: CatalogueResult,
  dayResult: DayResult,
  catDisk: Map<string, TableDisk>,
  dayDisk: Map<string, TableDisk>,
  retention: Retention,
): PerKolRow[] {
  const bytes = (m: Map<string, TableDisk>, t: string) => m.get(t)?.spaceUsedLive ?? 0;
  const ratio = (m: Map<string, TableDisk>, t: string) => m.get(t)?.compressionRatio ?? null;
  const days = (seconds: number) => seconds / 86_400;
  const rows: PerKolRow[] = [];
  const once = (table: string, what: string, rowCount: number) => {
    const b = bytes(catDisk, table);
    rows.push({
      table,
      what,
      rowsPerKol: rowCount / cat.kols,
      perDay: false,
      bytesPerRow: rowCount > 0 ? b / rowCount : 0,
      bytesPerKol: b / cat.kols,
      compression: ratio(catDisk, table),
      idleRowsPerDay: 0,
      ttlDays: 0,
    });
  };
  once('profiles', 'one row per KOL', cat.kols);

  const metricTotal = METRIC_WINDOWS.reduce((n, w) => n + dayResult.metricRows[w], 0);
  const metricBytesPerRow = metricTotal > 0 ? bytes(dayDisk, 'metrics') / metricTotal : 0;
  for (const window of METRIC_WINDOWS) {
    const perKol = dayResult.metricRows[window] / dayResult.kols;
    rows.push({
      table: 'metrics',
      what: `${window} buckets`,
      rowsPerKol: perKol,
      perDay: true,
      bytesPerRow: metricBytesPerRow,
      bytesPerKol: perKol * metricBytesPerRow,
      compression: ratio(dayDisk, 'metrics'),
      idleRowsPerDay: 1,
      ttlDays: days(retention.metricsSeconds),
    });
  }
  const scoreTotal = Object.values(dayResult.scoreRows).reduce((n, v) => n + v, 0);
  rows.push({
    table: 'scores',
    what: `${params.scoreRounds} rounds x ${Object.keys(dayResult.scoreRows).length} models`,
    rowsPerKol: scoreTotal / dayResult.kols,
    perDay: true,
    bytesPerRow: scoreTotal > 0 ? bytes(dayDisk, 'scores') / scoreTotal : 0,
    bytesPerKol: bytes(dayDisk, 'scores') / dayResult.kols,
    compression: ratio(dayDisk, 'scores'),
    idleRowsPerDay: IDLE_SCORE_ROWS_PER_DAY,
    ttlDays: days(retention.scoresSeconds),
  });
  for (const table of ['alerts', 'alerts_by_day', 'alerts_by_id']) {
    const perAlert = bytes(dayDisk, table) / dayResult.alerts;
    rows.push({
      table,
      what: `${params.alertsPerActiveDay} alert(s) a day (assumed)`,
      rowsPerKol: params.alertsPerActiveDay,
      perDay: true,
      bytesPerRow: perAlert,
      bytesPerKol: perAlert * params.alertsPerActiveDay,
      compression: ratio(dayDisk, table),
      idleRowsPerDay: 0,
      ttlDays: days(retention.alertsSeconds),
    });
  }
  return rows;
}

interface WorkerFigures {
  source: string;
  eventsPerSecond: number;
  eventsPerCpuSecond: number;
  loadAverage: number[] | null;
}

/** The stream worker's events/s with Redis state and scoring on, from the worker bench. */
function workerFigures(): WorkerFigures | null {
  const file = path.join(RESULTS_DIR, 'worker.json');
  if (!existsSync(file)) return null;
  const json = JSON.parse(readFileSync(file, 'utf8')) as {
    machine?: { date?: string; gitCommit?: string; loadAverageAtStart?: number[] };
    results?: { variant: string; eventsPerSecond: number; eventsPerCpuSecond: number }[];
  };
  const rows = json.results ?? [];
  const row =
    rows.find((r) => r.variant.includes('redis') && r.variant.includes('scoring')) ??
    rows.find((r) => r.variant.includes('redis')) ??
    rows.find((r) => r.variant.startsWith('kafka'));
  if (!row) return null;
  return {
    source: `bench/results/worker.json (${row.variant}; ${json.machine?.date ?? '?'}, commit ${json.machine?.gitCommit ?? '?'})`,
    eventsPerSecond: row.eventsPerSecond,
    eventsPerCpuSecond: row.eventsPerCpuSecond,
    loadAverage: json.machine?.loadAverageAtStart ?? null,
  };
}

/** Dashboard requests/s of one gateway replica on the real stores, from the dashboard bench. */
function gatewayFigures(): { rps: number; source: string } | null {
  const file = path.join(RESULTS_DIR, 'dashboard.json');
  if (!existsSync(file)) return null;
  const json = JSON.parse(readFileSync(file, 'utf8')) as {
    machine?: { date?: string; gitCommit?: string };
    results?: { setups?: { setup: string; load?: { throughputRps?: number } }[] };
  };
  const rps = json.results?.setups?.find((s) => s.setup === 'real')?.load?.throughputRps;
  if (!rps) return null;
  return {
    rps,
    source: `bench/results/dashboard.json (real; ${json.machine?.date ?? '?'}, commit ${json.machine?.gitCommit ?? '?'})`,
  };
}

interface SizingRow {
  kols: number;
  activeKols: number;
  cassandraLiveGb: number;
  cassandraReplicatedGb: number;
  /** Nodes for the data (at `--node-data-gb` per node) and for the peak write rate. */
  nodesForDisk: number;
  nodesForWrites: number;
  cassandraNodes: number;
  /** The largest partition: one day of alerts_by_day. */
  alertsDayPartitionMb: number;
  diskPerNodeGb: number;
  writeRowsPerSecondPeak: number;
  redisIndexGb: number;
  redisCacheGb: number;
  redisRecentGb: number;
  redisTotalGb: number;
  redisShards: number;
  eventsPerSecondPeak: number;
  workerReplicas: number;
  partitions: number;
  alertsPerSecondPeak: number;
  apiRps: number;
  gatewayReplicas: number;
}

/** What the sizing reads from the measurements and the other benches' results. */
interface SizingInputs {
  perKol: PerKolRow[];
  redis: { index: number; cache: number; recent: number };
  worker: WorkerFigures | null;
  /** Rows/s the node took in the day's writes (metrics, scores, alerts together). */
  nodeRowsPerSecond: number;
  /** Uncompressed bytes per alert of a day partition. */
  alertsDayBytesPerAlert: number;
  /** Dashboard requests/s of one gateway replica (real stores), from the dashboard bench. */
  gatewayRps: number | null;
}

function sizing(inputs: SizingInputs): SizingRow[] {
  const { perKol, redis, worker } = inputs;
  const GB = 1e9;
  const onceBytes = perKol.filter((r) => !r.perDay).reduce((n, r) => n + r.bytesPerKol, 0);
  const activeRetained = perKol
    .filter((r) => r.perDay)
    .reduce((n, r) => n + r.bytesPerKol * r.ttlDays, 0);
  const idleRetained = perKol
    .filter((r) => r.perDay)
    .reduce((n, r) => n + r.idleRowsPerDay * r.bytesPerRow * r.ttlDays, 0);
  const activeRowsPerDay = perKol.filter((r) => r.perDay).reduce((n, r) => n + r.rowsPerKol, 0);
  const idleRowsPerDay = IDLE_METRIC_ROWS_PER_DAY + IDLE_SCORE_ROWS_PER_DAY;
  const perWorker = worker?.eventsPerSecond ?? 0;
  return [1e6, 1e7, 1e8].map((kols, step) => {
    const active = kols * params.activeShare;
    const idle = kols - active;
    const live = kols * onceBytes + active * activeRetained + idle * idleRetained;
    const replicated = live * params.replication;
    const rowsPerSecond =
      ((active * activeRowsPerDay + idle * idleRowsPerDay) / 86_400) * params.peakFactor;
    const nodesForDisk = Math.ceil(replicated / (params.nodeDataGb * GB));
    // Every row is written on RF replicas; a node kept at 60% of the rate it took here.
    const nodesForWrites =
      inputs.nodeRowsPerSecond > 0
        ? Math.ceil((rowsPerSecond * params.replication) / (inputs.nodeRowsPerSecond * 0.6))
        : 0;
    const nodes = Math.max(params.replication, nodesForDisk, nodesForWrites);
    const alertsPerDay = active * params.alertsPerActiveDay;
    const apiRps = params.apiRps[step] ?? params.apiRps[params.apiRps.length - 1] ?? 0;
    const gatewayReplicas = inputs.gatewayRps
      ? Math.max(2, Math.ceil(apiRps / (inputs.gatewayRps * 0.6)))
      : 0;
    const index = kols * redis.index;
    const cache = kols * params.hotShare * redis.cache;
    const recent = active * redis.recent;
    const redisTotal = index + cache + recent;
    const events = ((active * params.eventsPerActiveDay + idle) / 86_400) * params.peakFactor;
    // A worker at 60% of its measured rate leaves room for catch-up after a restart.
    const workers = perWorker > 0 ? Math.max(2, Math.ceil(events / (perWorker * 0.6))) : 0;
    // Two partitions per worker: the group can double without repartitioning (which moves KOLs).
    const partitions = Math.max(6, Math.ceil((workers * 2) / 6) * 6);
    return {
      kols,
      activeKols: active,
      cassandraLiveGb: round(live / GB, 1),
      cassandraReplicatedGb: round(replicated / GB, 1),
      nodesForDisk,
      nodesForWrites,
      cassandraNodes: nodes,
      alertsDayPartitionMb: round((alertsPerDay * inputs.alertsDayBytesPerAlert) / 1e6, 1),
      diskPerNodeGb: round(replicated / nodes / GB / 0.7, 0),
      writeRowsPerSecondPeak: Math.round(rowsPerSecond),
      redisIndexGb: round(index / GB, 2),
      redisCacheGb: round(cache / GB, 2),
      redisRecentGb: round(recent / GB, 2),
      redisTotalGb: round(redisTotal / GB, 2),
      redisShards: Math.max(1, Math.ceil(redisTotal / (params.redisNodeGb * GB))),
      eventsPerSecondPeak: Math.round(events),
      workerReplicas: workers,
      partitions,
      alertsPerSecondPeak: Math.round((alertsPerDay / 86_400) * params.peakFactor),
      apiRps,
      gatewayReplicas,
    };
  });
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const machine = machineInfo();
  const tool = findNodeTool();
  if ('missing' in tool) throw new Error(`capacity needs nodetool: ${tool.missing}`);
  // The sizing uses the TTLs of this environment (METRICS_TTL_DAYS=… npm run bench -- capacity).
  const retention = loadConfig({
    LOG_LEVEL: 'silent',
    METRICS_TTL_DAYS: process.env.METRICS_TTL_DAYS,
    SCORES_TTL_DAYS: process.env.SCORES_TTL_DAYS,
    ALERTS_TTL_DAYS: process.env.ALERTS_TTL_DAYS,
  }).settings.cassandra.retention;
  const now = new Date();
  const catStores = await openRealStores('capacity');
  const dayStores = await openRealStores('capacity_day');
  try {
    log(`catalogue: ${params.kols} KOLs into ${catStores.keyspace}`);
    const cat = await catalogue(catStores, now);
    log(`catalogue done in ${cat.seconds} s; a day of ${params.dayKols} KOLs`);
    const dayResult = await day(dayStores, now);
    log('nodetool flush + compact + tablestats');
    const catDisk = await disk(tool, catStores.keyspace);
    const dayDisk = await disk(tool, dayStores.keyspace);
    const perKol = perKolRows(cat, dayResult, catDisk, dayDisk, retention);

    const last = cat.redis[cat.redis.length - 1]!;
    const redisPerKol = {
      index: last.afterReads.bytes.index / last.kols,
      cache: (last.afterReads.bytes.cache + last.afterReads.bytes.latest) / last.kols,
      recent: dayResult.redis.bytes.recent / dayResult.kols,
    };
    const worker = workerFigures();
    const gateway = gatewayFigures();
    const sized = sizing({
      perKol,
      redis: redisPerKol,
      worker,
      nodeRowsPerSecond: dayResult.rates.allRows,
      // The sample spans two UTC days: all of alerts_by_day over the alerts written.
      alertsDayBytesPerAlert:
        ((dayDisk.get('alerts_by_day')?.meanPartitionBytes ?? 0) *
          (dayDisk.get('alerts_by_day')?.partitionsEstimate ?? 0)) /
        dayResult.alerts,
      gatewayRps: gateway?.rps ?? null,
    });
    const loadNow = machineInfo().loadAverageAtStart;

    const tables: string[] = [];
    tables.push(
      formatTable(
        `Cassandra per KOL (on-disk SSTable bytes after flush + compaction, LZ4 default), ` +
          `${cat.kols.toLocaleString('en-US')} catalogue KOLs, ${dayResult.kols.toLocaleString('en-US')} KOLs x one active day`,
        [
          'table',
          'rows',
          'rows per KOL',
          'B/row',
          'B per KOL',
          'compression',
          'TTL days',
          'retained B per active KOL',
        ],
        perKol.map((r) => [
          r.table,
          r.what,
          round(r.rowsPerKol, 2),
          Math.round(r.bytesPerRow),
          `${Math.round(r.bytesPerKol).toLocaleString('en-US')}${r.perDay ? ' /day' : ''}`,
          r.compression === null ? null : round(r.compression, 2),
          r.perDay ? round(r.ttlDays, 0) : null,
          Math.round(r.perDay ? r.bytesPerKol * r.ttlDays : r.bytesPerKol),
        ]),
      ),
    );
    tables.push(
      formatTable(
        'Redis per KOL (MEMORY USAGE of the run keys by kind; INFO used_memory delta of the whole server)',
        [
          'KOLs',
          ...REDIS_KEY_CLASSES.map((c) => REDIS_CLASS_LABEL[c]),
          'sum B/KOL',
          'INFO delta B/KOL',
        ],
        [
          ...cat.redis.flatMap((p) => [
            [
              `${p.kols.toLocaleString('en-US')} after writes`,
              ...REDIS_KEY_CLASSES.map((c) => Math.round(p.afterWrites.bytes[c] / p.kols)),
              Math.round(p.afterWrites.totalBytes / p.kols),
              Math.round(p.infoDeltaAfterWrites / p.kols),
            ],
            [
              `${p.kols.toLocaleString('en-US')} after reads`,
              ...REDIS_KEY_CLASSES.map((c) => Math.round(p.afterReads.bytes[c] / p.kols)),
              Math.round(p.afterReads.totalBytes / p.kols),
              Math.round(p.infoDeltaAfterReads / p.kols),
            ],
          ]),
          [
            `${dayResult.kols.toLocaleString('en-US')} after an active day`,
            ...REDIS_KEY_CLASSES.map((c) => Math.round(dayResult.redis.bytes[c] / dayResult.kols)),
            Math.round(dayResult.redis.totalBytes / dayResult.kols),
            null,
          ],
        ],
      ),
    );
    tables.push(
      formatTable(
        `Write rates, one Cassandra node + Redis on this machine (load average ${machine.loadAverageAtStart.join(' / ')} at start, ${loadNow.join(' / ')} at end)`,
        ['write', 'rows/s'],
        [
          ['profiles (upsertMany: read stored times, rows)', cat.rates.profiles],
          ['scores (put, ranking refresh)', cat.rates.scoreRows],
          ['metrics, latest buckets (write, recent series)', cat.rates.metricRows],
          ['metrics, a day of buckets', dayResult.rates.metricRows],
          ['scores, a day of rounds', dayResult.rates.scoreRows],
          ['alerts (putMany), alerts/s', dayResult.rates.alerts],
          ['a day of rows together (metrics, scores, alerts)', dayResult.rates.allRows],
        ],
      ),
    );
    const assumptions =
      `active share ${params.activeShare}, ${params.eventsPerActiveDay} events and ` +
      `${params.alertsPerActiveDay} alert(s) per active KOL a day, hot share ${params.hotShare}, ` +
      `peak ${params.peakFactor}x average`;
    tables.push(
      formatTable(
        `Sizing, stores (${assumptions}; RF ${params.replication}, ${params.nodeDataGb} GB data per node, ` +
          `node write rate ${dayResult.rates.allRows.toLocaleString('en-US')} rows/s as measured here, TTL days ` +
          `${[retention.metricsSeconds, retention.scoresSeconds, retention.alertsSeconds].map((v) => v / 86_400).join('/')})`,
        [
          'KOLs',
          'active',
          'data GB (1 copy)',
          'nodes (disk)',
          'nodes (writes)',
          'nodes',
          'disk/node GB',
          'peak rows/s',
          'alerts day MB',
          'Redis index GB',
          'cache GB',
          'recent GB',
          'Redis shards',
        ],
        sized.map((z): Cell[] => [
          z.kols.toLocaleString('en-US'),
          z.activeKols.toLocaleString('en-US'),
          z.cassandraLiveGb,
          z.nodesForDisk,
          z.nodesForWrites,
          z.cassandraNodes,
          z.diskPerNodeGb,
          z.writeRowsPerSecondPeak,
          z.alertsDayPartitionMb,
          z.redisIndexGb,
          z.redisCacheGb,
          z.redisRecentGb,
          z.redisShards,
        ]),
      ),
    );
    tables.push(
      formatTable(
        `Sizing, streams and replicas (${assumptions}; worker ` +
          `${worker ? `${worker.eventsPerSecond.toLocaleString('en-US')} events/s` : 'figures missing'}, ` +
          `gateway ${gateway ? `${gateway.rps} dashboard req/s` : 'figures missing'} per replica, each at 60%)`,
        [
          'KOLs',
          'peak events/s',
          'worker replicas',
          'raw topic partitions',
          'peak alerts/s',
          'peak API req/s (assumed)',
          'gateway replicas',
        ],
        sized.map((z): Cell[] => [
          z.kols.toLocaleString('en-US'),
          z.eventsPerSecondPeak,
          z.workerReplicas,
          z.partitions,
          z.alertsPerSecondPeak,
          z.apiRps,
          z.gatewayReplicas,
        ]),
      ),
    );
    for (const table of tables) process.stdout.write(`${table}\n\n`);

    const file = writeResult({
      bench: 'capacity',
      machine,
      parameters: { ...params, retention, nodetool: tool.command },
      results: {
        catalogue: cat,
        day: dayResult,
        disk: {
          catalogue: Object.fromEntries(catDisk),
          day: Object.fromEntries(dayDisk),
        },
        perKol,
        redisPerKol: {
          index: Math.round(redisPerKol.index),
          cacheAndLatest: Math.round(redisPerKol.cache),
          recentPerActiveKol: Math.round(redisPerKol.recent),
        },
        worker,
        gateway,
        sizing: sized,
        loadAverageAtEnd: loadNow,
      },
      tables,
      notes: [
        'Bytes are SSTable bytes on disk after nodetool flush and a major compaction (rewritten rows merged), one replica; a cluster stores each RF times.',
        'Metric bytes per row are the table average over the four windows (one table).',
        'An active KOL writes every bucket of every window in a day (events in every 5 minutes): an upper bound for metric rows.',
        'Redis cache and latest metrics have REDIS_CACHE_TTL_SECONDS; only KOLs read within it (the hot share) hold them. Recent series are created by metric writes and kept while writes refresh them.',
        'Worker events/s come from the worker bench (embedded stores); with Cassandra writes in the flush a worker is slower.',
      ],
    });
    log(`wrote ${file}`);
  } finally {
    await catStores.close();
    await dayStores.close();
  }
}

runBench('capacity', main, 30 * 60_000);
