// @bench-services redis cassandra
/**
 * Dashboard query benchmark: the top-50 ranking of a category with profile, latest
 * metrics (H1, last 1), trust, success and fusion, over HTTP on loopback, in three setups:
 *   embedded  the gateway over the in-memory stores
 *   real      the gateway over Cassandra + Redis (openRealDataSources; own keyspace and key prefix)
 *   naive     a plain Apollo Server over the same SDL whose resolvers call the Cassandra stores per
 *             KOL and field (no DataLoader, no Redis) — bench/support/naive-server.ts
 * Each: warm-up, then a closed-loop load from a separate process (N concurrent clients, bounded by
 * time and count) -> req/s, p50/p95/p99, and store round trips per request: store method calls
 * (test/support/counting.ts) and what went over the wire (CQL requests, Redis round trips/commands).
 * A single-request probe at page sizes 10/50/100 shows how the round trips scale with the page.
 * `real-no-metrics` (diagnostic) is the real gateway serving the query without `Kol.metrics`.
 *
 *   npm run bench -- dashboard [--kols=600] [--concurrency=10] [--duration-ms=10000]
 *     [--max-requests=50000] [--warmup=100] [--category=beauty] [--first=50] [--min-trust=60]
 *     [--setups=embedded,real,real-no-metrics,naive]
 */
import 'reflect-metadata';
import { loadConfig, type GatewayConfig } from '../config';
import { createEmbeddedDataSources } from '../datasources/embedded';
import { CassandraAlertStore } from '../datasources/cassandra/alerts';
import { CassandraMetricStore } from '../datasources/cassandra/metrics';
import { CassandraProfileStore } from '../datasources/cassandra/profiles';
import { CassandraScoreStore } from '../datasources/cassandra/scores';
import { openRealDataSources, type RealDataSources } from '../datasources/real';
import { startBenchGateway } from './support/gateway';
import { seedBenchKols } from './support/models';
import { DASHBOARD_QUERY } from './support/queries';
import { countingDataSources, type CallCounts } from '../test/support/counting';
import { backendEnv, deleteRedisPrefix, dropKeyspace, runId } from './support/backends';
import { countWire, type WireCounter, type WireCounts } from './support/counters';
import { runLoad, type LoadResult } from './support/load';
import { startNaiveServer } from './support/naive-server';
import { intParam, stringParam } from './support/params';
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

/** Diagnostic variant: the same page without the per-KOL metric series (what it costs). */
const DASHBOARD_WITHOUT_METRICS = DASHBOARD_QUERY.replace(
  '          metrics(window: H1, last: 1) { views engagementRate sentimentPositiveRatio }\n',
  '',
);

interface Variables {
  category: string | null;
  first: number;
  minTrust: number | null;
}

const params = {
  kols: intParam('kols', 600, 1),
  concurrency: intParam('concurrency', 10, 1),
  durationMs: intParam('duration-ms', 10_000, 100),
  maxRequests: intParam('max-requests', 50_000, 1),
  warmupRequests: intParam('warmup', 100, 0),
  category: stringParam('category', 'beauty'),
  first: intParam('first', 50, 1),
  minTrust: intParam('min-trust', 60, 0),
  scalingPageSizes: [10, 50, 100],
  /** Which of embedded, real, naive to run. */
  setups: stringParam('setups', 'embedded,real,real-no-metrics,naive')
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x.length > 0),
};

const mainVariables: Variables = {
  category: params.category === '' ? null : params.category,
  first: params.first,
  minTrust: params.minTrust === 0 ? null : params.minTrust,
};

interface Counters {
  store: { counts: CallCounts; reset(): void };
  wire?: WireCounter;
}

interface RoundTrips {
  storeCalls: number;
  byStoreMethod: Record<string, number>;
  cql: number | null;
  redisRoundTrips: number | null;
  redisCommands: number | null;
}

interface SetupResult {
  setup: string;
  description: string;
  rowsPerResponse: number;
  totalCount: number;
  firstRequest: RoundTrips;
  warmRequest: RoundTrips;
  scaling: { first: number; rows: number; roundTrips: RoundTrips }[];
  load: {
    warmupRequests: number;
    requests: number;
    ok: number;
    errors: number;
    firstError: string | null;
    elapsedMs: number;
    throughputRps: number;
    latencyMs: LatencySummary;
    meanResponseBytes: number;
    /** Averages over the measured phase (all store traffic divided by the requests). */
    perRequest: RoundTrips;
    /** CPU time of this process (the server) over the measured phase, as a share of one core. */
    serverCpuShareOfOneCore: number;
  };
}

function snapshot(counters: Counters, divisor = 1): RoundTrips {
  const byStoreMethod: Record<string, number> = {};
  let storeCalls = 0;
  for (const [key, value] of Object.entries(counters.store.counts)) {
    byStoreMethod[key] = round(value / divisor, 2);
    storeCalls += value;
  }
  const wire: WireCounts | undefined = counters.wire?.snapshot();
  return {
    storeCalls: round(storeCalls / divisor, 2),
    byStoreMethod,
    cql: wire ? round(wire.cql / divisor, 2) : null,
    redisRoundTrips: wire ? round(wire.redisRoundTrips / divisor, 2) : null,
    redisCommands: wire ? round(wire.redisCommands / divisor, 2) : null,
  };
}

function resetAll(counters: Counters): void {
  counters.store.reset();
  counters.wire?.reset();
}

interface RankingReply {
  data?: { ranking: { totalCount: number; edges: unknown[] } } | null;
  errors?: { message: string }[];
}

async function query(
  url: string,
  variables: Variables,
  text = DASHBOARD_QUERY,
): Promise<{ rows: number; total: number }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: text, variables }),
  });
  const body = (await response.json()) as RankingReply;
  if (!response.ok || body.errors?.length || !body.data) {
    throw new Error(`dashboard query failed (${response.status}): ${JSON.stringify(body.errors)}`);
  }
  return { rows: body.data.ranking.edges.length, total: body.data.ranking.totalCount };
}

/** One request alone, with the counters reset before it. */
async function probe(url: string, counters: Counters, variables: Variables, text: string) {
  resetAll(counters);
  const reply = await query(url, variables, text);
  return { ...reply, roundTrips: snapshot(counters) };
}

async function measure(
  setup: string,
  description: string,
  url: string,
  counters: Counters,
  options: { query: string; scaling: boolean } = { query: DASHBOARD_QUERY, scaling: true },
): Promise<SetupResult> {
  log(`${setup}: probing`);
  const first = await probe(url, counters, mainVariables, options.query);
  const warm = await probe(url, counters, mainVariables, options.query);
  const scaling: SetupResult['scaling'] = [];
  for (const size of options.scaling ? params.scalingPageSizes : []) {
    const variables: Variables = { category: null, first: size, minTrust: null };
    await query(url, variables, options.query); // fills caches for this page
    const result = await probe(url, counters, variables, options.query);
    scaling.push({ first: size, rows: result.rows, roundTrips: result.roundTrips });
  }

  log(
    `${setup}: load, ${params.concurrency} clients, ${params.durationMs} ms / ${params.maxRequests} requests`,
  );
  let cpuAtStart = process.cpuUsage();
  const load: LoadResult = await runLoad(
    {
      url,
      body: JSON.stringify({ query: options.query, variables: mainVariables }),
      concurrency: params.concurrency,
      warmupRequests: params.warmupRequests,
      warmupMaxMs: 60_000,
      durationMs: params.durationMs,
      maxRequests: params.maxRequests,
    },
    () => {
      resetAll(counters);
      cpuAtStart = process.cpuUsage();
    },
  );
  const cpu = process.cpuUsage(cpuAtStart);
  const perRequest = snapshot(counters, Math.max(1, load.requests));
  const ok = load.latenciesMs.length;
  return {
    setup,
    description,
    rowsPerResponse: first.rows,
    totalCount: first.total,
    firstRequest: first.roundTrips,
    warmRequest: warm.roundTrips,
    scaling,
    load: {
      warmupRequests: load.warmupRequests,
      requests: load.requests,
      ok,
      errors: load.errors,
      firstError: load.firstError,
      elapsedMs: round(load.elapsedMs, 1),
      throughputRps: round((ok / load.elapsedMs) * 1000, 1),
      latencyMs: summarize(load.latenciesMs),
      meanResponseBytes: load.meanResponseBytes,
      perRequest,
      serverCpuShareOfOneCore: round((cpu.user + cpu.system) / 1000 / load.elapsedMs, 2),
    },
  };
}

function gatewayConfig(extra: Record<string, string> = {}): GatewayConfig {
  return loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '0',
    ...extra,
  });
}

async function embeddedSetup(): Promise<SetupResult> {
  log(`embedded: seeding ${params.kols} demo KOLs`);
  const embedded = createEmbeddedDataSources();
  await seedBenchKols(embedded, params.kols);
  const counting = countingDataSources(embedded);
  const gateway = await startBenchGateway({ data: counting.data });
  try {
    return await measure('embedded', 'gateway (DataLoader) over in-memory stores', gateway.url, {
      store: counting,
    });
  } finally {
    await gateway.stop();
  }
}

async function realSetups(): Promise<SetupResult[]> {
  const env = await backendEnv(['redis', 'cassandra']);
  const id = runId('dashboard');
  const redisPrefix = `bench:${id}:`;
  const config = gatewayConfig({
    CASSANDRA_CONTACT_POINTS: env.CASSANDRA_CONTACT_POINTS,
    CASSANDRA_LOCAL_DC: env.CASSANDRA_LOCAL_DC,
    REDIS_URL: env.REDIS_URL,
    KAFKA_BROKERS: env.KAFKA_BROKERS,
    CASSANDRA_KEYSPACE: id,
    REDIS_KEY_PREFIX: redisPrefix,
  });
  log(`real: keyspace ${id}, redis prefix ${redisPrefix}`);
  const real: RealDataSources = await openRealDataSources(config.settings, undefined, {
    requestTimeoutMs: 20_000,
  });
  const results: SetupResult[] = [];
  try {
    const t0 = Date.now();
    log(`real: seeding ${params.kols} demo KOLs into Cassandra + Redis (takes a while)`);
    const seeded = await seedBenchKols(real, params.kols);
    log(
      `real: seeded ${seeded.kols.length} KOLs, ${seeded.metricPoints} metric points, ${seeded.scores} scores in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
    const wire = countWire({ cassandra: real.cassandra.client, redis: real.redis });
    try {
      if (params.setups.includes('real')) {
        const counting = countingDataSources(real);
        const gateway = await startBenchGateway({ data: counting.data });
        try {
          results.push(
            await measure(
              'real',
              'gateway (DataLoader + Redis cache/ranking index) over Cassandra + Redis',
              gateway.url,
              { store: counting, wire },
            ),
          );
          if (params.setups.includes('real-no-metrics')) {
            results.push(
              await measure(
                'real-no-metrics',
                'diagnostic: the real gateway, same query without Kol.metrics',
                gateway.url,
                { store: counting, wire },
                { query: DASHBOARD_WITHOUT_METRICS, scaling: false },
              ),
            );
          }
        } finally {
          await gateway.stop();
        }
      }
      if (!params.setups.includes('naive')) return results;

      const session = real.cassandra;
      const naiveStores = countingDataSources({
        profiles: new CassandraProfileStore(session),
        metrics: new CassandraMetricStore(session),
        scores: new CassandraScoreStore(session),
        alerts: new CassandraAlertStore(session),
        rankings: {
          entries: () => Promise.reject(new Error('the naive server has no index')),
          page: () => Promise.reject(new Error('the naive server has no index')),
          segments: () => Promise.reject(new Error('the naive server has no index')),
          refresh: () => Promise.resolve(),
        },
        registry: real.registry,
        ping: () => session.ping(),
        close: async () => undefined,
      });
      const naive = await startNaiveServer({
        stores: naiveStores.data,
        scoreMaxAgeSeconds: config.SCORE_MAX_AGE_SECONDS,
      });
      try {
        results.push(
          await measure(
            'naive',
            'plain Apollo Server, per-KOL Cassandra reads, no DataLoader / Redis',
            naive.url,
            { store: naiveStores, wire },
          ),
        );
      } finally {
        await naive.stop();
      }
    } finally {
      wire.restore();
    }
  } finally {
    log(`real: dropping keyspace ${id} and redis keys ${redisPrefix}*`);
    await dropKeyspace(real.cassandra.client, id);
    await deleteRedisPrefix(real.redis, redisPrefix);
    await real.close();
  }
  return results;
}

function tables(results: SetupResult[]): string[] {
  const load = formatTable(
    `Dashboard query: ranking(category: ${mainVariables.category ?? 'all'}, first: ${params.first}, minTrust: ${mainVariables.minTrust ?? '-'}) over ${params.kols} KOLs, ${params.concurrency} concurrent clients, ~${params.durationMs / 1000} s`,
    [
      'setup',
      'rows',
      'requests',
      'errors',
      'req/s',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'max ms',
      'store calls/req',
      'CQL/req',
      'Redis RT/req',
      'Redis cmds/req',
      'server CPU',
    ],
    results.map((r) => [
      r.setup,
      r.rowsPerResponse,
      r.load.requests,
      r.load.errors,
      r.load.throughputRps,
      r.load.latencyMs.p50,
      r.load.latencyMs.p95,
      r.load.latencyMs.p99,
      r.load.latencyMs.max,
      r.load.perRequest.storeCalls,
      r.load.perRequest.cql,
      r.load.perRequest.redisRoundTrips,
      r.load.perRequest.redisCommands,
      `${Math.round(r.load.serverCpuShareOfOneCore * 100)}%`,
    ]),
  );
  const scaling = formatTable(
    'Round trips of ONE request by page size (ranking over all KOLs; store calls / CQL / Redis round trips)',
    ['setup', 'request', 'rows', 'store calls', 'CQL', 'Redis RT', 'Redis cmds'],
    results.flatMap((r) => [
      [
        r.setup,
        'dashboard, first (cold)',
        r.rowsPerResponse,
        r.firstRequest.storeCalls,
        r.firstRequest.cql,
        r.firstRequest.redisRoundTrips,
        r.firstRequest.redisCommands,
      ],
      [
        r.setup,
        'dashboard, again (warm)',
        r.rowsPerResponse,
        r.warmRequest.storeCalls,
        r.warmRequest.cql,
        r.warmRequest.redisRoundTrips,
        r.warmRequest.redisCommands,
      ],
      ...r.scaling.map((s) => [
        r.setup,
        `all KOLs, first: ${s.first}`,
        s.rows,
        s.roundTrips.storeCalls,
        s.roundTrips.cql,
        s.roundTrips.redisRoundTrips,
        s.roundTrips.redisCommands,
      ]),
    ]),
  );
  return [load, scaling];
}

async function main(): Promise<void> {
  if (DASHBOARD_WITHOUT_METRICS === DASHBOARD_QUERY) throw new Error('metrics field not removed');
  const machine = machineInfo();
  const results: SetupResult[] = [];
  if (params.setups.includes('embedded')) results.push(await embeddedSetup());
  if (params.setups.includes('real') || params.setups.includes('naive')) {
    results.push(...(await realSetups()));
  }
  const printed = tables(results);
  for (const table of printed) process.stdout.write(`\n${table}\n`);
  const notes = results
    .filter((r) => r.load.errors > 0)
    .map((r) => `${r.setup}: ${r.load.errors} failed requests, first: ${r.load.firstError}`);
  const file = writeResult({
    bench: 'dashboard',
    machine,
    parameters: { ...params, variables: mainVariables, query: DASHBOARD_QUERY },
    results: { setups: results },
    tables: printed,
    notes,
  });
  process.stdout.write(`\nwrote ${file}\n`);
}

runBench('dashboard', main);
