/**
 * Loads the demo data set through the path users' own KOLs take. Per chunk of KOLs (so memory stays
 * bounded at any DEMO_KOLS): the metric history is written first, then the KolInput rows go through
 * the import service (validation, the stored-KOL scores of trust, anomaly, success and forecast from
 * that history, profiles, rankings), as for a user who loads history and then their file. Two
 * earlier score rounds (16 h and 8 h ago) give trust smoothing and score history something to read.
 */
import type { DataSources } from '../datasources/types';
import type { ScoreRecord } from '../domain/types';
import { WINDOW_MS } from '../domain/types';
import { createKolImportService, MAX_UPSERT_ROWS } from '../services/kol-import';
import { generateDemoKols, generateHistory, kolInputOf, type DemoKol } from './dataset';
import type { DemoScorer } from './model-scores';

export type { DemoScorer } from './model-scores';

export interface DemoSeedResult {
  kols: DemoKol[];
  metricPoints: number;
  scores: number;
}

const EARLIER_ROUNDS_HOURS = [16, 8];
/** KOLs generated, written and imported at a time. */
const CHUNK = Math.min(1_000, MAX_UPSERT_ROWS);

export async function seedDemoData(
  data: DataSources,
  options: { count: number; now: Date; scorer: DemoScorer },
): Promise<DemoSeedResult> {
  const { inference } = options.scorer;
  const { now } = options;
  const importer = createKolImportService({ data, inference });
  const kols = generateDemoKols(options.count, now);
  let metricPoints = 0;
  let scores = 0;
  for (let start = 0; start < kols.length; start += CHUNK) {
    const chunk = kols.slice(start, start + CHUNK);
    const histories = chunk.map((kol, i) => generateHistory(kol, now, 1000 + start + i));
    const points = histories.flat();
    await data.metrics.write(points);
    metricPoints += points.length;

    const earlier: ScoreRecord[] = [];
    for (const hoursAgo of EARLIER_ROUNDS_HOURS) {
      const at = new Date(now.getTime() - hoursAgo * WINDOW_MS.H1);
      const scored = await inference.scoreStoredKols(
        chunk.map((kol, i) => ({
          profile: kol.profile,
          hourly: (histories[i] ?? []).filter((p) => p.window === 'H1' && p.bucketStart < at),
        })),
        at,
      );
      for (const result of scored) earlier.push(...result.records);
    }
    await data.scores.put(earlier);
    scores += earlier.length;

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
