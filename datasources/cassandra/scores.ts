import type { ScoreModel, ScoreRecord } from '../../domain/types';
import type { ScoreStore } from '../types';
import { mapConcurrent } from '../shared/async';
import { insertCql } from './cql';
import type { CassandraSession } from './client';
import { SCORE_COLUMNS, scoreFromRow, scoreParams } from './rows';

export class CassandraScoreStore implements ScoreStore {
  private readonly selectLast: string;
  private readonly insert: string;

  constructor(
    private readonly session: CassandraSession,
    /** Lifetime of a score row in seconds (0 = forever). */
    private readonly ttlSeconds = 0,
  ) {
    const table = session.table('scores');
    this.selectLast =
      `SELECT ${SCORE_COLUMNS} FROM ${table} WHERE kol_id = ? AND model = ? ` +
      'ORDER BY scored_at DESC LIMIT ?';
    this.insert = insertCql(table, SCORE_COLUMNS, 'USING TTL ?');
  }

  async latest(model: ScoreModel, kolIds: readonly string[]): Promise<(ScoreRecord | null)[]> {
    const results = await this.session.readConcurrent(
      this.selectLast,
      kolIds.map((id) => [id, model, 1]),
    );
    return results.map((result) => {
      const row = result.first();
      return row ? scoreFromRow(row) : null;
    });
  }

  async history(
    model: ScoreModel,
    kolIds: readonly string[],
    limit: number,
  ): Promise<ScoreRecord[][]> {
    const n = Math.floor(limit);
    if (n <= 0) return kolIds.map(() => []);
    return mapConcurrent(kolIds, 64, async (id) => {
      const rows = await this.session.readAll(this.selectLast, [id, model, n], Math.min(n, 500));
      return rows.map(scoreFromRow);
    });
  }

  async put(records: readonly ScoreRecord[]): Promise<void> {
    await this.session.writeConcurrent(
      records.map((record) => ({
        query: this.insert,
        params: [...scoreParams(record), this.ttlSeconds],
      })),
    );
  }
}
