/**
 * Score → flags, bands and confidence (the scorers use these; the
 * thresholds themselves live in domain/scores.ts, shared with the rest of the gateway).
 * trust: isTrustworthy >= 50; LOW >= 80, MODERATE 60-79.99, ELEVATED 40-59.99, HIGH < 40.
 * success: isHigh >= 50; HIGH > 75, MEDIUM 40-75, LOW < 40.
 * confidence: probability of the predicted class = max(score, 100 - score) / 100.
 */
import {
  confidenceFromScore,
  isHighSuccess,
  isTrustworthy,
  riskLevelFor,
  successTierFor,
  type RiskLevel,
  type SuccessTier,
} from '../../domain/scores';

export interface TrustOutcome {
  isTrustworthy: boolean;
  riskLevel: RiskLevel;
  confidence: number;
}

export interface SuccessOutcome {
  isHigh: boolean;
  tier: SuccessTier;
  confidence: number;
}

export function trustOutcome(trustScore: number): TrustOutcome {
  return {
    isTrustworthy: isTrustworthy(trustScore),
    riskLevel: riskLevelFor(trustScore),
    confidence: confidenceFromScore(trustScore),
  };
}

export function successOutcome(successScore: number): SuccessOutcome {
  return {
    isHigh: isHighSuccess(successScore),
    tier: successTierFor(successScore),
    confidence: confidenceFromScore(successScore),
  };
}
