import type { KolProfile } from '../../domain/types';
import type { SegmentFilter } from '../types';

/**
 * The one naming of segments, used by every store that indexes KOLs per segment (Cassandra's
 * `profiles_by_segment` partitions, Redis's ranking index). A KOL belongs to `all`, its category,
 * its platform and its category x platform, so every `SegmentFilter` shape reads exactly one segment.
 */
export function segmentKey(filter: SegmentFilter): string {
  const category = filter.category ? encodeURIComponent(filter.category) : '';
  const platform = filter.platform ? encodeURIComponent(filter.platform) : '';
  if (category && platform) return `cp/${category}/${platform}`;
  if (category) return `c/${category}`;
  if (platform) return `p/${platform}`;
  return 'all';
}

/** Every segment a KOL with this category and platform belongs to (no duplicates). */
export function segmentsOf(profile: Pick<KolProfile, 'category' | 'platform'>): string[] {
  const keys = [
    segmentKey({}),
    segmentKey({ category: profile.category }),
    segmentKey({ platform: profile.platform }),
    segmentKey({ category: profile.category, platform: profile.platform }),
  ];
  return [...new Set(keys)];
}
