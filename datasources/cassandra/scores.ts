import type { Reason, ScoreModel, ScoreRecord } from '../../domain/types';
import type { ScoreStore } from '../types';
import { insertCql } from './cql';
import type { CassandraSession } from './client';
import { SCORE_COLUMNS, newestFirstByKol, scoreFromRow, scoreParams } from './rows';

/** Position of `reasons` among the bound values of a score row (SCORE_COLUMNS order). */
const REASONS_PARAM = SCORE_COLUMNS.split(',')
  .map((column) => column.trim())
  .indexOf('reasons');
if (REASONS_PARAM < 0) throw new Error('SCORE_COLUMNS has no reasons column');

/**
 * A `list<frozen<reason>>` value as the native protocol sends it (v3 and later): the element
 * count, then each element as its length and the UDT (`code text, message text, impact double`:
 * each field as its length and bytes). Encoded once here, the driver sends it as it is instead of
 * encoding every field of every reason through its generic encoders (the largest allocations of
 * a 10,000-KOL score write). No reasons: null, as the driver sends an empty list.
 */
export function encodeReasons(reasons: readonly Reason[]): Buffer | null {
  if (reasons.length === 0) return null;
  let size = 4;
  const lengths = new Array<number>(reasons.length * 2);
  for (let i = 0; i < reasons.length; i++) {
    const reason = reasons[i]!;
    const code = Buffer.byteLength(reason.code, 'utf8');
    const message = Buffer.byteLength(reason.message, 'utf8');
    lengths[2 * i] = code;
    lengths[2 * i + 1] = message;
    // element length + (length + bytes) of code, message and impact
    size += 4 + 4 + code + 4 + message + 4 + 8;
  }
  const out = Buffer.allocUnsafe(size);
  let at = out.writeInt32BE(reasons.length, 0);
  for (let i = 0; i < reasons.length; i++) {
    const reason = reasons[i]!;
    const code = lengths[2 * i]!;
    const message = lengths[2 * i + 1]!;
    at = out.writeInt32BE(4 + code + 4 + message + 4 + 8, at);
    at = out.writeInt32BE(code, at);
    at += out.write(reason.code, at, code, 'utf8');
    at = out.writeInt32BE(message, at);
    at += out.write(reason.message, at, message, 'utf8');
    at = out.writeInt32BE(8, at);
    at = out.writeDoubleBE(reason.impact, at);
  }
  return out;
}

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
      records.map((record) => {
        const params = scoreParams(record);
        params[REASONS_PARAM] = encodeReasons(record.reasons);
        params.push(this.ttlSeconds);
        return { query: this.insert, params };
      }),
    );
  }
}
