/** Anomaly feature engineering: line for line the same as training/features_anomaly.py. */
import { ANOMALY_INPUT_DEFAULTS } from '../core/defaults';
import type { AnomalyInput } from '../core/types';

export const ANOMALY_FEATURES = [
  'log_followers',
  'log_following_followers_ratio',
  'log_posts_per_day',
  'engagement_rate',
  'follower_growth_24h',
] as const;

export function writeAnomalyFeatures(input: AnomalyInput, out: Float32Array, offset: number): void {
  const d = ANOMALY_INPUT_DEFAULTS;
  const followers = input.followersCount;
  const age = input.accountAgeDays ?? d.accountAgeDays;
  const rate = input.engagementRate ?? d.engagementRate;
  const growth =
    input.followerDelta24h == null
      ? d.followerGrowthRate24h
      : input.followerDelta24h / Math.max(followers, 1);
  out[offset] = Math.log1p(followers);
  out[offset + 1] = Math.log1p(input.followingCount) - Math.log1p(followers);
  out[offset + 2] = Math.log1p(input.postCount / Math.max(age, 1));
  out[offset + 3] = rate;
  out[offset + 4] = growth;
}

export function anomalyFeatureMatrix(inputs: readonly AnomalyInput[]): Float32Array {
  const width = ANOMALY_FEATURES.length;
  const out = new Float32Array(inputs.length * width);
  for (let i = 0; i < inputs.length; i++) writeAnomalyFeatures(inputs[i]!, out, i * width);
  return out;
}

export function anomalyFeatureVector(input: AnomalyInput): number[] {
  return Array.from(anomalyFeatureMatrix([input]));
}
