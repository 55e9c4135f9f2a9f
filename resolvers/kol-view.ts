import type { KolProfile, UnreportedProfileField } from '../domain/types';
import type { Kol } from '../schema/kol';

/** A Kol as the resolvers pass it on: the API's fields plus the profile they came from. */
export interface KolSource extends Kol {
  profile: KolProfile;
}

/** The API view of a stored profile: stand-ins of unreported fields are shown as null. */
export function kolOf(profile: KolProfile): KolSource {
  const unreported = new Set<UnreportedProfileField>(profile.unreported ?? []);
  const reported = <T>(field: UnreportedProfileField, value: T): T | null =>
    unreported.has(field) ? null : value;
  const bioLength = reported('bioLength', profile.bioLength);
  return {
    id: profile.id,
    platform: profile.platform,
    handle: profile.handle,
    displayName: profile.displayName,
    category: profile.category,
    followers: profile.followers,
    following: profile.following,
    posts: profile.posts,
    verified: profile.verified,
    favoritesCount: reported('favoritesCount', profile.favorites),
    accountCreatedAt: reported('accountCreatedAt', profile.accountCreatedAt),
    hasBio: profile.hasBio ?? (bioLength === null ? null : bioLength > 0),
    bioLength,
    hasUrl: reported('hasUrl', profile.hasUrl),
    hasProfileImage: reported('hasProfileImage', profile.hasProfileImage),
    isPrivate: reported('isPrivate', profile.isPrivate),
    pricePerPost: profile.pricePerPost ?? null,
    currency: profile.currency ?? null,
    country: profile.country ?? null,
    language: profile.language ?? null,
    updatedAt: profile.updatedAt,
    profile,
  };
}
