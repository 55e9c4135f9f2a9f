/**
 * Prometheus metrics of the stream pipeline and worker (prom-client). Each pipeline registers on the
 * registry it is given (a fresh one by default, so several pipelines can live in one process, e.g. in
 * tests); the gateway passes prom-client's default registry to serve them on its /metrics.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { REJECT_REASONS, type EventSource, type RejectReason } from '../contracts/envelope';
import { getOrCreateMetric as getOrCreate } from '../observability/metrics';

export class StreamMetrics {
  readonly events: Counter<'source' | 'outcome'>;
  readonly rejected: Counter<'reason'>;
  readonly lateAccepted: Counter;
  readonly pointsWritten: Counter;
  readonly alerts: Counter<'type' | 'severity'>;
  readonly flushSeconds: Histogram;
  readonly openKols: Gauge;
  readonly batches: Counter<'topic'>;
  readonly commits: Counter;
  readonly lag: Gauge<'topic' | 'partition'>;
  readonly batchErrors: Counter;

  constructor(readonly registry: Registry = new Registry()) {
    const r = registry;
    this.events = getOrCreate(
      r,
      'kol_stream_events_total',
      () =>
        new Counter({
          name: 'kol_stream_events_total',
          help: 'Events seen by the stream pipeline, by source and outcome (applied, duplicate, rejected)',
          labelNames: ['source', 'outcome'] as const,
          registers: [r],
        }),
    );
    this.rejected = getOrCreate(
      r,
      'kol_stream_rejected_events_total',
      () =>
        new Counter({
          name: 'kol_stream_rejected_events_total',
          help: 'Events rejected (sent to the dead-letter topic in Kafka mode), by reason',
          labelNames: ['reason'] as const,
          registers: [r],
        }),
    );
    for (const reason of REJECT_REASONS) this.rejected.inc({ reason }, 0);
    this.lateAccepted = getOrCreate(
      r,
      'kol_stream_late_events_total',
      () =>
        new Counter({
          name: 'kol_stream_late_events_total',
          help: 'Late events accepted within the allowed lateness (their buckets were rewritten)',
          registers: [r],
        }),
    );
    this.pointsWritten = getOrCreate(
      r,
      'kol_stream_metric_points_written_total',
      () =>
        new Counter({
          name: 'kol_stream_metric_points_written_total',
          help: 'Metric buckets written to the metric store',
          registers: [r],
        }),
    );
    this.alerts = getOrCreate(
      r,
      'kol_stream_alerts_total',
      () =>
        new Counter({
          name: 'kol_stream_alerts_total',
          help: 'Alerts raised by the stream rules, by type and severity',
          labelNames: ['type', 'severity'] as const,
          registers: [r],
        }),
    );
    this.flushSeconds = getOrCreate(
      r,
      'kol_stream_flush_duration_seconds',
      () =>
        new Histogram({
          name: 'kol_stream_flush_duration_seconds',
          help: 'Time to write a flush (metrics, alerts, profiles, state)',
          buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
          registers: [r],
        }),
    );
    this.openKols = getOrCreate(
      r,
      'kol_stream_open_kols',
      () =>
        new Gauge({
          name: 'kol_stream_open_kols',
          help: 'KOLs whose stream state is held in memory',
          registers: [r],
        }),
    );
    this.batches = getOrCreate(
      r,
      'kol_stream_batches_total',
      () =>
        new Counter({
          name: 'kol_stream_batches_total',
          help: 'Kafka batches processed, by topic',
          labelNames: ['topic'] as const,
          registers: [r],
        }),
    );
    this.commits = getOrCreate(
      r,
      'kol_stream_offset_commits_total',
      () =>
        new Counter({
          name: 'kol_stream_offset_commits_total',
          help: 'Offset commits made after the writes they cover',
          registers: [r],
        }),
    );
    this.lag = getOrCreate(
      r,
      'kol_stream_consumer_lag',
      () =>
        new Gauge({
          name: 'kol_stream_consumer_lag',
          help: 'Messages behind the high watermark at the end of the last batch, per partition',
          labelNames: ['topic', 'partition'] as const,
          registers: [r],
        }),
    );
    this.batchErrors = getOrCreate(
      r,
      'kol_stream_batch_errors_total',
      () =>
        new Counter({
          name: 'kol_stream_batch_errors_total',
          help: 'Batches that failed (stores or Kafka unavailable) and will be re-delivered',
          registers: [r],
        }),
    );
  }

  countEvent(source: EventSource | 'unknown', outcome: 'applied' | 'duplicate' | 'rejected'): void {
    this.events.inc({ source, outcome });
  }

  countReject(reason: RejectReason): void {
    this.rejected.inc({ reason });
  }
}
