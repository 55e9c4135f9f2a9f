/** Prometheus counters of the alert ingest and the gauge of the gateway's Kafka consumers. */
import { Counter, Gauge, register } from 'prom-client';
import { getOrCreateMetric } from '../observability/metrics';

const metric = <T>(name: string, create: () => T): T => getOrCreateMetric(register, name, create);

export const invalidAlertMessages = (): Counter =>
  metric(
    'kol_alert_messages_invalid_total',
    () =>
      new Counter({
        name: 'kol_alert_messages_invalid_total',
        help: 'alerts.stream messages that failed validation and were skipped',
      }),
  );

export const consumedAlertMessages = (): Counter<'outcome'> =>
  metric(
    'kol_alert_messages_total',
    () =>
      new Counter({
        name: 'kol_alert_messages_total',
        help: 'alerts.stream messages consumed, by outcome (delivered, duplicate, invalid, failed)',
        labelNames: ['outcome'],
      }),
  );

export const consumerLag = (): Gauge<'topic' | 'partition' | 'group'> =>
  metric(
    'kol_kafka_consumer_lag',
    () =>
      new Gauge({
        name: 'kol_kafka_consumer_lag',
        help: 'Messages between this consumer position and the end of the partition',
        labelNames: ['topic', 'partition', 'group'],
      }),
  );
