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
 * Memory while it runs: what the score and metric scans found, as numbers per KOL (`ScannedParts`),
 * until the KOL's profile row comes by; the entries go to `write` in chunks.
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

  const kept = new ScannedParts();
  const scores = scan(
    `SELECT kol_id, model, scored_at, score, revenue_forecast FROM ${session.table('scores')} ` +
      `WHERE token(kol_id, model) > ? AND token(kol_id, model) <= ? ` +
      `PER PARTITION LIMIT ${RANKING_TRUST_HISTORY}`,
    (row) => {
      const model = text(row, 'model');
      if (model !== 'trust' && model !== 'success' && model !== 'anomaly') return;
      const slot = kept.slotOf(text(row, 'kol_id'));
      const score = num(row, 'score');
      const at = date(row, 'scored_at').getTime();
      // Rows of a partition arrive newest first: the first one is the latest.
      if (model === 'trust') kept.addTrust(slot, score, at);
      else if (model === 'success') {
        kept.setOnce(slot, SUCCESS, score, at, optionalNum(row, 'revenue_forecast') ?? Number.NaN);
      } else kept.setOnce(slot, ANOMALY, score, at);
    },
  );

  const metrics = scan(
    `SELECT kol_id, window, bucket_start, sentiment_positive_ratio, sentiment_negative_ratio ` +
      `FROM ${session.table('metrics')} ` +
      // The node skips the other windows' partitions: only the 24 h bucket feeds the ranking, and
      // a streaming KOL has four windows (nothing is filtered that the scan would not read anyway).
      "WHERE token(kol_id, window) > ? AND token(kol_id, window) <= ? AND window = 'H24' " +
      'PER PARTITION LIMIT 1 ALLOW FILTERING',
    (row) => {
      kept.setOnce(
        kept.slotOf(text(row, 'kol_id')),
        SENTIMENT,
        num(row, 'sentiment_positive_ratio'),
        date(row, 'bucket_start').getTime(),
        num(row, 'sentiment_negative_ratio'),
      );
    },
  );

  // The score and metric scans run together; the profile scan joins what they kept.
  await Promise.all([scores, metrics]);

  /** The entry of one KOL from what the score and metric scans kept (taken out of `kept`). */
  const joined = (id: string, base: IndexedEntry): IndexedEntry => {
    const slot = kept.take(id);
    const record = (model: ScoreRecord['model'], score: number, at: number): ScoreRecord => ({
      kolId: id,
      model,
      score,
      modelVersion: '',
      scoredAt: new Date(at),
      reasons: [],
    });
    const trust: ScoreRecord[] = [];
    const times: PartTimes = {};
    let latestSuccess: ScoreRecord | null = null;
    let latestAnomaly: ScoreRecord | null = null;
    let day: { sentimentPositiveRatio: number; sentimentNegativeRatio: number } | null = null;
    if (slot !== undefined) {
      kept.trustOf(slot, (score, at) => trust.push(record('trust', score, at)));
      const success = kept.part(slot, SUCCESS);
      if (success) {
        latestSuccess = record('success', success.value, success.at);
        if (!Number.isNaN(success.extra)) latestSuccess.revenueForecast = success.extra;
        times.success = success.at;
      }
      const anomaly = kept.part(slot, ANOMALY);
      if (anomaly) {
        latestAnomaly = record('anomaly', anomaly.value, anomaly.at);
        times.anomaly = anomaly.at;
      }
      const sentiment = kept.part(slot, SENTIMENT);
      if (sentiment) {
        day = { sentimentPositiveRatio: sentiment.value, sentimentNegativeRatio: sentiment.extra };
        times.sentiment = sentiment.at;
      }
    }
    let entry = withTrust(base.entry, trust);
    entry = withSuccess(entry, latestSuccess);
    entry = withAnomaly(entry, latestAnomaly);
    entry = withSentiment(entry, day);
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
  for (const id of kept.ids()) {
    pending.push(joined(id, nothingKnown(id)));
    unprofiled += 1;
    if (pending.length >= chunk) await flush();
  }
  await flush();
  return { kols: kols - unprofiled, unprofiled, statements, ms: Date.now() - t0 };
}

/** The parts `ScannedParts` keeps one (value, time, extra) triple of per KOL. */
const SUCCESS = 0;
const ANOMALY = 1;
const SENTIMENT = 2;
const TRIPLES = 3;
/** success: score, scoredAt, forecast; anomaly: score, scoredAt; sentiment: positive, at, negative. */
const TRIPLE = 3;

/**
 * What the score and metric scans keep of every KOL until its profile row comes by, in columns of
 * numbers (NaN = none) indexed by a slot per KOL, whatever parts it has. Measured with 1M KOLs of
 * one trust score each: 260 B per KOL (id, map slot, 5 trust pairs, 3 triples) and 7 s of scan-side
 * JS, against 334 B and 14 s as records in maps, which also grew with every further part.
 */
class ScannedParts {
  private readonly slots = new Map<string, number>();
  private size = 0;
  private capacity = 0;
  private trust = new Float64Array(0);
  private trustCount = new Uint8Array(0);
  private triples = new Float64Array(0);

  slotOf(kolId: string): number {
    const known = this.slots.get(kolId);
    if (known !== undefined) return known;
    if (this.size === this.capacity) this.grow();
    const slot = this.size++;
    this.slots.set(kolId, slot);
    return slot;
  }

  addTrust(slot: number, score: number, at: number): void {
    const n = this.trustCount[slot]!;
    if (n >= RANKING_TRUST_HISTORY) return;
    const at2 = (slot * RANKING_TRUST_HISTORY + n) * 2;
    this.trust[at2] = score;
    this.trust[at2 + 1] = at;
    this.trustCount[slot] = n + 1;
  }

  /** Keeps the first (newest) value of a part. */
  setOnce(slot: number, part: number, value: number, at: number, extra = Number.NaN): void {
    const i = (slot * TRIPLES + part) * TRIPLE;
    if (!Number.isNaN(this.triples[i + 1]!)) return;
    this.triples[i] = value;
    this.triples[i + 1] = at;
    this.triples[i + 2] = extra;
  }

  part(slot: number, part: number): { value: number; at: number; extra: number } | null {
    const i = (slot * TRIPLES + part) * TRIPLE;
    const at = this.triples[i + 1]!;
    if (Number.isNaN(at)) return null;
    return { value: this.triples[i]!, at, extra: this.triples[i + 2]! };
  }

  trustOf(slot: number, each: (score: number, at: number) => void): void {
    const base = slot * RANKING_TRUST_HISTORY * 2;
    for (let k = 0; k < this.trustCount[slot]!; k++) {
      each(this.trust[base + k * 2]!, this.trust[base + k * 2 + 1]!);
    }
  }

  /** The slot of a KOL, forgotten here (its numbers stay until the columns are dropped). */
  take(kolId: string): number | undefined {
    const slot = this.slots.get(kolId);
    this.slots.delete(kolId);
    return slot;
  }

  /** The KOLs not taken yet. */
  ids(): string[] {
    return [...this.slots.keys()];
  }

  private grow(): void {
    const capacity = Math.max(1_024, this.capacity * 2);
    const trust = new Float64Array(capacity * RANKING_TRUST_HISTORY * 2);
    trust.set(this.trust);
    const trustCount = new Uint8Array(capacity);
    trustCount.set(this.trustCount);
    const triples = new Float64Array(capacity * TRIPLES * TRIPLE).fill(Number.NaN);
    triples.set(this.triples);
    this.trust = trust;
    this.trustCount = trustCount;
    this.triples = triples;
    this.capacity = capacity;
  }
}
