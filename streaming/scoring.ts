/**
 * Continuous scoring of the stream pipeline: which KOLs a flush re-scores, with which models, and
 * the one batched call to the stored-KOL scoring core (one ONNX run per model per flush).
 *
 * Why a KOL is scored, and what is written for it:
 *   created   a `profile` event created or changed it           trust, anomaly, success, forecast
 *   profile   `profile_snapshot` counts changed (at most once per `trustEveryMs` per KOL)
 *                                                                trust, anomaly
 *   closed    one of its H1 buckets closed                       success, anomaly, forecast
 *   stale     its scores would pass SCORE_MAX_AGE_SECONDS before the next sweep
 *                                                                trust, anomaly, success, forecast
 * A model the KOL lacks inputs for (a new KOL without metrics has no success or forecast yet) is
 * skipped and named in `missing`. Scores are written with their history (ScoreStore.put), which
 * re-derives the ranking entries of just those KOLs (RankingStore.refresh; never a full rebuild).
 */
import type { DataSources } from '../datasources/types';
import type { ScoreModel, ScoreRecord } from '../domain/types';
import { SCORE_MODELS } from '../domain/types';
import type { StoredKol, StoredKolScores } from '../inference';

export type ScoreReason = 'created' | 'profile' | 'closed' | 'stale';

const MODELS_FOR: Record<ScoreReason, readonly ScoreModel[]> = {
  created: SCORE_MODELS,
  profile: ['trust', 'anomaly'],
  closed: ['success', 'anomaly', 'forecast'],
  stale: SCORE_MODELS,
};

/** H1 buckets read per KOL: the 24 whole hours the models read, plus the open one and a spare. */
const HOURLY_BUCKETS = 26;

export interface StreamScoringOptions {
  /** The stored-KOL scoring core with the versions the registry serves (inference.scoreStoredKols). */
  score(kols: readonly StoredKol[], now: Date): Promise<StoredKolScores[]>;
  /** SCORE_MAX_AGE_SECONDS: a score older than this is stale. */
  maxAgeSeconds: number;
  /** Count changes re-score trust at most this often per KOL (default 5 min). */
  trustEveryMs?: number;
  /** How often the stale sweep runs (default 60 s). */
  sweepIntervalMs?: number;
  /** KOLs checked per sweep run (default 2,000). */
  sweepPageSize?: number;
}

export interface ScoredKol {
  kolId: string;
  models: ScoreModel[];
  /** Inputs that were unknown (see StoredKolScores.missing). */
  missing: string[];
}

export interface ScoringRound {
  scored: ScoredKol[];
  records: number;
  /** Forecast orders of the next 24 h per KOL, for the FORECAST_DROP rule. */
  forecastOrders: Map<string, number>;
}

type ScoringData = Pick<DataSources, 'profiles' | 'metrics' | 'scores'>;

export class StreamScoring {
  readonly sweepIntervalMs: number;
  private readonly trustEveryMs: number;
  private readonly sweepPageSize: number;
  private readonly lastTrust = new Map<string, number>();
  private sweepIds: string[] = [];
  private sweepAt = 0;

  constructor(
    private readonly options: StreamScoringOptions,
    private readonly data: ScoringData,
  ) {
    this.trustEveryMs = options.trustEveryMs ?? 5 * 60_000;
    this.sweepIntervalMs = options.sweepIntervalMs ?? 60_000;
    this.sweepPageSize = options.sweepPageSize ?? 2_000;
  }

  /** Count changes of these KOLs: the ones whose trust is due. */
  trustDue(kolIds: readonly string[], nowMs: number): string[] {
    return kolIds.filter((id) => {
      const last = this.lastTrust.get(id);
      return last === undefined || nowMs - last >= this.trustEveryMs;
    });
  }

  /** Scores the requested KOLs in one batch and writes their records; unknown KOLs are skipped. */
  async run(
    requests: ReadonlyMap<string, ReadonlySet<ScoreReason>>,
    now: Date,
  ): Promise<ScoringRound> {
    const round: ScoringRound = { scored: [], records: 0, forecastOrders: new Map() };
    if (requests.size === 0) return round;
    const ids = [...requests.keys()];
    const [profiles, hourly] = await Promise.all([
      this.data.profiles.getMany(ids),
      this.data.metrics.series(ids.map((kolId) => ({ kolId, window: 'H1', last: HOURLY_BUCKETS }))),
    ]);
    // The H24 bucket is read only for KOLs without hourly buckets (the core falls back to it).
    const dayless = ids.filter((_, i) => profiles[i] && (hourly[i]?.length ?? 0) === 0);
    const days =
      dayless.length > 0
        ? await this.data.metrics.latest(dayless.map((kolId) => ({ kolId, window: 'H24' })))
        : [];
    const dayOf = new Map(dayless.map((id, i) => [id, days[i] ?? null]));
    const kols: StoredKol[] = [];
    ids.forEach((id, i) => {
      const profile = profiles[i];
      if (profile) kols.push({ profile, hourly: hourly[i] ?? [], day: dayOf.get(id) ?? null });
    });
    if (kols.length === 0) return round;
    const results = await this.options.score(kols, now);
    const records: ScoreRecord[] = [];
    for (const result of results) {
      const wanted = new Set<ScoreModel>();
      for (const reason of requests.get(result.kolId) ?? []) {
        for (const model of MODELS_FOR[reason]) wanted.add(model);
      }
      const kept = result.records.filter((r) => wanted.has(r.model));
      if (kept.length === 0) continue;
      records.push(...kept);
      if (kept.some((r) => r.model === 'trust')) this.lastTrust.set(result.kolId, now.getTime());
      const forecast = kept.find((r) => r.model === 'forecast');
      if (forecast) round.forecastOrders.set(result.kolId, forecast.score);
      round.scored.push({
        kolId: result.kolId,
        models: kept.map((r) => r.model),
        missing: result.missing,
      });
    }
    // The score store's write refreshes the ranking entries of just these KOLs.
    if (records.length > 0) await this.data.scores.put(records);
    round.records = records.length;
    return round;
  }

  /**
   * The next page of KOLs whose scores would be stale before the next sweep: no trust or anomaly
   * score, or a stored score older than SCORE_MAX_AGE_SECONDS minus two sweep intervals (success and
   * forecast exist only once the KOL has metrics; until then their absence is not staleness). Walks
   * every stored KOL, one page per call, starting over when it reaches the end.
   */
  async staleKols(now: Date): Promise<string[]> {
    if (this.sweepAt >= this.sweepIds.length) {
      this.sweepIds = await this.data.profiles.listIds({});
      this.sweepAt = 0;
    }
    const page = this.sweepIds.slice(this.sweepAt, this.sweepAt + this.sweepPageSize);
    this.sweepAt += page.length;
    if (page.length === 0) return [];
    const maxAgeMs = this.options.maxAgeSeconds * 1_000;
    const cutoff = now.getTime() - Math.max(maxAgeMs / 2, maxAgeMs - 2 * this.sweepIntervalMs);
    const latest = await Promise.all(SCORE_MODELS.map((m) => this.data.scores.latest(m, page)));
    const always = new Set<ScoreModel>(['trust', 'anomaly']);
    return page.filter((_, i) =>
      SCORE_MODELS.some((model, m) => {
        const record = latest[m]?.[i];
        return record ? record.scoredAt.getTime() < cutoff : always.has(model);
      }),
    );
  }
}
