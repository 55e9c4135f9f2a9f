import type { ScoreRecord } from '../domain/types';
import type { DemoScorer } from './seed';

/**
 * Scores derived from the demo generator's hidden traits, used only when the trained models are
 * not loaded (the models replace this in `server/gateway.ts`). Marked with their own model version
 * so nobody mistakes them for model output.
 */
export const heuristicDemoScorer: DemoScorer = async (kols, scoredAt) => {
  const records: ScoreRecord[] = [];
  for (const kol of kols) {
    const jitter = ((kol.profile.followers % 97) / 97 - 0.5) * 6 + (scoredAt.getUTCHours() % 3);
    const trust = kol.boughtAudience ? 22 + jitter : 82 + jitter;
    const success = Math.min(99, Math.max(1, kol.engagement * 500 + kol.ctr * 900 + jitter));
    const common = { kolId: kol.profile.id, modelVersion: 'demo-heuristic', scoredAt, reasons: [] };
    records.push(
      { ...common, model: 'trust', score: Math.min(99, Math.max(1, trust)) },
      {
        ...common,
        model: 'success',
        score: success,
        revenueForecast: Math.round(
          kol.hourlyViews * 24 * kol.ctr * kol.conversion * kol.price * 0.05,
        ),
      },
      { ...common, model: 'anomaly', score: kol.boughtAudience ? 0.7 : 0.1 },
    );
  }
  return records;
};
