import { registerEnumType } from 'type-graphql';

// GraphQL enums mirror the domain string unions; the string values are the names, so domain values
// pass through resolvers unchanged.

export enum RiskLevel {
  LOW = 'LOW',
  MODERATE = 'MODERATE',
  ELEVATED = 'ELEVATED',
  HIGH = 'HIGH',
}
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

export enum SuccessTier {
  HIGH = 'HIGH',
  MEDIUM = 'MEDIUM',
  LOW = 'LOW',
}
registerEnumType(SuccessTier, {
  name: 'SuccessTier',
  description: 'Expected campaign success band: HIGH (score > 75), MEDIUM (40-75), LOW (< 40).',
  valuesConfig: {
    HIGH: { description: 'Success score above 75.' },
    MEDIUM: { description: 'Success score from 40 to 75.' },
    LOW: { description: 'Success score below 40.' },
  },
});

export enum MetricWindow {
  M5 = 'M5',
  M15 = 'M15',
  H1 = 'H1',
  H24 = 'H24',
}
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

export enum PredictionSource {
  CACHE = 'CACHE',
  REALTIME = 'REALTIME',
  BATCH = 'BATCH',
}
registerEnumType(PredictionSource, {
  name: 'PredictionSource',
  description: 'Where a score came from.',
  valuesConfig: {
    CACHE: { description: 'A fresh stored score, served from the score store or its cache.' },
    REALTIME: { description: 'Computed by the model during this request.' },
    BATCH: { description: 'Computed by a batch scoring run (e.g. scoreKols or the nightly job).' },
  },
});

export enum AlertType {
  FOLLOWER_SPIKE = 'FOLLOWER_SPIKE',
  FOLLOWER_GROWTH = 'FOLLOWER_GROWTH',
  NEGATIVE_SENTIMENT_TREND = 'NEGATIVE_SENTIMENT_TREND',
  FORECAST_DROP = 'FORECAST_DROP',
  FEATURE_DRIFT = 'FEATURE_DRIFT',
}
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

export enum Severity {
  INFO = 'INFO',
  WARNING = 'WARNING',
  CRITICAL = 'CRITICAL',
}
registerEnumType(Severity, {
  name: 'Severity',
  description: 'How urgent an alert is; filters with minSeverity include this level and above.',
  valuesConfig: {
    INFO: { description: 'Worth a look.' },
    WARNING: { description: 'Unusual; check before committing budget.' },
    CRITICAL: { description: 'Strongly unusual; act now.' },
  },
});

export enum TrustGateMode {
  EXCLUDE = 'EXCLUDE',
  DOWNWEIGHT = 'DOWNWEIGHT',
}
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
