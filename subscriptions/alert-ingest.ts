/**
 * The alert ingest of a gateway replica, independent of the message transport: raw `alerts.stream`
 * values in, for each one what happened — parsed, written to the alert store, checked against what
 * this replica already published, published to its LiveFeed.
 *
 *   delivered  stored and published to this replica's subscribers
 *   duplicate  stored, but this replica had published that id already (redelivery, a producer retry)
 *   invalid    not an alert message; skipped
 *   failed     the store refused it for a reason other than being unavailable; not stored (with
 *              `publish: 'on-consume'` it was published all the same)
 *
 * A batch is written with one store call per `maxStoreBatch` alerts (the deterministic alert id makes
 * the write idempotent, so no read-before-write is needed). While the store is unavailable the batch
 * waits and retries with backoff: nothing is skipped, and `ingest()` settles only once every alert of
 * the call is stored (or failed for good) — the caller commits its input position only then, so an
 * alert that was not stored is redelivered. "Is it new?" is decided per replica (a bounded set of
 * published ids), not by the shared store: every replica must deliver every alert to its own
 * subscribers, although only one of them wrote it first; a redelivered alert is stored again and
 * never published twice by the same replica.
 *
 * When an alert reaches the LiveFeed (`publish`):
 *   after-store  (default) once it is stored: a subscriber can read what it was sent at once. Calls
 *                for the same source may overlap (their writes run concurrently), but each call
 *                publishes only after the previous call for that source has published, so
 *                subscribers see a partition's alerts in order.
 *   on-consume   as soon as its call decodes it, before `ingest()` yields, while the store write
 *                runs: the store's latency is off the live path, and a partition's alerts are
 *                published in call order. A subscriber may be sent an alert a few milliseconds
 *                before a query can read it, and an alert the store refuses for good reaches the
 *                live feed but not the store.
 */
import { describeError, isBackendUnavailable } from '../datasources/shared/errors';
import type { AlertStore } from '../datasources/types';
import type { Alert } from '../domain/types';
import { parseAlertMessage } from '../contracts/alert-message';
import { consumedAlertMessages, invalidAlertMessages } from './ingest-metrics';
import type { LiveFeed } from './live-feed';
import { RecentIds } from './recent-ids';

export type AlertIngestOutcome = 'delivered' | 'duplicate' | 'invalid' | 'failed';

export interface IngestMessage {
  value: Buffer | string | null;
  /** Position in its source (logged with problems). */
  offset: string;
}

export interface IngestResult {
  offset: string;
  outcome: AlertIngestOutcome;
  alertId?: string;
  /** Why an invalid or failed message was skipped. */
  reason?: string;
}

/** How the caller lets a store outage wait. */
export interface IngestControl {
  /** False once the caller stops (or lost its input): an outage then throws instead of waiting. */
  isRunning(): boolean;
  /** Called between retries (the Kafka adapter heartbeats here). */
  onWait?(): Promise<void>;
}

export interface IngestLogger {
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/**
 * The alert store as the ingest writes it: `storeMany` (a write of every row without first reading
 * which ids exist — the ingest does not need to know) when the store has it, else `putMany`.
 */
export type IngestAlertStore = Pick<AlertStore, 'putMany'> & {
  storeMany?(alerts: readonly Alert[]): Promise<void>;
};

export interface AlertIngestOptions {
  alerts: IngestAlertStore;
  feed: Pick<LiveFeed, 'publishAlert'>;
  logger?: IngestLogger;
  /** How many published ids this replica remembers (default 100,000). */
  recentCapacity?: number;
  /** Longest wait between store retries (default 5 s). */
  maxBackoffMs?: number;
  /** Most alerts per store call; a larger batch is written in parts, in order (default 500). */
  maxStoreBatch?: number;
  /** When valid alerts reach the feed (see above; default 'after-store'). */
  publish?: PublishMode;
  /**
   * Observes each call's valid alerts at each stage (benchmarks time them): `decoded`, `published`
   * (the new ones, when they went to the feed), `stored` (when the call's writes are done).
   */
  onStage?: (stage: IngestStage, alerts: readonly Alert[]) => void;
}

export type PublishMode = 'after-store' | 'on-consume';
export type IngestStage = 'decoded' | 'published' | 'stored';

export interface AlertIngest {
  /**
   * Ingests the messages of one source position range, in order; one result per message. Resolves
   * once they are stored and published (after-store: after the previous call for the same source
   * published; on-consume: the new ones were published before this returned its promise).
   */
  ingest(
    messages: readonly IngestMessage[],
    source: { topic: string; partition: number },
    control: IngestControl,
  ): Promise<IngestResult[]>;
}

const ALWAYS: IngestControl = { isRunning: () => true };

export function createAlertIngest(options: AlertIngestOptions): AlertIngest {
  const { alerts, feed, logger, onStage } = options;
  const publishOnConsume = options.publish === 'on-consume';
  const published = new RecentIds(options.recentCapacity ?? 100_000);
  const maxBackoffMs = options.maxBackoffMs ?? 5_000;
  const maxStoreBatch = Math.max(1, options.maxStoreBatch ?? 500);
  const write = async (batch: readonly Alert[]): Promise<void> => {
    if (alerts.storeMany) await alerts.storeMany(batch);
    else await alerts.putMany(batch);
  };
  const invalid = invalidAlertMessages();
  const consumed = consumedAlertMessages();
  /** Per source, settled once its latest call has published (or given up); after-store only. */
  const publishedUpTo = new Map<string, Promise<void>>();

  /** Writes `batch`: null once written, or the error with which the store refused it for good. */
  const store = async (
    batch: readonly Alert[],
    where: object,
    control: IngestControl,
  ): Promise<unknown> => {
    for (let attempt = 0; ; attempt++) {
      try {
        await write(batch);
        return null;
      } catch (error) {
        if (!isBackendUnavailable(error)) return error;
        if (!control.isRunning()) throw error;
        if (attempt === 0) {
          logger?.warn(
            { ...where, alerts: batch.length, backend: error.backend },
            'alert store unavailable; retrying these messages until it is back',
          );
        }
        await new Promise((r) => setTimeout(r, Math.min(250 * 2 ** attempt, maxBackoffMs)));
        await control.onWait?.().catch(() => undefined);
      }
    }
  };

  /** Parses every message: one result each, and the valid alerts with their results. */
  const decode = (
    messages: readonly IngestMessage[],
    source: { topic: string; partition: number },
  ): { results: IngestResult[]; valid: Valid[] } => {
    const results: IngestResult[] = [];
    const valid: Valid[] = [];
    for (const message of messages) {
      const parsed = parseAlertMessage(message.value);
      if (!parsed.ok) {
        invalid.inc();
        consumed.inc({ outcome: 'invalid' });
        logger?.warn(
          { ...source, offset: message.offset, reason: parsed.reason },
          'skipping malformed alerts.stream message',
        );
        results.push({ offset: message.offset, outcome: 'invalid', reason: parsed.reason });
        continue;
      }
      const result: IngestResult = {
        offset: message.offset,
        outcome: 'delivered',
        alertId: parsed.alert.id,
      };
      results.push(result);
      valid.push({ alert: parsed.alert, result });
    }
    if (valid.length > 0)
      onStage?.(
        'decoded',
        valid.map((v) => v.alert),
      );
    return { results, valid };
  };

  /** Publishes the alerts of `part` this replica has not published yet; the others are duplicates. */
  const publishNew = (part: readonly Valid[]): void => {
    const fresh: Alert[] = [];
    for (const v of part) {
      if (v.result.outcome === 'failed') continue;
      if (published.has(v.alert.id)) {
        v.result.outcome = 'duplicate';
        continue;
      }
      published.add(v.alert.id);
      fresh.push(v.alert);
      feed.publishAlert(v.alert);
    }
    if (fresh.length > 0) onStage?.('published', fresh);
  };

  /**
   * Stores `part`; a refused part is written one alert at a time to find the bad one(s), which are
   * marked failed (one bad row must not cost the others).
   */
  const storePart = async (
    part: readonly Valid[],
    source: { topic: string; partition: number },
    control: IngestControl,
  ): Promise<void> => {
    const failure = await store(
      part.map((v) => v.alert),
      source,
      control,
    );
    if (failure === null) return;
    for (const v of part) {
      const error = await store([v.alert], source, control);
      if (error === null) continue;
      v.result.outcome = 'failed';
      v.result.reason = describeError(error);
      logger?.error(
        { ...source, offset: v.result.offset, alertId: v.alert.id, err: v.result.reason },
        'could not store alert; skipping it',
      );
    }
  };

  const count = (part: readonly Valid[]): void => {
    for (const v of part) consumed.inc({ outcome: v.result.outcome });
  };

  return {
    ingest(messages, source, control = ALWAYS) {
      if (publishOnConsume) return ingestOnConsume(messages, source, control);
      return ingestAfterStore(messages, source, control);
    },
  };

  /** Decodes and publishes synchronously (call order = publication order), then stores. */
  function ingestOnConsume(
    messages: readonly IngestMessage[],
    source: { topic: string; partition: number },
    control: IngestControl,
  ): Promise<IngestResult[]> {
    let decoded: { results: IngestResult[]; valid: Valid[] };
    try {
      decoded = decode(messages, source);
      publishNew(decoded.valid);
    } catch (error) {
      // A throwing feed listener fails this call like a failed write (nothing is committed).
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    const { results, valid } = decoded;
    if (valid.length === 0) return Promise.resolve(results);
    return (async () => {
      for (let start = 0; start < valid.length; start += maxStoreBatch) {
        await storePart(valid.slice(start, start + maxStoreBatch), source, control);
      }
      count(valid);
      onStage?.(
        'stored',
        valid.map((v) => v.alert),
      );
      return results;
    })();
  }

  async function ingestAfterStore(
    messages: readonly IngestMessage[],
    source: { topic: string; partition: number },
    control: IngestControl,
  ): Promise<IngestResult[]> {
    const key = `${source.topic}\u0000${source.partition}`;
    const previous = publishedUpTo.get(key);
    let done!: () => void;
    const mine = new Promise<void>((resolve) => (done = resolve));
    publishedUpTo.set(key, mine);
    try {
      const { results, valid } = decode(messages, source);
      // A large batch (catching up) goes to the store in parts: a write that times out under load
      // is retried for its part only, and the first parts are published while the rest is written.
      for (let start = 0; start < valid.length; start += maxStoreBatch) {
        const part = valid.slice(start, start + maxStoreBatch);
        await storePart(part, source, control);
        if (start === 0) await previous;
        publishNew(part);
        count(part);
      }
      if (valid.length > 0)
        onStage?.(
          'stored',
          valid.map((v) => v.alert),
        );
      return results;
    } finally {
      // A call that published nothing (all invalid, or gave up) still keeps the order after it.
      await previous;
      done();
      if (publishedUpTo.get(key) === mine) publishedUpTo.delete(key);
    }
  }
}

interface Valid {
  alert: Alert;
  result: IngestResult;
}
