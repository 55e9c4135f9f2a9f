/**
 * Batch scoring (`scoreKols`): stored KOLs by id and raw rows in one call. Raw rows (objects and
 * columns) are one model run per model, read straight into the feature matrices, their scores kept
 * as columns; stored KOLs run as a read/score/write pipeline of STORED_CHUNK-KOL chunks.
 * Knows nothing of GraphQL; the resolver projects its outcome onto the schema's score types.
 */
import type { DataSources } from '../datasources/types';
import type { ScoreRecord } from '../domain/types';
import type { StoredKol } from '../inference';
import { InputValidationError } from '../inference/core/errors';
import type { InferenceService } from '../inference/service';
import {
  emptyScorerTimings,
  type InputRows,
  type SuccessBatch,
  type SuccessInput,
  type SuccessResult,
  type TrustBatch,
  type TrustInput,
  type TrustResult,
} from '../inference/core/types';
import { validateSuccessInput, validateTrustInput } from '../inference/core/validation';
import { successResultOf } from '../inference/scorers/success';
import { trustResultOf } from '../inference/scorers/trust';
import { RequestInputError } from './errors';
import { storedKolsByIds } from './profile-scoring';

export const MAX_SCORE_ITEMS = 10_000;

/**
 * Stored KOLs are read, scored and written this many at a time (the first chunk a fifth of it), as a
 * pipeline (one model run per model per chunk): the writes of one chunk overlap the reads and model
 * runs of the next.
 */
export const STORED_CHUNK = 2_500;
/** Chunk writes in flight at once (each is the score store's own batched write). */
const STORED_WRITES_IN_FLIGHT = 2;

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

/**
 * One model's raw inputs of the batch by raw-row position: the row objects' inputs, then the column
 * rows read through one reused object (absent and null values both left out, as in a row object;
 * the row's kolId also picks its stable canary bucket, as a row object's kolId does).
 */
class RawInputs<T extends object> implements InputRows<T> {
  readonly length: number;
  private readonly scratch: T;

  constructor(
    private readonly objects: readonly ScoreRow[],
    private readonly group: 'trust' | 'success',
    private readonly columns: ScoreColumns | null,
    columnCount: number,
    /** Fills `out` with column row `at` (every field written, so the object keeps one shape). */
    private readonly fill: (columns: ScoreColumns, at: number, out: T) => void,
  ) {
    this.length = objects.length + columnCount;
    this.scratch = {} as T;
  }

  /** Whether raw row `i` has inputs of this model. */
  has(i: number): boolean {
    const objects = this.objects;
    if (i < objects.length) return Boolean(objects[i]![this.group]);
    return Boolean(this.columns?.[this.group]);
  }

  row(i: number): T {
    const objects = this.objects;
    if (i < objects.length) return objects[i]![this.group] as T;
    this.fill(this.columns!, i - objects.length, this.scratch);
    return this.scratch;
  }
}

/** Column row `at`: null and absent both undefined, as left out of a row object. */
function trustColumnRow(columns: ScoreColumns, at: number, out: TrustInput): void {
  const c = columns.trust!;
  out.kolId = columns.kolId?.[at] ?? undefined;
  out.followersCount = c.followersCount?.[at] ?? (undefined as unknown as number);
  out.followingCount = c.followingCount?.[at] ?? (undefined as unknown as number);
  out.postCount = c.postCount?.[at] ?? (undefined as unknown as number);
  out.favoritesCount = c.favoritesCount?.[at] ?? undefined;
  out.accountAgeDays = c.accountAgeDays?.[at] ?? undefined;
  out.verified = c.verified?.[at] ?? undefined;
  out.hasBio = c.hasBio?.[at] ?? undefined;
  out.hasUrl = c.hasUrl?.[at] ?? undefined;
  out.hasProfileImage = c.hasProfileImage?.[at] ?? undefined;
  out.bioLength = c.bioLength?.[at] ?? undefined;
  out.isPrivate = c.isPrivate?.[at] ?? undefined;
  out.usernameLength = c.usernameLength?.[at] ?? undefined;
  out.usernameDigitCount = c.usernameDigitCount?.[at] ?? undefined;
}

function successColumnRow(columns: ScoreColumns, at: number, out: SuccessInput): void {
  const c = columns.success!;
  out.kolId = columns.kolId?.[at] ?? undefined;
  out.videoViews = c.videoViews?.[at] ?? (undefined as unknown as number);
  out.videoLikes = c.videoLikes?.[at] ?? (undefined as unknown as number);
  out.videoComments = c.videoComments?.[at] ?? (undefined as unknown as number);
  out.videoShares = c.videoShares?.[at] ?? (undefined as unknown as number);
  out.engagementTotal = c.engagementTotal?.[at] ?? undefined;
  out.engagementRate = c.engagementRate?.[at] ?? undefined;
  out.estClicks = c.estClicks?.[at] ?? undefined;
  out.estCtr = c.estCtr?.[at] ?? undefined;
  out.price = c.price?.[at] ?? (undefined as unknown as number);
}

export interface ScoredItem {
  /** Position in the batch: ids first, then rows. */
  index: number;
  kolId: string | null;
  /** Model results of a raw row (built on read from `raw`). */
  readonly trust: TrustResult | null;
  readonly success: SuccessResult | null;
  /** A raw row's entries in the batch's score columns (-1: not scored by that model). */
  readonly raw: RawScores | null;
  /** A stored KOL's new score records (trust, anomaly, success and forecast as known) and the unknown inputs. */
  stored: { records: ScoreRecord[]; missing: string[] } | null;
  /** Why the item could not be scored; null when it was. */
  error: string | null;
}

/** A raw row's place in the batch's columnar scores. */
export interface RawScores {
  readonly trustBatch: TrustBatch | null;
  /** Entry in `trustBatch`, -1 when the row has no trust score. */
  readonly trustEntry: number;
  readonly successBatch: SuccessBatch | null;
  readonly successEntry: number;
}

/** A stored KOL's item, or one that failed before scoring. */
class StoredItem implements ScoredItem {
  readonly trust = null;
  readonly success = null;
  readonly raw = null;
  stored: ScoredItem['stored'] = null;
  constructor(
    readonly index: number,
    readonly kolId: string | null,
    public error: string | null,
  ) {}
}

/** A raw row's item: its model results are made from the batch columns when read. */
class RawItem implements ScoredItem, RawScores {
  readonly stored = null;
  private trustResult: TrustResult | null | undefined;
  private successResult: SuccessResult | null | undefined;
  constructor(
    readonly index: number,
    readonly kolId: string | null,
    readonly error: string | null,
    readonly trustBatch: TrustBatch | null,
    readonly trustEntry: number,
    readonly successBatch: SuccessBatch | null,
    readonly successEntry: number,
  ) {}
  get raw(): RawScores {
    return this;
  }
  get trust(): TrustResult | null {
    if (this.trustResult === undefined) {
      const batch = this.trustBatch;
      this.trustResult =
        batch && this.trustEntry >= 0 ? trustResultOf(batch, this.trustEntry) : null;
    }
    return this.trustResult;
  }
  get success(): SuccessResult | null {
    if (this.successResult === undefined) {
      const batch = this.successBatch;
      this.successResult =
        batch && this.successEntry >= 0 ? successResultOf(batch, this.successEntry) : null;
    }
    return this.successResult;
  }
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
  /** Checking every raw row, and waiting for the stored KOLs' profile and history reads. */
  prepareMs: number;
  /** Stored KOLs through the stored-KOL scoring core: model runs, records, starting the writes. */
  storedMs: number;
  /** Raw rows through the trust and success scorers (features and ONNX runs). */
  rowsMs: number;
  /** Of `rowsMs`: validation, defaults and feature matrices. */
  featuresMs: number;
  /** Of `rowsMs`: the onnxruntime runs. */
  ortMs: number;
  /** Waiting for the stored KOLs' new scores to be written (beyond the reads and runs they overlap). */
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

/** Raw row `i`'s error message (validation failures), null when its inputs can be scored. */
function rawRowError(
  trust: RawInputs<TrustInput>,
  success: RawInputs<SuccessInput>,
  i: number,
  index: number,
): string | null {
  const hasTrust = trust.has(i);
  const hasSuccess = success.has(i);
  if (!hasTrust && !hasSuccess) return 'The row has neither `trust` nor `success` inputs.';
  try {
    if (hasTrust) validateTrustInput(trust.row(i), index);
    if (hasSuccess) validateSuccessInput(success.row(i), index);
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

/** The raw rows checked: each row's error, and the positions each model scores. */
interface CheckedRows {
  errors: (string | null)[];
  trust: number[];
  success: number[];
  trustEntry: Int32Array;
  successEntry: Int32Array;
}

function checkRows(
  trust: RawInputs<TrustInput>,
  success: RawInputs<SuccessInput>,
  firstIndex: number,
): CheckedRows {
  const n = trust.length;
  const checked: CheckedRows = {
    errors: new Array<string | null>(n).fill(null),
    trust: [],
    success: [],
    trustEntry: new Int32Array(n).fill(-1),
    successEntry: new Int32Array(n).fill(-1),
  };
  for (let i = 0; i < n; i++) {
    const error = rawRowError(trust, success, i, firstIndex + i);
    if (error !== null) {
      checked.errors[i] = error;
      continue;
    }
    if (trust.has(i)) {
      checked.trustEntry[i] = checked.trust.length;
      checked.trust.push(i);
    }
    if (success.has(i)) {
      checked.successEntry[i] = checked.success.length;
      checked.success.push(i);
    }
  }
  return checked;
}

export function createScoringService(deps: {
  data: DataSources;
  inference: InferenceService;
  /** Stored KOLs per pipeline chunk (default STORED_CHUNK). */
  storedChunk?: number;
}): ScoringService {
  const { data, inference } = deps;
  const chunkSize = Math.max(1, Math.floor(deps.storedChunk ?? STORED_CHUNK));

  /**
   * One chunk of stored KOLs through the stored-KOL scoring core (one model run per model). A
   * profile the models cannot take (stored before validation existed) fails only its own item: it
   * is dropped and the rest scored again (from the history read once). The new records.
   */
  async function scoreChunk(
    items: readonly StoredItem[],
    kols: readonly (StoredKol | null)[],
    now: Date,
  ): Promise<ScoreRecord[]> {
    let inputs: { item: StoredItem; kol: StoredKol }[] = [];
    items.forEach((item, i) => {
      const kol = kols[i];
      if (kol) inputs.push({ item, kol });
      else item.error = `Unknown KOL id ${item.kolId}.`;
    });
    while (inputs.length > 0) {
      try {
        const scored = await inference.scoreStoredKols(
          inputs.map((input) => input.kol),
          now,
        );
        const records: ScoreRecord[] = [];
        inputs.forEach((input, i) => {
          const stored = scored[i];
          if (!stored) return;
          input.item.stored = { records: stored.records, missing: stored.missing };
          for (const record of stored.records) records.push(record);
        });
        return records;
      } catch (error) {
        const bad = error instanceof InputValidationError ? inputs[error.row ?? -1] : undefined;
        if (!bad || !(error instanceof Error)) throw error;
        bad.item.error = `The stored profile cannot be scored: ${error.message}`;
        inputs = inputs.filter((input) => input !== bad);
      }
    }
    return [];
  }

  /**
   * Stored KOLs by id, `chunkSize` at a time as a pipeline: the next chunk's profiles and history
   * are read while this one is scored, and each chunk's new scores are written (with the ranking
   * refresh the write triggers) while the next ones are read and scored; at most
   * STORED_WRITES_IN_FLIGHT writes at once. Resolves when every write has landed; `readMs`, `modelMs`
   * and `waitMs` say where the time went (reads waited for, model runs, writes waited for).
   */
  async function scoreStored(
    items: readonly StoredItem[],
    now: Date,
    timings: { readMs: number; modelMs: number; waitMs: number },
  ): Promise<void> {
    // The first chunk is a fifth of the others: no write starts before it is read and scored. A
    // remainder smaller than that joins the chunk before it: onnxruntime's tree ensembles sum a
    // small batch's trees in another order than a large one's (scores then differ in the last
    // float32 digits), and chunks of 500 or more all take the large-batch path.
    const first = Math.ceil(chunkSize / 5);
    const chunks: StoredItem[][] = [];
    for (let at = 0; at < items.length;) {
      let size = chunks.length === 0 ? first : chunkSize;
      if (items.length - (at + size) < first) size = items.length - at;
      chunks.push(items.slice(at, at + size));
      at += size;
    }
    const read = (chunk: readonly StoredItem[]) => {
      const reading = storedKolsByIds(
        data,
        chunk.map((item) => item.kolId!),
      );
      // Awaited in turn below; a failure while an earlier chunk is scored must not go unhandled.
      reading.catch(() => undefined);
      return reading;
    };
    const writes: Promise<void>[] = [];
    const waitForWrites = async (keep: number) => {
      const started = performance.now();
      while (writes.length > keep) await writes.shift();
      timings.waitMs += performance.now() - started;
    };
    try {
      let next = chunks.length > 0 ? read(chunks[0]!) : undefined;
      for (const [c, chunk] of chunks.entries()) {
        const readStarted = performance.now();
        const kols = await next!;
        const modelStarted = performance.now();
        timings.readMs += modelStarted - readStarted;
        next = c + 1 < chunks.length ? read(chunks[c + 1]!) : undefined;
        const records = await scoreChunk(chunk, kols, now);
        timings.modelMs += performance.now() - modelStarted;
        if (records.length === 0) continue;
        const writing = data.scores.put(records);
        writing.catch(() => undefined);
        writes.push(writing);
        await waitForWrites(STORED_WRITES_IN_FLIGHT - 1);
      }
      await waitForWrites(0);
    } finally {
      // On a failure, the writes already started still land before the error is reported.
      await Promise.allSettled(writes);
    }
  }

  return {
    async scoreKols(request, now, options = {}) {
      const reasons = options.reasons ?? { trust: true, success: true };
      const started = performance.now();
      const ids = request.kolIds ?? [];
      const objects = request.rows ?? [];
      const columns = request.columns ?? null;
      const columnCount = columns ? columnRowCount(columns) : 0;
      checkSize(ids.length + objects.length + columnCount);
      const trustRows = new RawInputs(objects, 'trust', columns, columnCount, trustColumnRow);
      const successRows = new RawInputs(objects, 'success', columns, columnCount, successColumnRow);
      const checked = checkRows(trustRows, successRows, ids.length);
      const stored = ids.map((kolId, index) => new StoredItem(index, kolId, null));
      const prepared = performance.now();

      const rowTimings = emptyScorerTimings();
      // onnxruntime-node runs on the calling thread, so the two models take turns either way.
      const trustBatch =
        checked.trust.length > 0
          ? await inference.scoreTrustRows(trustRows, {
              positions: checked.trust,
              validated: true,
              explain: reasons.trust,
              timings: rowTimings,
            })
          : null;
      const successBatch =
        checked.success.length > 0
          ? await inference.scoreSuccessRows(successRows, {
              positions: checked.success,
              validated: true,
              explain: reasons.success,
              timings: rowTimings,
            })
          : null;
      const rowsDone = performance.now();
      // Stored KOLs: read, scored and their new scores written (scores are kept, so dashboards
      // see them without scoring again) before the call returns.
      const storedTimings = { readMs: 0, modelMs: 0, waitMs: 0 };
      await scoreStored(stored, now, storedTimings);
      const written = performance.now();

      const items: ScoredItem[] = stored;
      let failed = 0;
      for (const item of stored) if (item.error !== null) failed++;
      const rawCount = trustRows.length;
      for (let i = 0; i < rawCount; i++) {
        const error = checked.errors[i]!;
        if (error !== null) failed++;
        items.push(
          new RawItem(
            ids.length + i,
            rawKolId(objects, columns, i),
            error,
            trustBatch,
            checked.trustEntry[i]!,
            successBatch,
            checked.successEntry[i]!,
          ),
        );
      }

      return {
        items,
        scored: items.length - failed,
        failed,
        tookMs: written - started,
        timings: {
          prepareMs: prepared - started + storedTimings.readMs,
          // Everything of the stored pipeline not waiting for reads or writes (so the parts add up).
          storedMs: written - rowsDone - storedTimings.readMs - storedTimings.waitMs,
          rowsMs: rowsDone - prepared,
          featuresMs: rowTimings.featuresMs,
          ortMs: rowTimings.ortMs,
          writeMs: storedTimings.waitMs,
        },
      };
    },
  };
}

/** The KOL a raw row names: the row's own, else its inputs'. */
function rawKolId(
  objects: readonly ScoreRow[],
  columns: ScoreColumns | null,
  i: number,
): string | null {
  if (i < objects.length) {
    const row = objects[i]!;
    return row.kolId ?? row.trust?.kolId ?? row.success?.kolId ?? null;
  }
  return columns?.kolId?.[i - objects.length] ?? null;
}
