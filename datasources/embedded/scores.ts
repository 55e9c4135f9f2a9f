import { SCORE_MODELS, type Reason, type ScoreModel, type ScoreRecord } from '../../domain/types';
import type { ScoreStore } from '../types';

/**
 * A record as kept: the time as a number and the reasons in one string (an array of reason objects
 * with their message strings is most of a record's memory; a hundred thousand demo KOLs keep 1.2
 * million records).
 */
interface Stored {
  score: number;
  modelVersion: string;
  at: number;
  reasons: string | Reason[];
  revenueForecast: number | undefined;
  currency: string | undefined;
}

/** Separators of the reasons string: between the fields of a reason, and between reasons. */
const FIELD = '\u001f';
const REASON = '\u001e';

export class EmbeddedScoreStore implements ScoreStore {
  /** Per KOL, per model (SCORE_MODELS order): newest first. */
  private readonly byKol = new Map<string, (Stored[] | undefined)[]>();

  constructor(private readonly maxHistory = 50) {}

  async latest(model: ScoreModel, kolIds: readonly string[]): Promise<(ScoreRecord | null)[]> {
    const at = SCORE_MODELS.indexOf(model);
    return kolIds.map((id) => {
      const newest = this.byKol.get(id)?.[at]?.[0];
      return newest ? recordOf(id, model, newest) : null;
    });
  }

  async history(
    model: ScoreModel,
    kolIds: readonly string[],
    limit: number,
  ): Promise<ScoreRecord[][]> {
    const at = SCORE_MODELS.indexOf(model);
    return kolIds.map((id) =>
      (this.byKol.get(id)?.[at] ?? []).slice(0, limit).map((s) => recordOf(id, model, s)),
    );
  }

  async put(records: readonly ScoreRecord[]): Promise<void> {
    for (const record of records) {
      let models = this.byKol.get(record.kolId);
      if (!models) {
        models = SCORE_MODELS.map(() => undefined);
        this.byKol.set(record.kolId, models);
      }
      const at = SCORE_MODELS.indexOf(record.model);
      const list = models[at] ?? [];
      const stored = storedOf(record, list);
      // After every record at least as new (a record of the same time as a kept one comes after it).
      let i = 0;
      while (i < list.length && list[i]!.at >= stored.at) i++;
      if (i >= this.maxHistory) continue; // older than the history kept
      // A new array of the exact length (a grown one keeps room for 16 more), built in one go.
      const length = Math.min(list.length + 1, this.maxHistory);
      const next = new Array<Stored>(length);
      for (let j = 0; j < i; j++) next[j] = list[j]!;
      next[i] = stored;
      for (let j = i + 1; j < length; j++) next[j] = list[j - 1]!;
      models[at] = next;
    }
  }
}

/** The record as kept; reasons equal to a kept record's share its string. */
function storedOf(record: ScoreRecord, kept: readonly Stored[]): Stored {
  const reasons = encodeReasons(record.reasons);
  return {
    score: record.score,
    modelVersion: record.modelVersion,
    at: record.scoredAt.getTime(),
    reasons: kept.find((s) => s.reasons === reasons)?.reasons ?? reasons,
    revenueForecast: record.revenueForecast,
    currency: record.currency,
  };
}

function recordOf(kolId: string, model: ScoreModel, stored: Stored): ScoreRecord {
  const record: ScoreRecord = {
    kolId,
    model,
    score: stored.score,
    modelVersion: stored.modelVersion,
    scoredAt: new Date(stored.at),
    reasons: decodeReasons(stored.reasons),
  };
  if (stored.revenueForecast !== undefined) record.revenueForecast = stored.revenueForecast;
  if (stored.currency !== undefined) record.currency = stored.currency;
  return record;
}

/**
 * One flat string for the reasons (joined: appending would keep a tree of the pieces), or a copy
 * of them when a text holds a separator.
 */
function encodeReasons(reasons: readonly Reason[]): string | Reason[] {
  if (reasons.some((r) => hasSeparator(r.code) || hasSeparator(r.message))) {
    return reasons.map((r) => ({ ...r }));
  }
  return reasons
    .map((r) => [r.code, r.message, Object.is(r.impact, -0) ? '-0' : String(r.impact)].join(FIELD))
    .join(REASON);
}

function decodeReasons(reasons: string | Reason[]): Reason[] {
  if (typeof reasons !== 'string') return reasons.map((r) => ({ ...r }));
  if (reasons === '') return [];
  return reasons.split(REASON).map((text) => {
    const [code = '', message = '', impact = ''] = text.split(FIELD);
    return { code, message, impact: Number(impact) };
  });
}

function hasSeparator(text: string): boolean {
  return text.includes(FIELD) || text.includes(REASON);
}
