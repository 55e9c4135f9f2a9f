import type { DataSources } from '../datasources/types';
import type { ScoreRecord } from '../domain/types';
import { WINDOW_MS } from '../domain/types';
import { generateDemoKols, generateHistory, type DemoKol } from './dataset';

/** Computes the stored scores of the demo KOLs (the trained models when available). */
export type DemoScorer = (kols: readonly DemoKol[], scoredAt: Date) => Promise<ScoreRecord[]>;

export interface DemoSeedResult {
  kols: DemoKol[];
  metricPoints: number;
  scores: number;
}

/**
 * Loads the demo data set: profiles, 24 h of metric history in every window, and three trust
 * scores per KOL over the last day (so stale-score smoothing has a history to work with).
 */
export async function seedDemoData(
  data: DataSources,
  options: { count: number; now: Date; scorer: DemoScorer },
): Promise<DemoSeedResult> {
  const kols = generateDemoKols(options.count, options.now);
  await data.profiles.upsertMany(kols.map((k) => k.profile));
  const history = kols.flatMap((kol, i) => generateHistory(kol, options.now, 1000 + i));
  await data.metrics.write(history);
  const metricPoints = history.length;
  let scores = 0;
  for (const hoursAgo of [16, 8, 0]) {
    const records = await options.scorer(
      kols,
      new Date(options.now.getTime() - hoursAgo * WINDOW_MS.H1),
    );
    scores += records.length;
    await data.scores.put(records);
  }
  return { kols, metricPoints, scores };
}
