/**
 * The transport-independent core of the stream worker: validated events in, metric buckets, feature
 * rows, profile updates and alerts out. The embedded bus and the Kafka worker both drive this class,
 * so both run the same window and rule code.
 *
 *   handleMany(events)  — apply events to their KOLs' windows (loading a KOL's state on first sight);
 *                         `profile` events are held for the next flush
 *   flush()             — write what changed: metric points → sinks → profiles → scores (with the
 *                         models, when `scoring` is set) → alerts → state
 *   sweepStale()        — re-score stored KOLs whose scores would otherwise go stale
 *
 * Everything a flush writes is derived from the in-memory state, and the state is saved last, so a
 * caller that commits its input position only after `flush()` resolves never loses or double-counts
 * an event (see README.md, "Restart safety"). Calls are serialised internally.
 */
import { isBackendUnavailable } from '../datasources/shared/errors';
import type { DataSources } from '../datasources/types';
import {
  WINDOW_MS,
  type Alert,
  type KolProfile,
  type MetricPoint,
  type MetricWindow,
} from '../domain/types';
import type { FeatureRow } from '../contracts/feature-row';
import { summarizePoint, toFeatureRow, toStoredPoint } from './windows/aggregate';
import {
  parseEvent,
  type ParseResult,
  type RejectReason,
  type StreamEvent,
  type ValidationOptions,
} from '../contracts/envelope';
import { errorFields, silentLogger, type StreamLogger } from './logger';
import { StreamMetrics } from './metrics';
import { resolveRulesConfig, type RulesConfig, type RulesConfigInput } from './rules/config';
import { DriftMonitor } from './rules/feature-drift';
import { draftToAlert, initialRuleState, RuleEngine, type KolRuleState } from './rules/engine';
import type { Histogram } from './rules/psi';
import { applyProfileCounts, type ProfileCountChange } from './profile-counts';
import {
  StreamScoring,
  type ScoredKol,
  type ScoreReason,
  type StreamScoringOptions,
} from './scoring';
import { STATE_VERSION, type StreamStateStore } from './state/types';
import {
  DEFAULT_WINDOWS_CONFIG,
  KolWindows,
  type BucketRef,
  type WindowsConfig,
} from './windows/kol-windows';

export interface PipelineSinks {
  /** Called after the points were written to the metric store (live feed, metrics/feature topics). */
  metrics?(points: readonly MetricPoint[], rows: readonly FeatureRow[]): Promise<void> | void;
  /** Called after the alert store took the alert; `isNew` is false when it already had that id. */
  alert?(alert: Alert, isNew: boolean): Promise<void> | void;
}

export interface PipelineOptions {
  dataSources: Pick<DataSources, 'metrics' | 'alerts' | 'profiles' | 'scores'>;
  /** Score KOLs with the served models as their data changes (see scoring.ts); off without it. */
  scoring?: StreamScoringOptions;
  /** Where KOL state survives restarts; without one it lives only in this process. */
  stateStore?: StreamStateStore;
  sinks?: PipelineSinks;
  /** Build feature rows for the metrics sink (default true; the embedded feed does not need them). */
  featureRows?: boolean;
  windows?: Partial<WindowsConfig>;
  rules?: RulesConfigInput;
  validation?: Omit<ValidationOptions, 'now'>;
  /** Reference histograms for the drift rule (plain object; see rules/psi.ts). */
  driftReference?: Record<string, Histogram>;
  /**
   * A KOL that sent nothing while the stream moved this far (event time) has its buckets closed
   * anyway, so its hours count as empty (forecast drop) and memory is released. Default 10 min.
   */
  idleGraceMs?: number;
  /**
   * Seed the rules of a KOL without stream state from its stored time series (M5 and H1), so spike
   * and trend baselines exist at once. Default true.
   */
  warmStart?: boolean;
  /**
   * With a state store, a KOL idle this long (stream time) is dropped from memory after its state
   * was saved; it is reloaded when it sends again. Default 1 h.
   */
  evictAfterMs?: number;
  metrics?: StreamMetrics;
  logger?: StreamLogger;
  now?: () => number;
}

export type HandleOutcome =
  | { status: 'applied'; late: boolean }
  | { status: 'duplicate' }
  | { status: 'rejected'; reason: RejectReason; error: string };

export interface FlushResult {
  points: number;
  alerts: Alert[];
  states: number;
  /** KOLs created or changed by `profile` events. */
  profiles: string[];
  /** KOLs scored, with the models written and the inputs that were missing. */
  scored: ScoredKol[];
}

/** What one flush writes, collected before any I/O. */
interface FlushBatch {
  points: MetricPoint[];
  rows: FeatureRow[];
  profiles: ProfileCountChange[];
  /** Newest profile per KOL from `profile` events. */
  created: KolProfile[];
  /** KOLs that closed an H1 bucket (their success, anomaly and forecast are due). */
  closedHours: Set<string>;
  /** KOLs whose FORECAST_DROP runs after scoring, with the forecast model's output. */
  forecastRule: [string, KolEntry][];
  alerts: Alert[];
  /** Dirty buckets taken from each KOL (marked dirty again when the writes fail). */
  taken: { entry: KolEntry; refs: BucketRef[] }[];
  /** KOLs whose state is saved after the writes. */
  saving: [string, KolEntry][];
}

interface KolEntry {
  windows: KolWindows;
  rules: KolRuleState;
  /** State changed since the last save. */
  changed: boolean;
  /** Needs rule evaluation at the next flush. */
  evaluate: boolean;
}

/** Stored points used to warm-start a KOL's rules. */
const WARM_START: { window: MetricWindow; last: number }[] = [
  { window: 'M5', last: 12 },
  { window: 'H1', last: 24 },
];

export class StreamPipeline {
  readonly rulesConfig: RulesConfig;
  readonly windowsConfig: WindowsConfig;
  readonly metrics: StreamMetrics;
  private readonly engine: RuleEngine;
  private readonly drift: DriftMonitor;
  private readonly kols = new Map<string, KolEntry>();
  /** KOLs with changes since the last flush. */
  private readonly touched = new Set<string>();
  private readonly logger: StreamLogger;
  private readonly now: () => number;
  private readonly idleGraceMs: number;
  private readonly evictAfterMs: number;
  /** Latest accepted event time over all KOLs. */
  private globalWatermark = -Infinity;
  private lastSweep = -Infinity;
  private queue: Promise<unknown> = Promise.resolve();
  /** `profile` events since the last flush: the newest profile per KOL. */
  private readonly profileEvents = new Map<string, KolProfile>();
  private readonly scoring: StreamScoring | undefined;

  constructor(private readonly options: PipelineOptions) {
    this.windowsConfig = { ...DEFAULT_WINDOWS_CONFIG, ...options.windows };
    this.rulesConfig = resolveRulesConfig(options.rules);
    this.engine = new RuleEngine(this.rulesConfig);
    this.drift = new DriftMonitor(options.driftReference ?? {}, this.rulesConfig.featureDrift);
    this.metrics = options.metrics ?? new StreamMetrics();
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? Date.now;
    this.idleGraceMs = options.idleGraceMs ?? 10 * 60_000;
    this.evictAfterMs = options.evictAfterMs ?? 60 * 60_000;
    this.scoring = options.scoring
      ? new StreamScoring(options.scoring, options.dataSources)
      : undefined;
  }

  /** How often `sweepStale` should run (undefined without scoring). */
  get sweepIntervalMs(): number | undefined {
    return this.scoring?.sweepIntervalMs;
  }

  /** Validates a raw event (JSON text, bytes or object) against the wall clock. */
  parse(raw: unknown): ParseResult {
    return parseEvent(raw, { ...this.options.validation, now: this.now() });
  }

  /** Counts a reject that happened before the pipeline saw the event (e.g. in parse). */
  countReject(reason: RejectReason): void {
    this.metrics.countReject(reason);
    this.metrics.countEvent('unknown', 'rejected');
  }

  /** Parses and handles one raw event. */
  async ingest(raw: unknown): Promise<HandleOutcome> {
    const parsed = this.parse(raw);
    if (!parsed.ok) {
      this.countReject(parsed.reason);
      return { status: 'rejected', reason: parsed.reason, error: parsed.error };
    }
    const [outcome] = await this.handleMany([parsed.event]);
    return outcome!;
  }

  handle(event: StreamEvent): Promise<HandleOutcome> {
    return this.handleMany([event]).then((outcomes) => outcomes[0]!);
  }

  /** Applies events in order; returns one outcome per event. */
  handleMany(events: readonly StreamEvent[]): Promise<HandleOutcome[]> {
    return this.serial(() => this.handleManyNow(events));
  }

  /** Writes everything that changed since the last flush; resolves when it is all written. */
  flush(): Promise<FlushResult> {
    return this.serial(() => this.flushNow());
  }

  /**
   * Forgets all in-memory state (it is reloaded from the state store on next sight). Used after a
   * failed batch and when Kafka partitions move between workers. Unflushed changes are dropped.
   */
  reset(): Promise<void> {
    return this.serial(async () => {
      this.kols.clear();
      this.touched.clear();
      this.profileEvents.clear();
      this.metrics.openKols.set(0);
    });
  }

  get openKols(): number {
    return this.kols.size;
  }

  /** Read access for tests and diagnostics. */
  windowsOf(kolId: string): KolWindows | undefined {
    return this.kols.get(kolId)?.windows;
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async handleManyNow(events: readonly StreamEvent[]): Promise<HandleOutcome[]> {
    await this.hydrate(events.filter((e) => !e.profile));
    const outcomes: HandleOutcome[] = [];
    for (const event of events) {
      if (event.profile) {
        outcomes.push(this.holdProfile(event, event.profile));
        continue;
      }
      const entry = this.kols.get(event.envelope.kol_id);
      if (!entry) throw new Error(`no state loaded for ${event.envelope.kol_id}`);
      const result = entry.windows.apply(event);
      if (result.outcome === 'applied') {
        entry.changed = true;
        entry.evaluate = true;
        this.touched.add(event.envelope.kol_id);
        if (event.timeMs > this.globalWatermark) this.globalWatermark = event.timeMs;
        if (result.late) this.metrics.lateAccepted.inc();
        this.metrics.countEvent(event.source, 'applied');
        outcomes.push({ status: 'applied', late: result.late });
      } else if (result.outcome === 'duplicate') {
        this.metrics.countEvent(event.source, 'duplicate');
        outcomes.push({ status: 'duplicate' });
      } else {
        this.metrics.countEvent(event.source, 'rejected');
        this.metrics.countReject('TOO_OLD');
        outcomes.push({
          status: 'rejected',
          reason: 'TOO_OLD',
          error: `event_time ${event.envelope.event_time} is ${result.detail ?? 'too late'}`,
        });
      }
    }
    return outcomes;
  }

  /**
   * A `profile` event is kept until the flush (the newest per KOL); the profile store decides there
   * whether it is newer than the stored one, so replays and reordering never overwrite newer data.
   */
  private holdProfile(event: StreamEvent, profile: KolProfile): HandleOutcome {
    const held = this.profileEvents.get(profile.id);
    if (!held || held.updatedAt.getTime() <= profile.updatedAt.getTime()) {
      this.profileEvents.set(profile.id, profile);
    }
    this.metrics.countEvent(event.source, 'applied');
    return { status: 'applied', late: false };
  }

  /**
   * Re-scores the next page of stored KOLs whose scores would go stale before the next sweep
   * (SCORE_MAX_AGE_SECONDS). Returns the KOLs scored; nothing without scoring.
   */
  sweepStale(): Promise<ScoredKol[]> {
    return this.serial(async () => {
      if (!this.scoring) return [];
      const now = new Date(this.now());
      const stale = await this.scoring.staleKols(now);
      const requests = new Map(stale.map((id) => [id, new Set<ScoreReason>(['stale'])]));
      return (await this.scoring.run(requests, now)).scored;
    });
  }

  /** Loads (or creates) the state of every KOL in `events` not yet in memory, in one round trip. */
  private async hydrate(events: readonly StreamEvent[]): Promise<void> {
    const firstSeen = new Map<string, number>();
    for (const event of events) {
      const id = event.envelope.kol_id;
      if (this.kols.has(id)) continue;
      firstSeen.set(id, Math.min(firstSeen.get(id) ?? Infinity, event.timeMs));
    }
    if (firstSeen.size === 0) return;
    const ids = [...firstSeen.keys()];
    const stored = this.options.stateStore
      ? await this.options.stateStore.load(ids)
      : ids.map(() => null);
    const fresh: string[] = [];
    ids.forEach((id, i) => {
      const state = stored[i];
      if (state) {
        this.kols.set(id, {
          windows: new KolWindows(id, this.windowsConfig, state.windows),
          rules: state.rules,
          changed: false,
          evaluate: false,
        });
      } else {
        this.kols.set(id, {
          windows: new KolWindows(id, this.windowsConfig),
          rules: initialRuleState(),
          changed: true,
          evaluate: false,
        });
        this.touched.add(id);
        fresh.push(id);
      }
    });
    if (fresh.length > 0 && this.options.warmStart !== false)
      await this.warmStart(fresh, firstSeen);
    this.metrics.openKols.set(this.kols.size);
  }

  private async warmStart(ids: readonly string[], firstSeen: Map<string, number>): Promise<void> {
    const keys = ids.flatMap((kolId) =>
      WARM_START.map(({ window, last }) => ({ kolId, window, last })),
    );
    let series: MetricPoint[][];
    try {
      series = await this.options.dataSources.metrics.series(keys);
    } catch (err) {
      this.logger.warn(
        { ...errorFields(err), kols: ids.length },
        'warm start skipped: metric store failed',
      );
      return;
    }
    keys.forEach((key, i) => {
      const width = WINDOW_MS[key.window];
      const cutoff = firstSeen.get(key.kolId) ?? -Infinity;
      const summaries = (series[i] ?? [])
        .filter((p) => p.bucketStart.getTime() + width <= cutoff)
        .map((p) => summarizePoint(p, width));
      this.kols.get(key.kolId)?.windows.seedHistory(key.window, summaries);
    });
  }

  private async flushNow(): Promise<FlushResult> {
    const stopTimer = this.metrics.flushSeconds.startTimer();
    const batch = this.collect();
    try {
      const { created, scored } = await this.write(batch);
      for (const [, entry] of batch.saving) entry.changed = false;
      return {
        points: batch.points.length,
        alerts: batch.alerts,
        states: batch.saving.length,
        profiles: created,
        scored,
      };
    } catch (err) {
      this.keepPending(batch);
      throw err;
    } finally {
      stopTimer();
    }
  }

  /**
   * Phase 1 (no I/O): snapshot the changed buckets, close what the horizon has passed and run the
   * rules on the state as of this flush. Every minute of stream time all KOLs in memory are swept so
   * idle ones close their buckets too (and, when saved, leave memory).
   */
  private collect(): FlushBatch {
    const batch: FlushBatch = {
      points: [],
      rows: [],
      profiles: [],
      created: [...this.profileEvents.values()],
      closedHours: new Set(),
      forecastRule: [],
      alerts: [],
      taken: [],
      saving: [],
    };
    this.profileEvents.clear();
    const external = this.globalWatermark - this.idleGraceMs;
    const sweep = external - this.lastSweep >= 60_000;
    const ids = sweep ? [...this.kols.keys()] : [...this.touched];
    this.touched.clear();
    for (const kolId of ids) {
      const entry = this.kols.get(kolId);
      if (!entry) continue;
      this.collectBuckets(kolId, entry, batch, external);
      if (entry.evaluate) {
        entry.evaluate = false;
        entry.changed = true;
        const deferForecast = this.scoring !== undefined;
        batch.alerts.push(...this.engine.evaluate(entry.windows, entry.rules, { deferForecast }));
        if (deferForecast) batch.forecastRule.push([kolId, entry]);
      }
      if (entry.changed) batch.saving.push([kolId, entry]);
      else if (
        sweep &&
        this.options.stateStore &&
        entry.windows.watermark < external - this.evictAfterMs
      ) {
        this.kols.delete(kolId);
      }
    }
    if (sweep) {
      this.lastSweep = external;
      this.metrics.openKols.set(this.kols.size);
    }
    if (this.drift.enabled) {
      for (const { draft } of this.drift.evaluate(
        external - this.windowsConfig.allowedLatenessMs,
      )) {
        if (draft) batch.alerts.push(draftToAlert(this.rulesConfig.featureDrift.scopeId, draft));
      }
    }
    return batch;
  }

  /** The dirty buckets, the profile change and the buckets closed now of one KOL. */
  private collectBuckets(
    kolId: string,
    entry: KolEntry,
    batch: FlushBatch,
    external: number,
  ): void {
    if (entry.windows.hasDirty()) {
      const refs = entry.windows.takeDirty();
      batch.taken.push({ entry, refs });
      for (const ref of refs) {
        batch.points.push(toStoredPoint(kolId, ref.window, ref.start, ref.agg));
        if (this.options.featureRows !== false) {
          batch.rows.push(toFeatureRow(kolId, ref.window, ref.start, ref.agg));
        }
      }
    }
    const profile = entry.windows.takeProfileChange();
    if (profile) batch.profiles.push({ kolId, ...profile });
    const closed = entry.windows.advance(external);
    if (closed.length === 0) return;
    entry.changed = true;
    entry.evaluate = true;
    for (const ref of closed) {
      if (ref.window !== 'H1') continue;
      batch.closedHours.add(kolId);
      this.drift.observe(toFeatureRow(kolId, 'H1', ref.start, ref.agg));
    }
  }

  /**
   * Phase 2: the writes, in the order that makes a crash at any point safe to replay — metric
   * store, then its sinks, profiles, scores (then the forecast rule, which reads the forecast
   * model's output), alerts (store, then sink), and the KOL states last.
   */
  private async write(batch: FlushBatch): Promise<{ created: string[]; scored: ScoredKol[] }> {
    const { dataSources, sinks, stateStore } = this.options;
    if (batch.points.length > 0) {
      await dataSources.metrics.write(batch.points);
      this.metrics.pointsWritten.inc(batch.points.length);
      await sinks?.metrics?.(batch.points, batch.rows);
    }
    const created =
      batch.created.length > 0
        ? (await dataSources.profiles.upsertMany(batch.created)).applied
        : [];
    const counted = await applyProfileCounts(dataSources.profiles, batch.profiles);
    const { scored, forecastOrders } = await this.score(batch, created, counted);
    for (const [kolId, entry] of batch.forecastRule) {
      const orders = forecastOrders.get(kolId);
      batch.alerts.push(...this.engine.evaluateForecast(entry.windows, entry.rules, orders));
    }
    for (const alert of batch.alerts) {
      const isNew = await dataSources.alerts.put(alert);
      if (isNew) this.metrics.alerts.inc({ type: alert.type, severity: alert.severity });
      await sinks?.alert?.(alert, isNew);
    }
    if (stateStore && batch.saving.length > 0) {
      await stateStore.save(
        batch.saving.map(([kolId, entry]) => ({
          v: STATE_VERSION,
          kolId,
          windows: entry.windows.toSnapshot(),
          rules: entry.rules,
        })),
      );
    }
    return { created, scored };
  }

  /**
   * Phase 2b: one batched scoring round for the KOLs this flush changed. A failure of the models
   * (not of a store) is logged and skipped: scores are derived data, and the sweep re-scores what
   * was missed.
   */
  private async score(
    batch: FlushBatch,
    created: readonly string[],
    counted: readonly string[],
  ): Promise<{ scored: ScoredKol[]; forecastOrders: Map<string, number> }> {
    if (!this.scoring) return { scored: [], forecastOrders: new Map() };
    const now = new Date(this.now());
    const requests = new Map<string, Set<ScoreReason>>();
    const want = (id: string, reason: ScoreReason): void => {
      const reasons = requests.get(id) ?? new Set<ScoreReason>();
      reasons.add(reason);
      requests.set(id, reasons);
    };
    for (const id of created) want(id, 'created');
    for (const id of this.scoring.trustDue(counted, now.getTime())) want(id, 'profile');
    for (const id of batch.closedHours) want(id, 'closed');
    try {
      return await this.scoring.run(requests, now);
    } catch (err) {
      if (isBackendUnavailable(err)) throw err;
      this.logger.error({ ...errorFields(err), kols: requests.size }, 'scoring failed; skipped');
      return { scored: [], forecastOrders: new Map() };
    }
  }

  /**
   * After a failed write: keep the changes pending so a later flush retries them (transports that
   * replay their input call reset() instead).
   */
  private keepPending(batch: FlushBatch): void {
    for (const { entry, refs } of batch.taken) {
      for (const ref of refs) entry.windows.markDirty(ref.window, ref.start);
      this.touched.add(entry.windows.kolId);
    }
    for (const [kolId] of batch.saving) this.touched.add(kolId);
  }
}
