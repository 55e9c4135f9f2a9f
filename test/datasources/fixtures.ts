/** Test records for the datasource tests (plain data, no vitest: usable from scripts too). */
import type {
  Alert,
  KolProfile,
  MetricPoint,
  MetricWindow,
  ScoreModel,
  ScoreRecord,
} from '../../domain/types';

let counter = 0;
/** Ids unique across the run, in increasing order (so sorted order = creation order). */
export function uid(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${String(counter).padStart(6, '0')}`;
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export function profile(id: string, overrides: Partial<KolProfile> = {}): KolProfile {
  return {
    id,
    platform: 'instagram',
    handle: `@${id}`,
    displayName: `KOL ${id}`,
    category: 'beauty',
    followers: 120_000,
    following: 350,
    posts: 1_800,
    verified: true,
    favorites: 9_000_000_000,
    bioLength: 120,
    hasUrl: true,
    hasProfileImage: true,
    isPrivate: false,
    accountCreatedAt: new Date('2015-03-01T00:00:00.000Z'),
    updatedAt: new Date('2026-01-02T03:04:05.678Z'),
    ...overrides,
  };
}

export function point(
  kolId: string,
  window: MetricWindow,
  bucketStart: Date,
  overrides: Partial<MetricPoint> = {},
): MetricPoint {
  return {
    kolId,
    window,
    bucketStart,
    views: 1_000,
    likes: 120,
    comments: 15,
    shares: 5,
    clicks: 40,
    orders: 2,
    followerDelta: -3,
    engagementRate: 0.14,
    sentimentPositiveRatio: 0.6,
    sentimentNegativeRatio: 0.1,
    ...overrides,
  };
}

export function score(
  kolId: string,
  model: ScoreModel,
  value: number,
  scoredAt: Date,
  overrides: Partial<ScoreRecord> = {},
): ScoreRecord {
  return {
    kolId,
    model,
    score: value,
    modelVersion: `${model}-1.0.0`,
    scoredAt,
    reasons: [
      {
        code: 'HIGH_ENGAGEMENT',
        message: 'Engagement is well above the category median.',
        impact: 4.5,
      },
      { code: 'LOW_FOLLOWER_RATIO', message: 'Follows many accounts.', impact: -1.25 },
    ],
    ...overrides,
  };
}

export function alert(kolId: string, createdAt: Date, overrides: Partial<Alert> = {}): Alert {
  return {
    id: uid('alert'),
    kolId,
    type: 'FOLLOWER_SPIKE',
    severity: 'WARNING',
    value: 4.7,
    threshold: 4,
    window: 'H1',
    message: 'Followers rose 4.7σ above the 60-minute baseline.',
    createdAt,
    ...overrides,
  };
}
