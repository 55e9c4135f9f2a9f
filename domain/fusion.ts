/**
 * Fusion ranking:
 *   final = α·norm(success) + β·norm(trust) + γ·norm(sentimentPositiveRatio) − δ·anomaly
 * with norm(x) = x / 100 for 0-100 scores; sentiment and anomaly are already in [0, 1].
 */

export interface FusionWeights {
  success: number;
  trust: number;
  sentiment: number;
  anomaly: number;
}

export const DEFAULT_FUSION_WEIGHTS: Readonly<FusionWeights> = Object.freeze({
  success: 0.45,
  trust: 0.35,
  sentiment: 0.2,
  anomaly: 0.3,
});

/** Used when a KOL has no comments yet: neither rewarded nor punished. */
export const NEUTRAL_SENTIMENT = 0.5;
/** EMA smoothing factor applied to the history of a stale trust score (newest weighs most). */
export const STALE_TRUST_EMA_ALPHA = 0.5;

/** The fusion sentiment input from a 24 h bucket: its positive ratio, or null when it had no comments. */
export function sentimentInput(
  day: { sentimentPositiveRatio: number; sentimentNegativeRatio: number } | null | undefined,
): number | null {
  return day && day.sentimentPositiveRatio + day.sentimentNegativeRatio > 0
    ? day.sentimentPositiveRatio
    : null;
}

export const TRUST_GATE_MODES = ['EXCLUDE', 'DOWNWEIGHT'] as const;
export type TrustGateMode = (typeof TRUST_GATE_MODES)[number];

export type TrustGate = {
  minTrust: number;
  mode: TrustGateMode;
  gatedSuccessFactor: number;
};

export interface FusionInputs {
  /** Trust scores newest first. */
  trustHistory: readonly { score: number; scoredAt: Date }[];
  success: number | null;
  revenueForecast: number | null;
  /** ISO 4217 code of `revenueForecast`, when known. */
  currency?: string | null;
  sentimentPositiveRatio: number | null;
  anomaly: number | null;
}

export interface FusionResult {
  score: number;
  successComponent: number;
  trustComponent: number;
  sentimentComponent: number;
  anomalyPenalty: number;
  /** Trust value used: the latest score, or its EMA when stale; null when never scored. */
  trustUsed: number | null;
  trustStale: boolean;
  /** True when the trust gate fired (the KOL is then excluded or its success weight cut). */
  gated: boolean;
  /** Names of the inputs that were missing and counted as 0 (or neutral for sentiment). */
  missing: string[];
  expectedValue: number | null;
  /** Currency of `expectedValue` (that of the revenue forecast); null without an expected value. */
  currency: string | null;
  weights: FusionWeights;
}

/** EMA over a newest-first series, seeded with the oldest value. */
export function emaNewestFirst(values: readonly number[], alpha: number): number {
  let ema = values.at(-1) ?? Number.NaN;
  for (let i = values.length - 2; i >= 0; i--) ema = alpha * (values[i] ?? ema) + (1 - alpha) * ema;
  return ema;
}

export function resolveTrust(
  history: FusionInputs['trustHistory'],
  now: Date,
  maxAgeMs: number,
): { value: number | null; stale: boolean } {
  const latest = history[0];
  if (latest === undefined) return { value: null, stale: false };
  const stale = now.getTime() - latest.scoredAt.getTime() > maxAgeMs;
  if (!stale) return { value: latest.score, stale };
  return {
    value: emaNewestFirst(
      history.map((h) => h.score),
      STALE_TRUST_EMA_ALPHA,
    ),
    stale,
  };
}

export function fuse(
  inputs: FusionInputs,
  weights: FusionWeights,
  options: { now: Date; trustMaxAgeMs: number; gate?: TrustGate },
): FusionResult {
  const missing: string[] = [];
  const trust = resolveTrust(inputs.trustHistory, options.now, options.trustMaxAgeMs);
  if (trust.value === null) missing.push('trust');
  if (inputs.success === null) missing.push('success');
  if (inputs.sentimentPositiveRatio === null) missing.push('sentiment');
  if (inputs.anomaly === null) missing.push('anomaly');

  const gate = options.gate;
  const gated = gate !== undefined && (trust.value ?? 0) < gate.minTrust;
  const successWeight =
    gated && gate.mode === 'DOWNWEIGHT'
      ? weights.success * gate.gatedSuccessFactor
      : weights.success;

  const successComponent = successWeight * ((inputs.success ?? 0) / 100);
  const trustComponent = weights.trust * ((trust.value ?? 0) / 100);
  const sentimentComponent =
    weights.sentiment * (inputs.sentimentPositiveRatio ?? NEUTRAL_SENTIMENT);
  const anomalyPenalty = weights.anomaly * (inputs.anomaly ?? 0);
  const expectedValue =
    inputs.revenueForecast !== null && trust.value !== null
      ? inputs.revenueForecast * (trust.value / 100)
      : null;

  return {
    score: successComponent + trustComponent + sentimentComponent - anomalyPenalty,
    successComponent,
    trustComponent,
    sentimentComponent,
    anomalyPenalty,
    trustUsed: trust.value,
    trustStale: trust.stale,
    gated,
    missing,
    expectedValue,
    currency: expectedValue === null ? null : (inputs.currency ?? null),
    weights: { ...weights, success: successWeight },
  };
}
