/**
 * Loads the demo data set through the path users' own KOLs take. Per chunk of KOLs (so memory stays
 * bounded at any DEMO_KOLS): the metric history is written first, then the KolInput rows go through
 * the import service (validation, the stored-KOL scores of trust, anomaly, success and forecast from
 * that history, profiles, rankings), as for a user who loads history and then their file. Two
 * earlier score rounds (16 h and 8 h ago) give trust smoothing and score history something to read.
 */
import type { DataSources } from '../datasources/types';
import type { MetricPoint, ScoreRecord } from '../domain/types';
import { WINDOW_MS } from '../domain/types';
import { createKolImportService, MAX_UPSERT_ROWS } from '../services/kol-import';
import { demoKols, generateHistory, kolInputOf, type DemoKol } from './dataset';
import type { DemoScorer } from './model-scores';

export type { DemoScorer } from './model-scores';

export interface DemoSeedResult {
  kols: DemoKol[];
  metricPoints: number;
  scores: number;
}

const EARLIER_ROUNDS_HOURS = [16, 8];
/**
 * KOLs imported at a time. Each import writes its profiles into the ranking index, whose big
 * segments (all, platform, follower band) are rebuilt per write: 20 writes of 5,000 for 100,000
 * KOLs cost a third of 100 writes of 1,000 (index writes alone: 1.5 s against 4.1 s CPU).
 */
const CHUNK = Math.min(5_000, MAX_UPSERT_ROWS);
/**
 * KOLs whose history is generated and written at a time: small, so the ~415 points per KOL die
 * young instead of a whole chunk's history reaching the old generation of the heap.
 */
const HISTORY_BATCH = 50;
/**
 * KOLs scored at a time in the earlier rounds: their H1 points and earlier records are held until
 * then, so a quarter of a chunk instead of all of it (a model run costs the same per KOL from
 * about 250 rows on).
 */
const ROUND_BATCH = 250;

export async function seedDemoData(
  data: DataSources,
  options: { count: number; now: Date; scorer: DemoScorer },
): Promise<DemoSeedResult> {
  const { inference } = options.scorer;
  const { now } = options;
  const importer = createKolImportService({ data, inference });
  const kols: DemoKol[] = [];
  const stream = demoKols(options.count, now);
  let metricPoints = 0;
  let scores = 0;
  // The points of a history batch are written over by the next batch (the stores copy what they
  // write before `write` resolves; the H1 points, kept for the earlier rounds, are new each time).
  const histories: MetricPoint[][] = [];
  const points: MetricPoint[] = [];
  for (let start = 0; start < options.count; start += CHUNK) {
    const chunk = take(stream, CHUNK);
    kols.push(...chunk);
    for (let part = 0; part < chunk.length; part += ROUND_BATCH) {
      const kolsOfPart = chunk.slice(part, part + ROUND_BATCH);
      const hourly: MetricPoint[][] = [];
      for (let from = 0; from < kolsOfPart.length; from += HISTORY_BATCH) {
        points.length = 0;
        for (let i = from; i < Math.min(from + HISTORY_BATCH, kolsOfPart.length); i++) {
          const slot = i - from;
          const seed = 1000 + start + part + i;
          const history = generateHistory(kolsOfPart[i]!, now, seed, histories[slot]);
          histories[slot] = history;
          hourly.push(history.filter((p) => p.window === 'H1'));
          for (const point of history) points.push(point);
        }
        await data.metrics.write(points);
        metricPoints += points.length;
      }

      const earlier: ScoreRecord[] = [];
      for (const hoursAgo of EARLIER_ROUNDS_HOURS) {
        const at = now.getTime() - hoursAgo * WINDOW_MS.H1;
        const scored = await inference.scoreStoredKols(
          kolsOfPart.map((kol, i) => ({
            profile: kol.profile,
            hourly: (hourly[i] ?? []).filter((p) => p.bucketStart.getTime() < at),
          })),
          new Date(at),
        );
        for (const result of scored) earlier.push(...result.records);
      }
      await data.scores.put(earlier);
      scores += earlier.length;
    }

    const outcome = await importer.upsertKols(
      chunk.map((k) => kolInputOf(k.profile, k.price)),
      now,
      { historyBeforeProfiles: true },
    );
    const [error] = outcome.errors;
    if (error) throw new Error(`demo KOL row ${start + error.index} is invalid: ${error.message}`);
    scores += outcome.scores;
  }
  return { kols, metricPoints, scores };
}

/** The next `n` items (fewer at the end). */
function take<T>(items: Iterator<T>, n: number): T[] {
  const out: T[] = [];
  while (out.length < n) {
    const next = items.next();
    if (next.done) break;
    out.push(next.value);
  }
  return out;
}
