import type { ScoreModel, ScoreRecord } from '../../domain/types';
import type { ScoreStore } from '../types';

export class EmbeddedScoreStore implements ScoreStore {
  /** Newest first per (model, kol). */
  private readonly byKey = new Map<string, ScoreRecord[]>();

  constructor(private readonly maxHistory = 50) {}

  async latest(model: ScoreModel, kolIds: readonly string[]): Promise<(ScoreRecord | null)[]> {
    return kolIds.map((id) => this.byKey.get(scoreKey(model, id))?.[0] ?? null);
  }

  async history(
    model: ScoreModel,
    kolIds: readonly string[],
    limit: number,
  ): Promise<ScoreRecord[][]> {
    return kolIds.map((id) => (this.byKey.get(scoreKey(model, id)) ?? []).slice(0, limit));
  }

  async put(records: readonly ScoreRecord[]): Promise<void> {
    for (const record of records) {
      const key = scoreKey(record.model, record.kolId);
      const list = this.byKey.get(key) ?? [];
      list.push({ ...record });
      list.sort((a, b) => b.scoredAt.getTime() - a.scoredAt.getTime());
      if (list.length > this.maxHistory) list.length = this.maxHistory;
      this.byKey.set(key, list);
    }
  }
}

function scoreKey(model: ScoreModel, kolId: string): string {
  return `${model}\u0000${kolId}`;
}
