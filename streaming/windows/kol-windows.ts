/**
 * Per-KOL event-time aggregation into tumbling buckets for every metric window (M5, M15, H1, H24;
 * bucket width = window length, aligned to the epoch), with lateness, dedupe and closing.
 *
 * Time model
 * - Each event source (social, web, tx) has its own watermark per KOL: the latest event time seen.
 *   An event more than `allowedLatenessMs` behind its source's watermark is TOO_OLD (counted, dropped).
 * - The KOL's horizon is the time before which nothing more is accepted. It trails the slowest
 *   *active* source's watermark by the allowed lateness (a source that has fallen more than
 *   `maxSourceSkewMs` behind the fastest is not waited for), so a topic consumed behind the others
 *   after a restart does not lose its events. It also moves when the whole stream moves on while this
 *   KOL is idle (`advance(external)`), and never goes back.
 * - A bucket is final once the horizon has passed its end: it is removed from the open set and a
 *   summary of it kept for the rules. Until then late events update it and it is rewritten.
 *
 * Idempotence: an event id is counted once; ids are remembered while their time is not older than the
 * horizon (see dedupe.ts), so a replayed event is either recognised or rejected as too old.
 */
import { METRIC_WINDOWS, WINDOW_MS, type MetricWindow } from '../../domain/types';
import { emptyAgg, summarize, type BucketAgg, type BucketSummary } from './aggregate';
import { CumulativeSeries, type Contribution, type Snapshot } from './cumulative';
import { SeenIds, type SeenIdsSnapshot } from './dedupe';
import { EVENT_SOURCES, type EventSource, type StreamEvent } from '../../contracts/envelope';

export interface WindowsConfig {
  /** How far behind its source's watermark an event may be and still count. Default 5 min. */
  allowedLatenessMs: number;
  /** A source further behind the fastest one than this no longer holds buckets open. Default 1 h. */
  maxSourceSkewMs: number;
  /** Hard cap of remembered event ids per KOL (see dedupe.ts). Default 200,000. */
  maxSeenIds: number;
  /** Follower snapshots kept for the growth rule. Default 2 h. */
  followerHistoryMs: number;
  /** A post without a snapshot for this long is forgotten. Default 30 days. */
  postRetentionMs: number;
  /** At most this many posts tracked per KOL; the least recently updated go first. Default 500. */
  maxPostsPerKol: number;
  /**
   * Closed-bucket summaries kept per window for the rules (M5: the spike baseline's warm start;
   * H1: the sentiment trend and a day for the forecast's warm start). Default 12 / 2 / 26 / 2.
   */
  historyLength: Record<MetricWindow, number>;
}

export const DEFAULT_WINDOWS_CONFIG: WindowsConfig = {
  allowedLatenessMs: 5 * 60_000,
  maxSourceSkewMs: 60 * 60_000,
  maxSeenIds: 200_000,
  followerHistoryMs: 2 * 60 * 60_000,
  postRetentionMs: 30 * 24 * 60 * 60_000,
  maxPostsPerKol: 500,
  historyLength: { M5: 12, M15: 2, H1: 26, H24: 2 },
};

export type ApplyOutcome = 'applied' | 'duplicate' | 'too_old';

export interface ApplyResult {
  outcome: ApplyOutcome;
  /** Applied although older than the KOL's newest event (a late event that updated its buckets). */
  late: boolean;
  /** For too_old: why. */
  detail?: string;
}

export interface BucketRef {
  window: MetricWindow;
  start: number;
  agg: BucketAgg;
}

export interface ProfileSnapshot {
  t: number;
  followers: number;
  following: number;
  posts: number;
}

/** The persisted form of a KOL's window state (JSON-safe). */
export interface KolWindowsSnapshot {
  watermarks: Partial<Record<EventSource, number>>;
  /** null = no horizon yet. */
  horizon: number | null;
  seen: SeenIdsSnapshot;
  open: Record<MetricWindow, [number, BucketAgg][]>;
  history: Record<MetricWindow, BucketSummary[]>;
  followers: Snapshot[];
  posts: [string, Snapshot[]][];
  profile: ProfileSnapshot | null;
}

export function bucketStart(t: number, window: MetricWindow): number {
  const width = WINDOW_MS[window];
  return Math.floor(t / width) * width;
}

export class KolWindows {
  private readonly watermarks: Partial<Record<EventSource, number>>;
  private horizon_: number;
  private readonly seen: SeenIds;
  private readonly open: Record<MetricWindow, Map<number, BucketAgg>>;
  private readonly history_: Record<MetricWindow, BucketSummary[]>;
  private readonly followers: CumulativeSeries;
  private readonly posts: Map<string, CumulativeSeries>;
  private profile_: ProfileSnapshot | null;
  /** Starts of the buckets changed since the last takeDirty(), per window. */
  private readonly dirty: Record<MetricWindow, Set<number>> = perWindow(() => new Set<number>());
  private profileChanged = false;

  constructor(
    readonly kolId: string,
    private readonly config: WindowsConfig = DEFAULT_WINDOWS_CONFIG,
    snapshot?: KolWindowsSnapshot,
  ) {
    this.watermarks = { ...(snapshot?.watermarks ?? {}) };
    this.horizon_ = snapshot?.horizon ?? -Infinity;
    this.seen = new SeenIds(snapshot?.seen ?? []);
    this.open = perWindow((w) => new Map(snapshot?.open[w] ?? []));
    this.history_ = perWindow((w) => [...(snapshot?.history[w] ?? [])]);
    this.followers = new CumulativeSeries('self', snapshot?.followers ?? []);
    this.posts = new Map(
      (snapshot?.posts ?? []).map(([id, snaps]) => [id, new CumulativeSeries('zero', snaps)]),
    );
    this.profile_ = snapshot?.profile ?? null;
  }

  get horizon(): number {
    return this.horizon_;
  }

  /** Latest event time seen from any source (-Infinity before the first event). */
  get watermark(): number {
    let max = -Infinity;
    for (const source of EVENT_SOURCES) max = Math.max(max, this.watermarks[source] ?? -Infinity);
    return max;
  }

  get seenIds(): number {
    return this.seen.size;
  }

  /** The newest profile snapshot (by event time). */
  get profile(): ProfileSnapshot | null {
    return this.profile_;
  }

  apply(event: StreamEvent): ApplyResult {
    const t = event.timeMs;
    const { envelope } = event;
    if (t < this.horizon_) {
      return { outcome: 'too_old', late: true, detail: 'before the KOL lateness horizon' };
    }
    const sourceMark = this.watermarks[event.source];
    if (sourceMark !== undefined && t < sourceMark - this.config.allowedLatenessMs) {
      return {
        outcome: 'too_old',
        late: true,
        detail: `${Math.round((sourceMark - t) / 1000)} s behind the ${event.source} stream`,
      };
    }
    if (this.seen.has(envelope.event_id)) return { outcome: 'duplicate', late: false };
    this.seen.add(envelope.event_id, t);
    const late = t < this.watermark;
    if (sourceMark === undefined || t > sourceMark) this.watermarks[event.source] = t;

    this.each(t, (agg) => {
      agg.events += 1;
    });
    switch (envelope.event_type) {
      case 'profile_snapshot': {
        const { followers, following, posts } = envelope.payload;
        const contributions = this.followers.insert(t, [followers, t]);
        for (const c of contributions) {
          this.each(c.t, (agg) => {
            agg.followerDelta += c.delta[0] ?? 0;
            agg.followerSpanMs += c.delta[1] ?? 0;
          });
        }
        this.each(t, (agg) => {
          agg.snapshots += 1;
          if (t >= agg.followersAtMs) {
            agg.followers = followers;
            agg.followersAtMs = t;
          }
        });
        if (!this.profile_ || t >= this.profile_.t) {
          this.profile_ = { t, followers, following, posts };
          this.profileChanged = true;
        }
        break;
      }
      case 'post_metrics': {
        const p = envelope.payload;
        let series = this.posts.get(p.post_id);
        if (!series) {
          series = new CumulativeSeries('zero');
          this.posts.set(p.post_id, series);
        }
        this.addPostContributions(series.insert(t, [p.views, p.likes, p.comments, p.shares]));
        break;
      }
      case 'comment': {
        const sentiment = envelope.payload.sentiment;
        this.each(t, (agg) => {
          agg[sentiment] += 1;
        });
        break;
      }
      case 'view':
        this.each(t, (agg) => {
          agg.webViews += 1;
        });
        break;
      case 'click':
        this.each(t, (agg) => {
          agg.clicks += 1;
        });
        break;
      case 'add_to_cart':
        this.each(t, (agg) => {
          agg.addToCarts += 1;
        });
        break;
      case 'purchase': {
        const { amount, currency } = envelope.payload;
        this.each(t, (agg) => {
          agg.orders += 1;
          agg.revenue[currency] = (agg.revenue[currency] ?? 0) + amount;
        });
        break;
      }
    }
    return { outcome: 'applied', late };
  }

  private addPostContributions(contributions: Contribution[]): void {
    for (const c of contributions) {
      this.each(c.t, (agg) => {
        agg.views += c.delta[0] ?? 0;
        agg.likes += c.delta[1] ?? 0;
        agg.comments += c.delta[2] ?? 0;
        agg.shares += c.delta[3] ?? 0;
      });
    }
  }

  /** Runs `update` on the open bucket containing `t` in every window, and marks them dirty. */
  private each(t: number, update: (agg: BucketAgg) => void): void {
    for (const window of METRIC_WINDOWS) {
      const start = bucketStart(t, window);
      const buckets = this.open[window];
      let agg = buckets.get(start);
      if (!agg) {
        agg = emptyAgg();
        buckets.set(start, agg);
      }
      update(agg);
      this.dirty[window].add(start);
    }
  }

  /** Marks an open bucket changed again (after a failed write). */
  markDirty(window: MetricWindow, start: number): void {
    if (this.open[window].has(start)) this.dirty[window].add(start);
  }

  hasDirty(): boolean {
    return METRIC_WINDOWS.some((w) => this.dirty[w].size > 0);
  }

  /** The buckets changed since the last call (live references; copy before keeping them). */
  takeDirty(): BucketRef[] {
    const refs: BucketRef[] = [];
    for (const window of METRIC_WINDOWS) {
      for (const start of this.dirty[window]) {
        const agg = this.open[window].get(start);
        if (agg) refs.push({ window, start, agg });
      }
      this.dirty[window].clear();
    }
    return refs;
  }

  /** True once per profile change (for updating the profile store). */
  takeProfileChange(): ProfileSnapshot | null {
    if (!this.profileChanged) return null;
    this.profileChanged = false;
    return this.profile_;
  }

  /**
   * Moves the horizon forward (from the source watermarks, and to `external` when the stream as a
   * whole has moved on), closes buckets that ended before it and prunes what can no longer be needed.
   * Returns the buckets closed now, oldest first per window. Call after takeDirty(): a bucket closed
   * here is no longer reported dirty.
   */
  advance(external = -Infinity): BucketRef[] {
    const max = this.watermark;
    let slowestActive = Infinity;
    for (const source of EVENT_SOURCES) {
      const mark = this.watermarks[source];
      if (mark !== undefined && mark >= max - this.config.maxSourceSkewMs) {
        slowestActive = Math.min(slowestActive, mark);
      }
    }
    let next = this.horizon_;
    if (Number.isFinite(slowestActive))
      next = Math.max(next, slowestActive - this.config.allowedLatenessMs);
    next = Math.max(next, external);
    const cutoff = this.seen.overflowCutoff(this.config.maxSeenIds);
    if (cutoff !== undefined) next = Math.max(next, cutoff);
    if (next <= this.horizon_) return [];
    this.horizon_ = next;

    const closed: BucketRef[] = [];
    for (const window of METRIC_WINDOWS) {
      const width = WINDOW_MS[window];
      const starts = [...this.open[window].keys()]
        .filter((s) => s + width <= next)
        .sort((a, b) => a - b);
      for (const start of starts) {
        const agg = this.open[window].get(start)!;
        this.open[window].delete(start);
        this.dirty[window].delete(start);
        this.pushHistory(window, summarize(start, agg));
        closed.push({ window, start, agg });
      }
    }
    this.seen.prune(next);
    this.followers.prune(Math.min(next, max - this.config.followerHistoryMs));
    this.prunePosts(next, max);
    return closed;
  }

  private prunePosts(horizon: number, max: number): void {
    const stale = max - this.config.postRetentionMs;
    for (const [id, series] of this.posts) {
      const latest = series.latest();
      if (!latest || latest.t < stale) this.posts.delete(id);
      else series.prune(horizon);
    }
    if (this.posts.size > this.config.maxPostsPerKol) {
      const byAge = [...this.posts.entries()].sort(
        (a, b) => (a[1].latest()?.t ?? 0) - (b[1].latest()?.t ?? 0),
      );
      for (const [id] of byAge.slice(0, this.posts.size - this.config.maxPostsPerKol)) {
        this.posts.delete(id);
      }
    }
  }

  private pushHistory(window: MetricWindow, summary: BucketSummary): void {
    const list = this.history_[window].filter((s) => s.start !== summary.start);
    list.push(summary);
    list.sort((a, b) => a.start - b.start);
    const cap = this.config.historyLength[window];
    this.history_[window] = list.length > cap ? list.slice(list.length - cap) : list;
  }

  /**
   * Warm start: summaries of stored buckets (from the metric time series) for a KOL seen for the
   * first time, so the rules have a baseline at once. Live buckets with the same start win.
   */
  seedHistory(window: MetricWindow, summaries: readonly BucketSummary[]): void {
    for (const summary of summaries) {
      if (this.open[window].has(summary.start)) continue;
      if (this.history_[window].some((s) => s.start === summary.start)) continue;
      this.pushHistory(window, summary);
    }
  }

  /** Closed-bucket summaries, oldest first (excluding any start that has an open bucket). */
  history(window: MetricWindow): BucketSummary[] {
    return this.history_[window].filter((s) => !this.open[window].has(s.start));
  }

  /** Open buckets of a window, oldest first. */
  openBuckets(window: MetricWindow): BucketRef[] {
    return [...this.open[window].entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([start, agg]) => ({ window, start, agg }));
  }

  openBucket(window: MetricWindow, start: number): BucketAgg | undefined {
    return this.open[window].get(start);
  }

  /** Follower snapshots, oldest first (the first may be older than the follower history). */
  followerSnapshots(): readonly Snapshot[] {
    return this.followers.all();
  }

  trackedPosts(): number {
    return this.posts.size;
  }

  /**
   * The persisted form. It shares this object's live data (copying it on every flush is the largest
   * cost of a flush), so encode it before the next change; the pipeline does, within its flush.
   */
  toSnapshot(): KolWindowsSnapshot {
    return {
      watermarks: this.watermarks,
      horizon: Number.isFinite(this.horizon_) ? this.horizon_ : null,
      seen: this.seen.toSnapshot(),
      open: perWindow((w) => [...this.open[w].entries()]),
      history: this.history_,
      followers: this.followers.all() as Snapshot[],
      posts: [...this.posts.entries()].map(([id, series]) => [id, series.all() as Snapshot[]]),
      profile: this.profile_,
    };
  }
}

function perWindow<T>(make: (window: MetricWindow) => T): Record<MetricWindow, T> {
  return { M5: make('M5'), M15: make('M15'), H1: make('H1'), H24: make('H24') };
}
