/**
 * Execution engine: the same executable schema, resolvers, DataLoaders and demo data served by the
 * gateway (Apollo Server behind the gateway's HTTP route, with its plugins and operation policy:
 * admission, CSRF rule, security headers, cost budgets, metrics) and by a peer (Fastify +
 * Mercurius + graphql-jit, bench/support/peer-server.ts), in one process, one after the other,
 * under the same closed-loop load from a separate process. Prints requests/s of each and the ratio
 * gateway / peer for the dashboard page, kols(200 ids) and a one-field query (target: >= 0.8).
 *
 *   npm run bench -- engine [--kols=600] [--concurrency=10] [--duration-ms=5000] [--warmup=200]
 *     [--rounds=2]
 *
 * Each (query, server) pair is measured `rounds` times, alternating servers, and the best round of
 * each is kept, so a noisy neighbour on a shared machine penalises neither side more than the other.
 */
import 'reflect-metadata';
import { createEmbeddedDataSources } from '../datasources/embedded';
import { buildGatewaySchema } from '../resolvers/build-schema';
import { startBenchGateway } from './support/gateway';
import { runLoad } from './support/load';
import { seedBenchKols } from './support/models';
import { intParam } from './support/params';
import { startPeerServer } from './support/peer-server';
import { DASHBOARD_QUERY, KOLS_QUERY, ONE_FIELD_QUERY } from './support/queries';
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
  kols: intParam('kols', 600, 1),
  concurrency: intParam('concurrency', 10, 1),
  durationMs: intParam('duration-ms', 5_000, 100),
  warmupRequests: intParam('warmup', 200, 0),
  rounds: intParam('rounds', 2, 1),
  kolsPerRequest: intParam('ids', 200, 1),
};

interface Measurement {
  requestsPerSecond: number;
  latencyMs: LatencySummary;
  requests: number;
  errors: number;
  firstError: string | null;
  meanResponseBytes: number;
}

interface QueryResult {
  query: string;
  gateway: Measurement;
  peer: Measurement;
  /** gateway req/s divided by peer req/s (best rounds). */
  ratio: number;
  rounds: { gateway: number[]; peer: number[] };
}

async function measure(url: string, body: string): Promise<Measurement> {
  const load = await runLoad({
    url,
    body,
    concurrency: params.concurrency,
    warmupRequests: params.warmupRequests,
    warmupMaxMs: 60_000,
    durationMs: params.durationMs,
    maxRequests: 1_000_000,
  });
  const ok = load.latenciesMs.length;
  return {
    requestsPerSecond: round((ok / load.elapsedMs) * 1000, 1),
    latencyMs: summarize(load.latenciesMs),
    requests: load.requests,
    errors: load.errors,
    firstError: load.firstError,
    meanResponseBytes: load.meanResponseBytes,
  };
}

async function main(): Promise<void> {
  const machine = machineInfo();
  log(`seeding ${params.kols} demo KOLs (embedded stores)`);
  const data = createEmbeddedDataSources();
  const seeded = await seedBenchKols(data, params.kols);
  const ids = seeded.kols.map((k) => k.profile.id);
  const category = seeded.kols[0]?.profile.category ?? null;
  const kolIds = Array.from({ length: params.kolsPerRequest }, (_, i) => ids[i % ids.length]!);

  const gateway = await startBenchGateway({ data });
  const peer = await startPeerServer(await buildGatewaySchema(), gateway.services);
  const queries = [
    {
      name: `dashboard (ranking first 50, ${category ?? 'all'})`,
      body: JSON.stringify({
        query: DASHBOARD_QUERY,
        variables: { category, first: 50, minTrust: null },
      }),
    },
    {
      name: `kols(${params.kolsPerRequest} ids)`,
      body: JSON.stringify({ query: KOLS_QUERY, variables: { ids: kolIds } }),
    },
    {
      name: 'one field (kol.followers)',
      body: JSON.stringify({ query: ONE_FIELD_QUERY, variables: { id: ids[0] } }),
    },
  ];
  const results: QueryResult[] = [];
  try {
    for (const query of queries) {
      const rounds: { gateway: Measurement[]; peer: Measurement[] } = { gateway: [], peer: [] };
      for (let r = 0; r < params.rounds; r++) {
        // Alternate which server goes first, so neither always runs on a warmer machine.
        const order = r % 2 === 0 ? (['gateway', 'peer'] as const) : (['peer', 'gateway'] as const);
        for (const side of order) {
          log(`${query.name}: ${side}, round ${r + 1}/${params.rounds}`);
          rounds[side].push(await measure(side === 'gateway' ? gateway.url : peer.url, query.body));
        }
      }
      const best = (list: Measurement[]) =>
        list.reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a));
      const g = best(rounds.gateway);
      const p = best(rounds.peer);
      results.push({
        query: query.name,
        gateway: g,
        peer: p,
        ratio: round(g.requestsPerSecond / p.requestsPerSecond, 2),
        rounds: {
          gateway: rounds.gateway.map((m) => m.requestsPerSecond),
          peer: rounds.peer.map((m) => m.requestsPerSecond),
        },
      });
    }
  } finally {
    await peer.stop();
    await gateway.stop();
  }

  const table = formatTable(
    `Engine: gateway (Apollo Server + policy + plugins) vs peer (Mercurius + graphql-jit), same schema/resolvers/data (${params.kols} KOLs), ${params.concurrency} concurrent clients, ~${params.durationMs / 1000} s per round, best of ${params.rounds}`,
    [
      'query',
      'gateway req/s',
      'gateway p50 ms',
      'gateway p99 ms',
      'peer req/s',
      'peer p50 ms',
      'peer p99 ms',
      'gateway/peer',
      'errors',
    ],
    results.map((r) => [
      r.query,
      r.gateway.requestsPerSecond,
      r.gateway.latencyMs.p50,
      r.gateway.latencyMs.p99,
      r.peer.requestsPerSecond,
      r.peer.latencyMs.p50,
      r.peer.latencyMs.p99,
      r.ratio,
      r.gateway.errors + r.peer.errors,
    ]),
  );
  process.stdout.write(`\n${table}\n`);
  const notes = results.flatMap((r) =>
    [
      r.gateway.firstError ? `${r.query}: gateway error: ${r.gateway.firstError}` : null,
      r.peer.firstError ? `${r.query}: peer error: ${r.peer.firstError}` : null,
    ].filter((n): n is string => n !== null),
  );
  const file = writeResult({
    bench: 'engine',
    machine,
    parameters: params,
    results: { queries: results },
    tables: [table],
    notes: [
      'Target: gateway/peer >= 0.8 on each query (issue: serving at engine speed).',
      ...notes,
    ],
  });
  process.stdout.write(`\nwrote ${file}\n`);
}

runBench('engine', main);
