import type { KolProfile } from '../../domain/types';
import type { FollowerBand, SegmentFilter } from '../types';

/** Follower bands, smallest first, with the lower bound of each (a band runs up to the next one). */
export const FOLLOWER_BANDS: readonly FollowerBand[] = ['NANO', 'MICRO', 'MID', 'MACRO', 'MEGA'];
const BAND_FLOORS: readonly number[] = [0, 10_000, 100_000, 500_000, 1_000_000];

export function followerBand(followers: number): FollowerBand {
  let band: FollowerBand = 'NANO';
  FOLLOWER_BANDS.forEach((candidate, i) => {
    if (followers >= (BAND_FLOORS[i] ?? Infinity)) band = candidate;
  });
  return band;
}

/** What decides a KOL's segments: the profile fields a `SegmentFilter` can name. */
export interface SegmentAttributes {
  category: string;
  platform: string;
  country?: string;
  language?: string;
  followerBand: FollowerBand;
}

export function segmentAttributes(
  profile: Pick<KolProfile, 'category' | 'platform' | 'followers' | 'country' | 'language'>,
): SegmentAttributes {
  const attributes: SegmentAttributes = {
    category: profile.category,
    platform: profile.platform,
    followerBand: followerBand(profile.followers),
  };
  if (profile.country) attributes.country = profile.country;
  if (profile.language) attributes.language = profile.language;
  return attributes;
}

const part = (value: string): string => encodeURIComponent(value);

/**
 * The one naming of segments, used by every index of KOLs per segment (the ranking indexes). A KOL
 * belongs to `all`, its category, its platform, its category x platform, its country, its language
 * and its follower band, so each of those filter shapes reads exactly one segment. Other combinations (e.g. category + country)
 * have no segment of their own: `segmentKey` returns undefined and `readPlan` says how to answer.
 */
export function segmentKey(filter: SegmentFilter): string | undefined {
  const { category, platform, country, language, followerBand: band } = filter;
  const others = [country, language, band].filter(Boolean).length;
  if (others > 0) {
    if (others > 1 || category || platform) return undefined;
    if (country) return `co/${part(country)}`;
    if (language) return `l/${part(language)}`;
    return `b/${band}`;
  }
  if (category && platform) return `cp/${part(category)}/${part(platform)}`;
  if (category) return `c/${part(category)}`;
  if (platform) return `p/${part(platform)}`;
  return 'all';
}

/** Every segment of a KOL with these attributes (no duplicates). */
export function segmentsOf(attributes: SegmentAttributes): string[] {
  const keys = [
    'all',
    `c/${part(attributes.category)}`,
    `p/${part(attributes.platform)}`,
    `cp/${part(attributes.category)}/${part(attributes.platform)}`,
    `b/${attributes.followerBand}`,
  ];
  if (attributes.country) keys.push(`co/${part(attributes.country)}`);
  if (attributes.language) keys.push(`l/${part(attributes.language)}`);
  return [...new Set(keys)];
}

/** True when a KOL with these attributes is in the filter's segment. */
export function matchesSegment(attributes: SegmentAttributes, filter: SegmentFilter): boolean {
  return (
    (!filter.category || attributes.category === filter.category) &&
    (!filter.platform || attributes.platform === filter.platform) &&
    (!filter.country || attributes.country === filter.country) &&
    (!filter.language || attributes.language === filter.language) &&
    (!filter.followerBand || attributes.followerBand === filter.followerBand)
  );
}

/**
 * The segments whose intersection is exactly the filter: one for an indexed filter shape, one per
 * named dimension otherwise (category x platform counting as one).
 */
export function segmentsToIntersect(filter: SegmentFilter): string[] {
  const key = segmentKey(filter);
  if (key !== undefined) return [key];
  const keys: string[] = [];
  const categoryPlatform = segmentKey({ category: filter.category, platform: filter.platform });
  if (categoryPlatform !== undefined && categoryPlatform !== 'all') keys.push(categoryPlatform);
  if (filter.country) keys.push(`co/${part(filter.country)}`);
  if (filter.language) keys.push(`l/${part(filter.language)}`);
  if (filter.followerBand) keys.push(`b/${filter.followerBand}`);
  return keys;
}

/** The dimension and value a segment key stands for (inverse of the naming above). */
export function parseSegmentKey(
  key: string,
):
  | { kind: 'all' }
  | { kind: 'category' | 'platform' | 'country' | 'language' | 'followerBand'; value: string }
  | { kind: 'categoryPlatform'; category: string; platform: string }
  | undefined {
  if (key === 'all') return { kind: 'all' };
  const [prefix, a, b] = key.split('/');
  const decode = (v: string | undefined): string => decodeURIComponent(v ?? '');
  switch (prefix) {
    case 'c':
      return { kind: 'category', value: decode(a) };
    case 'p':
      return { kind: 'platform', value: decode(a) };
    case 'cp':
      return { kind: 'categoryPlatform', category: decode(a), platform: decode(b) };
    case 'co':
      return { kind: 'country', value: decode(a) };
    case 'l':
      return { kind: 'language', value: decode(a) };
    case 'b':
      return { kind: 'followerBand', value: decode(a) };
    default:
      return undefined;
  }
}
