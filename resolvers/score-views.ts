import {
  confidenceFromScore,
  isHighSuccess,
  isTrustworthy,
  riskLevelFor,
  successTierFor,
} from '../domain/scores';
import type { ScoreRecord } from '../domain/types';
import { PredictionSource, RiskLevel, SuccessTier } from '../schema/enums';
import type { SuccessScore, TrustScore } from '../schema/scores';

export function isStale(record: ScoreRecord, now: Date, maxAgeSeconds: number): boolean {
  return now.getTime() - record.scoredAt.getTime() > maxAgeSeconds * 1000;
}

/** A stored trust record as the API shows it; every derived field comes from domain/scores. */
export function trustView(
  record: ScoreRecord,
  source: PredictionSource,
  stale: boolean,
): TrustScore {
  return {
    kolId: record.kolId,
    trustScore: record.score,
    isTrustworthy: isTrustworthy(record.score),
    confidence: confidenceFromScore(record.score),
    riskLevel: RiskLevel[riskLevelFor(record.score)],
    predictionSource: source,
    modelVersion: record.modelVersion,
    scoredAt: record.scoredAt,
    stale,
    // A getter, so reasons (lazily computed by the scorers) are only built when a client asks.
    get reasons() {
      return record.reasons;
    },
  };
}

export function successView(
  record: ScoreRecord,
  source: PredictionSource,
  stale: boolean,
): SuccessScore {
  return {
    kolId: record.kolId,
    successScore: record.score,
    tier: SuccessTier[successTierFor(record.score)],
    isHigh: isHighSuccess(record.score),
    confidence: confidenceFromScore(record.score),
    predictionSource: source,
    modelVersion: record.modelVersion,
    scoredAt: record.scoredAt,
    stale,
    revenueForecast: record.revenueForecast ?? null,
    get reasons() {
      return record.reasons;
    },
  };
}
