/**
 * Durable per-KOL stream state: the open buckets with their counts, the event ids already counted,
 * the source watermarks and the rules' memory. Saved after the metric writes of a batch and before
 * its Kafka offsets are committed, so a restarted worker resumes exactly where the committed offsets
 * say, and events re-delivered after a crash are recognised by id.
 */
import { z } from 'zod';
import { ALERT_TYPES, METRIC_WINDOWS } from '../../domain/types';
import type { KolRuleState } from '../rules/engine';
import type { KolWindowsSnapshot } from '../windows';

export const STATE_VERSION = 1;

export interface KolStateSnapshot {
  v: typeof STATE_VERSION;
  kolId: string;
  windows: KolWindowsSnapshot;
  rules: KolRuleState;
}

export interface StreamStateStore {
  /** Human-readable kind for logs (`memory`, `file:/path`, `redis`). */
  readonly name: string;
  /** States in the order of `kolIds`; null for KOLs without state (or with unreadable state). */
  load(kolIds: readonly string[]): Promise<(KolStateSnapshot | null)[]>;
  /** Saves each KOL's state atomically (one key/file per KOL). */
  save(states: readonly KolStateSnapshot[]): Promise<void>;
  close(): Promise<void>;
}

const num = z.number();
const snapshot = z.object({ t: num, v: z.array(num) });
const agg = z.object({
  views: num,
  likes: num,
  comments: num,
  shares: num,
  webViews: num,
  clicks: num,
  addToCarts: num,
  orders: num,
  revenue: z.record(z.string(), num),
  followerDelta: num,
  followerSpanMs: num,
  snapshots: num,
  followers: num,
  followersAtMs: num,
  positive: num,
  neutral: num,
  negative: num,
  events: num,
});
const summary = z.object({
  start: num,
  views: num,
  orders: num,
  followerDelta: num,
  followerSpanMs: num,
  snapshots: num,
  commentsClassified: num,
  negativeRatio: num,
});
const perWindow = <T extends z.ZodTypeAny>(schema: T) =>
  z.object({ M5: schema, M15: schema, H1: schema, H24: schema });

const windowsSchema = z.object({
  watermarks: z.object({ social: num.optional(), web: num.optional(), tx: num.optional() }),
  horizon: num.nullable(),
  seen: z.array(z.tuple([z.string(), num])),
  open: perWindow(z.array(z.tuple([num, agg]))),
  history: perWindow(z.array(summary)),
  followers: z.array(snapshot),
  posts: z.array(z.tuple([z.string(), z.array(snapshot)])),
  profile: z.object({ t: num, followers: num, following: num, posts: num }).nullable(),
});

const ewma = z.object({ mean: num, variance: num, n: num });
const series = z.object({ hours: z.array(num), baseline: num.nullable() });
const rulesSchema = z.object({
  spike: z.object({ baseline: ewma, lastFolded: num.nullable() }),
  forecast: z.object({
    lastHour: num.nullable(),
    hours: num,
    series: z.object({ orders: series, views: series }),
  }),
  fired: z.array(z.tuple([z.string(), num])),
  cooldownUntil: z.record(z.enum(ALERT_TYPES), num),
});

const stateSchema = z.object({
  v: z.literal(STATE_VERSION),
  kolId: z.string(),
  windows: windowsSchema,
  rules: rulesSchema,
});

// Keep the schema and the TypeScript types in step: this fails to compile if they diverge.
type Parsed = z.infer<typeof stateSchema>;
const _sameShape: (s: Parsed) => KolStateSnapshot = (s) => s;
void _sameShape;
void METRIC_WINDOWS;

export function encodeState(state: KolStateSnapshot): string {
  return JSON.stringify(state);
}

/** Parses a stored state; throws with the first problem when it is not a valid state. */
export function decodeState(text: string): KolStateSnapshot {
  const parsed = stateSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `invalid stream state: ${issue ? `${issue.path.join('.')}: ${issue.message}` : ''}`,
    );
  }
  return parsed.data;
}
