/** Score semantics (bands, tiers, flags). Kept in one place: the API, fusion and tests use these. */

export const RISK_LEVELS = ['LOW', 'MODERATE', 'ELEVATED', 'HIGH'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export const SUCCESS_TIERS = ['HIGH', 'MEDIUM', 'LOW'] as const;
export type SuccessTier = (typeof SUCCESS_TIERS)[number];
/** Where a served score came from (see the PredictionSource enum of the schema). */
export const PREDICTION_SOURCES = ['CACHE', 'REALTIME', 'BATCH'] as const;
export type PredictionSource = (typeof PREDICTION_SOURCES)[number];

/** trustScore = 100 * (1 - P(untrustworthy)). */
export function trustScoreFromProbability(pUntrustworthy: number): number {
  return 100 * (1 - pUntrustworthy);
}

export function riskLevelFor(trustScore: number): RiskLevel {
  if (trustScore >= 80) return 'LOW';
  if (trustScore >= 60) return 'MODERATE';
  if (trustScore >= 40) return 'ELEVATED';
  return 'HIGH';
}

export function isTrustworthy(trustScore: number): boolean {
  return trustScore >= 50;
}

export function successTierFor(successScore: number): SuccessTier {
  if (successScore > 75) return 'HIGH';
  if (successScore >= 40) return 'MEDIUM';
  return 'LOW';
}

export function isHighSuccess(successScore: number): boolean {
  return successScore >= 50;
}

/** Probability of the predicted class of a binary model whose positive-class probability is p. */
export function binaryConfidence(p: number): number {
  return Math.max(p, 1 - p);
}

/** Confidence of a 0-100 score that is 100 × a class probability (either orientation). */
export function confidenceFromScore(score0to100: number): number {
  return binaryConfidence(score0to100 / 100);
}
