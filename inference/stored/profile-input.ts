import { WINDOW_MS, type KolProfile, type UnreportedProfileField } from '../../domain/types';
import type { AnomalyInput, TrustInput } from '../core/types';

function reported(profile: KolProfile, field: UnreportedProfileField): boolean {
  return !(profile.unreported ?? []).includes(field);
}

/**
 * The trust model's raw input for a stored profile (the handle stands in for the username). A
 * field the source did not report (`profile.unreported`) is passed as unknown, so the model's
 * documented default applies instead of the profile's stand-in value.
 */
export function trustInputFromProfile(profile: KolProfile, now: Date): TrustInput {
  const bioReported = reported(profile, 'bioLength');
  return {
    kolId: profile.id,
    followersCount: profile.followers,
    followingCount: profile.following,
    postCount: profile.posts,
    favoritesCount: reported(profile, 'favoritesCount') ? profile.favorites : null,
    accountAgeDays: accountAgeDays(profile, now),
    verified: profile.verified,
    hasBio: profile.hasBio ?? (bioReported ? profile.bioLength > 0 : null),
    hasUrl: reported(profile, 'hasUrl') ? profile.hasUrl : null,
    hasProfileImage: reported(profile, 'hasProfileImage') ? profile.hasProfileImage : null,
    bioLength: bioReported ? profile.bioLength : null,
    isPrivate: reported(profile, 'isPrivate') ? profile.isPrivate : null,
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

/** Whole days since the account was created (at least 1), or null when the source did not say. */
function accountAgeDays(profile: KolProfile, now: Date): number | null {
  if (!reported(profile, 'accountCreatedAt')) return null;
  return Math.max(
    1,
    Math.floor((now.getTime() - profile.accountCreatedAt.getTime()) / WINDOW_MS.H24),
  );
}

/** The profile's optional trust inputs that were not reported, in KolInput field names. */
export function unreportedProfileInputs(profile: KolProfile): string[] {
  const missing: string[] = [...(profile.unreported ?? [])];
  if (profile.hasBio === undefined && !reported(profile, 'bioLength')) missing.push('hasBio');
  return missing;
}
