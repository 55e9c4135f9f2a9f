/**
 * Batch scoring (`scoreKols`): stored KOLs by id and raw rows in one call, one model run per model.
 * Knows nothing of GraphQL; the resolver projects its outcome onto the schema's score types.
 */
import type { DataSources } from '../datasources/types';
import type { KolProfile, ScoreRecord } from '../domain/types';
import { InputValidationError } from '../inference/core/errors';
import type { InferenceService } from '../inference/service';
import {
  emptyScorerTimings,
  type SuccessInput,
  type SuccessResult,
  type TrustInput,
  type TrustResult,
} from '../inference/core/types';
import { validateSuccessInput, validateTrustInput } from '../inference/core/validation';
import type { StoredKolScores } from '../inference';
import { RequestInputError } from './errors';
import { storedKols } from './profile-scoring';

export const MAX_SCORE_ITEMS = 10_000;

/** One raw row: trust inputs, success inputs, or both. */
export interface ScoreRow {
  kolId?: string | null;
  trust?: TrustInput | null;
  success?: SuccessInput | null;
}

/** Raw rows as columns: each given list holds one value per row (null: the field's default). */
export type Columns<T> = { readonly [K in keyof T]?: readonly (T[K] | null)[] | null };

export interface ScoreColumns {
  kolId?: readonly (string | null)[] | null;
  trust?: Columns<TrustInput> | null;
  success?: Columns<SuccessInput> | null;
}

/** The given lists of a column group, by field. */
function listsOf(group: object | null | undefined): [string, readonly unknown[]][] {
  if (!group) return [];
  return Object.entries(group).filter((e): e is [string, unknown[]] => Array.isArray(e[1]));
}

export interface ScoreKolsRequest {
  kolIds?: readonly string[] | null;
  rows?: readonly ScoreRow[] | null;
  columns?: ScoreColumns | null;
}

/** How many rows the columns hold; every given list must have that length. */
function columnRowCount(columns: ScoreColumns): number {
  const lengths: [string, number][] = [];
  if (columns.kolId) lengths.push(['columns.kolId', columns.kolId.length]);
  for (const group of ['trust', 'success'] as const) {
    for (const [field, values] of listsOf(columns[group])) {
      lengths.push([`columns.${group}.${field}`, values.length]);
    }
  }
  const [first] = lengths;
  if (!first) return 0;
  const other = lengths.find(([, length]) => length !== first[1]);
  if (other) {
    throw new RequestInputError(
      `Every column must have one value per row: ${first[0]} has ${first[1]}, ${other[0]} has ${other[1]}.`,
      other[0],
    );
  }
  return first[1];
}

/** Row `i` of a column group as the row object the scorers take (absent and null both omitted). */
function rowOf<T>(
  lists: readonly [string, readonly unknown[]][],
  i: number,
  kolId: string | null,
): T {
  // The row's KOL also picks its stable canary bucket, as a row object's kolId does.
  const row: Record<string, unknown> = kolId === null ? {} : { kolId };
  for (const [field, values] of lists) {
    const value = values[i];
    if (value !== undefined && value !== null) row[field] = value;
  }
  // Validated per row like any other row before a model reads it.
  return row as T;
}

/** The column rows as ordinary rows (one small object per row; the scorers take rows). */
export function rowsOfColumns(columns: ScoreColumns): ScoreRow[] {
  const count = columnRowCount(columns);
  const trust = listsOf(columns.trust);
  const success = listsOf(columns.success);
  const rows: ScoreRow[] = new Array<ScoreRow>(count);
  for (let i = 0; i < count; i++) {
    const kolId = columns.kolId?.[i] ?? null;
    rows[i] = {
      kolId,
      trust: columns.trust ? rowOf<TrustInput>(trust, i, kolId) : null,
      success: columns.success ? rowOf<SuccessInput>(success, i, kolId) : null,
    };
  }
  return rows;
}

export interface ScoredItem {
  /** Position in the batch: ids first, then rows. */
  index: number;
  kolId: string | null;
  /** Model results of a raw row. */
  trust: TrustResult | null;
  success: SuccessResult | null;
  /** A stored KOL's new score records (trust, anomaly, success and forecast as known) and the unknown inputs. */
  stored: { records: ScoreRecord[]; missing: string[] } | null;
  /** Why the item could not be scored; null when it was. */
  error: string | null;
}

export interface ScoreKolsOutcome {
  items: ScoredItem[];
  scored: number;
  failed: number;
  tookMs: number;
  /** Where `tookMs` went, in milliseconds. */
  timings: ScoreTimings;
}

export interface ScoreTimings {
  /** Reading the stored profiles and checking every raw row. */
  prepareMs: number;
  /** Stored KOLs through the stored-KOL scoring core (metrics reads included). */
  storedMs: number;
  /** Raw rows through the trust and success scorers (features and ONNX runs). */
  rowsMs: number;
  /** Of `rowsMs`: validation, defaults and feature matrices. */
  featuresMs: number;
  /** Of `rowsMs`: the onnxruntime runs. */
  ortMs: number;
  /** Writing the stored KOLs' scores. */
  writeMs: number;
}

/** What the caller will read of the raw rows' results. */
export interface ScoreKolsOptions {
  /**
   * Whether the raw rows' trust and success reasons are read (default: both). A model not
   * explained runs without its per-feature contributions, and its results' `reasons` throw.
   * Stored KOLs' records always carry their reasons (they are stored).
   */
  reasons?: { trust: boolean; success: boolean };
}

export interface ScoringService {
  /**
   * Scores the batch; a bad item gets its `error`, the others are still scored. Stored KOLs are
   * scored from their profile and rolling metrics and their scores are written to the score store.
   * Throws RequestInputError for an empty or oversized batch.
   */
  scoreKols(
    request: ScoreKolsRequest,
    now: Date,
    options?: ScoreKolsOptions,
  ): Promise<ScoreKolsOutcome>;
}

interface PendingItem {
  index: number;
  kolId: string | null;
  profile: KolProfile | null;
  trust: TrustInput | null;
  success: SuccessInput | null;
  error: string | null;
}

/** Validates one row, turning a validation failure into the row's error message. */
function rowError(row: ScoreRow, index: number): string | null {
  if (!row.trust && !row.success) return 'The row has neither `trust` nor `success` inputs.';
  try {
    if (row.trust) validateTrustInput(row.trust, index);
    if (row.success) validateSuccessInput(row.success, index);
    return null;
  } catch (error) {
    if (error instanceof InputValidationError) return error.message;
    throw error;
  }
}

function checkSize(total: number): void {
  if (total === 0) {
    throw new RequestInputError('Give `kolIds` or `rows` (or both) to score.', 'input');
  }
  if (total > MAX_SCORE_ITEMS) {
    throw new RequestInputError(
      `scoreKols takes at most ${MAX_SCORE_ITEMS.toLocaleString('en-US')} items (got ${total.toLocaleString('en-US')}); split the batch.`,
      'input',
    );
  }
}

export function createScoringService(deps: {
  data: DataSources;
  inference: InferenceService;
}): ScoringService {
  const { data, inference } = deps;

  /**
   * Stored KOLs through the stored-KOL scoring core. A profile the models cannot take (stored
   * before validation existed) fails only its own item: it is dropped and the rest scored again
   * (from the history read once).
   */
  async function scoreStored(
    items: PendingItem[],
    now: Date,
  ): Promise<Map<number, StoredKolScores>> {
    const pending = items.filter((item) => item.profile !== null && item.error === null);
    if (pending.length === 0) return new Map();
    const profiles = pending.flatMap((item) => (item.profile ? [item.profile] : []));
    const kols = await storedKols(data, profiles, new Set(profiles.map((p) => p.id)));
    let inputs = pending.map((item, i) => ({ item, kol: kols[i]! }));
    for (;;) {
      try {
        const scored = await inference.scoreStoredKols(
          inputs.map((input) => input.kol),
          now,
        );
        return new Map(
          inputs.flatMap((input, i) => (scored[i] ? [[input.item.index, scored[i]]] : [])),
        );
      } catch (error) {
        const bad = error instanceof InputValidationError ? inputs[error.row ?? -1] : undefined;
        if (!bad || !(error instanceof Error)) throw error;
        bad.item.error = `The stored profile cannot be scored: ${error.message}`;
        inputs = inputs.filter((input) => input !== bad);
        if (inputs.length === 0) return new Map();
      }
    }
  }

  async function pendingItems(
    ids: readonly string[],
    rows: readonly ScoreRow[],
  ): Promise<PendingItem[]> {
    const profiles: (KolProfile | null)[] = ids.length > 0 ? await data.profiles.getMany(ids) : [];
    const items: PendingItem[] = ids.map((kolId, index) => {
      const profile = profiles[index];
      if (!profile) {
        return {
          index,
          kolId,
          profile: null,
          trust: null,
          success: null,
          error: `Unknown KOL id ${kolId}.`,
        };
      }
      return { index, kolId, profile, trust: null, success: null, error: null };
    });
    rows.forEach((row, i) => {
      const index = ids.length + i;
      items.push({
        index,
        kolId: row.kolId ?? row.trust?.kolId ?? row.success?.kolId ?? null,
        profile: null,
        trust: row.trust ?? null,
        success: row.success ?? null,
        error: rowError(row, index),
      });
    });
    return items;
  }

  return {
    async scoreKols(request, now, options = {}) {
      const reasons = options.reasons ?? { trust: true, success: true };
      const started = performance.now();
      const rows = request.columns
        ? [...(request.rows ?? []), ...rowsOfColumns(request.columns)]
        : (request.rows ?? []);
      checkSize((request.kolIds?.length ?? 0) + rows.length);
      const items = await pendingItems(request.kolIds ?? [], rows);
      const prepared = performance.now();
      const storedScores = await scoreStored(items, now);
      const storedDone = performance.now();

      const trustInputs: TrustInput[] = [];
      const trustAt: number[] = [];
      const successInputs: SuccessInput[] = [];
      const successAt: number[] = [];
      for (const [position, item] of items.entries()) {
        if (item.error !== null) continue;
        if (item.trust) {
          trustInputs.push(item.trust);
          trustAt.push(position);
        }
        if (item.success) {
          successInputs.push(item.success);
          successAt.push(position);
        }
      }
      const rowTimings = emptyScorerTimings();
      // onnxruntime-node runs on the calling thread, so the two models take turns either way.
      const trustResults = await inference.scoreTrust(trustInputs, {
        explain: reasons.trust,
        timings: rowTimings,
      });
      const successResults = await inference.scoreSuccess(successInputs, {
        explain: reasons.success,
        timings: rowTimings,
      });

      const scored: ScoredItem[] = items.map((item) => {
        const stored = storedScores.get(item.index);
        return {
          index: item.index,
          kolId: item.kolId,
          trust: null,
          success: null,
          stored: stored ? { records: stored.records, missing: stored.missing } : null,
          error: item.error,
        };
      });
      trustAt.forEach((position, i) => {
        const target = scored[position];
        if (target) target.trust = trustResults[i] ?? null;
      });
      successAt.forEach((position, i) => {
        const target = scored[position];
        if (target) target.success = successResults[i] ?? null;
      });

      // Scores of stored KOLs are kept, so dashboards see them without scoring again.
      const records = scored.flatMap((item) => item.stored?.records ?? []);
      const rowsDone = performance.now();
      if (records.length > 0) await data.scores.put(records);
      const written = performance.now();

      const failed = scored.filter((item) => item.error !== null).length;
      return {
        items: scored,
        scored: scored.length - failed,
        failed,
        tookMs: written - started,
        timings: {
          prepareMs: prepared - started,
          storedMs: storedDone - prepared,
          rowsMs: rowsDone - storedDone,
          featuresMs: rowTimings.featuresMs,
          ortMs: rowTimings.ortMs,
          writeMs: written - rowsDone,
        },
      };
    },
  };
}
