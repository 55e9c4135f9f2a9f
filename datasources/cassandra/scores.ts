import type { ScoreModel, ScoreRecord } from '../../domain/types';
import type { ScoreStore } from '../types';
import { insertCql } from './cql';
import type { CassandraSession } from './client';
import { SCORE_COLUMNS, newestFirstByKol, scoreFromRow, scoreParams } from './rows';

export class CassandraScoreStore implements ScoreStore {
  private readonly selectNewest: string;
  private readonly insert: string;

  constructor(
    private readonly session: CassandraSession,
    /** Lifetime of a score row in seconds (0 = forever). */
    private readonly ttlSeconds = 0,
  ) {
    const table = session.table('scores');
    this.selectNewest =
      `SELECT ${SCORE_COLUMNS} FROM ${table} WHERE kol_id IN ? AND model = ? ` +
      'PER PARTITION LIMIT ?';
    this.insert = insertCql(table, SCORE_COLUMNS, 'USING TTL ?');
  }

  async latest(model: ScoreModel, kolIds: readonly string[]): Promise<(ScoreRecord | null)[]> {
    const newest = await this.newest(model, kolIds, 1);
    return kolIds.map((id) => newest.get(id)?.[0] ?? null);
  }

  async history(
    model: ScoreModel,
    kolIds: readonly string[],
    limit: number,
  ): Promise<ScoreRecord[][]> {
    const n = Math.floor(limit);
    if (n <= 0) return kolIds.map(() => []);
    const newest = await this.newest(model, kolIds, n);
    return kolIds.map((id) => newest.get(id) ?? []);
  }

  /** The newest `n` scores of each KOL, newest first: one IN read per 100 KOLs. */
  private async newest(
    model: ScoreModel,
    kolIds: readonly string[],
    n: number,
  ): Promise<Map<string, ScoreRecord[]>> {
    if (kolIds.length === 0) return new Map();
    const rows = await this.session.readIn(this.selectNewest, kolIds, [model, n]);
    return newestFirstByKol(rows, scoreFromRow, (record) => record.scoredAt);
  }

  async put(records: readonly ScoreRecord[]): Promise<void> {
    await this.session.writeBatched(
      records.map((record) => ({
        query: this.insert,
        params: [...scoreParams(record), this.ttlSeconds],
      })),
    );
  }
}
