import type { KolProfile } from '../../domain/types';
import type { ProfileStore, SegmentFilter } from '../types';

export class EmbeddedProfileStore implements ProfileStore {
  private readonly byId = new Map<string, KolProfile>();

  async getMany(ids: readonly string[]): Promise<(KolProfile | null)[]> {
    return ids.map((id) => this.byId.get(id) ?? null);
  }

  async upsertMany(profiles: readonly KolProfile[]): Promise<void> {
    for (const profile of profiles) this.byId.set(profile.id, { ...profile });
  }

  async listIds(filter: SegmentFilter): Promise<string[]> {
    const ids: string[] = [];
    for (const profile of this.byId.values()) {
      if (filter.category && profile.category !== filter.category) continue;
      if (filter.platform && profile.platform !== filter.platform) continue;
      ids.push(profile.id);
    }
    return ids.sort();
  }
}
