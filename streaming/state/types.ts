/**
 * Durable per-KOL stream state: the open buckets with their counts, the event ids already counted,
 * the source watermarks and the rules' memory. Saved after the metric writes of a batch and before
 * its Kafka offsets are committed, so a restarted worker resumes exactly where the committed offsets
 * say, and events re-delivered after a crash are recognised by id.
 */
import { z } from 'zod';
import { ALERT_TYPES, type MetricWindow } from '../../domain/types';
import type { BucketAgg, BucketSummary } from '../windows/aggregate';
import type { Snapshot } from '../windows/cumulative';
import { EVENT_SOURCES } from '../../contracts/envelope';
import type { KolRuleState } from '../rules/engine';
import type { KolWindowsSnapshot } from '../windows/kol-windows';

export const STATE_VERSION = 1;
/** Version of the encoded (stored) form. */
const WIRE_VERSION = 2;

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

/*
 * Stored form: positional arrays instead of objects with keys (a state is written on every flush that
 * touches its KOL, so its size is most of a flush's cost). Field orders are fixed below; changing one
 * needs a new WIRE_VERSION.
 */
const AGG_FIELDS = [
  'views',
  'likes',
  'comments',
  'shares',
  'webViews',
  'clicks',
  'addToCarts',
  'orders',
  'followerDelta',
  'followerSpanMs',
  'snapshots',
  'followers',
  'followersAtMs',
  'positive',
  'neutral',
  'negative',
  'events',
] as const satisfies readonly Exclude<keyof BucketAgg, 'revenue'>[];
const SUMMARY_FIELDS = [
  'start',
  'views',
  'orders',
  'followerDelta',
  'followerSpanMs',
  'snapshots',
  'commentsClassified',
  'negativeRatio',
] as const satisfies readonly (keyof BucketSummary)[];

type Wire = z.infer<typeof wireSchema>;

const num = z.number();
const nums = z.array(num);
const perWindow = <T extends z.ZodTypeAny>(schema: T) =>
  z.object({ M5: schema, M15: schema, H1: schema, H24: schema });
const ewma = z.object({ mean: num, variance: num, n: num });
const series = z.object({ hours: nums, baseline: num.nullable() });
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
const wireSchema = z.object({
  v: z.literal(WIRE_VERSION),
  k: z.string(),
  /** Source watermarks in EVENT_SOURCES order (null = none yet). */
  m: z.array(num.nullable()).length(EVENT_SOURCES.length),
  h: num.nullable(),
  s: z.array(z.tuple([num, z.array(z.string())])),
  /** Open buckets: [start, ...AGG_FIELDS, revenue]. */
  o: perWindow(z.array(z.tuple([num]).rest(z.union([num, z.record(z.string(), num)])))),
  /** Closed-bucket summaries: SUMMARY_FIELDS. */
  y: perWindow(z.array(nums.length(SUMMARY_FIELDS.length))),
  /** Snapshots as [t, ...values]. */
  f: z.array(nums.min(1)),
  p: z.array(z.tuple([z.string(), z.array(nums.min(1))])),
  r: nums.length(4).nullable(),
  rules: rulesSchema,
});

// Keep the rules schema and the TypeScript type in step: this fails to compile if they diverge.
const _sameRules: (r: z.infer<typeof rulesSchema>) => KolRuleState = (r) => r;
void _sameRules;

const snapshotToWire = (s: Snapshot): number[] => [s.t, ...s.v];
const wireToSnapshot = (a: number[]): Snapshot => ({ t: a[0]!, v: a.slice(1) });

function windowsMap<T, U>(
  record: Record<MetricWindow, T>,
  f: (value: T) => U,
): Record<MetricWindow, U> {
  return { M5: f(record.M5), M15: f(record.M15), H1: f(record.H1), H24: f(record.H24) };
}

export function encodeState(state: KolStateSnapshot): string {
  const w = state.windows;
  const wire: Wire = {
    v: WIRE_VERSION,
    k: state.kolId,
    m: EVENT_SOURCES.map((source) => w.watermarks[source] ?? null),
    h: w.horizon,
    s: w.seen,
    o: windowsMap(w.open, (buckets) =>
      buckets.map(([start, agg]) => [start, ...AGG_FIELDS.map((f) => agg[f]), agg.revenue]),
    ),
    y: windowsMap(w.history, (list) => list.map((s) => SUMMARY_FIELDS.map((f) => s[f]))),
    f: w.followers.map(snapshotToWire),
    p: w.posts.map(([id, snaps]) => [id, snaps.map(snapshotToWire)]),
    r: w.profile ? [w.profile.t, w.profile.followers, w.profile.following, w.profile.posts] : null,
    rules: state.rules,
  };
  return JSON.stringify(wire);
}

function aggFromWire(row: readonly (number | Record<string, number>)[]): [number, BucketAgg] {
  const value = (i: number): number => {
    const v = row[i];
    if (typeof v !== 'number') throw new Error('invalid stream state: open bucket field');
    return v;
  };
  const revenue = row[AGG_FIELDS.length + 1];
  if (typeof revenue !== 'object' || row.length !== AGG_FIELDS.length + 2) {
    throw new Error('invalid stream state: open bucket shape');
  }
  const agg = { revenue: { ...revenue } } as BucketAgg;
  AGG_FIELDS.forEach((field, i) => {
    agg[field] = value(i + 1);
  });
  return [value(0), agg];
}

/** Parses a stored state; throws with the first problem when it is not a valid state. */
export function decodeState(text: string): KolStateSnapshot {
  const parsed = wireSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `invalid stream state: ${issue ? `${issue.path.join('.')}: ${issue.message}` : ''}`,
    );
  }
  const wire = parsed.data;
  const watermarks: KolWindowsSnapshot['watermarks'] = {};
  EVENT_SOURCES.forEach((source, i) => {
    const mark = wire.m[i];
    if (mark !== null && mark !== undefined) watermarks[source] = mark;
  });
  return {
    v: STATE_VERSION,
    kolId: wire.k,
    windows: {
      watermarks,
      horizon: wire.h,
      seen: wire.s,
      open: windowsMap(wire.o, (rows) => rows.map(aggFromWire)),
      history: windowsMap(wire.y, (rows) =>
        rows.map((row) => {
          const summary = {} as BucketSummary;
          SUMMARY_FIELDS.forEach((field, i) => {
            summary[field] = row[i]!;
          });
          return summary;
        }),
      ),
      followers: wire.f.map(wireToSnapshot),
      posts: wire.p.map(([id, snaps]) => [id, snaps.map(wireToSnapshot)]),
      profile: wire.r
        ? { t: wire.r[0]!, followers: wire.r[1]!, following: wire.r[2]!, posts: wire.r[3]! }
        : null,
    },
    rules: wire.rules,
  };
}
