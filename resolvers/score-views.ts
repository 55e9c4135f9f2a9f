import type { PredictionSource } from '../domain/scores';
import type { ScoreRecord } from '../domain/types';
import type { SuccessBatch, SuccessResult, TrustBatch, TrustResult } from '../inference/core/types';
import { SuccessScore, TrustScore } from '../schema/scores';

export function isStale(record: ScoreRecord, now: Date, maxAgeSeconds: number): boolean {
  return now.getTime() - record.scoredAt.getTime() > maxAgeSeconds * 1000;
}

/** A stored trust score as the API shows it. */
export function storedTrust(record: ScoreRecord, source: PredictionSource, stale: boolean) {
  return new TrustScore({ ...recordOutput(record), source, stale });
}

/** A stored success score, with the forecast revenue the record carries. */
export function storedSuccess(record: ScoreRecord, source: PredictionSource, stale: boolean) {
  return new SuccessScore({
    ...recordOutput(record),
    source,
    stale,
    revenueForecast: record.revenueForecast ?? null,
    currency: record.revenueForecast === undefined ? null : (record.currency ?? null),
  });
}

/** A trust model result as the API shows it (reasons stay unbuilt until selected). */
export function trustOfResult(
  result: TrustResult,
  source: PredictionSource,
  kolId: string | null = result.kolId,
): TrustScore {
  return new TrustScore({
    kolId,
    score: result.trustScore,
    modelVersion: result.modelVersion,
    scoredAt: result.scoredAt,
    explained: result,
    source,
    stale: false,
  });
}

/** A success model result from raw inputs: no forecast (that needs the KOL's own metrics). */
export function successOfResult(
  result: SuccessResult,
  source: PredictionSource,
  kolId: string | null = result.kolId,
): SuccessScore {
  return new SuccessScore({
    kolId,
    score: result.successScore,
    modelVersion: result.modelVersion,
    scoredAt: result.scoredAt,
    explained: result,
    source,
    stale: false,
    revenueForecast: null,
    currency: null,
  });
}

function recordOutput(record: ScoreRecord) {
  return {
    kolId: record.kolId,
    score: record.score,
    modelVersion: record.modelVersion,
    scoredAt: record.scoredAt,
    explained: record,
  };
}

/** The reasons of one entry of a scored batch, built when a client selects them. */
class EntryReasons {
  constructor(
    private readonly batch: TrustBatch | SuccessBatch,
    private readonly entry: number,
  ) {}
  get reasons() {
    return this.batch.reasons(this.entry);
  }
}

/** Entry `entry` of a trust batch as the API shows it. */
export function trustOfBatch(
  batch: TrustBatch,
  entry: number,
  source: PredictionSource,
  kolId: string | null,
): TrustScore {
  return new TrustScore({
    kolId,
    score: batch.trustScore[entry]!,
    modelVersion: batch.modelVersion(entry),
    scoredAt: batch.scoredAt,
    explained: new EntryReasons(batch, entry),
    source,
    stale: false,
  });
}

/** Entry `entry` of a success batch: raw inputs, so no forecast. */
export function successOfBatch(
  batch: SuccessBatch,
  entry: number,
  source: PredictionSource,
  kolId: string | null,
): SuccessScore {
  return new SuccessScore({
    kolId,
    score: batch.successScore[entry]!,
    modelVersion: batch.modelVersion(entry),
    scoredAt: batch.scoredAt,
    explained: new EntryReasons(batch, entry),
    source,
    stale: false,
    revenueForecast: null,
    currency: null,
  });
}
