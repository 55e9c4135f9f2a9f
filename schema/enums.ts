import { registerEnumType } from 'type-graphql';
import { TRUST_GATE_MODES } from '../domain/fusion';
import { PREDICTION_SOURCES, RISK_LEVELS, SUCCESS_TIERS } from '../domain/scores';
import { ALERT_TYPES, METRIC_WINDOWS, SEVERITIES } from '../domain/types';

/**
 * GraphQL enums are built from the domain's constant arrays: each value's name is the domain string
 * itself, so a domain value is a valid enum value as it is (no mapping, no casts in resolvers).
 */
export type EnumObject<T extends string> = { readonly [K in T]: K };

export function enumFrom<const T extends string>(values: readonly T[]): EnumObject<T> {
  return Object.fromEntries(values.map((v) => [v, v])) as EnumObject<T>;
}

export const RiskLevel = enumFrom(RISK_LEVELS);
export type RiskLevel = (typeof RISK_LEVELS)[number];
registerEnumType(RiskLevel, {
  name: 'RiskLevel',
  description:
    'Trust risk band: LOW (trust >= 80), MODERATE (60-79.99), ELEVATED (40-59.99), HIGH (< 40).',
  valuesConfig: {
    LOW: { description: 'Trust score 80 or above.' },
    MODERATE: { description: 'Trust score from 60 up to 80.' },
    ELEVATED: { description: 'Trust score from 40 up to 60.' },
    HIGH: { description: 'Trust score below 40: likely bought followers or automation.' },
  },
});

export const SuccessTier = enumFrom(SUCCESS_TIERS);
export type SuccessTier = (typeof SUCCESS_TIERS)[number];
registerEnumType(SuccessTier, {
  name: 'SuccessTier',
  description: 'Expected campaign success band: HIGH (score > 75), MEDIUM (40-75), LOW (< 40).',
  valuesConfig: {
    HIGH: { description: 'Success score above 75.' },
    MEDIUM: { description: 'Success score from 40 to 75.' },
    LOW: { description: 'Success score below 40.' },
  },
});

export const MetricWindow = enumFrom(METRIC_WINDOWS);
export type MetricWindow = (typeof METRIC_WINDOWS)[number];
registerEnumType(MetricWindow, {
  name: 'MetricWindow',
  description: 'Width of a rolling-metric bucket.',
  valuesConfig: {
    M5: { description: '5 minutes.' },
    M15: { description: '15 minutes.' },
    H1: { description: '1 hour.' },
    H24: { description: '24 hours.' },
  },
});

export const PredictionSource = enumFrom(PREDICTION_SOURCES);
export type PredictionSource = (typeof PREDICTION_SOURCES)[number];
registerEnumType(PredictionSource, {
  name: 'PredictionSource',
  description: 'Where a score came from.',
  valuesConfig: {
    CACHE: { description: 'A fresh stored score, served from the score store or its cache.' },
    REALTIME: { description: 'Computed by the model during this request.' },
    BATCH: { description: 'Computed by a batch scoring run (e.g. scoreKols or the nightly job).' },
  },
});

export const AlertType = enumFrom(ALERT_TYPES);
export type AlertType = (typeof ALERT_TYPES)[number];
registerEnumType(AlertType, {
  name: 'AlertType',
  description: 'What an alert measured. Alerts report measurements, not verdicts.',
  valuesConfig: {
    FOLLOWER_SPIKE: { description: 'Follower change above 4σ of the 60-minute EWMA baseline.' },
    FOLLOWER_GROWTH: { description: 'Followers grew more than 5% within one hour.' },
    NEGATIVE_SENTIMENT_TREND: { description: 'Negative comment ratio rose three hours in a row.' },
    FORECAST_DROP: { description: 'Forecast fell more than 30% below the KOL’s own baseline.' },
    FEATURE_DRIFT: { description: 'Input distribution drifted from training (PSI above 0.2).' },
  },
});

export const Severity = enumFrom(SEVERITIES);
export type Severity = (typeof SEVERITIES)[number];
registerEnumType(Severity, {
  name: 'Severity',
  description: 'How urgent an alert is; filters with minSeverity include this level and above.',
  valuesConfig: {
    INFO: { description: 'Worth a look.' },
    WARNING: { description: 'Unusual; check before committing budget.' },
    CRITICAL: { description: 'Strongly unusual; act now.' },
  },
});

export const TrustGateMode = enumFrom(TRUST_GATE_MODES);
export type TrustGateMode = (typeof TRUST_GATE_MODES)[number];
registerEnumType(TrustGateMode, {
  name: 'TrustGateMode',
  description: 'What the ranking does with a KOL whose trust is below `minTrust`.',
  valuesConfig: {
    EXCLUDE: { description: 'Leave the KOL out of the ranking.' },
    DOWNWEIGHT: {
      description: 'Keep the KOL but multiply its success weight by `gatedSuccessFactor`.',
    },
  },
});
