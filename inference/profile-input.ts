import { WINDOW_MS, type KolProfile } from '../domain/types';
import type { AnomalyInput, TrustInput } from './types';

/** The trust model's raw input for a stored profile (the handle stands in for the username). */
export function trustInputFromProfile(profile: KolProfile, now: Date): TrustInput {
  return {
    kolId: profile.id,
    followersCount: profile.followers,
    followingCount: profile.following,
    postCount: profile.posts,
    favoritesCount: profile.favorites,
    accountAgeDays: accountAgeDays(profile, now),
    verified: profile.verified,
    hasBio: profile.bioLength > 0,
    hasUrl: profile.hasUrl,
    hasProfileImage: profile.hasProfileImage,
    bioLength: profile.bioLength,
    isPrivate: profile.isPrivate,
    usernameLength: profile.handle.length,
    usernameDigitCount: (profile.handle.match(/[0-9]/g) ?? []).length,
  };
}

export function anomalyInputFromProfile(
  profile: KolProfile,
  now: Date,
  day?: { engagementRate: number; followerDelta: number },
): AnomalyInput {
  return {
    kolId: profile.id,
    followersCount: profile.followers,
    followingCount: profile.following,
    postCount: profile.posts,
    accountAgeDays: accountAgeDays(profile, now),
    engagementRate: day?.engagementRate ?? null,
    followerDelta24h: day?.followerDelta ?? null,
  };
}

function accountAgeDays(profile: KolProfile, now: Date): number {
  return Math.max(
    1,
    Math.floor((now.getTime() - profile.accountCreatedAt.getTime()) / WINDOW_MS.H24),
  );
}
