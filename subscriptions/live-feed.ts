import { EventEmitter } from 'node:events';
import type { Alert, MetricPoint } from '../domain/types';

type Unsubscribe = () => void;

/** Alerts a feed remembers after publishing them (see `lastPublishedAlerts`). */
const REMEMBERED_ALERTS = 1_000;

/**
 * In-process fan-out of live data to this replica's subscribers. Producers (the embedded stream
 * pipeline, the Kafka alert consumer, the Redis metric relay) publish here; GraphQL subscriptions
 * listen here. Every replica has its own feed, so every replica's subscribers see every event.
 */
export class LiveFeed {
  private readonly emitter = new EventEmitter();
  /** The last REMEMBERED_ALERTS alerts published, a ring: `next` is the oldest once it is full. */
  private readonly remembered: Alert[] = [];
  private next = 0;

  constructor() {
    // One listener per open subscription: thousands are expected, not a leak.
    this.emitter.setMaxListeners(0);
  }

  publishAlert(alert: Alert): void {
    if (this.remembered.length < REMEMBERED_ALERTS) this.remembered.push(alert);
    else {
      this.remembered[this.next] = alert;
      this.next = (this.next + 1) % REMEMBERED_ALERTS;
    }
    this.emitter.emit('alert', alert);
  }

  /**
   * The last alerts published (at most 1,000), oldest first. A `since` replay reads the store and
   * adds these: the Kafka ingest may publish an alert before its store write is done, and a
   * subscriber that joins in between would otherwise find it neither in the store nor live.
   */
  lastPublishedAlerts(): Alert[] {
    return [...this.remembered.slice(this.next), ...this.remembered.slice(0, this.next)];
  }

  publishMetric(point: MetricPoint): void {
    this.emitter.emit('metric', point);
  }

  onAlert(listener: (alert: Alert) => void): Unsubscribe {
    this.emitter.on('alert', listener);
    return () => this.emitter.off('alert', listener);
  }

  onMetric(listener: (point: MetricPoint) => void): Unsubscribe {
    this.emitter.on('metric', listener);
    return () => this.emitter.off('metric', listener);
  }

  listenerCount(): number {
    return this.emitter.listenerCount('alert') + this.emitter.listenerCount('metric');
  }
}
