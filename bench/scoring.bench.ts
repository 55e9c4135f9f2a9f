/**
 * Scoring benchmark (target: 10,000 KOLs in one `scoreKols` call, end to end, within 2x of
 * onnxruntime-node alone on the same matrix; and 10x faster than 0.25 s per 2,000 rows, the
 * figure of the system this gateway replaced). Reported, never asserted. For 2,000 and 10,000 raw rows (trust + success inputs):
 *   ORT alone     the Production trust and success sessions run on prebuilt feature matrices (the
 *                 same outputs the scorers request), both models concurrently
 *   library       createInferenceService: validation, feature engineering, ORT, outcomes (reasons
 *                 are built lazily and not read)
 *   scoreKols     the mutation over HTTP on loopback against the gateway (createGateway, embedded
 *                 mode, no demo data): request body serialised beforehand, time to the parsed
 *                 response; with and without `reasons` in the selection
 * plus single `predictTrust` calls over HTTP (sequential) against ORT alone and the library on one row.
 *
 *   npm run bench -- scoring [--repeats=10] [--single-calls=500]
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import { buildSuccessMatrix } from '../inference/features/success';
import { buildTrustMatrix } from '../inference/features/trust';
import type { InferenceService } from '../inference/service';
import { MODEL_INPUT_NAME } from '../inference/core/session';
import { startBenchGateway } from './support/gateway';
import { benchInference } from './support/models';
import { intParam } from './support/params';
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
import { scoreRows, type ScoreRow } from './support/score-rows';

const params = {
  batchSizes: [2_000, 10_000],
  repeats: intParam('repeats', 10, 1),
  ortRepeats: intParam('ort-repeats', 30, 1),
  singleCalls: intParam('single-calls', 500, 1),
  /** The replaced system's figure for 2,000 rows, and the aim (10x faster). */
  originalMsFor2000: 250,
};

const SCORES_ONLY = `mutation BenchScoreKols($input: ScoreKolsInput!) {
  scoreKols(input: $input) {
    scored
    failed
    tookMs
    results {
      index
      kolId
      error
      trust { trustScore riskLevel confidence }
      success { successScore tier confidence }
    }
  }
}`;

const WITH_REASONS = `mutation BenchScoreKolsReasons($input: ScoreKolsInput!) {
  scoreKols(input: $input) {
    scored
    failed
    tookMs
    results {
      index
      kolId
      error
      trust { trustScore riskLevel confidence reasons { code message impact } }
      success { successScore tier confidence reasons { code message impact } }
    }
  }
}`;

const PREDICT_TRUST = `mutation BenchPredictTrust($input: TrustInput!) {
  predictTrust(input: $input) {
    trustScore
    isTrustworthy
    confidence
    riskLevel
    modelVersion
    reasons { code message impact }
  }
}`;

interface Timing {
  ms: LatencySummary;
  rowsPerSecond: number;
}

async function timeRepeated(
  repeats: number,
  warmups: number,
  fn: () => Promise<unknown>,
): Promise<number[]> {
  for (let i = 0; i < warmups; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return samples;
}

function timing(samples: number[], rows: number): Timing {
  const ms = summarize(samples);
  return { ms, rowsPerSecond: round((rows / ms.p50) * 1000, 0) };
}

interface GraphQLReply<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function post<T>(url: string, body: string): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  const reply = (await response.json()) as GraphQLReply<T>;
  if (!response.ok || reply.errors?.length || !reply.data) {
    throw new Error(
      `HTTP ${response.status}: ${JSON.stringify(reply.errors ?? reply).slice(0, 500)}`,
    );
  }
  return reply.data;
}

interface ScoreKolsData {
  scoreKols: { scored: number; failed: number; tookMs: number; results: unknown[] };
}

/** The `rows` of ScoreKolsInput for raw inputs. */
function scoreKolsBody(query: string, rows: readonly ScoreRow[]): string {
  return JSON.stringify({
    query,
    variables: {
      input: {
        rows: rows.map((r) => ({ kolId: r.kolId, trust: r.trust, success: r.success })),
      },
    },
  });
}

/** ORT alone: both Production sessions on prebuilt matrices, concurrently. */
function ortAlone(service: InferenceService, rows: readonly ScoreRow[]) {
  const trust = service.registry.production('trust');
  const success = service.registry.production('success');
  if (success.config.kind !== 'success') throw new Error('success model config is not success');
  const trustMatrix = buildTrustMatrix(rows.map((r) => r.trust));
  const successMatrix = buildSuccessMatrix(
    rows.map((r) => r.success),
    success.config.thresholds,
  );
  const trustWidth = trustMatrix.length / rows.length;
  const successWidth = successMatrix.length / rows.length;
  const outputs = ['probabilities', 'contributions'];
  return {
    versions: { trust: trust.version, success: success.version },
    features: { trust: trustWidth, success: successWidth },
    run: () =>
      Promise.all([
        trust.session.ort.run(
          {
            [MODEL_INPUT_NAME]: new ort.Tensor('float32', trustMatrix, [rows.length, trustWidth]),
          },
          outputs,
        ),
        success.session.ort.run(
          {
            [MODEL_INPUT_NAME]: new ort.Tensor('float32', successMatrix, [
              rows.length,
              successWidth,
            ]),
          },
          outputs,
        ),
      ]),
  };
}

interface BatchResult {
  rows: number;
  ortAlone: Timing;
  library: Timing;
  scoreKols: Timing & { serverTookMs: LatencySummary; requestBytes: number };
  scoreKolsWithReasons: Timing & { serverTookMs: LatencySummary; requestBytes: number };
  /** scoreKols median / ORT alone median (target: within 2). */
  endToEndOverOrt: number;
}

async function batch(
  url: string,
  service: InferenceService,
  all: readonly ScoreRow[],
  size: number,
): Promise<BatchResult> {
  const rows = all.slice(0, size);
  log(`batch ${size}: ORT alone`);
  const alone = ortAlone(service, rows);
  const ortSamples = await timeRepeated(params.ortRepeats, 3, alone.run);

  log(`batch ${size}: library`);
  const librarySamples = await timeRepeated(params.repeats, 2, () =>
    Promise.all([
      service.scoreTrust(rows.map((r) => r.trust)),
      service.scoreSuccess(rows.map((r) => r.success)),
    ]),
  );

  const viaHttp = async (query: string, repeats: number) => {
    const body = scoreKolsBody(query, rows);
    const took: number[] = [];
    const samples = await timeRepeated(repeats, 2, async () => {
      const data = await post<ScoreKolsData>(url, body);
      if (data.scoreKols.scored !== size || data.scoreKols.results.length !== size) {
        throw new Error(
          `scoreKols scored ${data.scoreKols.scored}/${size} (failed ${data.scoreKols.failed})`,
        );
      }
      took.push(data.scoreKols.tookMs);
    });
    return {
      ...timing(samples, size),
      serverTookMs: summarize(took.slice(-repeats)),
      requestBytes: Buffer.byteLength(body),
    };
  };
  log(`batch ${size}: scoreKols over HTTP`);
  const scoreKols = await viaHttp(SCORES_ONLY, params.repeats);
  log(`batch ${size}: scoreKols over HTTP with reasons`);
  const withReasons = await viaHttp(WITH_REASONS, Math.max(1, Math.ceil(params.repeats / 2)));
  const ortTiming = timing(ortSamples, size);
  return {
    rows: size,
    ortAlone: ortTiming,
    library: timing(librarySamples, size),
    scoreKols,
    scoreKolsWithReasons: withReasons,
    endToEndOverOrt: round(scoreKols.ms.p50 / ortTiming.ms.p50, 2),
  };
}

interface SingleResult {
  predictTrustHttp: LatencySummary;
  libraryOneRow: LatencySummary;
  ortAloneOneRow: LatencySummary;
}

async function single(
  url: string,
  service: InferenceService,
  rows: readonly ScoreRow[],
): Promise<SingleResult> {
  const n = params.singleCalls;
  const bodies = rows
    .slice(0, n)
    .map((r) => JSON.stringify({ query: PREDICT_TRUST, variables: { input: r.trust } }));
  log(`single: ${n} sequential predictTrust calls`);
  let i = 0;
  const http = await timeRepeated(n, 50, async () => {
    await post(url, bodies[i++ % bodies.length]!);
  });
  let j = 0;
  const library = await timeRepeated(n, 50, () => service.scoreTrust([rows[j++ % n]!.trust]));
  const one = ortAlone(service, rows.slice(0, 1));
  const ortOne = await timeRepeated(n, 50, one.run);
  return {
    predictTrustHttp: summarize(http),
    libraryOneRow: summarize(library),
    ortAloneOneRow: summarize(ortOne),
  };
}

function tables(batches: BatchResult[], one: SingleResult): string[] {
  const batchRows = batches.flatMap((b) => {
    const line = (path: string, t: Timing, extra: number | null) => [
      b.rows,
      path,
      t.ms.p50,
      t.ms.p95,
      t.ms.min,
      t.rowsPerSecond,
      round(t.ms.p50 / b.ortAlone.ms.p50, 2),
      extra,
      round(params.originalMsFor2000 / ((t.ms.p50 * 2000) / b.rows), 1),
    ];
    return [
      line('ORT alone (trust + success)', b.ortAlone, null),
      line('library (validate + features + ORT)', b.library, null),
      line('scoreKols over HTTP', b.scoreKols, b.scoreKols.serverTookMs.p50),
      line('scoreKols over HTTP, with reasons', b.scoreKolsWithReasons, null),
    ];
  });
  const batchTable = formatTable(
    'Batch scoring (trust + success per row), ms per call',
    [
      'rows',
      'path',
      'p50 ms',
      'p95 ms',
      'min ms',
      'rows/s',
      'x ORT alone',
      'server tookMs p50',
      'speed-up vs original (2,000 in 250 ms)',
    ],
    batchRows,
  );
  const singleTable = formatTable(
    `Single trust prediction, ${params.singleCalls} sequential calls (ms)`,
    ['call', 'p50', 'p95', 'p99', 'max'],
    [
      ['predictTrust over HTTP', ...pick(one.predictTrustHttp)],
      ['library scoreTrust, 1 row', ...pick(one.libraryOneRow)],
      ['ORT alone, 1 row (trust + success)', ...pick(one.ortAloneOneRow)],
    ],
  );
  return [batchTable, singleTable];
}

function pick(s: LatencySummary): number[] {
  return [s.p50, s.p95, s.p99, s.max];
}

async function main(): Promise<void> {
  const machine = machineInfo();
  const maxRows = Math.max(...params.batchSizes, params.singleCalls);
  const rows = scoreRows(maxRows);
  const service = await benchInference();
  // The same inference service as the library rows: the gateway scores with these sessions.
  const gateway = await startBenchGateway({ env: { LOG_LEVEL: 'warn', DEMO_EVENTS: 'false' } });
  try {
    const batches: BatchResult[] = [];
    for (const size of params.batchSizes)
      batches.push(await batch(gateway.url, service, rows, size));
    const one = await single(gateway.url, service, rows);
    const printed = tables(batches, one);
    for (const table of printed) process.stdout.write(`\n${table}\n`);
    const probe = ortAlone(service, rows.slice(0, 1));
    const file = writeResult({
      bench: 'scoring',
      machine,
      parameters: {
        ...params,
        models: probe.versions,
        featureCounts: probe.features,
        ortOutputs: ['probabilities', 'contributions'],
        ortThreads: 'onnxruntime-node defaults',
        scoreKolsSelection: SCORES_ONLY,
        scoreKolsWithReasonsSelection: WITH_REASONS,
      },
      results: { batches, single: one },
      tables: printed,
      notes: [
        'scoreKols time = client side, request body serialised beforehand, until the response JSON is parsed',
        'x ORT alone = p50 of the path / p50 of ORT alone for the same rows (target: scoreKols within 2x)',
        'speed-up vs original = 250 ms / (p50 scaled to 2,000 rows) (aim: 10x)',
      ],
    });
    process.stdout.write(`\nwrote ${file}\n`);
  } finally {
    await gateway.stop();
    await service.close();
  }
}

runBench('scoring', main);
