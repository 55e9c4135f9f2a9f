/**
 * What each known model needs from its card, checked when it is loaded so that a bad card fails
 * at start (naming the file) rather than at the first request.
 */
import { cardThreshold, type ModelCard } from '../core/card';
import { ANOMALY_FEATURES } from '../features/anomaly';
import { FORECAST_FEATURES } from '../features/forecast';
import { SUCCESS_FEATURES, type SuccessThresholds } from '../features/success';
import { TRUST_FEATURES } from '../features/trust';
import { parseTrustRules, type TrustRule } from '../rules/trust';

export type ModelConfig =
  | { kind: 'trust'; rules: TrustRule[] }
  | { kind: 'success'; thresholds: SuccessThresholds }
  | { kind: 'anomaly'; decisionP50: number; decisionP01: number }
  | { kind: 'forecast'; horizonHours: number }
  | { kind: 'other' };

interface KnownModel {
  features: readonly string[];
  outputs: readonly string[];
  /** Outputs also served by a second session over the graph pruned to them (see core/prune.ts). */
  leanOutputs?: readonly string[];
  parse(card: ModelCard): ModelConfig;
}

export const KNOWN_MODELS: Readonly<Record<string, KnownModel>> = {
  trust: {
    features: TRUST_FEATURES,
    outputs: ['probabilities', 'contributions'],
    leanOutputs: ['probabilities'],
    parse: (card) => ({ kind: 'trust', rules: parseTrustRules(card.rules ?? []) }),
  },
  success: {
    features: SUCCESS_FEATURES,
    outputs: ['probabilities', 'contributions'],
    leanOutputs: ['probabilities'],
    parse: (card) => ({
      kind: 'success',
      thresholds: {
        viralViewsP90: cardThreshold(card, 'viral_views_p90'),
        highEngagementRateP75: cardThreshold(card, 'high_engagement_rate_p75'),
      },
    }),
  },
  anomaly: {
    features: ANOMALY_FEATURES,
    outputs: ['scores'],
    parse: (card) => {
      if (!card.normalisation) throw new Error('card.normalisation (d_p50, d_p01) is required');
      const { d_p50: p50, d_p01: p01 } = card.normalisation;
      if (!(p50 > p01)) throw new Error('card.normalisation needs d_p50 > d_p01');
      return { kind: 'anomaly', decisionP50: p50, decisionP01: p01 };
    },
  },
  forecast: {
    features: FORECAST_FEATURES,
    outputs: ['orders', 'revenue'],
    parse: (card) => {
      const horizon = card['horizon_hours'];
      if (typeof horizon !== 'number' || !Number.isInteger(horizon) || horizon <= 0) {
        throw new Error('card.horizon_hours (a whole number of hours) is required');
      }
      return { kind: 'forecast', horizonHours: horizon };
    },
  },
};

/** Validates a card against the code that will use it; returns the parsed configuration. */
export function modelConfigFor(card: ModelCard): {
  config: ModelConfig;
  outputs: readonly string[];
  leanOutputs?: readonly string[];
} {
  const known = KNOWN_MODELS[card.name];
  if (!known) return { config: { kind: 'other' }, outputs: [] };
  const same =
    known.features.length === card.features.length &&
    known.features.every((name, i) => card.features[i] === name);
  if (!same) {
    throw new Error(
      `card.features do not match the ${card.name} feature engineering of this gateway ` +
        `(expected ${known.features.join(', ')})`,
    );
  }
  return {
    config: known.parse(card),
    outputs: known.outputs,
    ...(known.leanOutputs && { leanOutputs: known.leanOutputs }),
  };
}
