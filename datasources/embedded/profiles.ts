import type { KolProfile } from '../../domain/types';
import { matchesSegment, segmentAttributes } from '../shared/segments';
import { lastPerId, newerThanStored } from '../shared/upsert';
import type { ProfileStore, ProfileUpsertResult, SegmentFilter } from '../types';

export class EmbeddedProfileStore implements ProfileStore {
  private readonly byId = new Map<string, KolProfile>();

  async getMany(ids: readonly string[]): Promise<(KolProfile | null)[]> {
    return ids.map((id) => this.byId.get(id) ?? null);
  }

  async updatedAt(ids: readonly string[]): Promise<(Date | null)[]> {
    return ids.map((id) => this.byId.get(id)?.updatedAt ?? null);
  }

  async upsertMany(profiles: readonly KolProfile[]): Promise<ProfileUpsertResult> {
    const incoming = lastPerId(profiles);
    const { write, result } = newerThanStored(
      incoming,
      incoming.map((p) => this.byId.get(p.id)?.updatedAt),
    );
    for (const profile of write) this.byId.set(profile.id, { ...profile });
    return result;
  }

  async listIds(filter: SegmentFilter): Promise<string[]> {
    const ids: string[] = [];
    for (const profile of this.byId.values()) {
      if (matchesSegment(segmentAttributes(profile), filter)) ids.push(profile.id);
    }
    return ids.sort();
  }
}
