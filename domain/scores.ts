/** Score semantics from the SPEC (section 4). Kept in one place: the API, fusion and tests use these. */

export type RiskLevel = 'LOW' | 'MODERATE' | 'ELEVATED' | 'HIGH';
export type SuccessTier = 'HIGH' | 'MEDIUM' | 'LOW';

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
