/**
 * Embedded transport: an in-process event bus in front of the stream pipeline, for `npm start`
 * without Kafka. Events published here go through exactly the validation, windows and rules the
 * Kafka worker runs; metric updates and alerts go to the stores and to the gateway's LiveFeed.
 *
 * Dirty buckets are flushed every `flushIntervalMs` (default 1 s), so a hot KOL produces at most one
 * metric update per window per flush however many events it gets.
 */
import type { Registry } from 'prom-client';
import type { DataSources } from '../datasources/types';
import type { Alert, MetricPoint } from '../domain/types';
import { startDemoGenerator, type DemoGenerator, type DemoOptions } from '../demo/generator';
import type { RejectReason } from '../contracts/envelope';
import { errorFields, silentLogger, type StreamLogger } from './logger';
import { StreamMetrics } from './metrics';
import {
  StreamPipeline,
  type FlushResult,
  type HandleOutcome,
  type PipelineOptions,
} from './pipeline';

export type { DemoOptions } from '../demo/generator';

/** The in-process fan-out the embedded pipeline publishes to (the gateway's LiveFeed is one). */
export interface LiveSink {
  publishMetric(point: MetricPoint): void;
  publishAlert(alert: Alert): void;
}

export interface EmbeddedPipelineOptions {
  dataSources: DataSources;
  /** Where metric updates and new alerts go (the gateway's LiveFeed). */
  feed: LiveSink;
  logger?: StreamLogger;
  /** Start the demo event generator for these KOLs; undefined = no generated events. */
  demo: DemoOptions | undefined;
  /** How often changed buckets are written and published (default 1000 ms). */
  flushIntervalMs?: number;
  /** Registry for the stream metrics (e.g. prom-client's default one); a private one by default. */
  registry?: Registry;
  /** Window, rule and validation settings (defaults are those of the Kafka worker). */
  pipeline?: Pick<
    PipelineOptions,
    | 'windows'
    | 'rules'
    | 'validation'
    | 'driftReference'
    | 'idleGraceMs'
    | 'warmStart'
    | 'stateStore'
    | 'scoring'
  >;
}

export interface RejectedEvent {
  reason: RejectReason;
  error: string;
  at: Date;
}

export interface EmbeddedPipeline {
  /** Validates and applies one raw event (JSON text, bytes or an envelope object). */
  publish(rawEvent: unknown): Promise<HandleOutcome>;
  /** Writes pending changes now (otherwise done every flushIntervalMs). */
  flush(): Promise<FlushResult>;
  /** Stops the generator and the flush timer, then writes what is pending. */
  stop(): Promise<void>;
  readonly pipeline: StreamPipeline;
  /** Resolves once the demo generator has started (immediately without demo). */
  readonly ready: Promise<void>;
  /** The most recent rejects (at most 100), newest last, for diagnostics. */
  readonly rejected: readonly RejectedEvent[];
}

export function startEmbeddedPipeline(options: EmbeddedPipelineOptions): EmbeddedPipeline {
  const logger = options.logger ?? silentLogger;
  const rejected: RejectedEvent[] = [];
  const pipeline = new StreamPipeline({
    ...options.pipeline,
    dataSources: options.dataSources,
    logger,
    featureRows: false,
    metrics: new StreamMetrics(options.registry),
    sinks: {
      metrics: (points) => {
        for (const point of points) options.feed.publishMetric(point);
      },
      alert: (alert, isNew) => {
        if (!isNew) return;
        logger.info(
          { alertId: alert.id, kolId: alert.kolId, type: alert.type, severity: alert.severity },
          alert.message,
        );
        options.feed.publishAlert(alert);
      },
    },
  });

  let stopped = false;
  const publish = async (rawEvent: unknown): Promise<HandleOutcome> => {
    const outcome = await pipeline.ingest(rawEvent);
    if (outcome.status === 'rejected') {
      rejected.push({ reason: outcome.reason, error: outcome.error, at: new Date() });
      if (rejected.length > 100) rejected.shift();
      logger.debug({ reason: outcome.reason, error: outcome.error }, 'event rejected');
    }
    return outcome;
  };

  const flushIntervalMs = options.flushIntervalMs ?? 1_000;
  let flushing: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    flushing = pipeline
      .flush()
      .catch((err: unknown) => logger.error(errorFields(err), 'stream flush failed'));
  }, flushIntervalMs);
  timer.unref?.();
  const sweepMs = pipeline.sweepIntervalMs;
  const sweep = sweepMs
    ? setInterval(() => {
        pipeline
          .sweepStale()
          .catch((err: unknown) => logger.warn(errorFields(err), 'stale-score sweep failed'));
      }, sweepMs)
    : undefined;
  sweep?.unref();

  let generator: DemoGenerator | undefined;
  if (options.demo && options.demo.kolIds.length > 0) {
    generator = startDemoGenerator(options.demo, {
      profiles: options.dataSources.profiles,
      metrics: options.dataSources.metrics,
      publish: (event) => (stopped ? Promise.resolve() : publish(event)),
      logger,
    });
  }
  logger.info(
    { demo: Boolean(generator), flushIntervalMs, kols: options.demo?.kolIds.length ?? 0 },
    'embedded stream pipeline started',
  );

  return {
    publish,
    flush: () => pipeline.flush(),
    pipeline,
    ready: generator ? generator.ready : Promise.resolve(),
    rejected,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      if (sweep) clearInterval(sweep);
      await generator?.stop();
      await flushing;
      await pipeline
        .flush()
        .catch((err: unknown) => logger.error(errorFields(err), 'final stream flush failed'));
      logger.info({}, 'embedded stream pipeline stopped');
    },
  };
}
