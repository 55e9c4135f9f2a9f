/** What the alert consumer's real-broker tests share: the loopback broker, polling, delivery counts. */
import type { KafkaAlertConsumerOptions } from '../../subscriptions/kafka-alert-consumer';
import type { LiveFeed } from '../../subscriptions/live-feed';
import { runId } from '../datasources/real-support';
import { servicesForTest } from '../support/services';

/** The test broker (loopback only), with a client id and a group prefix of this run's own. */
export async function loopbackKafka(
  clientId: string,
): Promise<{ brokers: string[]; kafka: KafkaAlertConsumerOptions['kafka']; id: string }> {
  const env = await servicesForTest(['kafka']);
  const brokers = env.KAFKA_BROKERS.split(',');
  if (!brokers.every((b) => b.startsWith('127.0.0.1:'))) throw new Error('loopback only');
  const id = runId();
  return { brokers, kafka: { brokers, clientId, groupPrefix: `kol-test-${id}` }, id };
}

/** How many times the feed delivered each alert id, from now on. */
export function deliveryCounts(feed: LiveFeed): Map<string, number> {
  const counts = new Map<string, number>();
  feed.onAlert((a) => counts.set(a.id, (counts.get(a.id) ?? 0) + 1));
  return counts;
}

/** Polls `check` every 50 ms until it holds; throws naming `what` after `timeoutMs`. */
export async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 60_000,
): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
