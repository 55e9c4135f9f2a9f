import { EventEmitter } from 'node:events';
import type { Alert, MetricPoint } from '../domain/types';

type Unsubscribe = () => void;

/**
 * In-process fan-out of live data to this replica's subscribers. Producers (the embedded stream
 * pipeline, the Kafka alert consumer, the Redis metric relay) publish here; GraphQL subscriptions
 * listen here. Every replica has its own feed, so every replica's subscribers see every event.
 */
export class LiveFeed {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per open subscription: thousands are expected, not a leak.
    this.emitter.setMaxListeners(0);
  }

  publishAlert(alert: Alert): void {
    this.emitter.emit('alert', alert);
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
