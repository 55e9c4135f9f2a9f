/**
 * Loads the demo data set through the path users' own KOLs take: KolInput rows into the import
 * service (validation, trust and anomaly scores, profiles, rankings), then the metric history, then
 * the stored-KOL scores of the last day from that history (success and forecast included), as the
 * stream pipeline would have written them.
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

/** Hours ago of the earlier score rounds, so trust smoothing and score history have something to read. */
const EARLIER_ROUNDS_HOURS = [16, 8];

export async function seedDemoData(
  data: DataSources,
  options: { count: number; now: Date; scorer: DemoScorer },
): Promise<DemoSeedResult> {
  const { inference } = options.scorer;
  const { now } = options;
  const kols = generateDemoKols(options.count, now);
  const byKol = kols.map((kol, i) => generateHistory(kol, now, 1000 + i));
  const history = byKol.flat();
  const hourly = byKol.map((points) => points.filter((p) => p.window === 'H1'));
  const earlier: ScoreRecord[] = [];
  // Rounds before the import: the history is written after it, so score them from memory.
  for (const hoursAgo of EARLIER_ROUNDS_HOURS) {
    const at = new Date(now.getTime() - hoursAgo * WINDOW_MS.H1);
    const scored = await inference.scoreStoredKols(
      kols.map((kol, i) => ({
        profile: kol.profile,
        hourly: (hourly[i] ?? []).filter((p) => p.bucketStart < at),
      })),
      at,
    );
    for (const result of scored) earlier.push(...result.records);
  }

  const importer = createKolImportService({ data, inference });
  const rows = kols.map((k) => kolInputOf(k.profile, k.price));
  let imported = 0;
  for (let i = 0; i < rows.length; i += MAX_UPSERT_ROWS) {
    const outcome = await importer.upsertKols(rows.slice(i, i + MAX_UPSERT_ROWS), now);
    const [error] = outcome.errors;
    if (error) throw new Error(`demo KOL row ${i + error.index} is invalid: ${error.message}`);
    imported += outcome.scores;
  }
  await data.metrics.write(history);

  // The current round from the stored history: the models that need metrics (success, forecast);
  // trust and anomaly of now came with the import.
  const current = await inference.scoreStoredKols(
    kols.map((kol, i) => ({ profile: kol.profile, hourly: hourly[i] ?? [] })),
    now,
  );
  const fromHistory = current.flatMap((r) =>
    r.records.filter((record) => record.model === 'success' || record.model === 'forecast'),
  );
  const records = [...earlier, ...fromHistory];
  await data.scores.put(records);
  await data.rankings.refresh(kols.map((k) => k.profile.id));
  return { kols, metricPoints: history.length, scores: imported + records.length };
}
