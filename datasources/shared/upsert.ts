import type { KolProfile } from '../../domain/types';
import type { ProfileUpsertResult } from '../types';

/** The last profile per id of a batch (the batch's own "last wins" rule), in first-seen order. */
export function lastPerId(profiles: readonly KolProfile[]): KolProfile[] {
  const latest = new Map<string, KolProfile>();
  for (const profile of profiles) latest.set(profile.id, profile);
  return [...latest.values()];
}

/**
 * Splits a batch into the profiles to write and the ids to skip: a profile older than the stored
 * one (by `updatedAt`) is skipped; the same or a newer time replaces it. `stored[i]` is the stored
 * `updatedAt` of `incoming[i]`, undefined when there is none.
 */
export function newerThanStored(
  incoming: readonly KolProfile[],
  stored: readonly (Date | undefined)[],
): { write: KolProfile[]; result: ProfileUpsertResult } {
  const write: KolProfile[] = [];
  const result: ProfileUpsertResult = { applied: [], skipped: [] };
  incoming.forEach((profile, i) => {
    const before = stored[i];
    if (before && profile.updatedAt.getTime() < before.getTime()) {
      result.skipped.push(profile.id);
    } else {
      write.push(profile);
      result.applied.push(profile.id);
    }
  });
  return { write, result };
}
