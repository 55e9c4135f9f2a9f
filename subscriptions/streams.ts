import {
  alertMatches,
  type Alert,
  type AlertFilter,
  type MetricPoint,
  type MetricWindow,
} from '../domain/types';
import type { AlertCursor, AlertStore } from '../datasources/types';
import { Channel } from './channel';
import type { LiveFeed } from './live-feed';

/** Upper bound on alerts replayed for `since`, so one subscription cannot pull a whole history. */
export const MAX_REPLAYED_ALERTS = 1_000;
const REPLAY_PAGE = 200;

/**
 * Live alerts matching `filter`. With `filter.since`, stored alerts since then are replayed first,
 * oldest first; the feed's last published alerts (which may not be stored yet) and live alerts that
 * arrive meanwhile are held and delivered after, without duplicates.
 */
export function alertStream(
  feed: LiveFeed,
  store: AlertStore,
  filter: AlertFilter | undefined,
  onError: (error: unknown) => void,
): Channel<Alert> {
  const channel = new Channel<Alert>();
  const since = filter?.since;
  let held: Alert[] | null = since
    ? feed.lastPublishedAlerts().filter((alert) => alertMatches(alert, filter))
    : null;
  // Ids already replayed: a live copy of one of them (the store and the feed race) is not sent again.
  const replayedIds = new Set<string>();
  channel.onClose(
    feed.onAlert((alert) => {
      if (!alertMatches(alert, filter)) return;
      if (held) held.push(alert);
      else if (!replayedIds.has(alert.id)) channel.push(alert);
    }),
  );
  if (since) {
    const release = (replayed: Alert[]) => {
      for (const alert of replayed) {
        replayedIds.add(alert.id);
        channel.push(alert);
      }
      for (const alert of held ?? []) {
        if (replayedIds.has(alert.id)) continue;
        replayedIds.add(alert.id);
        channel.push(alert);
      }
      held = null;
    };
    replayStored(store, filter ?? {}).then(release, (error: unknown) => {
      onError(error);
      release([]);
    });
  }
  return channel;
}

async function replayStored(store: AlertStore, filter: AlertFilter): Promise<Alert[]> {
  const newestFirst: Alert[] = [];
  let after: AlertCursor | undefined;
  while (newestFirst.length < MAX_REPLAYED_ALERTS) {
    const page = await store.query(filter, REPLAY_PAGE, after);
    newestFirst.push(...page.alerts);
    const last = page.alerts[page.alerts.length - 1];
    if (!page.hasNextPage || !last) break;
    after = { createdAt: last.createdAt, id: last.id };
  }
  return newestFirst.slice(0, MAX_REPLAYED_ALERTS).reverse();
}

export function metricStream(
  feed: LiveFeed,
  kolId: string,
  window: MetricWindow,
): Channel<MetricPoint> {
  const channel = new Channel<MetricPoint>(1_000);
  channel.onClose(
    feed.onMetric((point) => {
      if (point.kolId === kolId && point.window === window) channel.push(point);
    }),
  );
  return channel;
}
