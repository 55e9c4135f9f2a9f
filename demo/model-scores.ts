import { WINDOW_MS, type ScoreRecord } from '../domain/types';
import { anomalyInputFromProfile, trustInputFromProfile } from '../inference/profile-input';
import type { InferenceService } from '../inference/service';
import type { DemoKol } from './dataset';
import type { DemoScorer } from './seed';

/**
 * Scores the demo KOLs with the served models, as a nightly batch job would: trust from the profile,
 * success from a day of the KOL's typical video figures and price, anomaly from profile and activity.
 */
export function modelDemoScorer(inference: InferenceService): DemoScorer {
  return async (kols, scoredAt) => {
    const trust = await inference.scoreTrust(
      kols.map((k) => trustInputFromProfile(k.profile, scoredAt)),
    );
    const success = await inference.scoreSuccess(kols.map(dailyVideoFigures));
    const anomaly = await inference.scoreAnomaly(
      kols.map((k) =>
        anomalyInputFromProfile(k.profile, scoredAt, {
          engagementRate: k.engagement,
          followerDelta: Math.round(k.profile.followers * 0.0002 * 24 * 0.2),
        }),
      ),
    );
    return kols.flatMap((kol, i): ScoreRecord[] => {
      const t = trust[i];
      const s = success[i];
      const a = anomaly[i];
      if (!t || !s || !a) throw new Error(`the models returned no score for ${kol.profile.id}`);
      return [
        record(kol, 'trust', t.trustScore, t.modelVersion, scoredAt, t.reasons),
        {
          ...record(kol, 'success', s.successScore, s.modelVersion, scoredAt, s.reasons),
          revenueForecast: Math.round(expectedOrders(kol) * kol.price),
        },
        record(kol, 'anomaly', a.anomalyScore, a.modelVersion, scoredAt, []),
      ];
    });
  };
}

function record(
  kol: DemoKol,
  model: ScoreRecord['model'],
  score: number,
  modelVersion: string,
  scoredAt: Date,
  reasons: ScoreRecord['reasons'],
): ScoreRecord {
  return { kolId: kol.profile.id, model, score, modelVersion, scoredAt, reasons: [...reasons] };
}

function dailyViews(kol: DemoKol): number {
  return Math.round(kol.hourlyViews * (WINDOW_MS.H24 / WINDOW_MS.H1));
}

function expectedOrders(kol: DemoKol): number {
  return dailyViews(kol) * kol.ctr * kol.conversion;
}

function dailyVideoFigures(kol: DemoKol) {
  const views = dailyViews(kol);
  const engaged = views * kol.engagement;
  return {
    kolId: kol.profile.id,
    videoViews: views,
    videoLikes: Math.round(engaged * 0.85),
    videoComments: Math.round(engaged * 0.1),
    videoShares: Math.round(engaged * 0.05),
    estCtr: kol.ctr,
    price: kol.price,
  };
}
