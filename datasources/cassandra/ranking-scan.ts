import type { types } from 'cassandra-driver';
import type { ScoreRecord } from '../../domain/types';
import {
  profileEntry,
  RANKING_TRUST_HISTORY,
  withAnomaly,
  withSentiment,
  withSuccess,
  withTrust,
  nothingKnown,
  type IndexedEntry,
  type PartTimes,
} from '../shared/ranking-entries';
import type { CassandraSession } from './client';
import { date, num, optionalNum, optionalText, text } from './rows';
import { scanTokenRanges, type TokenScanOptions } from './token-scan';

export interface ScanOptions extends TokenScanOptions {
  /** Entries handed to `write` at a time. */
  chunk?: number;
}

export interface ScanStats {
  kols: number;
  /** KOLs with scores or metrics but no profile (written as unprofiled entries). */
  unprofiled: number;
  statements: number;
  ms: number;
}

/**
 * Every ranking entry from Cassandra by token-range scans (never one read per KOL): the newest
 * scores of every (KOL, model) partition (`PER PARTITION LIMIT`), the newest bucket of every
 * (KOL, H24) partition, then the profiles, joined in memory and handed to `write` in chunks.
 * Memory while it runs: a few numbers per KOL for the scores and the 24 h sentiment.
 */
export async function scanIndexedEntries(
  session: CassandraSession,
  write: (entries: readonly IndexedEntry[]) => Promise<void>,
  options: ScanOptions = {},
): Promise<ScanStats> {
  const t0 = Date.now();
  // Per scan; the score and metric scans run together.
  const scanOptions: TokenScanOptions = {
    ranges: options.ranges ?? 64,
    concurrency: options.concurrency ?? 6,
    fetchSize: options.fetchSize ?? 5_000,
  };
  const chunk = options.chunk ?? 1_000;
  let statements = 0;
  const scan = async (
    query: string,
    onRow: (row: types.Row) => void | Promise<void>,
  ): Promise<void> => {
    statements += await scanTokenRanges(session, query, onRow, scanOptions);
  };

  const trust = new Map<string, ScoreRecord[]>();
  const success = new Map<string, ScoreRecord>();
  const anomaly = new Map<string, ScoreRecord>();
  const scores = scan(
    `SELECT kol_id, model, scored_at, score, revenue_forecast FROM ${session.table('scores')} ` +
      `WHERE token(kol_id, model) > ? AND token(kol_id, model) <= ? ` +
      `PER PARTITION LIMIT ${RANKING_TRUST_HISTORY}`,
    (row) => {
      const kolId = text(row, 'kol_id');
      const model = text(row, 'model');
      if (model !== 'trust' && model !== 'success' && model !== 'anomaly') return;
      const record: ScoreRecord = {
        kolId,
        model,
        score: num(row, 'score'),
        modelVersion: '',
        scoredAt: date(row, 'scored_at'),
        reasons: [],
      };
      const forecast = optionalNum(row, 'revenue_forecast');
      if (forecast !== undefined) record.revenueForecast = forecast;
      // Rows of a partition arrive newest first: the first one is the latest.
      if (model === 'trust') {
        const list = trust.get(kolId);
        if (list) list.push(record);
        else trust.set(kolId, [record]);
      } else {
        const latest = model === 'success' ? success : anomaly;
        if (!latest.has(kolId)) latest.set(kolId, record);
      }
    },
  );

  const sentiment = new Map<string, { positive: number; negative: number; at: number }>();
  const metrics = scan(
    `SELECT kol_id, window, bucket_start, sentiment_positive_ratio, sentiment_negative_ratio ` +
      `FROM ${session.table('metrics')} ` +
      // The node skips the other windows' partitions: only the 24 h bucket feeds the ranking, and
      // a streaming KOL has four windows (nothing is filtered that the scan would not read anyway).
      "WHERE token(kol_id, window) > ? AND token(kol_id, window) <= ? AND window = 'H24' " +
      'PER PARTITION LIMIT 1 ALLOW FILTERING',
    (row) => {
      sentiment.set(text(row, 'kol_id'), {
        positive: num(row, 'sentiment_positive_ratio'),
        negative: num(row, 'sentiment_negative_ratio'),
        at: date(row, 'bucket_start').getTime(),
      });
    },
  );

  // The score and metric scans run together; the profile scan joins what they kept.
  await Promise.all([scores, metrics]);

  /** The entry of one KOL from what the score and metric scans kept (taken out of the maps). */
  const joined = (id: string, base: IndexedEntry): IndexedEntry => {
    const day = sentiment.get(id);
    const latestSuccess = success.get(id) ?? null;
    const latestAnomaly = anomaly.get(id) ?? null;
    let entry = withTrust(base.entry, trust.get(id) ?? []);
    entry = withSuccess(entry, latestSuccess);
    entry = withAnomaly(entry, latestAnomaly);
    entry = withSentiment(
      entry,
      day ? { sentimentPositiveRatio: day.positive, sentimentNegativeRatio: day.negative } : null,
    );
    trust.delete(id);
    success.delete(id);
    anomaly.delete(id);
    sentiment.delete(id);
    const times: PartTimes = {};
    if (latestSuccess) times.success = latestSuccess.scoredAt.getTime();
    if (latestAnomaly) times.anomaly = latestAnomaly.scoredAt.getTime();
    if (day) times.sentiment = day.at;
    return { ...base, entry, times };
  };
  let kols = 0;
  let pending: IndexedEntry[] = [];
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const out = pending;
    pending = [];
    kols += out.length;
    await write(out);
  };
  await scan(
    `SELECT id, category, platform, followers, country, language FROM ${session.table('profiles')} ` +
      'WHERE token(id) > ? AND token(id) <= ?',
    async (row) => {
      const id = text(row, 'id');
      const base = profileEntry({
        id,
        category: text(row, 'category'),
        platform: text(row, 'platform'),
        followers: num(row, 'followers'),
        country: optionalText(row, 'country'),
        language: optionalText(row, 'language'),
      });
      pending.push(joined(id, base));
      if (pending.length >= chunk) await flush();
    },
  );
  await flush();
  // What is left had no profile: unprofiled entries, so that a later first profile needs no read.
  let unprofiled = 0;
  for (const id of new Set([
    ...trust.keys(),
    ...success.keys(),
    ...anomaly.keys(),
    ...sentiment.keys(),
  ])) {
    pending.push(joined(id, nothingKnown(id)));
    unprofiled += 1;
    if (pending.length >= chunk) await flush();
  }
  await flush();
  return { kols: kols - unprofiled, unprofiled, statements, ms: Date.now() - t0 };
}
