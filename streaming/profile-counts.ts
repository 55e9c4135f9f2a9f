/** Profile counters (followers, following, posts) from `profile_snapshot` events, onto stored profiles. */
import type { ProfileStore } from '../datasources/types';

export interface ProfileCountChange {
  kolId: string;
  /** Event time of the snapshot, epoch ms. */
  t: number;
  followers: number;
  following: number;
  posts: number;
}

/**
 * Writes the counts of KOLs that have a stored profile not newer than the snapshot. A snapshot only
 * knows counts, so it never creates a KOL (a `profile` event does). Returns the KOLs it updated.
 */
export async function applyProfileCounts(
  profiles: Pick<ProfileStore, 'getMany' | 'upsertMany'>,
  changes: readonly ProfileCountChange[],
): Promise<string[]> {
  if (changes.length === 0) return [];
  const current = await profiles.getMany(changes.map((c) => c.kolId));
  const updated = [];
  for (const [i, change] of changes.entries()) {
    const profile = current[i];
    if (!profile || profile.updatedAt.getTime() > change.t) continue;
    updated.push({
      ...profile,
      followers: change.followers,
      following: change.following,
      posts: change.posts,
      updatedAt: new Date(change.t),
    });
  }
  if (updated.length === 0) return [];
  return (await profiles.upsertMany(updated)).applied;
}
