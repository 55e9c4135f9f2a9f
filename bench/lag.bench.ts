/**
 * Scoring lag: from a raw event to a fresh score in the store, through the embedded gateway's
 * stream pipeline with continuous scoring on (the same pipeline and scoring core the stream worker
 * runs against Kafka, Cassandra and Redis). Scenario: `profile` events create `--kols` new KOLs at
 * `--rate` events/s; the lag of each is the time from publishing its event until its trust score
 * can be read from the score store (polled every `--poll-ms`). The flush interval of the pipeline
 * (1 s by default) bounds the lag from below: changes are written and scored once per flush.
 *
 *   npm run bench -- lag [--kols=200] [--rate=20] [--poll-ms=10]
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { createEmbeddedDataSources } from '../datasources/embedded';
import { startBenchGateway } from './support/gateway';
import { intParam } from './support/params';
import {
  formatTable,
  log,
  machineInfo,
  round,
  runBench,
  sleep,
  summarize,
  writeResult,
} from './support/report';

const params = {
  kols: intParam('kols', 200, 1),
  ratePerSecond: intParam('rate', 20, 1),
  pollMs: intParam('poll-ms', 10, 1),
  timeoutMs: intParam('timeout-ms', 60_000, 1_000),
};

function profileEvent(id: string, at: Date) {
  return {
    event_id: `lag-${id}`,
    kol_id: id,
    event_type: 'profile',
    event_time: at.toISOString(),
    payload: {
      platform: 'tiktok',
      handle: id,
      displayName: `Lag ${id}`,
      category: 'beauty',
      followers: 12_000,
      following: 300,
      posts: 120,
      verified: false,
      favoritesCount: 90_000,
      accountCreatedAt: '2024-01-01T00:00:00Z',
      bioLength: 40,
    },
  };
}

async function main(): Promise<void> {
  const machine = machineInfo();
  const data = createEmbeddedDataSources();
  const gateway = await startBenchGateway({ data });
  const pipeline = gateway.pipeline;
  if (!pipeline) throw new Error('the embedded gateway has no stream pipeline');
  const sentAt = new Map<string, number>();
  const lags: number[] = [];
  const rejected: string[] = [];
  try {
    const ids = Array.from({ length: params.kols }, (_, i) => `lag-kol-${i}`);
    const interval = 1000 / params.ratePerSecond;
    let polling = true;
    const poller = (async () => {
      while (polling || sentAt.size > 0) {
        const pending = [...sentAt.keys()];
        if (pending.length > 0) {
          const latest = await data.scores.latest('trust', pending);
          const now = performance.now();
          latest.forEach((record, i) => {
            const id = pending[i]!;
            if (!record) return;
            lags.push(now - sentAt.get(id)!);
            sentAt.delete(id);
          });
        }
        await sleep(params.pollMs);
      }
    })();
    log(`publishing ${params.kols} profile events at ${params.ratePerSecond}/s`);
    const started = performance.now();
    for (const [i, id] of ids.entries()) {
      const due = started + i * interval;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      sentAt.set(id, performance.now());
      const outcome = await pipeline.publish(profileEvent(id, new Date()));
      if (outcome.status === 'rejected') {
        sentAt.delete(id);
        rejected.push(`${id}: ${outcome.reason} ${outcome.error}`);
      }
    }
    polling = false;
    const deadline = performance.now() + params.timeoutMs;
    while (sentAt.size > 0 && performance.now() < deadline) await sleep(50);
    const missing = sentAt.size;
    sentAt.clear();
    await poller;
    if (missing > 0)
      rejected.push(`${missing} KOLs without a trust score after ${params.timeoutMs} ms`);
  } finally {
    await gateway.stop();
  }

  const summary = summarize(lags);
  const table = formatTable(
    `Scoring lag, embedded pipeline: profile event -> trust score readable (${params.kols} new KOLs at ${params.ratePerSecond}/s, polled every ${params.pollMs} ms)`,
    ['scenario', 'scored', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'not scored'],
    [
      [
        'new KOL (profile event)',
        summary.count,
        summary.p50,
        summary.p95,
        summary.p99,
        summary.max,
        params.kols - summary.count,
      ],
    ],
  );
  process.stdout.write(`\n${table}\n`);
  const file = writeResult({
    bench: 'lag',
    machine,
    parameters: params,
    results: { newKol: summary, lagsMs: lags.map((l) => round(l, 1)) },
    tables: [table],
    notes: [
      'The pipeline writes and scores once per flush (1 s by default), which bounds the lag from below.',
      ...rejected.slice(0, 20),
    ],
  });
  process.stdout.write(`\nwrote ${file}\n`);
}

runBench('lag', main);
