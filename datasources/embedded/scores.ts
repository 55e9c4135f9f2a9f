import { SCORE_MODELS, type Reason, type ScoreModel, type ScoreRecord } from '../../domain/types';
import type { ScoreStore } from '../types';

/**
 * The records of one (KOL, model), newest first, kept in two flat arrays instead of an object per
 * record: NUMBERS numbers a record (score, time, revenue forecast, whether it has one; a number
 * array holds them unboxed) and TEXTS strings (model version, reasons in one string, currency).
 * A hundred thousand demo KOLs keep 1.2 million records: as objects, with their boxed numbers,
 * they were a fifth of the heap and as many objects for the collector to copy and mark.
 */
interface History {
  numbers: number[];
  texts: (string | Reason[] | undefined)[];
}

const NUMBERS = 4;
const SCORE = 0;
const AT = 1;
const REVENUE = 2;
const HAS_REVENUE = 3;
const TEXTS = 3;
const VERSION = 0;
const REASONS = 1;
const CURRENCY = 2;

/** Separators of the reasons string: between the fields of a reason, and between reasons. */
const FIELD = '\u001f';
const REASON = '\u001e';

export class EmbeddedScoreStore implements ScoreStore {
  /** Per KOL, per model (SCORE_MODELS order). */
  private readonly byKol = new Map<string, (History | undefined)[]>();

  constructor(private readonly maxHistory = 50) {}

  async latest(model: ScoreModel, kolIds: readonly string[]): Promise<(ScoreRecord | null)[]> {
    const at = SCORE_MODELS.indexOf(model);
    return kolIds.map((id) => {
      const history = this.byKol.get(id)?.[at];
      return history ? recordOf(id, model, history, 0) : null;
    });
  }

  async history(
    model: ScoreModel,
    kolIds: readonly string[],
    limit: number,
  ): Promise<ScoreRecord[][]> {
    const at = SCORE_MODELS.indexOf(model);
    return kolIds.map((id) => {
      const history = this.byKol.get(id)?.[at];
      if (!history) return [];
      const count = Math.min(Math.max(0, limit), history.numbers.length / NUMBERS);
      const out: ScoreRecord[] = [];
      for (let r = 0; r < count; r++) out.push(recordOf(id, model, history, r));
      return out;
    });
  }

  async put(records: readonly ScoreRecord[]): Promise<void> {
    for (const record of records) {
      let models = this.byKol.get(record.kolId);
      if (!models) {
        models = SCORE_MODELS.map(() => undefined);
        this.byKol.set(record.kolId, models);
      }
      const at = SCORE_MODELS.indexOf(record.model);
      const kept = models[at];
      const count = kept ? kept.numbers.length / NUMBERS : 0;
      const time = record.scoredAt.getTime();
      // After every record at least as new (a record of the same time as a kept one comes after it).
      let i = 0;
      while (i < count && kept!.numbers[i * NUMBERS + AT]! >= time) i++;
      if (i >= this.maxHistory) continue; // older than the history kept
      // New arrays of the exact length (a grown one keeps room for 16 more), built in one go.
      const length = Math.min(count + 1, this.maxHistory);
      const numbers = new Array<number>(length * NUMBERS);
      const texts = new Array<string | Reason[] | undefined>(length * TEXTS);
      for (let r = 0, from = 0; r < length; r++) {
        if (r === i) {
          numbers[r * NUMBERS + SCORE] = record.score;
          numbers[r * NUMBERS + AT] = time;
          numbers[r * NUMBERS + REVENUE] = record.revenueForecast ?? 0;
          numbers[r * NUMBERS + HAS_REVENUE] = record.revenueForecast === undefined ? 0 : 1;
          texts[r * TEXTS + VERSION] = record.modelVersion;
          texts[r * TEXTS + REASONS] = sharedReasons(encodeReasons(record.reasons), kept);
          texts[r * TEXTS + CURRENCY] = record.currency;
          continue;
        }
        for (let k = 0; k < NUMBERS; k++)
          numbers[r * NUMBERS + k] = kept!.numbers[from * NUMBERS + k]!;
        for (let k = 0; k < TEXTS; k++) texts[r * TEXTS + k] = kept!.texts[from * TEXTS + k];
        from++;
      }
      models[at] = { numbers, texts };
    }
  }
}

/** Reasons equal to a kept record's share its string. */
function sharedReasons(reasons: string | Reason[], kept: History | undefined): string | Reason[] {
  if (typeof reasons !== 'string' || !kept) return reasons;
  for (let k = REASONS; k < kept.texts.length; k += TEXTS) {
    if (kept.texts[k] === reasons) return kept.texts[k] as string;
  }
  return reasons;
}

function recordOf(kolId: string, model: ScoreModel, history: History, r: number): ScoreRecord {
  const n = r * NUMBERS;
  const t = r * TEXTS;
  const record: ScoreRecord = {
    kolId,
    model,
    score: history.numbers[n + SCORE]!,
    modelVersion: history.texts[t + VERSION] as string,
    scoredAt: new Date(history.numbers[n + AT]!),
    reasons: decodeReasons(history.texts[t + REASONS] as string | Reason[]),
  };
  if (history.numbers[n + HAS_REVENUE] === 1)
    record.revenueForecast = history.numbers[n + REVENUE]!;
  const currency = history.texts[t + CURRENCY];
  if (currency !== undefined) record.currency = currency as string;
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
