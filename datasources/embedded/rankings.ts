import { deriveRankingEntries, type RankingSources } from '../shared/ranking-entries';
import type { RankingEntry, RankingStore, SegmentFilter } from '../types';

/** In memory the ranking inputs are a view over the other stores, so they are never out of date. */
export class EmbeddedRankingStore implements RankingStore {
  constructor(private readonly sources: RankingSources) {}

  async entries(filter: SegmentFilter): Promise<RankingEntry[]> {
    const ids = await this.sources.profiles.listIds(filter);
    const entries = await deriveRankingEntries(this.sources, ids);
    return entries.filter((entry): entry is RankingEntry => entry !== null);
  }

  /** Nothing to do: every read derives the entries afresh. */
  async refresh(): Promise<void> {}
}
