/**
 * The alert ingest of a gateway replica, independent of the message transport: raw `alerts.stream`
 * values in, for each one what happened — parsed, written to the alert store, checked against what
 * this replica already published, published to its LiveFeed.
 *
 *   delivered  stored and published to this replica's subscribers
 *   duplicate  stored, but this replica had published that id already (redelivery, a producer retry)
 *   invalid    not an alert message; skipped
 *   failed     the store refused it for a reason other than being unavailable; skipped
 *
 * A batch is written with one store call per `maxStoreBatch` alerts (the deterministic alert id makes
 * the write idempotent, so no read-before-write is needed). While the store is unavailable the batch waits and retries with
 * backoff: nothing is skipped, and nothing is published before it is stored. "Is it new?" is decided
 * per replica (a bounded set of published ids), not by the shared store: every replica must deliver
 * every alert to its own subscribers, although only one of them wrote it first.
 *
 * Calls for the same source may overlap (the Kafka adapter stores the next batch of a partition
 * while the previous one is still being written): their writes run concurrently, but each call
 * publishes only after the previous call for that source has published, so subscribers see a
 * partition's alerts in order.
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
}

export interface AlertIngest {
  /**
   * Ingests the messages of one source position range, in order; one result per message. Resolves
   * once they are stored and published (after the previous call for the same source published).
   */
  ingest(
    messages: readonly IngestMessage[],
    source: { topic: string; partition: number },
    control: IngestControl,
  ): Promise<IngestResult[]>;
}

const ALWAYS: IngestControl = { isRunning: () => true };

export function createAlertIngest(options: AlertIngestOptions): AlertIngest {
  const { alerts, feed, logger } = options;
  const published = new RecentIds(options.recentCapacity ?? 100_000);
  const maxBackoffMs = options.maxBackoffMs ?? 5_000;
  const maxStoreBatch = Math.max(1, options.maxStoreBatch ?? 500);
  const write = async (batch: readonly Alert[]): Promise<void> => {
    if (alerts.storeMany) await alerts.storeMany(batch);
    else await alerts.putMany(batch);
  };
  const invalid = invalidAlertMessages();
  const consumed = consumedAlertMessages();
  /** Per source, settled once its latest call has published (or given up). */
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

  return {
    async ingest(messages, source, control = ALWAYS) {
      const key = `${source.topic}\u0000${source.partition}`;
      const previous = publishedUpTo.get(key);
      let done!: () => void;
      const mine = new Promise<void>((resolve) => (done = resolve));
      publishedUpTo.set(key, mine);
      try {
        return await ingestInOrder(messages, source, control, previous);
      } finally {
        // A call that published nothing (all invalid, or gave up) still keeps the order after it.
        await previous;
        done();
        if (publishedUpTo.get(key) === mine) publishedUpTo.delete(key);
      }
    },
  };

  async function ingestInOrder(
    messages: readonly IngestMessage[],
    source: { topic: string; partition: number },
    control: IngestControl,
    previous: Promise<void> | undefined,
  ): Promise<IngestResult[]> {
    const results: IngestResult[] = [];
    const valid: { alert: Alert; result: IngestResult }[] = [];
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
    if (valid.length === 0) return results;

    // A large batch (catching up) goes to the store in parts: a write that times out under load is
    // retried for its part only, and the first parts are published while the rest is written.
    for (let start = 0; start < valid.length; start += maxStoreBatch) {
      const part = valid.slice(start, start + maxStoreBatch);
      const failure = await store(
        part.map((v) => v.alert),
        source,
        control,
      );
      if (failure !== null) {
        // One bad row must not cost the others: write them one by one to find it.
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
      }
      if (start === 0) await previous;
      for (const { alert, result } of part) {
        if (result.outcome === 'failed') {
          consumed.inc({ outcome: 'failed' });
          continue;
        }
        if (published.has(alert.id)) {
          result.outcome = 'duplicate';
          consumed.inc({ outcome: 'duplicate' });
          continue;
        }
        published.add(alert.id);
        consumed.inc({ outcome: 'delivered' });
        feed.publishAlert(alert);
      }
    }
    return results;
  }
}
