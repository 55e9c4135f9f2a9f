/**
 * Profile ingest (`upsertKols`, the import CLI through it, the demo seed): validate → score →
 * write scores → write profiles (the writes keep the rankings of the KOLs that changed current).
 *
 * Order matters for failures. Everything that can fail on the data (validation, the models) runs
 * before the first write. Scores are written before profiles, so a KOL never becomes visible
 * without its scores; if a later write fails the caller gets the error and sending the same batch
 * again repairs it (a row as new as the stored profile is applied again, not skipped).
 */
import { mergeRankingRefreshes } from '../datasources/shared/ranked';
import type { DataSources } from '../datasources/types';
import { validateKolInputs, type KolInputError } from '../domain/kol-input';
import type { KolProfile } from '../domain/types';
import type { InferenceService } from '../inference/service';
import { RequestInputError } from './errors';
import { scoreProfiles } from './profile-scoring';

export const MAX_UPSERT_ROWS = 10_000;

export interface UpsertRowError extends KolInputError {
  /** The row's id when it had a usable one. */
  id: string | null;
}

/** A row replaced by a later row with the same id in the same batch (last wins). */
export interface SupersededRow {
  index: number;
  id: string;
  /** Position of the row that was used instead. */
  keptIndex: number;
}

export interface UpsertKolsOutcome {
  /** Ids created or changed, in batch order. */
  applied: string[];
  /** Ids whose row was older than the stored profile: nothing changed. */
  skipped: string[];
  /** Rows with errors (none of them written). */
  rejected: number;
  errors: UpsertRowError[];
  superseded: SupersededRow[];
  /** Score records written (trust, plus the models that had enough inputs). */
  scores: number;
  tookMs: number;
  stages: UpsertStageTimes;
}

/** Where a batch's time went, in milliseconds (the profile writes include the ranking refresh). */
export interface UpsertStageTimes {
  validate: number;
  /** The stored `updatedAt` of the batch (known or new). */
  read: number;
  /** History reads of known KOLs and the model runs. */
  score: number;
  scoreWrite: number;
  profileWrite: number;
}

/** Totals over every batch since the service was created (what benchmarks print per stage). */
export interface UpsertTotals {
  batches: number;
  rows: number;
  applied: number;
  ms: UpsertStageTimes & { total: number };
}

export interface KolImportService {
  /**
   * Validates and stores a batch of KolInput rows (at most MAX_UPSERT_ROWS; more throws
   * RequestInputError before anything is read). Bad rows are reported, the good ones land.
   */
  upsertKols(
    rows: readonly unknown[],
    now: Date,
    options?: UpsertOptions,
  ): Promise<UpsertKolsOutcome>;
  /** Batches, rows and time per stage so far. */
  totals(): UpsertTotals;
}

export interface UpsertOptions {
  /**
   * The KOLs' metrics were written before their profiles (the demo seed, a backfill): read the
   * history of new KOLs too. Off by default: a KOL unknown until now has no history to read.
   */
  historyBeforeProfiles?: boolean;
}

function idOf(row: unknown): string | null {
  if (typeof row !== 'object' || row === null) return null;
  const id = (row as { id?: unknown }).id;
  return typeof id === 'string' && id.trim() !== '' ? id.trim() : null;
}

/** Keeps the last valid row per id; reports the others as superseded. */
function lastRowPerId(
  profiles: readonly KolProfile[],
  indexes: readonly number[],
): { kept: KolProfile[]; superseded: SupersededRow[] } {
  const lastAt = new Map<string, number>();
  profiles.forEach((profile, i) => lastAt.set(profile.id, i));
  const kept: KolProfile[] = [];
  const superseded: SupersededRow[] = [];
  profiles.forEach((profile, i) => {
    const last = lastAt.get(profile.id) ?? i;
    if (last === i) kept.push(profile);
    else
      superseded.push({ index: indexes[i] ?? i, id: profile.id, keptIndex: indexes[last] ?? last });
  });
  return { kept, superseded };
}

export function createKolImportService(deps: {
  data: DataSources;
  inference: InferenceService;
}): KolImportService {
  const { data, inference } = deps;
  const totals: UpsertTotals = {
    batches: 0,
    rows: 0,
    applied: 0,
    ms: { validate: 0, read: 0, score: 0, scoreWrite: 0, profileWrite: 0, total: 0 },
  };
  return {
    async upsertKols(rows, now, options = {}) {
      const started = performance.now();
      if (rows.length > MAX_UPSERT_ROWS) {
        throw new RequestInputError(
          `upsertKols takes at most ${MAX_UPSERT_ROWS.toLocaleString('en-US')} rows (got ${rows.length.toLocaleString('en-US')}); split the file into batches.`,
          'input',
        );
      }
      const stages: UpsertStageTimes = {
        validate: 0,
        read: 0,
        score: 0,
        scoreWrite: 0,
        profileWrite: 0,
      };
      let mark = started;
      const lap = (stage: keyof UpsertStageTimes) => {
        const at = performance.now();
        stages[stage] = at - mark;
        mark = at;
      };
      const validation = validateKolInputs(rows, now);
      const errors = validation.errors.map((e) => ({ ...e, id: idOf(rows[e.index]) }));
      const rejected = new Set(errors.map((e) => e.index)).size;
      const { kept, superseded } = lastRowPerId(validation.valid, validation.validIndexes);
      lap('validate');

      // Rows older than the stored profile change nothing, so they are not scored either.
      // The stored times, read once: the profile write below is given them instead of reading again.
      const stored = kept.length > 0 ? await data.profiles.updatedAt(kept.map((p) => p.id)) : [];
      const storedUpdatedAt = new Map<string, Date | null>();
      const fresh: KolProfile[] = [];
      const known = new Set<string>();
      kept.forEach((profile, i) => {
        const before = stored[i] ?? null;
        storedUpdatedAt.set(profile.id, before);
        if (before && profile.updatedAt.getTime() < before.getTime()) return;
        fresh.push(profile);
        if (before || options.historyBeforeProfiles) known.add(profile.id);
      });
      lap('read');
      const scored = await scoreProfiles({ data, inference }, fresh, known, now);
      const records = scored.flatMap((s) => s.records);
      lap('score');
      // The score and profile writes refresh the ranking entries of exactly these KOLs, merged into
      // one refresh at the end (timed with the profile writes).
      const { applied, skipped } = await mergeRankingRefreshes(async (refreshes) => {
        if (records.length > 0) await data.scores.put(records, { refreshes });
        lap('scoreWrite');
        return kept.length > 0
          ? data.profiles.upsertMany(kept, { storedUpdatedAt, refreshes })
          : { applied: [], skipped: [] };
      });
      lap('profileWrite');
      const tookMs = performance.now() - started;
      totals.batches++;
      totals.rows += rows.length;
      totals.applied += applied.length;
      for (const stage of Object.keys(stages) as (keyof UpsertStageTimes)[]) {
        totals.ms[stage] += stages[stage];
      }
      totals.ms.total += tookMs;
      return {
        applied,
        skipped,
        rejected,
        errors,
        superseded,
        scores: records.length,
        tookMs,
        stages,
      };
    },
    totals: () => ({ ...totals, ms: { ...totals.ms } }),
  };
}
